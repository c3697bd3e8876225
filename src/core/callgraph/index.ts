// The call tracer's public face (see README "Call Tracer"): build a WorkspaceIndex from parsed files, then ask it
// for call trees, incoming trees, the whole-project graph, or the function at a line.
export { WorkspaceIndex, contentHash, INDEX_FORMAT_VERSION, type WorkspaceIndexOptions, type IncomingCall } from './workspace-index';
export { buildCallTree, buildIncomingTree, expandNode, callGraph, toText, toMermaid, toDot, graphToDot, graphToMermaid, type CallTreeOptions } from './tree';
export { findEntry, type EntryLookup } from './entry';
export type { CallTarget, ResolvedCall, DefinitionInfo, CallTreeNode, CallTreeKind } from './types';

// What the analyzer reads from the Call Tracer (src/extension/calltracer): the workspace index, for fan-in and call
// trees, and the tree the Call Tree view shows. Typed by shape so the analyzer works, with less, when they are absent.
import * as vscode from 'vscode';
import type { CallTreeNode, WorkspaceIndex } from '../../core/callgraph';
import type { FeatureContext } from '../context';

export interface IndexLink {
  indexFor(uri: vscode.Uri): WorkspaceIndex | undefined;
  onDidChange: vscode.Event<unknown>;
}

export interface CallTreeLink {
  current(): { entry: string; folder: vscode.WorkspaceFolder; root: CallTreeNode | undefined } | undefined;
  onDidChangeTree: vscode.Event<unknown>;
}

export interface CallTracerLinks {
  index?: IndexLink;
  callTree?: CallTreeLink;
}

export function callTracerLinks(ctx: FeatureContext): CallTracerLinks {
  const linked = ctx as FeatureContext & { index?: IndexLink; callTree?: CallTreeLink };
  return { index: linked.index, callTree: linked.callTree };
}

/** How many call sites in the file's workspace call a function; 0 while the index is not built. */
export function fanInFor(index: IndexLink | undefined, uri: vscode.Uri): ((qualifiedName: string) => number) | undefined {
  const workspaceIndex = index?.indexFor(uri);
  if (!workspaceIndex) return undefined;
  return (qualifiedName) => workspaceIndex.callers(qualifiedName).length;
}

// The call tracer's plain data: what a call resolves to, what a definition is, and the call tree's nodes.
import type { CallGraphCall, FunctionKind } from '../model';

/** Where a call goes. A call may go to several functions (an interface call), or to none we can name. */
export type CallTarget =
  /** A function, method or constructor defined in the workspace or a search path. */
  | { kind: 'internal'; qualifiedName: string; dynamic?: boolean }
  /** Standard library, third-party code or a built-in, named as imported (`os.path.join`, `<builtin>.len`). */
  | { kind: 'external'; name: string }
  /** We could not tell: shown as such, never guessed. */
  | { kind: 'unresolved'; text: string };

/** One call site of a file and its targets; no targets means a construction of a class without a constructor. */
export interface ResolvedCall {
  call: CallGraphCall;
  file: string;
  targets: CallTarget[];
}

/** A function, method, constructor or module (its top-level code) known to the index. */
export interface DefinitionInfo {
  qualifiedName: string;
  name: string;
  kind: FunctionKind;
  /** Workspace-relative path, or an absolute path for search-path (library) files. */
  file: string;
  /** 0-based line of the definition's name. */
  line: number;
  /** 0-based lines of the whole definition. */
  startLine: number;
  endLine: number;
  /** Found in a search path, not in the workspace. */
  library: boolean;
}

export type CallTreeKind = 'function' | 'method' | 'external' | 'unresolved' | 'cycle';

export interface CallTreeNode {
  /** Unique within one tree (and across expansions of it). */
  id: string;
  name: string;
  qualifiedName: string;
  /** Definition file (empty for external and unresolved nodes). */
  file: string;
  /** 1-based line of the definition (0 when there is none). */
  line: number;
  kind: CallTreeKind;
  /** An interface or virtual call: one of several possible targets. */
  dynamic?: boolean;
  library?: boolean;
  /** The call that led here from the parent (1-based line and column); absent on the root. */
  callSite?: { file: string; line: number; column: number };
  children: CallTreeNode[];
  /** Depth limit reached: children not computed yet; call expandNode to fill them. */
  truncated?: boolean;
  /** Set on incoming trees: the children are callers, not callees. */
  direction?: 'outgoing' | 'incoming';
}

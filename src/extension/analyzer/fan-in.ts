// Fan-in from the Call Tracer's index: how many call sites in the workspace call a function. It raises a function's
// score (a hot callee matters more).
import type * as vscode from 'vscode';
import type { CallIndexService } from '../calltracer/index-service';

/** Callers per qualified name in the file's workspace folder; undefined while that folder's index is not built. */
export function fanInFor(index: CallIndexService, uri: vscode.Uri): ((qualifiedName: string) => number) | undefined {
  const workspaceIndex = index.indexFor(uri);
  if (!workspaceIndex) return undefined;
  return (qualifiedName) => workspaceIndex.callers(qualifiedName).length;
}

// Which function a cursor is in, from a file's syntax alone (no index needed): what Trace from here and the
// CodeLens start from. Plain data, no vscode.
import type { CallGraphFunction } from '../../core/model';

/** Functions worth tracing from: named functions, methods and constructors (not module code, not lambdas). */
export function traceableFunctions<F extends CallGraphFunction>(syntax: { functions: F[] }): F[] {
  return syntax.functions.filter((f) => f.kind !== 'module' && f.kind !== 'lambda');
}

/** The innermost traceable function whose text holds a 0-based position (on its name or anywhere in its body). */
export function functionAtPosition<F extends CallGraphFunction>(syntax: { functions: F[] }, line: number, column: number): F | undefined {
  let best: F | undefined;
  for (const fn of traceableFunctions(syntax)) {
    const { start, end } = fn.span;
    const inside = (line > start.line || (line === start.line && column >= start.column)) && (line < end.line || (line === end.line && column <= end.column));
    if (inside && (!best || fn.span.endIndex - fn.span.startIndex < best.span.endIndex - best.span.startIndex)) best = fn;
  }
  return best;
}

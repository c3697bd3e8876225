// Planning injections for the editor: the user's templates, the recommendations to implement, planInjection on the
// exact text a document (or a file on disk) holds, and the planned edits as a WorkspaceEdit. No analysis or editing
// rules live here: they are the core's (src/core/injection, src/core/analysis).
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { parse as parseYaml } from 'yaml';
import type { Settings } from '../../core/config/settings';
import { functionRecommendation, planInjection, validateCustomTemplates, type CustomTemplates, type InjectionPlan, type TextEdit } from '../../core/injection';
import type { FileSyntax, FunctionDef, Recommendation } from '../../core/model';
import type { AnalyzerApi } from '../analyzer';
import type { ShownRecommendation } from '../analyzer/presentation';
import type { FeatureContext } from '../context';

export type TemplatesRead = { ok: true; templates: CustomTemplates | undefined } | { ok: false; reason: string };

/** The templates named by `injection.templatesFile` (relative to the file's workspace folder); none: built-in. */
export function templatesFor(uri: vscode.Uri, settings: Settings): TemplatesRead {
  const given = settings['injection.templatesFile'];
  if (!given) return { ok: true, templates: undefined };
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const file = path.isAbsolute(given) || !folder ? given : path.join(folder.uri.fsPath, given);
  let value: unknown;
  try {
    value = parseYaml(fs.readFileSync(file, 'utf8'), { schema: 'core', maxAliasCount: 100 });
  } catch (e) {
    return { ok: false, reason: `cannot read the templates file ${given} (injection.templatesFile): ${(e as NodeJS.ErrnoException).code ?? (e as Error).message.split('\n')[0]}` };
  }
  const problems = validateCustomTemplates(value);
  if (problems.length) return { ok: false, reason: `the templates file ${given} (injection.templatesFile) has mistakes: ${problems.join('; ')}` };
  return { ok: true, templates: value as CustomTemplates };
}

/** Plans `recommendations` in `text` (whose syntax is `syntax`) with the file's settings and templates. */
export async function planFor(ctx: FeatureContext, analyzer: AnalyzerApi, uri: vscode.Uri, text: string, syntax: FileSyntax, recommendations: readonly Recommendation[]): Promise<InjectionPlan> {
  const settings = analyzer.configFor(uri).settings;
  const templates = templatesFor(uri, settings);
  if (!templates.ok) return { ok: false, path: syntax.path, reason: templates.reason, skipped: [] };
  return planInjection(text, syntax, recommendations, {
    parser: ctx.parser,
    templates: templates.templates,
    limits: { maxFileSize: settings.maxFileSize, timeoutMs: settings.parseTimeoutMs },
  });
}

/** Recommendations from a live analysis carry their span; those from a disk run may not, and cannot be planned. */
export function withSpan(recs: readonly ShownRecommendation[]): Array<ShownRecommendation & Recommendation> {
  return recs.filter((r): r is Recommendation & ShownRecommendation => r.span !== undefined);
}

/** The innermost function (not a module, not a lambda) around a 0-based line and column. */
export function functionAt(syntax: FileSyntax, line: number, character: number): FunctionDef | undefined {
  const inside = (fn: FunctionDef) =>
    (fn.span.start.line < line || (fn.span.start.line === line && fn.span.start.column <= character)) &&
    (line < fn.span.end.line || (line === fn.span.end.line && character <= fn.span.end.column));
  return syntax.functions
    .filter((fn) => fn.kind !== 'module' && fn.kind !== 'lambda' && inside(fn))
    .sort((a, b) => b.span.startIndex - a.span.startIndex)[0];
}

/**
 * What "instrument this function" asks for: the analyzer's recommendations inside it (their span name and kind win),
 * then a span for the whole function in case the analyzer asked for none.
 */
export function functionRecommendations(syntax: FileSyntax, fn: FunctionDef, analyzed: readonly Recommendation[]): Recommendation[] {
  const inside = analyzed.filter((r) => r.qualifiedName === fn.qualifiedName && r.span.startIndex >= fn.span.startIndex && r.span.endIndex <= fn.span.endIndex);
  return [...inside, functionRecommendation(syntax, fn)];
}

/** Line starts of a text, splitting lines as VS Code does (CRLF, LF or CR), for offsets of files that are not open. */
export function positionsOf(text: string): (offset: number) => vscode.Position {
  const starts = [0];
  const lineBreak = /\r\n|\r|\n/g;
  for (let m = lineBreak.exec(text); m; m = lineBreak.exec(text)) starts.push(m.index + m[0].length);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return new vscode.Position(lo, offset - starts[lo]);
  };
}

/** Adds a plan's edits to a WorkspaceEdit; `metadata` (e.g. needsConfirmation) puts them in the refactor preview. */
export function addEdits(edit: vscode.WorkspaceEdit, uri: vscode.Uri, positionAt: (offset: number) => vscode.Position, edits: readonly TextEdit[], metadata?: vscode.WorkspaceEditEntryMetadata): void {
  for (const e of edits) edit.replace(uri, new vscode.Range(positionAt(e.startIndex), positionAt(e.endIndex)), e.newText, metadata);
}

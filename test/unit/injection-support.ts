// Shared by the injection proof tests: inject every recommendation of the analyzer plus a span for every function
// into a file, and check on the way that the result parses and that a second run changes nothing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeFile, defaultAnalysisConfig } from '../../src/core/analysis';
import { functionRecommendation, planInjection } from '../../src/core/injection';
import type { FileSyntax, FunctionDef, Recommendation } from '../../src/core/model';
import { parseSource, type ParserService } from '../../src/core/parsing';

async function parse(parser: ParserService, text: string, languageId: string, relPath: string, moduleName: string): Promise<FileSyntax> {
  const parsed = await parseSource(parser, text, languageId, { path: relPath, moduleName });
  assert.ok(parsed.ok, `${relPath}: ${!parsed.ok && parsed.reason}`);
  return parsed.syntax;
}

/** The analyzer's recommendations, and one function span for every function the analyzer did not ask a span for. */
export function everything(syntax: FileSyntax): Recommendation[] {
  const recs: Recommendation[] = analyzeFile(syntax, defaultAnalysisConfig()).recommendations;
  // A client span around one call (Python) does not cover its function.
  const aroundCall = (r: Recommendation) => (r.spanKind === 'client' || r.spanKind === 'producer') && !syntax.functions.some((f) => f.span.startIndex === r.span.startIndex);
  const spans = recs.filter((r) => r.priority !== 'exception_handling' && r.priority !== 'conditional_branches' && !aroundCall(r));
  // By position too: a property's getter and setter share a qualified name.
  const covers = (fn: FunctionDef) => spans.some((r) => r.qualifiedName === fn.qualifiedName && r.span.startIndex >= fn.span.startIndex && r.span.endIndex <= fn.span.endIndex);
  for (const fn of syntax.functions) if (fn.kind !== 'module' && !covers(fn)) recs.push(functionRecommendation(syntax, fn));
  return recs;
}

/** A span for every function and a recommendation for every handler, error check and branch: every insertion point. */
export function everyInsertionPoint(syntax: FileSyntax): Recommendation[] {
  const recs = syntax.functions.filter((f) => f.kind !== 'module').map((f) => functionRecommendation(syntax, f));
  for (const c of syntax.constructs) {
    if (c.kind !== 'catch' && c.kind !== 'error-check' && c.kind !== 'branch') continue;
    const priority = c.kind === 'branch' ? 'conditional_branches' : 'exception_handling';
    recs.push({ ...recs[0], id: `${c.kind}@${c.span.startIndex}`, rule: `test.${c.kind}`, priority, qualifiedName: c.function, line: c.span.start.line + 1, span: c.span });
  }
  return recs;
}

export interface Injected {
  text: string;
  applied: number;
  skipped: number;
}

/** Injects into one file: asserts the plan is accepted, the result parses as cleanly, and injecting again is a no-op. */
export async function injectText(parser: ParserService, text: string, languageId: string, relPath: string, moduleName: string, recommend = everything): Promise<Injected> {
  const syntax = await parse(parser, text, languageId, relPath, moduleName);
  const plan = await planInjection(text, syntax, recommend(syntax), { parser });
  assert.ok(plan.ok, `${relPath}: refused: ${!plan.ok && plan.reason}`);
  const after = await parse(parser, plan.newText, languageId, relPath, moduleName);
  assert.ok(after.syntaxErrors <= syntax.syntaxErrors, `${relPath}: ${after.syntaxErrors} syntax errors after injection`);
  const again = await planInjection(plan.newText, after, recommend(after), { parser });
  assert.ok(again.ok, `${relPath}: second run refused: ${!again.ok && again.reason}`);
  assert.deepEqual(again.edits, [], `${relPath}: a second injection changed the file again`);
  return { text: plan.newText, applied: plan.recommendationIds.length, skipped: plan.skipped.length };
}

/** Injects into every file under `dir` with one of `extensions`, in place. Returns the totals. */
export async function injectTree(parser: ParserService, dir: string, languageId: (file: string) => string | undefined, moduleName: (rel: string) => string): Promise<{ files: number; applied: number }> {
  let files = 0;
  let applied = 0;
  for (const rel of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const abs = path.join(dir, rel);
    const lang = languageId(rel);
    if (!lang || !fs.statSync(abs).isFile()) continue;
    const result = await injectText(parser, fs.readFileSync(abs, 'utf8'), lang, rel.split(path.sep).join('/'), moduleName(rel));
    fs.writeFileSync(abs, result.text);
    files++;
    applied += result.applied;
  }
  return { files, applied };
}

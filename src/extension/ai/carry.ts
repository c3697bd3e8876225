// AI recommendations outlive edits elsewhere in the file: each is kept with the text of the function it is about,
// and after a re-parse it is moved with that function — or dropped once the function itself changed (its answer
// would be about code that no longer exists). Plain data, unit-tested in Node.
import type { FileSyntax, FunctionDef, Recommendation } from '../../core/model';
import { mergeRecommendations } from '../../core/llm/merge';
import type { ShownRecommendation } from '../analyzer/presentation';

export interface AiEntry {
  recommendation: Recommendation;
  /** The function's text when it was analyzed. */
  functionText: string;
  /** Its span then (0-based line, offset), to move the recommendation by as much as the function moved. */
  functionLine: number;
  functionIndex: number;
}

export function functionText(fn: FunctionDef, lines: readonly string[]): string {
  return lines.slice(fn.span.start.line, fn.span.end.line + 1).join('\n');
}

export function entriesFor(recommendations: readonly Recommendation[], syntax: FileSyntax, text: string): AiEntry[] {
  const lines = text.split(/\r?\n/);
  const out: AiEntry[] = [];
  for (const recommendation of recommendations) {
    const fn = syntax.functions.find((f) => f.qualifiedName === recommendation.qualifiedName);
    if (fn) out.push({ recommendation, functionText: functionText(fn, lines), functionLine: fn.span.start.line, functionIndex: fn.span.startIndex });
  }
  return out;
}

/** The entries whose function is unchanged in `syntax`/`text`, moved to where that function is now. */
export function carryEntries(entries: readonly AiEntry[], syntax: FileSyntax, text: string): AiEntry[] {
  const lines = text.split(/\r?\n/);
  const byName = new Map(syntax.functions.map((f) => [f.qualifiedName, f]));
  const out: AiEntry[] = [];
  for (const entry of entries) {
    const fn = byName.get(entry.recommendation.qualifiedName);
    if (!fn || functionText(fn, lines) !== entry.functionText) continue;
    const lineDelta = fn.span.start.line - entry.functionLine;
    const indexDelta = fn.span.startIndex - entry.functionIndex;
    if (!lineDelta && !indexDelta) {
      out.push(entry);
      continue;
    }
    const r = entry.recommendation;
    const span = {
      start: { ...r.span.start, line: r.span.start.line + lineDelta },
      end: { ...r.span.end, line: r.span.end.line + lineDelta },
      startIndex: r.span.startIndex + indexDelta,
      endIndex: r.span.endIndex + indexDelta,
    };
    out.push({ ...entry, recommendation: { ...r, line: r.line + lineDelta, endLine: r.endLine + lineDelta, span }, functionLine: fn.span.start.line, functionIndex: fn.span.startIndex });
  }
  return out;
}

/**
 * The rules' recommendations with the AI's merged in (core `mergeRecommendations`: agreeing ones become `both`,
 * the others are added as `llm`, shown with severity information). For the analyzer's live and disk results.
 */
export function withAiRecommendations(rules: readonly ShownRecommendation[], ai: readonly Recommendation[]): ShownRecommendation[] {
  if (!ai.length) return [...rules];
  return mergeRecommendations<ShownRecommendation>(rules, ai.map((r) => ({ ...r, severity: 'information', attributes: {} })));
}

/** " (AI)" / " (rules + AI)" / "": how a message says where a recommendation came from. */
export function sourceSuffix(source: Recommendation['source']): string {
  return source === 'llm' ? ' (AI)' : source === 'both' ? ' (rules + AI)' : '';
}

/** "AI" / "rules + AI" / "" for a view's description. */
export function sourceLabel(source: Recommendation['source']): string {
  return source === 'llm' ? 'AI' : source === 'both' ? 'rules + AI' : '';
}

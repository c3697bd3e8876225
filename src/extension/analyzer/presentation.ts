// How a recommendation is shown in the editor — diagnostic severity, range, message, rule link, hover text, lens
// titles, coverage text — as plain data. No vscode import: the VS Code adapters wrap these values, and unit tests
// check them in plain Node.
import type { AnalysisConfig, AnalyzedRecommendation, FileCoverage, RuleSeverity } from '../../core/analysis';
import type { Settings } from '../../core/config/settings';
import type { Span } from '../../core/model';
import { priorityTitle } from '../../core/report/view';
import { sourceSuffix } from '../ai/carry';

/** A recommendation from a live analysis (with its exact span) or from a workspace run (lines only). */
export type ShownRecommendation = Omit<AnalyzedRecommendation, 'span'> & { span?: Span };

/** 0-based, like VS Code's Range. */
export interface PlainRange {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** `python.exception-handler` → `exception-handler`: the README's rule table is per rule, not per language. */
export function genericRuleId(rule: string): string {
  const dot = rule.indexOf('.');
  return dot < 0 ? rule : rule.slice(dot + 1);
}

/**
 * The diagnostic severity, or undefined for no diagnostic. A severity the user set for the rule wins; otherwise
 * `diagnostics.severity` applies to every rule, except that rules which default to `hint` stay hints (they are the
 * quieter suggestions) unless the setting is quieter still.
 */
export function diagnosticSeverity(rec: ShownRecommendation, config: AnalysisConfig, setting: Settings['diagnostics.severity']): RuleSeverity | undefined {
  if (setting === 'off') return undefined;
  const configured = config.rules[rec.rule] ?? config.rules[genericRuleId(rec.rule)];
  if (configured === 'off') return undefined;
  if (configured) return configured;
  if (rec.severity === 'hint') return 'hint';
  return setting;
}

/**
 * Where the squiggle goes: the first line of the construct, from where it starts to the end of that line (or of the
 * construct when it ends sooner), so a recommendation about a whole function does not underline the whole function.
 * Without a span (a workspace run) the range is the start of the recommended line.
 */
export function diagnosticRange(rec: ShownRecommendation, lineLength: (line: number) => number | undefined): PlainRange {
  if (!rec.span) {
    const line = rec.line - 1;
    return { startLine: line, startColumn: 0, endLine: line, endColumn: lineLength(line) ?? 0 };
  }
  const { start, end } = rec.span;
  const endColumn = end.line === start.line ? end.column : (lineLength(start.line) ?? start.column);
  return { startLine: start.line, startColumn: start.column, endLine: start.line, endColumn: Math.max(endColumn, start.column) };
}

/** "Exception handling (score 0.70): catches PaymentDeclined: record the exception …" — never empty. */
export function diagnosticMessage(rec: ShownRecommendation): string {
  const rationale = rec.rationale.trim() || `${rec.rule} recommends a trace point in ${rec.function}.`;
  return `${priorityTitle(rec.priority)} (score ${rec.score.toFixed(2)}): ${rationale}${sourceSuffix(rec.source)}`;
}

/** The page the rule links to, from package.json `homepage` or `repository`; undefined when neither is set. */
export function readmeUrl(pkg: { homepage?: unknown; repository?: unknown }): string | undefined {
  const repository = typeof pkg.repository === 'string' ? pkg.repository : (pkg.repository as { url?: unknown } | undefined)?.url;
  const raw = typeof pkg.homepage === 'string' && pkg.homepage ? pkg.homepage : typeof repository === 'string' ? repository : undefined;
  if (!raw) return undefined;
  const base = raw.replace(/^git\+/, '').replace(/\.git$/, '').replace(/#.*$/, '');
  return /^https?:\/\//.test(base) ? base : undefined;
}

/** The README anchor of a rule (`#rule-exception-handler`). */
export function ruleUrl(readme: string, rule: string): string {
  return `${readme}#rule-${genericRuleId(rule)}`;
}

/** Markdown for a hover: why, and what to capture. Secret-looking parameters are named in the rationale. */
export function hoverMarkdown(recs: readonly ShownRecommendation[], readme?: string): string {
  return recs
    .map((rec) => {
      const rule = readme ? `[${rec.rule}](${ruleUrl(readme, rec.rule)})` : `\`${rec.rule}\``;
      const lines = [
        `**${priorityTitle(rec.priority)}** · ${rule} · score ${rec.score.toFixed(2)}`,
        '',
        escapeMarkdown(rec.rationale),
        '',
        `Span: \`${rec.spanName}\` (${rec.spanKind})`,
      ];
      if (rec.capture.length) lines.push('', `Capture: ${rec.capture.map((c) => `\`${c}\``).join(', ')}`);
      const known = Object.entries(rec.attributes);
      if (known.length) lines.push('', `Known values: ${known.map(([k, v]) => `\`${k}\` = \`${v}\``).join(', ')}`);
      return lines.join('\n');
    })
    .join('\n\n---\n\n');
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>])/g, '\\$1');
}

/** "3 trace points". */
export function lensTitle(count: number): string {
  return `${count} trace point${count === 1 ? '' : 's'}`;
}

/** "2/5 functions traced (40%)"; "nothing to trace" when no function needs a span. */
export function coverageText(coverage: FileCoverage): string {
  if (coverage.functions === 0) return 'nothing to trace';
  const percent = Math.round((coverage.instrumented / coverage.functions) * 100);
  return `${coverage.instrumented}/${coverage.functions} functions traced (${percent}%)`;
}

export type Grouping = 'function' | 'priority';

export interface RecommendationGroup {
  /** Qualified name or priority id. */
  key: string;
  label: string;
  recommendations: ShownRecommendation[];
}

/** Groups in source order (by function) or by highest score first (by priority); members highest score first. */
export function groupRecommendations(recs: readonly ShownRecommendation[], by: Grouping): RecommendationGroup[] {
  const groups = new Map<string, RecommendationGroup>();
  for (const rec of recs) {
    const key = by === 'function' ? rec.qualifiedName : rec.priority;
    let group = groups.get(key);
    if (!group) {
      group = { key, label: by === 'function' ? rec.qualifiedName : priorityTitle(rec.priority), recommendations: [] };
      groups.set(key, group);
    }
    group.recommendations.push(rec);
  }
  const list = [...groups.values()];
  for (const g of list) g.recommendations.sort((a, b) => b.score - a.score || a.line - b.line);
  if (by === 'priority') list.sort((a, b) => b.recommendations[0].score - a.recommendations[0].score);
  return list;
}

// SARIF 2.1.0 for code scanning (GitHub upload-sarif and other SARIF viewers): one rule per rule id, one result per
// recommendation. Paths stay relative to %SRCROOT% so the upload maps them onto the repository checkout.
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import packageJson from '../../../package.json';
import { LineTable } from '../injection/text';
import type { SuggestedFix } from './fixes';
import type { AnalysisReport, ReportRecommendation } from './types';
import { priorityHelp, priorityTitle } from './view';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SOURCE_ROOT = '%SRCROOT%';
/** Where rules are documented: the README's analyzer section. */
const RULES_HELP_URI = `${packageJson.repository.url.replace(/\.git$/, '')}#analyzer`;

export function renderSarif(report: AnalysisReport, fixes?: ReadonlyMap<string, SuggestedFix>): Sarif.Log {
  const rules: Sarif.ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const results: Sarif.Result[] = [];
  for (const file of report.files) {
    const fingerprints = stableFingerprints(file.path, file.recommendations);
    for (const rec of file.recommendations) {
      if (!ruleIndex.has(rec.rule)) {
        ruleIndex.set(rec.rule, rules.length);
        rules.push(ruleFor(rec));
      }
      const result = resultFor(rec, file.path, ruleIndex.get(rec.rule)!, fingerprints.get(rec)!);
      const fix = fixes?.get(rec.id);
      if (fix) result.fixes = [sarifFix(fix, file.path)];
      results.push(result);
    }
  }
  const run: Sarif.Run = {
    tool: {
      driver: {
        name: report.tool.name,
        version: report.tool.version,
        informationUri: packageJson.repository.url.replace(/\.git$/, ''),
        rules,
      },
    },
    invocations: [
      {
        executionSuccessful: true,
        toolExecutionNotifications: (report.skipped ?? []).map((s) => ({
          level: 'warning' as const,
          message: { text: `skipped ${s.path}: ${s.reason}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: encodePath(s.path), uriBaseId: SOURCE_ROOT } } }],
        })),
      },
    ],
    columnKind: 'utf16CodeUnits',
    results,
  };
  if (report.root) run.originalUriBaseIds = { [SOURCE_ROOT]: { uri: pathToFileURL(report.root.endsWith('/') ? report.root : `${report.root}/`).href } };
  return { version: '2.1.0', $schema: SARIF_SCHEMA, runs: [run] };
}

export function renderSarifText(report: AnalysisReport, fixes?: ReadonlyMap<string, SuggestedFix>): string {
  return `${JSON.stringify(renderSarif(report, fixes), null, 2)}\n`;
}

/** The suggested instrumentation as SARIF replacements (1-based lines and UTF-16 columns, as `columnKind` says). */
function sarifFix(fix: SuggestedFix, filePath: string): Sarif.Fix {
  const lines = new LineTable(fix.text);
  const point = (offset: number) => {
    const line = lines.lineOf(offset);
    return { line: line + 1, column: offset - lines.starts[line] + 1 };
  };
  return {
    description: { text: fix.description },
    artifactChanges: [
      {
        artifactLocation: { uri: encodePath(filePath), uriBaseId: SOURCE_ROOT },
        replacements: fix.edits.map((e) => {
          const start = point(e.startIndex);
          const end = point(e.endIndex);
          return {
            deletedRegion: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
            insertedContent: { text: e.newText },
          };
        }),
      },
    ],
  };
}

function ruleFor(rec: ReportRecommendation): Sarif.ReportingDescriptor {
  const title = priorityTitle(rec.priority);
  const help = priorityHelp(rec.priority);
  const name = rec.rule.split('.').at(-1) ?? rec.rule;
  return {
    id: rec.rule,
    name: name.replace(/(^|[-_])(\w)/g, (_m, _sep: string, c: string) => c.toUpperCase()),
    shortDescription: { text: `${title}: ${name.replace(/[-_]/g, ' ')}` },
    fullDescription: { text: help },
    help: { text: `${help} Tracing priority: ${rec.priority}.`, markdown: `**${title}.** ${help}\n\nTracing priority \`${rec.priority}\`; see [the rules](${RULES_HELP_URI}).` },
    helpUri: RULES_HELP_URI,
    defaultConfiguration: { level: 'note' },
    properties: { tags: ['observability', 'opentelemetry', rec.priority] },
  };
}

/**
 * Fingerprints that survive edits elsewhere in the file, so code scanning keeps tracking a result when lines above it
 * move: file, rule and function, plus the ordinal among the same rule's results in that function (in line order).
 */
function stableFingerprints(filePath: string, recs: readonly ReportRecommendation[]): Map<ReportRecommendation, string> {
  const out = new Map<ReportRecommendation, string>();
  const seen = new Map<string, number>();
  for (const rec of [...recs].sort((a, b) => a.line - b.line)) {
    const key = `${filePath}:${rec.rule}@${rec.qualifiedName}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    out.set(rec, `${key}#${n}`);
  }
  return out;
}

function resultFor(rec: ReportRecommendation, filePath: string, index: number, fingerprint: string): Sarif.Result {
  return {
    ruleId: rec.rule,
    ruleIndex: index,
    level: 'note',
    message: { text: `${rec.qualifiedName}: ${rec.rationale}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodePath(filePath), uriBaseId: SOURCE_ROOT },
          region: { startLine: rec.line, endLine: Math.max(rec.line, rec.endLine) },
        },
        logicalLocations: [{ name: rec.function, fullyQualifiedName: rec.qualifiedName, kind: 'function' }],
      },
    ],
    partialFingerprints: { 'traceAdvisorRecommendation/v2': fingerprint },
    rank: Math.round(Math.min(1, Math.max(0, rec.score)) * 1000) / 10,
    properties: { priority: rec.priority, spanKind: rec.spanKind, score: rec.score, capture: rec.capture, source: rec.source, ...(rec.spanName ? { spanName: rec.spanName } : {}) },
  };
}

/** SARIF wants URI references: each path segment percent-encoded, `/` kept. */
function encodePath(relPath: string): string {
  return relPath.split('/').map(encodeURIComponent).join('/');
}

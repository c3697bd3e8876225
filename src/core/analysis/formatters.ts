// The analysis for people at a terminal (`analyze --format text`). The machine and review formats (json, md,
// sarif, templates) live in src/core/report and read the same AnalysisRun.
import type { AnalysisRun } from './analyze-paths';

function percent(part: number, whole: number): string {
  return whole ? `${Math.round((part / whole) * 100)}%` : 'n/a';
}

/** One block per file, one entry per recommendation, then the totals. */
export function formatText(report: AnalysisRun): string {
  const out: string[] = [];
  let count = 0;
  for (const f of report.files) {
    if (!f.recommendations.length) continue;
    out.push(`${f.path} (${f.language}): instrumented ${f.coverage.instrumented} of ${f.coverage.functions} functions`);
    for (const r of f.recommendations) {
      count++;
      out.push(`  ${f.path}:${r.line}  ${r.score.toFixed(2)}  ${r.rule}  ${r.qualifiedName}`);
      out.push(`      ${r.rationale}`);
      out.push(`      span: ${r.spanName} [${r.spanKind}]${r.capture.length ? `  capture: ${r.capture.join(', ')}` : ''}`);
    }
    out.push('');
  }
  const { functions, instrumented } = report.coverage;
  out.push(`${count} recommendation${count === 1 ? '' : 's'} in ${report.files.length} file${report.files.length === 1 ? '' : 's'}; instrumentation coverage ${instrumented} of ${functions} functions (${percent(instrumented, functions)})`);
  if (report.skipped.length) {
    out.push(`${report.skipped.length} file(s) skipped: ${report.skipped.slice(0, 5).map((s) => `${s.path} (${s.reason})`).join('; ')}${report.skipped.length > 5 ? '; …' : ''}`);
  }
  return `${out.join('\n')}\n`;
}

// Reports: one analysis (the `analyze --format json` contract), many formats. Formatters are a map so that a new
// format is one entry; each takes the analysis and where its files are, and returns the text to write.
import { renderMarkdown } from './markdown';
import { renderSarifText } from './sarif';
import type { AnalysisReport } from './types';
import type { ViewOptions } from './view';

export type { AnalysisReport, AnalyzedFile, CallTreeNode, ReportRecommendation } from './types';
export { coveragePercent } from './types';
export { buildView, type ReportView, type ViewOptions, type PriorityGroup, type ViewRecommendation } from './view';
export { renderMarkdown } from './markdown';
export { renderTemplate, defaultTemplate, TemplateError } from './template';
export { renderSarif, SARIF_SCHEMA } from './sarif';
export { validateAnalysis, analysisSchema } from './validate';
export { suggestFixes, type SuggestedFix } from './fixes';

export type ReportFormatter = (report: AnalysisReport, options: ViewOptions) => string;

export const reportFormatters = {
  md: renderMarkdown,
  json: (report: AnalysisReport) => `${JSON.stringify(report, null, 2)}\n`,
  sarif: (report: AnalysisReport, options: ViewOptions) => renderSarifText(report, options.fixes),
} satisfies Record<string, ReportFormatter>;

export type ReportFormat = keyof typeof reportFormatters;

export function isReportFormat(format: string): format is ReportFormat {
  return Object.hasOwn(reportFormatters, format);
}

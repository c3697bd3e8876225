// The analysis as data: the `analyze --format json` contract (see README "Command line"), which every report
// format is rendered from. A saved analysis can be re-formatted later without re-analyzing.
import type { Priority, Recommendation } from '../model';

/** One recommendation as it appears in the JSON contract: the model's, with 1-based lines and no offsets. */
export type ReportRecommendation = Omit<Recommendation, 'span' | 'spanName'> & {
  /** Suggested span name, when the analyzer gives one. */
  spanName?: string;
};

export interface AnalyzedFile {
  /** Relative to `AnalysisReport.root` (or the directory the analysis ran in), with `/` separators. */
  path: string;
  language: string;
  recommendations: ReportRecommendation[];
}

/** A node of a call tree, the `calltree --format json` shape. */
export interface CallTreeNode {
  id: string;
  name: string;
  qualifiedName: string;
  file?: string;
  line?: number;
  kind: 'function' | 'method' | 'external' | 'unresolved' | 'cycle';
  children: CallTreeNode[];
}

export interface AnalysisReport {
  tool: { name: string; version: string };
  /** Absolute directory the file paths are relative to, when known: lets reports quote the code. */
  root?: string;
  /** The model that took part; absent (or provider `none`) when the analysis used rules only. */
  model?: { provider: string; name?: string };
  /** The configuration the analysis ran with. */
  configuration?: { file?: string; priorities?: Partial<Record<Priority, number>>; minScore?: number };
  /** Set when the analysis started from one function's call tree rather than from files. */
  callTree?: CallTreeNode;
  files: AnalyzedFile[];
  skipped?: { path: string; reason: string }[];
  coverage: { functions: number; instrumented: number };
  usage: { llmRequests: number; inputTokens: number; outputTokens: number; costUsd: number };
}

/** Instrumentation coverage in percent; 100 when there is nothing to instrument. */
export function coveragePercent(report: AnalysisReport): number {
  const { functions, instrumented } = report.coverage;
  return functions === 0 ? 100 : (instrumented / functions) * 100;
}

// The suggested instrumentation of each recommendation, as text edits, for formats that can carry fixes (SARIF).
// A saved analysis has no syntax trees: each file is read and analyzed again, and a recommendation gets a fix only
// when the same recommendation (same id) is found in the file as it is now, so a fix never lands on changed code.
import path from 'node:path';
import { analyzeFile, defaultAnalysisConfig } from '../analysis';
import { planInjection, type TextEdit } from '../injection';
import { languageForPath } from '../languages';
import { parseSource, readSource, type ParserService } from '../parsing';
import { WorkspaceLayout } from '../workspace';
import type { AnalysisReport } from './types';

export interface SuggestedFix {
  description: string;
  /** Edits against the file as it is on disk, offsets in UTF-16 code units. */
  edits: TextEdit[];
  /** The file's text, so offsets can be turned into lines and columns. */
  text: string;
}

const MAX_FILE_BYTES = 2 * 1024 * 1024;
/**
 * Each fix is planned alone, and planning parses the file twice: a file whose recommendations × size exceed this many
 * characters gets no fixes (a 50,000-line file with thousands of recommendations would take hours, not seconds).
 */
const MAX_PLANNED_CHARS_PER_FILE = 32 * 1024 * 1024;

export async function suggestFixes(report: AnalysisReport, baseDir: string, parser: ParserService): Promise<Map<string, SuggestedFix>> {
  const fixes = new Map<string, SuggestedFix>();
  const config = { ...defaultAnalysisConfig(), skipTrivialFunctions: false };
  for (const file of report.files) {
    const spec = languageForPath(file.path);
    if (!spec || !file.recommendations.length) continue;
    const read = await readSource(path.join(baseDir, file.path), MAX_FILE_BYTES);
    if (!read.ok || file.recommendations.length * read.text.length > MAX_PLANNED_CHARS_PER_FILE) continue;
    const moduleName = WorkspaceLayout.forFile(baseDir, file.path).moduleName(file.path);
    const parsed = await parseSource(parser, read.text, spec.id, { path: file.path, moduleName });
    if (!parsed.ok) continue;
    const current = new Map(analyzeFile(parsed.syntax, config).recommendations.map((r) => [r.id, r]));
    for (const saved of file.recommendations) {
      const rec = current.get(saved.id);
      if (!rec) continue;
      const plan = await planInjection(read.text, parsed.syntax, [rec], { parser });
      if (plan.ok && plan.edits.length) fixes.set(saved.id, { description: plan.title, edits: plan.edits, text: read.text });
    }
  }
  return fixes;
}

// `trace-advisor report <analysis.json>`: re-formats a saved analysis without re-analyzing (README "Reports and CI").
import fs from 'node:fs';
import path from 'node:path';
import { validateAnalysis } from '../../core/report';
import { parseOptions } from '../args';
import { UsageError, type CliIO } from '../io';
import { emitAnalysis, reportOptionSpec, systemReason } from '../report-output';

export async function reportCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseOptions('report', args, {
    format: { type: 'string', default: 'md' },
    'base-dir': { type: 'string' },
    ...reportOptionSpec,
  });
  if (positionals.length !== 1) throw new UsageError('report: expected one analysis file (report <analysis.json> [--format md|json|sarif])');
  const file = positionals[0];
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(io.cwd, file), 'utf8');
  } catch (e) {
    throw new UsageError(`report: cannot read ${file}: ${systemReason(e)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`report: ${file} is not JSON: ${(e as Error).message}`);
  }
  const checked = validateAnalysis(data);
  if (!checked.ok) throw new UsageError(`report: ${file} is not a Trace Advisor analysis: ${checked.problem}`);
  const baseDir = values['base-dir'] === undefined ? undefined : path.resolve(io.cwd, values['base-dir']);
  return emitAnalysis('report', checked.report, { ...values, baseDir }, io);
}

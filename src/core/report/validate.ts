// Checks a saved analysis against schemas/analysis.schema.json before reporting on it, so that a wrong file gives
// one line naming the first problem instead of a crash deep inside a formatter.
import Ajv, { type ValidateFunction } from 'ajv';
import analysisSchema from '../../../schemas/analysis.schema.json';
import type { AnalysisReport } from './types';

export { analysisSchema };

let validator: ValidateFunction | undefined;

/** Returns the problem as one line, or undefined when `data` is a valid analysis. */
export function validateAnalysis(data: unknown): { ok: true; report: AnalysisReport } | { ok: false; problem: string } {
  validator ??= new Ajv({ allErrors: false }).compile(analysisSchema);
  if (validator(data)) return { ok: true, report: data as AnalysisReport };
  const error = validator.errors?.[0];
  const where = error?.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : 'the top level';
  const detail = error?.keyword === 'enum' ? `${error.message}: ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` : error?.message;
  return { ok: false, problem: `${where}: ${detail ?? 'does not match the analysis schema'}` };
}

// The JSON the model must answer. Strings that reach the injection templates (span names, attribute keys) are
// restricted to safe characters here, so nothing a model says can become code in the user's file.
import Ajv, { type ValidateFunction } from 'ajv';
import { PRIORITIES, type Priority, type SpanKind } from '../model';

export const SPAN_KINDS: readonly SpanKind[] = ['internal', 'server', 'client', 'producer', 'consumer'];

export interface AnswerItem {
  function: string;
  startLine: number;
  endLine: number;
  priority: Priority;
  spanKind: SpanKind;
  spanName: string;
  rationale: string;
  capture: string[];
  /** 0–1: how much this trace point matters; becomes the recommendation's score. */
  importance: number;
}

export interface Answer {
  recommendations: AnswerItem[];
}

export const MAX_RECOMMENDATIONS_PER_ANSWER = 30;

export const answerSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['recommendations'],
  properties: {
    recommendations: {
      type: 'array',
      maxItems: MAX_RECOMMENDATIONS_PER_ANSWER,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['function', 'startLine', 'endLine', 'priority', 'spanKind', 'spanName', 'rationale', 'capture', 'importance'],
        properties: {
          function: { type: 'string', minLength: 1, maxLength: 300, description: 'Qualified name of the function, as given.' },
          startLine: { type: 'integer', minimum: 1, description: 'File line where the construct or statement starts.' },
          endLine: { type: 'integer', minimum: 1, description: 'File line where it ends.' },
          priority: { type: 'string', enum: [...PRIORITIES] },
          spanKind: { type: 'string', enum: [...SPAN_KINDS] },
          spanName: { type: 'string', pattern: '^[A-Za-z0-9_.:/<>{} -]{1,100}$', description: 'Low-cardinality span name.' },
          rationale: { type: 'string', minLength: 1, maxLength: 600 },
          capture: {
            type: 'array',
            maxItems: 12,
            items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_.-]{0,79}$' },
            description: 'Attribute keys worth capturing (semantic-convention keys where they exist).',
          },
          importance: { type: 'number', minimum: 0, maximum: 1 },
        },
      },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: false });
export const validateAnswerShape: ValidateFunction<Answer> = ajv.compile<Answer>(answerSchema);
/** One item alone, so a bad item is reported (and dropped) without losing the good ones beside it. */
export const validateAnswerItem: ValidateFunction<AnswerItem> = ajv.compile<AnswerItem>(answerSchema.properties.recommendations.items);
/** The answer's envelope: an object with a bounded `recommendations` array, items checked one by one. */
export const validateAnswerEnvelope: ValidateFunction<{ recommendations: unknown[] }> = ajv.compile<{ recommendations: unknown[] }>({
  ...answerSchema,
  properties: { recommendations: { type: 'array', maxItems: MAX_RECOMMENDATIONS_PER_ANSWER } },
});

/** ajv's errors as short lines the model can act on. */
export function describeSchemaErrors(validate: ValidateFunction, pathPrefix = ''): string[] {
  return (validate.errors ?? []).slice(0, 10).map((e) => `${pathPrefix}${e.instancePath || (pathPrefix ? '' : '(root)')} ${e.message ?? 'is invalid'}${e.params && 'allowedValues' in e.params ? `: ${(e.params.allowedValues as string[]).join(', ')}` : ''}`);
}

const WIRE_ONLY = new Set(['type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'description']);

/**
 * The schema as sent to an API's structured-output mode: only the keywords every such mode accepts (OpenAI's
 * strict mode rejects pattern and length limits). The full schema is checked here on every answer anyway.
 */
export function wireSchema(schema: unknown): Record<string, unknown> {
  if (Array.isArray(schema)) return schema.map((s: unknown) => wireSchema(s)) as unknown as Record<string, unknown>;
  if (!schema || typeof schema !== 'object') return schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!WIRE_ONLY.has(key)) continue;
    if (key === 'properties') out[key] = Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, wireSchema(v)]));
    else if (key === 'items') out[key] = wireSchema(value);
    else out[key] = value;
  }
  return out;
}

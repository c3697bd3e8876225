// An answer is trusted only after two checks: its shape (the JSON schema, with ajv) and the code (every line range
// lies in a function that was shown, and starts where a statement or construct of that function starts).
import { createHash } from 'node:crypto';
import type { Recommendation, Span } from '../model';
import type { ShownLines } from './prompt';
import { fileLines } from './prompt';
import { describeSchemaErrors, validateAnswerEnvelope, validateAnswerItem, type AnswerItem } from './schema';

/** Longer answers are not parsed at all: no useful answer for one request is this long. */
export const MAX_ANSWER_CHARS = 100_000;

export interface ValidItem {
  item: AnswerItem;
  shown: ShownLines;
}

export interface CheckedAnswer {
  valid: ValidItem[];
  /** One line per problem, fed back to the model on a retry and logged when an item is dropped. */
  errors: string[];
}

/** The JSON object in an answer, tolerating a Markdown fence or text around it (some local models add them). */
function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, error: 'the answer was empty' };
  const start = trimmed.indexOf('{');
  const end = trimmed.lastIndexOf('}');
  if (start < 0) return { ok: false, error: 'the answer is not a JSON object' };
  try {
    return { ok: true, value: JSON.parse(trimmed.slice(start, end > start ? end + 1 : undefined)) };
  } catch (e) {
    return { ok: false, error: `the answer is not valid JSON (${(e as Error).message.slice(0, 120)})` };
  }
}

/** 0-based lines that are only a comment (per the syntax tree's comments) or blank. */
function isBlankOrComment(shown: ShownLines, line0: number, lines: string[]): boolean {
  const text = lines[line0] ?? '';
  if (!text.trim()) return true;
  const firstColumn = text.length - text.trimStart().length;
  return shown.context.file.comments.some(
    (c) => c.span.start.line <= line0 && c.span.end.line >= line0 && (c.span.start.line < line0 || c.span.start.column <= firstColumn) && (c.span.end.line > line0 || c.span.end.column >= text.trimEnd().length),
  );
}

function findFunction(shownList: ShownLines[], name: string): ShownLines | undefined {
  const exact = shownList.find((s) => s.context.fn.qualifiedName === name);
  if (exact) return exact;
  const byName = shownList.filter((s) => s.context.fn.name === name || s.context.fn.qualifiedName.endsWith(`.${name}`));
  return byName.length === 1 ? byName[0] : undefined;
}

function checkItem(item: AnswerItem, shownList: ShownLines[], linesOf: (s: ShownLines) => string[]): ValidItem | string {
  const where = `recommendation for ${JSON.stringify(item.function.slice(0, 80))} at lines ${item.startLine}-${item.endLine}`;
  const shown = findFunction(shownList, item.function);
  if (!shown) return `${where}: no such function was given (use one of: ${shownList.map((s) => s.context.fn.qualifiedName).join(', ')})`;
  if (item.endLine < item.startLine) return `${where}: endLine is before startLine`;
  if (item.startLine < shown.startLine || item.endLine > shown.endLine) {
    return `${where}: lines must lie within ${shown.context.fn.qualifiedName}, lines ${shown.startLine}-${shown.endLine}`;
  }
  const line0 = item.startLine - 1;
  const { fn, file } = shown.context;
  const startsSyntax =
    line0 === fn.span.start.line ||
    file.constructs.some((c) => c.function === fn.qualifiedName && c.span.start.line === line0) ||
    file.calls.some((c) => c.caller === fn.qualifiedName && c.span.start.line === line0) ||
    (line0 >= fn.bodySpan.start.line && !isBlankOrComment(shown, line0, linesOf(shown)));
  if (!startsSyntax) return `${where}: line ${item.startLine} is blank or a comment, not the start of a statement or construct`;
  return { item: { ...item, function: fn.qualifiedName }, shown };
}

export function checkAnswer(text: string, shownList: ShownLines[]): CheckedAnswer {
  if (text.length > MAX_ANSWER_CHARS) return { valid: [], errors: [`the answer is too long (${text.length} characters); answer with at most a few recommendations`] };
  const parsed = parseJson(text);
  if (!parsed.ok) return { valid: [], errors: [parsed.error] };
  if (!validateAnswerEnvelope(parsed.value)) return { valid: [], errors: describeSchemaErrors(validateAnswerEnvelope).map((e) => `schema: ${e}`) };
  const cache = new Map<string, string[]>();
  const linesOf = (s: ShownLines) => {
    let lines = cache.get(s.context.text);
    if (!lines) cache.set(s.context.text, (lines = fileLines(s.context.text)));
    return lines;
  };
  const valid: ValidItem[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const [index, item] of parsed.value.recommendations.entries()) {
    if (!validateAnswerItem(item)) {
      errors.push(...describeSchemaErrors(validateAnswerItem, `/recommendations/${index}`).map((e) => `schema: ${e}`));
      continue;
    }
    const checked = checkItem(item, shownList, linesOf);
    if (typeof checked === 'string') {
      errors.push(checked);
      continue;
    }
    const key = `${checked.item.function}:${checked.item.startLine}:${checked.item.priority}`;
    if (seen.has(key)) continue;
    seen.add(key);
    valid.push(checked);
  }
  return { valid, errors };
}

function spanOfLines(text: string, lines: string[], startLine0: number, endLine0: number): Span {
  let offset = 0;
  const starts: number[] = [];
  for (let l = 0; l <= endLine0; l++) {
    starts.push(offset);
    offset += (lines[l] ?? '').length + 1 + (text[offset + (lines[l] ?? '').length] === '\r' ? 1 : 0);
  }
  const startColumn = (lines[startLine0] ?? '').length - (lines[startLine0] ?? '').trimStart().length;
  const endColumn = (lines[endLine0] ?? '').trimEnd().length;
  return {
    start: { line: startLine0, column: startColumn },
    end: { line: endLine0, column: endColumn },
    startIndex: starts[startLine0] + startColumn,
    endIndex: starts[endLine0] + endColumn,
  };
}

/** A validated item as a Recommendation of the model (`source: 'llm'`); the rules' templates will inject it. */
export function toRecommendation(valid: ValidItem, rationale: string): Recommendation {
  const { item, shown } = valid;
  const { fn, file, text } = shown.context;
  const rule = `${file.languageId}.ai`;
  const span = item.startLine - 1 === fn.span.start.line && item.endLine - 1 === fn.span.end.line
    ? fn.span
    : spanOfLines(text, fileLines(text), item.startLine - 1, item.endLine - 1);
  return {
    id: createHash('sha256').update(`${rule}:${fn.qualifiedName}:${item.startLine}:${item.priority}`).digest('hex').slice(0, 16),
    rule,
    priority: item.priority,
    function: fn.name,
    qualifiedName: fn.qualifiedName,
    line: item.startLine,
    endLine: item.endLine,
    span,
    spanKind: item.spanKind,
    spanName: item.spanName,
    score: item.importance,
    rationale,
    capture: [...new Set(item.capture)],
    source: 'llm',
  };
}

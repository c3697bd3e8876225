// The injection planner: from a file's text, its syntax and recommendations, the text edits that add OpenTelemetry
// instrumentation in the file's own style. Every edit is an insertion or a whitespace replacement computed against
// the original text; the result is re-parsed and refused when it has more syntax errors than the input.
import path from 'node:path';
import type { Construct, FileSyntax, FunctionDef, Recommendation } from '../model';
import { ParseError, parseSource, walkTree, type ParseLimits, type ParserService } from '../parsing';
import { LineTable, applyEdits, detectEol, detectIndentUnit, type TextEdit } from './text';
import { TemplateError, builtInTemplates, renderTemplate, templatesFor, type CallSpanTemplates, type CustomTemplates, type LanguageTemplates, type Snippet } from './templates';
import { importEdits, importConflicts, type ImportContext } from './imports';
import { attributesArgument, locateCallStatements, type CallStatement } from './calls';

export interface InjectionOptions {
  parser: ParserService;
  /** A user's templates (see validateCustomTemplates), layered over the built-in ones. */
  templates?: CustomTemplates;
  limits?: ParseLimits;
}

export interface SkippedRecommendation {
  recommendationId: string;
  reason: string;
}

export type InjectionPlan =
  | {
      ok: true;
      path: string;
      /** Non-overlapping edits against the original text, sorted by position; empty when nothing needs doing. */
      edits: TextEdit[];
      /** The text with the edits applied. */
      newText: string;
      /** Quick-fix title, e.g. "Add span 'OrderService.checkout'". */
      title: string;
      /** Recommendations the edits implement. */
      recommendationIds: string[];
      skipped: SkippedRecommendation[];
    }
  | { ok: false; path: string; reason: string; skipped: SkippedRecommendation[] };

/** A contiguous run of lines that moves right by `levels` indent units. */
interface WrapRegion {
  firstLine: number;
  lastLine: number;
  levels: number;
}

interface Op {
  start: number;
  end: number;
  text: string;
  /** Orders insertions at the same offset: new lines (0) before an existing line's extra indentation (1). */
  rank: number;
}

type Action =
  | { kind: 'function'; key: string; fn: FunctionDef; recs: Recommendation[] }
  | { kind: 'call'; key: string; fn: FunctionDef; recs: Recommendation[]; statement: CallStatement }
  | { kind: 'exception' | 'branch'; key: string; construct: Construct; fn: FunctionDef | undefined; recs: Recommendation[] };

/** State shared while planning one file. */
interface FileContext {
  text: string;
  syntax: FileSyntax;
  lines: LineTable;
  eol: string;
  unit: string;
  base: LanguageTemplates;
  custom: CustomTemplates | undefined;
  /** Sorted [start, end) ranges of strings and comments, skipped when scanning for `:` / `{`. */
  opaque: Array<[number, number]>;
  /** Sorted ranges of string literals only (lines starting inside one are never re-indented). */
  strings: Array<[number, number]>;
  /** Lines that start inside a string literal. */
  protectedLines: Set<number>;
  /** Sorted [start, end) ranges of comments: lines holding only these are not statements. */
  comments: Array<[number, number]>;
  /** Return statements (languages with `promiseDetection`): where, and whether the value returned is a promise. */
  returns: ReturnStatement[];
  extra: number[];
  /** Indent levels of the call spans whose header goes before each line (lines inserted there go outside them). */
  callHeads: number[];
  /** Call recommendations' statements (or why not), by `start:end` of the call. */
  calls: Map<string, CallStatement | string>;
}

/** What the analyzer adds to a recommendation: attribute values known at the site. */
type WithAttributes = Recommendation & { attributes?: Record<string, string> };

interface ReturnStatement {
  /** Where the body of the function it returns from starts. */
  owner: number;
  /** undefined for a bare `return;`. */
  promise: boolean | undefined;
}

/** Plans the edits for `recommendations` in one file. See README "Injection" for what each language gets. */
export async function planInjection(text: string, syntax: FileSyntax, recommendations: readonly Recommendation[], options: InjectionOptions): Promise<InjectionPlan> {
  const skipped: SkippedRecommendation[] = [];
  const refuse = (reason: string): InjectionPlan => ({ ok: false, path: syntax.path, reason, skipped });
  const base = builtInTemplates(syntax.languageId);
  if (!base) return refuse(`injection does not support ${syntax.languageId} yet`);
  // Client/producer recommendations on single calls get a span around the call's statement (built-in templates only:
  // a user's own templates keep instrumenting the function, in their style).
  const callSpec = !options.templates?.[syntax.languageId] ? base.callSpan : undefined;
  const callSpans = callSpec ? recommendations.filter((r) => callSpec.kinds.includes(r.spanKind) && !syntax.functions.some((f) => f.span.startIndex === r.span.startIndex)).map((r) => r.span) : [];
  let ranges: Awaited<ReturnType<typeof readTree>>;
  try {
    ranges = await readTree(options.parser, text, syntax.languageId, base, callSpec && callSpans.length ? { spec: callSpec, spans: callSpans } : undefined, options.limits);
  } catch (e) {
    if (e instanceof ParseError) return refuse(e.message);
    throw e;
  }
  const lines = new LineTable(text);
  const protectedLines = new Set<number>();
  for (const [start, end] of ranges.strings) {
    for (let n = lines.lineOf(start) + 1; n <= lines.lineOf(end); n++) if (lines.starts[n] < end) protectedLines.add(n);
  }
  const ctx: FileContext = {
    text,
    syntax,
    lines,
    eol: detectEol(text),
    unit: base.defaultIndent,
    base,
    custom: options.templates,
    opaque: ranges.opaque,
    strings: ranges.strings,
    protectedLines,
    comments: syntax.comments.map((c): [number, number] => [c.span.startIndex, c.span.endIndex]).sort((a, b) => a[0] - b[0]),
    returns: ranges.returns,
    extra: new Array<number>(lines.count).fill(0),
    callHeads: new Array<number>(lines.count).fill(0),
    calls: ranges.calls,
  };
  // Comment lines do not count: their indentation is the author's choice, not the code's.
  ctx.unit = detectIndentUnit(lines, base.defaultIndent, (n) => protectedLines.has(n) || codeStart(ctx, lines.starts[n], lines.lineEnd(n)) < 0);

  const actions = resolveActions(ctx, recommendations, skipped);
  let ops: Op[];
  let done: Array<{ action: Action; note?: string; spanName?: string }>;
  try {
    ({ ops, done } = planActions(ctx, actions, skipped));
  } catch (e) {
    if (e instanceof TemplateError) return refuse(e.message);
    throw e;
  }
  const recommendationIds = done.flatMap((d) => d.action.recs.map((r) => r.id));
  if (ops.length === 0) return { ok: true, path: syntax.path, edits: [], newText: text, title: 'Nothing to instrument', recommendationIds, skipped };

  const edits = mergeOps(ops);
  if (!edits) return refuse('the planned edits overlap (a bug: please report it with this file)');
  const newText = applyEdits(text, edits);
  const reparsed = await parseSource(options.parser, newText, syntax.languageId, { path: syntax.path, moduleName: syntax.moduleName, limits: options.limits });
  if (!reparsed.ok) return refuse(`the instrumented file could not be parsed: ${reparsed.reason}`);
  // Fewer errors is refused too: the inserted code changed how the parser recovers from the file's own errors, so the
  // functions and blocks the edits were placed by are not the ones the file now has (and a second run would differ).
  if (reparsed.syntax.syntaxErrors !== syntax.syntaxErrors) {
    return refuse(`the instrumented file would have ${reparsed.syntax.syntaxErrors} syntax error(s) where the original has ${syntax.syntaxErrors}; left unchanged`);
  }
  return { ok: true, path: syntax.path, edits, newText, title: titleFor(syntax, done), recommendationIds, skipped };
}

/** A recommendation for instrumenting one whole function, for "Instrument this function" without an analysis. */
export function functionRecommendation(syntax: FileSyntax, fn: FunctionDef): Recommendation {
  return {
    id: `${syntax.languageId}.function:${fn.qualifiedName}:${fn.span.start.line + 1}`,
    rule: `${syntax.languageId}.function`,
    priority: 'function_entry_exit',
    function: fn.name,
    qualifiedName: fn.qualifiedName,
    line: fn.span.start.line + 1,
    endLine: fn.span.end.line + 1,
    span: fn.span,
    spanKind: 'internal',
    spanName: fn.container ? `${fn.container}.${fn.name}` : fn.name,
    score: 1,
    rationale: 'requested for this function',
    capture: [],
    source: 'rules',
  };
}

function titleFor(syntax: FileSyntax, done: Array<{ action: Action; note?: string; spanName?: string }>): string {
  if (done.length === 1) {
    const { action, note, spanName } = done[0];
    const where = spanName ?? (action.fn ? spanNameOf(action.fn, action.recs[0]) : syntax.moduleName);
    if (action.kind === 'function') return `Add span '${where}'${note ? ` (${note})` : ''}`;
    if (action.kind === 'call') return `Add ${action.recs[0].spanKind} span '${spanName ?? action.recs[0].spanName}' around the call`;
    if (action.kind === 'exception') return `Record the exception on the span in '${where}'`;
    return `Add a span event at the branch in '${where}'`;
  }
  const notes = done.filter((d) => d.note);
  const noteText = notes.length ? ` (${notes.length} ${notes[0].note})` : '';
  return `Instrument ${done.length} places in ${path.posix.basename(syntax.path)}${noteText}`;
}

function spanNameOf(fn: FunctionDef, rec: Recommendation | undefined): string {
  if (rec?.spanName && rec.qualifiedName === fn.qualifiedName) return rec.spanName;
  return fn.container ? `${fn.container}.${fn.name}` : fn.name;
}

// ---------------------------------------------------------------------------------------------------------------
// Which edit each recommendation asks for.

const wrappableKinds = new Set(['function', 'method', 'constructor']);

function resolveActions(ctx: FileContext, recommendations: readonly Recommendation[], skipped: SkippedRecommendation[]): Action[] {
  const actions = new Map<string, Action>();
  const add = (action: Action) => {
    const existing = actions.get(action.key);
    if (existing) existing.recs.push(...action.recs);
    else actions.set(action.key, action);
  };
  const fnAt = (qualifiedName: string, index: number) =>
    ctx.syntax.functions
      .filter((f) => f.qualifiedName === qualifiedName && f.kind !== 'module' && f.span.startIndex <= index && index <= f.span.endIndex)
      .sort((a, b) => b.span.startIndex - a.span.startIndex)[0];
  for (const rec of recommendations) {
    // A recommendation about a whole function never targets a construct that merely starts on the same line.
    const aboutFunction = ctx.syntax.functions.some((f) => f.span.startIndex === rec.span.startIndex);
    const aboutConstruct = rec.priority === 'exception_handling' || rec.priority === 'conditional_branches';
    const construct = aboutFunction
      ? undefined
      : (ctx.syntax.constructs.find((c) => c.span.startIndex === rec.span.startIndex && ['catch', 'error-check', 'branch', 'try'].includes(c.kind)) ??
        (aboutConstruct ? ctx.syntax.constructs.find((c) => c.span.start.line === rec.line - 1 && c.function === rec.qualifiedName && ['catch', 'error-check', 'branch'].includes(c.kind)) : undefined));
    if (construct && construct.kind !== 'try') {
      const kind = construct.kind === 'branch' ? 'branch' : 'exception';
      add({ kind, key: `${kind}:${construct.span.startIndex}`, construct, fn: fnAt(construct.function, construct.span.startIndex), recs: [rec] });
      continue;
    }
    if (construct?.kind === 'try') {
      const handlers = ctx.syntax.constructs.filter((c) => c.kind === 'catch' && c.span.startIndex > construct.span.startIndex && c.span.endIndex <= construct.span.endIndex);
      for (const c of handlers) add({ kind: 'exception', key: `exception:${c.span.startIndex}`, construct: c, fn: fnAt(c.function, c.span.startIndex), recs: [rec] });
      if (handlers.length) continue;
    }
    const fn = fnAt(rec.qualifiedName, rec.span.startIndex) ?? ctx.syntax.functions.find((f) => f.qualifiedName === rec.qualifiedName && f.kind !== 'module');
    const statement = !construct ? ctx.calls.get(`${rec.span.startIndex}:${rec.span.endIndex}`) : undefined;
    if (typeof statement === 'string') {
      skipped.push({ recommendationId: rec.id, reason: `no ${rec.spanKind} span around the call: ${statement}` });
      continue;
    }
    if (statement) {
      if (!fn) skipped.push({ recommendationId: rec.id, reason: 'module-level code is not instrumented' });
      else if (fn.isGenerator && statement.type === ctx.base.callSpan?.returnStatement) {
        skipped.push({ recommendationId: rec.id, reason: `no ${rec.spanKind} span around the call: a return in a generator is not wrapped` });
      } else add({ kind: 'call', key: `call:${statement.start}`, fn, recs: [rec], statement });
      continue;
    }
    if (!fn) {
      skipped.push({ recommendationId: rec.id, reason: `no function '${rec.qualifiedName}' in ${ctx.syntax.path} (changed since the analysis?)` });
      continue;
    }
    add({ kind: 'function', key: `function:${fn.span.startIndex}`, fn, recs: [rec] });
  }
  return [...actions.values()];
}

// ---------------------------------------------------------------------------------------------------------------
// Planning: wraps first (they decide how far every line moves right), then construct inserts, then imports.

interface PlannedWrap {
  action: Extract<Action, { kind: 'function' }>;
  templates: LanguageTemplates;
  snippet: Snippet;
  note?: string;
  values: Record<string, string>;
  region: WrapRegion;
  /** Brace bodies: offsets of `{` and `}`; Python: the line the header goes before. */
  open: number;
  close: number;
  firstLine: number;
}

function planActions(ctx: FileContext, actions: Action[], skipped: SkippedRecommendation[]): { ops: Op[]; done: Array<{ action: Action; note?: string; spanName?: string }> } {
  const skip = (action: Action, reason: string) => {
    for (const r of action.recs) skipped.push({ recommendationId: r.id, reason });
  };
  const conflicts = importConflicts(ctx.syntax, ctx.base);
  const usesConflict = (uses: string[] | undefined) => (uses ?? []).map((u) => conflicts.get(u)).find((c) => c);
  const tracer = tracerName(ctx);
  const wraps: PlannedWrap[] = [];
  for (const action of actions) {
    if (action.kind !== 'function') continue;
    const planned = planWrap(ctx, action, tracer);
    if (typeof planned === 'string') skip(action, planned);
    else {
      const conflict = usesConflict([...(planned.snippet.uses ?? []), ...(ctx.base.setup?.uses ?? []), ...(planned.values.kindArgument ? ctx.base.spanKindUses ?? [] : [])]);
      if (conflict) skip(action, conflict);
      else wraps.push(planned);
    }
  }
  for (const w of wraps) for (let n = w.region.firstLine; n <= w.region.lastLine; n++) ctx.extra[n] += w.region.levels;
  const calls: PlannedCall[] = [];
  for (const action of actions) {
    if (action.kind !== 'call') continue;
    const planned = planCall(ctx, action, tracer);
    const conflict = typeof planned === 'string' ? planned : usesConflict([...(ctx.base.callSpan?.uses ?? []), ...(ctx.base.setup?.uses ?? []), ...(planned.values.kindArgument ? ctx.base.spanKindUses ?? [] : [])]);
    if (conflict) skip(action, conflict);
    else if (typeof planned !== 'string') calls.push(planned);
  }
  for (const c of calls) {
    for (let n = c.firstLine; n <= c.lastLine; n++) ctx.extra[n] += ctx.base.wrapLevels;
    ctx.callHeads[c.firstLine] += ctx.base.wrapLevels;
  }

  const ops: Op[] = indentOps(ctx);
  const done: Array<{ action: Action; note?: string; spanName?: string }> = [];
  const used = new Set<string>();
  for (const w of wraps) {
    ops.push(...wrapOps(ctx, w));
    done.push({ action: w.action, note: w.note, spanName: w.values.spanName });
    for (const u of w.snippet.uses ?? []) used.add(u);
    if (w.values.kindArgument) for (const u of ctx.base.spanKindUses ?? []) used.add(u);
  }
  const wrapped = new Map(wraps.map((w) => [w.action.fn.span.startIndex, w]));
  for (const action of actions) {
    if (action.kind === 'function' || action.kind === 'call') continue;
    const result = constructOps(ctx, action, wrapped);
    if (typeof result === 'string') {
      skip(action, result);
      continue;
    }
    const conflict = usesConflict(result.uses);
    if (conflict) {
      skip(action, conflict);
      continue;
    }
    ops.push(...result.ops);
    for (const u of result.uses) used.add(u);
    done.push({ action });
  }
  // Call spans' headers last: at the same line, a function's header or a handler's lines go before them (outside).
  for (const c of calls) {
    const header = renderLines(ctx, ctx.base.callSpan!.before, c.values, indentAt(ctx, c.firstLine), `${ctx.syntax.languageId} call span`);
    ops.push({ start: ctx.lines.starts[c.firstLine], end: ctx.lines.starts[c.firstLine], text: header.map((l) => l + ctx.eol).join(''), rank: 0 });
    done.push({ action: c.action, spanName: c.values.spanName });
    for (const u of ctx.base.callSpan?.uses ?? []) used.add(u);
    if (c.values.kindArgument) for (const u of ctx.base.spanKindUses ?? []) used.add(u);
  }
  const tracerWraps = wraps.filter(usesTracer);
  if (tracerWraps.length || calls.length) for (const u of ctx.base.setup?.uses ?? []) used.add(u);
  const importCtx: ImportContext = { text: ctx.text, syntax: ctx.syntax, lines: ctx.lines, eol: ctx.eol, unit: ctx.unit, templates: ctx.base, opaque: ctx.opaque, strings: ctx.strings };
  const setupTexts = setupOps(ctx, tracerWraps, tracer, calls.length > 0);
  ops.push(...importEdits(importCtx, [...used], setupTexts.moduleSetup));
  ops.push(...setupTexts.classOps);
  return { ops, done };
}

function usesTracer(w: PlannedWrap): boolean {
  return /\{\{\s*tracerVar\s*\}\}/.test(`${w.snippet.before}${w.snippet.after ?? ''}`);
}

/** The tracer variable: the one an earlier run (or the author) set up, else `tracer` unless taken. */
function tracerName(ctx: FileContext): { name: string; exists: boolean } {
  if (!ctx.base.setup) return { name: '', exists: true };
  const detect = new RegExp(ctx.base.setup.detect, 'm');
  const m = detect.exec(ctx.text);
  if (m) {
    const name = /(\w+)\s*=/.exec(m[0])?.[1];
    if (name) return { name, exists: true };
  }
  return { name: unusedName(ctx.text, ['tracer', 'otelTracer', 'otel_tracer_']), exists: false };
}

function setupOps(ctx: FileContext, wraps: PlannedWrap[], tracer: { name: string; exists: boolean }, callSpans = false): { moduleSetup?: string; classOps: Op[] } {
  const setup = ctx.base.setup;
  if ((!wraps.length && !callSpans) || !setup) return { classOps: [] };
  const values = { ...ctx.base.vars, tracerVar: tracer.name, module: ctx.syntax.moduleName || ctx.syntax.packageName || ctx.syntax.path, className: '' };
  if (ctx.base.setupPlacement !== 'class') {
    if (tracer.exists) return { classOps: [] };
    return { moduleSetup: renderTemplate(setup.text, values, `${ctx.syntax.languageId} setup`), classOps: [] };
  }
  // One tracer field per outermost class that holds a wrapped method.
  const classOps: Op[] = [];
  const seen = new Set<number>();
  for (const w of wraps) {
    const cls = outermostClass(ctx.syntax, w.action.fn);
    if (!cls || seen.has(cls.span.startIndex)) continue;
    seen.add(cls.span.startIndex);
    const classText = ctx.text.slice(cls.span.startIndex, cls.span.endIndex);
    if (new RegExp(setup.detect).test(classText)) continue;
    const open = scanFor(ctx, cls.span.startIndex + (cls.nameSpan ? cls.nameSpan.endIndex - cls.span.startIndex : 0), cls.span.endIndex, '{');
    if (open < 0) continue;
    const member = firstStatementLine(ctx, ctx.lines.lineOf(open) + 1, ctx.lines.lineOf(cls.span.endIndex - 1));
    const indent = member >= 0 ? ctx.lines.indentation(member) : ctx.lines.indentation(cls.span.start.line) + ctx.unit;
    const field = renderTemplate(setup.text, { ...values, className: cls.qualifiedName }, `${ctx.syntax.languageId} setup`);
    classOps.push({ start: open + 1, end: open + 1, text: `${ctx.eol}${indent}${field}`, rank: 0 });
  }
  return { classOps };
}

type ClassLike = FileSyntax['classes'][number] & { nameSpan?: { endIndex: number } };

function outermostClass(syntax: FileSyntax, fn: FunctionDef): ClassLike | undefined {
  return (syntax.classes as ClassLike[])
    .filter((c) => c.span.startIndex <= fn.span.startIndex && fn.span.endIndex <= c.span.endIndex)
    .sort((a, b) => a.span.startIndex - b.span.startIndex)[0];
}

function planWrap(ctx: FileContext, action: Extract<Action, { kind: 'function' }>, tracer: { name: string }): PlannedWrap | string {
  const { fn } = action;
  // The span's name and kind come from the recommendation about the function itself; one about a call inside it
  // (an external call's `GET`, kind client) does not rename the function's span.
  const primary = action.recs.find((r) => r.span.startIndex === fn.span.startIndex || r.line === fn.span.start.line + 1);
  const t = templatesFor(ctx.syntax.languageId, (primary ?? action.recs[0]).priority, ctx.custom)!;
  const spanKind = primary?.spanKind ?? 'internal';
  if (!wrappableKinds.has(fn.kind)) return `${fn.kind === 'lambda' ? 'anonymous functions (lambdas)' : 'module-level code'} are not wrapped in a span`;
  if (fn.isGenerator) return 'a generator is not wrapped: its span would stay open, and current, across yields';
  if (fn.kind === 'constructor' && t.skipConstructors) return t.skipConstructors;
  if (t.setupPlacement === 'class') {
    if (fn.parent) return 'a lambda or local function is not wrapped (its variables could clash with the enclosing method)';
    const cls = outermostClass(ctx.syntax, fn);
    if (!cls) return 'no enclosing class to hold the tracer field';
    if (cls.kind !== 'class' && cls.kind !== 'record') return `the tracer field cannot go in an ${cls.kind}`;
  }
  const body = ctx.text.slice(fn.bodySpan.startIndex, fn.bodySpan.endIndex);
  const ownText = textWithoutNested(ctx, fn);
  // A client span around one call (ours or the author's) is the call's, not the function's.
  const callSpan = ctx.base.callSpan && new RegExp(ctx.base.callSpan.detect);
  const ownSpans = callSpan ? ownText.split('\n').filter((l) => !callSpan.test(l)).join('\n') : ownText;
  if (new RegExp(t.existingSpan).test(ownSpans)) return 'already has a span';

  // A user's own `function` template keeps covering promise-returning functions unless they also gave `promiseFunction`.
  const ownFunctionOnly = t.function !== ctx.base.function && t.promiseFunction === ctx.base.promiseFunction;
  const promise = !fn.isAsync && !ownFunctionOnly && t.promiseFunction && returnsPromise(ctx, t, fn);
  let snippet: Snippet = fn.isAsync && t.asyncFunction ? t.asyncFunction : promise ? t.promiseFunction! : t.function;
  let contextVar = '';
  if (t.contextParameterType) {
    const param = fn.parameters.find((p) => p.type === t.contextParameterType && p.name && p.name !== '_');
    if (param) contextVar = param.name;
    else if (t.functionWithoutContext) snippet = t.functionWithoutContext;
    else return `no ${t.contextParameterType} parameter to start the span from`;
  }
  const values: Record<string, string> = {
    ...t.vars,
    tracerVar: tracer.name,
    module: ctx.syntax.moduleName || ctx.syntax.packageName || ctx.syntax.path,
    spanVar: unusedName(ownText, ['span', 'otelSpan', 'otel_span']),
    // The whole body: a nested function's reference to an outer `result` must not meet the template's own.
    resultVar: unusedName(body, ['result', 'otelResult']),
    valueVar: unusedName(body, ['value', 'otelValue']),
    scopeVar: unusedName(ownText, ['scope', 'otelScope']),
    errorVar: unusedName(ownText, ['e', 'err', 'error', 'otelError']),
    contextVar,
    spanName: spanNameOf(fn, primary),
    functionName: fn.name,
    qualifiedName: fn.qualifiedName,
    file: ctx.syntax.path,
    line: String(fn.span.start.line + 1),
    parameters: fn.parameters.map((p) => p.name).join(', '),
    kindArgument: t.spanKinds?.[spanKind] ?? '',
    returnAnnotation: '',
  };
  // A type predicate (`x is T`, `asserts x`) names the function's own parameters: the callback cannot declare it.
  if (t.returnAnnotation && fn.returnType && !/^(asserts\s|[\w$]+\s+is\s)/.test(fn.returnType)) {
    values.returnAnnotation = renderTemplate(t.returnAnnotation, { returnType: fn.returnType }, `${ctx.syntax.languageId} return type`);
  }
  // Custom templates: their own output is recognised by the snippet's first line at the top of the body.
  renderTemplate(snippet.before, values, `${ctx.syntax.languageId} function`);
  if (firstLinePattern(snippet.before)?.test(ownText)) return 'already instrumented';

  const lines = ctx.lines;
  if (t.body === 'indented-block') {
    if (fn.bodySpan.start.line === fn.span.start.line) return 'the body is on the same line as the definition';
    // The block starts at its first statement (comments before it are not part of it); a docstring stays first.
    let first = fn.bodySpan.start.line;
    const docstring = ctx.strings.find(([s]) => s === fn.bodySpan.startIndex);
    if (docstring) {
      first = firstStatementLine(ctx, lines.lineOf(docstring[1]) + 1, fn.bodySpan.end.line);
      if (first < 0) return 'the body is only a docstring';
    }
    // A template that does not open a block (a custom `tel.func_entry(...)` line) leaves the body where it is.
    const opensBlock = /:\s*$/.test(snippet.before.split('\n').pop()!);
    return { action, templates: t, snippet, note: snippet.note, values, region: { firstLine: first, lastLine: fn.bodySpan.end.line, levels: opensBlock ? t.wrapLevels : 0 }, open: -1, close: -1, firstLine: first };
  }
  if (!body.startsWith('{') || !body.endsWith('}')) return 'an expression-bodied function is not wrapped';
  const inner = body.slice(1, -1);
  if (!inner.trim()) return 'the body is empty';
  const open = fn.bodySpan.startIndex;
  const close = fn.bodySpan.endIndex - 1;
  // Past any comments: `// note` above `super(...)` or "use strict" still leaves them first.
  const firstCode = codeStart(ctx, open + 1, close);
  const firstStatement = firstCode < 0 ? '' : ctx.text.slice(firstCode, close);
  if (t.constructorPreamble && fn.kind === 'constructor' && new RegExp(t.constructorPreamble).test(firstStatement)) {
    return 'the constructor starts with this(...) or super(...), which must stay first';
  }
  if (t.body === 'braces' && /^['"]use /.test(firstStatement)) return 'the body starts with a directive ("use strict")';
  const l0 = lines.lineOf(open);
  const l1 = lines.lineOf(close);
  const closeHasContent = ctx.text.slice(lines.starts[l1], close).trim() !== '';
  const region = { firstLine: l0 + 1, lastLine: closeHasContent ? l1 : l1 - 1, levels: snippet.after ? snippet.levels ?? t.wrapLevels : 0 };
  return { action, templates: t, snippet, note: snippet.note, values, region, open, close, firstLine: l0 + 1 };
}

/**
 * Whether a function that is not async returns a promise: its declared return type says so, or every return statement
 * of its own (not a nested function's) that returns a value returns a promise-making call (README "Injection").
 */
function returnsPromise(ctx: FileContext, t: LanguageTemplates, fn: FunctionDef): boolean {
  const d = t.promiseDetection;
  if (!d) return false;
  if (d.returnType && fn.returnType && new RegExp(d.returnType).test(fn.returnType.trim())) return true;
  const valued = ctx.returns.filter((r) => r.owner === fn.bodySpan.startIndex).filter((r) => r.promise !== undefined);
  return valued.length > 0 && valued.every((r) => r.promise);
}

interface PlannedCall {
  action: Extract<Action, { kind: 'call' }>;
  values: Record<string, string>;
  firstLine: number;
  lastLine: number;
}

/** A client/producer span around the statement holding a call (see calls.ts for when it is safe). */
function planCall(ctx: FileContext, action: Extract<Action, { kind: 'call' }>, tracer: { name: string }): PlannedCall | string {
  const spec = ctx.base.callSpan!;
  const rec: WithAttributes = action.recs[0];
  const where = `${ctx.syntax.languageId} call span`;
  const values: Record<string, string> = {
    ...ctx.base.vars,
    tracerVar: tracer.name,
    module: ctx.syntax.moduleName || ctx.syntax.packageName || ctx.syntax.path,
    spanName: rec.spanName,
    functionName: action.fn.name,
    qualifiedName: action.fn.qualifiedName,
    file: ctx.syntax.path,
    line: String(rec.line),
    kindArgument: ctx.base.spanKinds?.[rec.spanKind] ?? '',
    attributesArgument: attributesArgument(spec, rec.attributes, where),
  };
  renderTemplate(spec.before, values, where);
  const firstLine = ctx.lines.lineOf(action.statement.start);
  const lastLine = ctx.lines.lineOf(action.statement.end);
  return { action, values, firstLine, lastLine };
}

/** The function's body with nested functions blanked out, so a nested span does not count as the outer one's. */
function textWithoutNested(ctx: FileContext, fn: FunctionDef): string {
  let body = ctx.text.slice(fn.bodySpan.startIndex, fn.bodySpan.endIndex);
  for (const other of ctx.syntax.functions) {
    if (other === fn || other.span.startIndex < fn.bodySpan.startIndex || other.span.endIndex > fn.bodySpan.endIndex) continue;
    const s = other.span.startIndex - fn.bodySpan.startIndex;
    const e = other.span.endIndex - fn.bodySpan.startIndex;
    body = body.slice(0, s) + ' '.repeat(e - s) + body.slice(e);
  }
  return body;
}

/**
 * Recognises a template's own output: its first line with every placeholder matching anything on the line, since
 * values like the line number move when the file is edited.
 */
function firstLinePattern(template: string): RegExp | undefined {
  const first = template.split('\n')[0].replace(/^\t+/, '').trim();
  if (!first) return undefined;
  const parts = first.split(/\{\{\s*\w+\s*(?:\|\s*\w+\s*)?\}\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('[^\\n]*?'));
}

function unusedName(text: string, candidates: string[]): string {
  return candidates.find((c) => !new RegExp(`\\b${c}\\b`).test(text)) ?? `${candidates[candidates.length - 1]}${text.length}`;
}

/** Renders a snippet's lines at an indentation; a leading tab in a template line is one more indent unit. */
function renderLines(ctx: FileContext, template: string, values: Record<string, string>, indent: string, where: string): string[] {
  if (!template) return [];
  return renderTemplate(template, values, where)
    .split('\n')
    .map((l) => {
      const tabs = /^\t*/.exec(l)![0].length;
      return `${indent}${ctx.unit.repeat(tabs)}${l.slice(tabs)}`;
    });
}

/** Offset of the first character in [from, to) that is neither white space nor inside a comment; -1 when none. */
function codeStart(ctx: FileContext, from: number, to: number): number {
  let i = from;
  while (i < to) {
    if (/\s/.test(ctx.text[i])) {
      i++;
      continue;
    }
    const comment = commentAt(ctx, i);
    if (!comment) return i;
    i = comment[1];
  }
  return -1;
}

function commentAt(ctx: FileContext, offset: number): [number, number] | undefined {
  let lo = 0;
  let hi = ctx.comments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [start, end] = ctx.comments[mid];
    if (offset < start) hi = mid - 1;
    else if (offset >= end) lo = mid + 1;
    else return ctx.comments[mid];
  }
  return undefined;
}

/**
 * The first line in [from, to] where a statement starts: not blank, not only comments, not inside a multi-line
 * string; -1 when there is none. In a brace block, a `}` coming first means the block has no statement.
 */
function firstStatementLine(ctx: FileContext, from: number, to: number): number {
  for (let n = from; n <= to && n < ctx.lines.count; n++) {
    if (ctx.protectedLines.has(n)) continue;
    const at = codeStart(ctx, ctx.lines.starts[n], ctx.lines.lineEnd(n));
    if (at < 0) continue;
    return ctx.base.body === 'braces' && ctx.text[at] === '}' ? -1 : n;
  }
  return -1;
}

/** Indentation of a line inserted before `line`: outside the call spans whose header goes there too. */
function indentAt(ctx: FileContext, line: number, minusLevels = 0): string {
  return ctx.lines.indentation(line) + ctx.unit.repeat(Math.max(0, ctx.extra[line] - ctx.callHeads[line] - minusLevels));
}

function attributeLines(ctx: FileContext, w: PlannedWrap, indent: string): string[] {
  const t = w.templates;
  if (!t.attribute) return [];
  const wanted = new Set(w.action.recs.flatMap((r) => r.capture).map(normalizeKey));
  const selfNames = new Set(['self', 'cls', 'this']);
  return w.action.fn.parameters
    .filter((p) => p.name && !selfNames.has(p.name) && wanted.has(normalizeKey(p.name)))
    .filter((p) => !t.attributeTypes || !p.type || new RegExp(t.attributeTypes).test(p.type.trim()))
    .flatMap((p) => {
      const key = w.action.recs.flatMap((r) => r.capture).find((k) => normalizeKey(k) === normalizeKey(p.name))!;
      return renderLines(ctx, t.attribute!, { ...w.values, key, value: p.name }, indent, `${ctx.syntax.languageId} attribute`);
    });
}

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function wrapOps(ctx: FileContext, w: PlannedWrap): Op[] {
  const { lines, eol } = ctx;
  const where = `${ctx.syntax.languageId} function`;
  const ops: Op[] = [];
  if (w.templates.body === 'indented-block') {
    const indent = indentAt(ctx, w.firstLine, w.region.levels);
    const header = [...renderLines(ctx, w.snippet.before, w.values, indent, where), ...attributeLines(ctx, w, indent)];
    ops.push({ start: lines.starts[w.firstLine], end: lines.starts[w.firstLine], text: header.map((l) => l + eol).join(''), rank: 0 });
    return ops;
  }
  // Brace bodies: the statements' indentation, from the body's first statement (a comment may sit anywhere).
  const l0 = lines.lineOf(w.open);
  const l1 = lines.lineOf(w.close);
  const levels = w.region.levels;
  const statementLine = firstStatementLine(ctx, l0 + 1, w.region.lastLine);
  const outerOfOpen = indentAt(ctx, l0);
  const statementIndent = statementLine >= 0 ? indentAt(ctx, statementLine, levels) : indentAt(ctx, w.action.fn.span.start.line) + ctx.unit;
  const before = [...renderLines(ctx, w.snippet.before, w.values, statementIndent, where), ...attributeLines(ctx, w, statementIndent)];
  const after = renderLines(ctx, w.snippet.after ?? '', w.values, statementIndent, where);

  // A comment after `{` stays on its line (it may be a directive for that line, like `// eslint-disable-line`).
  if (codeStart(ctx, w.open + 1, lines.lineEnd(l0)) < 0 && l1 > l0) {
    const end = lines.lineEnd(l0);
    ops.push({ start: end, end, text: before.map((l) => eol + l).join(''), rank: 0 });
  } else {
    const contentStart = w.open + 1 + (/^\s*/.exec(ctx.text.slice(w.open + 1))![0].length);
    ops.push({ start: w.open + 1, end: contentStart, text: before.map((l) => eol + l).join('') + eol + statementIndent + ctx.unit.repeat(levels), rank: 0 });
  }
  if (after.length) {
    const beforeClose = ctx.text.slice(lines.starts[l1], w.close);
    if (beforeClose.trim() === '' && l1 > l0) {
      ops.push({ start: lines.starts[l1], end: lines.starts[l1], text: after.map((l) => l + eol).join(''), rank: 0 });
    } else {
      const contentEnd = w.close - (/\s*$/.exec(ctx.text.slice(0, w.close))![0].length);
      ops.push({ start: contentEnd, end: w.close, text: after.map((l) => eol + l).join('') + eol + outerOfOpen, rank: 0 });
    }
  }
  return ops;
}

/** Offsets where every line of a wrapped region moves right: added once all regions are known. */
function indentOps(ctx: FileContext): Op[] {
  const ops: Op[] = [];
  for (let n = 0; n < ctx.lines.count; n++) {
    if (ctx.extra[n] > 0 && !ctx.lines.isBlank(n) && !ctx.protectedLines.has(n)) {
      ops.push({ start: ctx.lines.starts[n], end: ctx.lines.starts[n], text: ctx.unit.repeat(ctx.extra[n]), rank: 1 });
    }
  }
  return ops;
}

// ---------------------------------------------------------------------------------------------------------------
// Exception handlers, error checks and branches: lines at the top of their block.

function constructOps(ctx: FileContext, action: Extract<Action, { kind: 'exception' | 'branch' }>, wrapped: Map<number, PlannedWrap>): { ops: Op[]; uses: string[] } | string {
  const { construct: c, fn } = action;
  const t = templatesFor(ctx.syntax.languageId, action.recs[0].priority, ctx.custom)!;
  const fnText = fn ? ctx.text.slice(fn.span.startIndex, fn.span.endIndex) : ctx.text;
  const contextParam = fn?.parameters.find((p) => t.contextParameterType && p.type === t.contextParameterType && p.name !== '_');
  const values: Record<string, string> = {
    ...t.vars,
    functionName: fn?.name ?? '',
    qualifiedName: fn?.qualifiedName ?? ctx.syntax.moduleName,
    file: ctx.syntax.path,
    line: String(c.span.start.line + 1),
    spanName: fn ? spanNameOf(fn, action.recs[0]) : '',
    condition: oneLine(c.detail ?? ''),
    contextVar: contextParam?.name ?? '',
    errorVar: '',
    spanVar: '',
    tracerVar: '',
  };
  let snippet: Snippet | undefined;
  const ops: Op[] = [];
  const header = blockHeader(ctx, c);
  if (typeof header === 'string') return header;

  if (action.kind === 'branch') {
    snippet = t.branch;
    if (!snippet) return `no branch template for ${ctx.syntax.languageId}`;
    if (snippet.needsContext && !contextParam) return `no ${t.contextParameterType} parameter to find the current span from`;
  } else if (ctx.syntax.languageId === 'go' || c.kind === 'error-check') {
    const errorVar = /^(\w+)\s*!=\s*nil$/.exec(c.detail ?? '')?.[1];
    if (!errorVar) return `only 'if err != nil' checks are instrumented (found '${c.detail ?? ''}')`;
    values.errorVar = errorVar;
    const wrap = fn && wrapped.get(fn.span.startIndex);
    const existingSpan = /(?:^|[\s,])(\w+)\s*:=[^\n]*\.Start\(/m.exec(fn ? textWithoutNested(ctx, fn) : '')?.[1];
    if (wrap) {
      values.spanVar = wrap.values.spanVar;
      snippet = t.exception;
    } else if (existingSpan) {
      values.spanVar = existingSpan;
      snippet = t.exception;
    } else if (contextParam) snippet = t.exceptionFromContext;
    else return 'no span in scope to record the error on (add the function span first)';
  } else {
    snippet = t.exception;
    const bound = ctx.syntax.languageId === 'python' ? /\bas\s+(\w+)\s*$/.exec(header.headerText)?.[1] : /([A-Za-z_$][\w$]*)\s*\)\s*$/.exec(header.headerText)?.[1];
    if (bound) values.errorVar = bound;
    else {
      const name = unusedName(fnText, ['e', 'err', 'exc', 'otel_error']);
      values.errorVar = name;
      if (ctx.syntax.languageId === 'python') {
        if (/^except\s*\*/.test(header.headerText)) return 'except* handlers are not instrumented';
        const bare = /^except\s*$/.test(header.headerText);
        ops.push({ start: header.open, end: header.open, text: bare ? ` BaseException as ${name}` : ` as ${name}`, rank: 0 });
      } else if (/catch\s*$/.test(header.headerText)) {
        ops.push({ start: header.open, end: header.open, text: ` (${name})`, rank: 0 });
      } else {
        return 'the caught value is destructured; nothing to record';
      }
    }
  }
  if (!snippet) return `no ${action.kind} template for ${ctx.syntax.languageId}`;

  renderTemplate(snippet.before, values, `${ctx.syntax.languageId} ${action.kind}`);
  const ownOutput = firstLinePattern(snippet.before);
  const { lines, eol } = ctx;
  const blockOpen = header.open;
  const headerLine = lines.lineOf(blockOpen);
  const headerEnd = lines.lineEnd(headerLine);
  const restIsEmpty = codeStart(ctx, blockOpen + 1, headerEnd) < 0;
  const next = restIsEmpty ? firstStatementLine(ctx, headerLine + 1, lines.lineOf(c.span.endIndex - 1)) : -1;
  const firstStatement = restIsEmpty ? (next >= 0 ? lines.line(next).trim() : '') : ctx.text.slice(blockOpen + 1, headerEnd).trim();
  if (ownOutput?.test(firstStatement) || new RegExp(t.existingRecord).test(firstStatement)) return 'already instrumented';

  if (ctx.syntax.languageId === 'python') {
    if (!restIsEmpty) return 'the block is on the same line as its header';
    if (next < 0) return 'the block has no statements';
    const indent = indentAt(ctx, next);
    ops.push({ start: lines.starts[next], end: lines.starts[next], text: renderLines(ctx, snippet.before, values, indent, action.kind).map((l) => l + eol).join(''), rank: 0 });
  } else {
    const indent = next >= 0 ? indentAt(ctx, next) : indentAt(ctx, c.span.start.line) + ctx.unit;
    // After a comment that shares the header's line, so the comment stays where it was.
    const at = restIsEmpty ? headerEnd : blockOpen + 1;
    ops.push({ start: at, end: at, text: renderLines(ctx, snippet.before, values, indent, action.kind).map((l) => eol + l).join(''), rank: 0 });
  }
  return { ops, uses: snippet.uses ?? [] };
}

function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}

/** The `:` (Python) or `{` that opens a construct's block, and the header text before it. */
function blockHeader(ctx: FileContext, c: Construct): { open: number; headerText: string } | string {
  const python = ctx.syntax.languageId === 'python';
  const open = scanFor(ctx, c.span.startIndex, c.span.endIndex, python ? ':' : '{');
  if (open < 0) return 'could not find the block of this construct';
  const headerText = ctx.text.slice(c.span.startIndex, open).trim();
  if (!python && c.kind === 'branch' && ctx.syntax.languageId !== 'go' && !/\)$/.test(headerText)) return 'the branch body is not a block';
  return { open, headerText };
}

/** First `target` at bracket depth 0 in [from, to), skipping strings and comments. */
function scanFor(ctx: FileContext, from: number, to: number, target: ':' | '{'): number {
  let depth = 0;
  let r = ctx.opaque.findIndex(([, end]) => end > from);
  for (let i = from; i < to; i++) {
    while (r >= 0 && r < ctx.opaque.length && ctx.opaque[r][1] <= i) r++;
    if (r >= 0 && r < ctx.opaque.length && ctx.opaque[r][0] <= i) {
      i = ctx.opaque[r][1] - 1;
      continue;
    }
    const ch = ctx.text[i];
    if (ch === target && depth === 0 && !(target === ':' && ctx.text[i + 1] === '=')) return i;
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------------------------

/** Sorts and merges operations into edits; undefined when two overlap. */
function mergeOps(ops: Op[]): TextEdit[] | undefined {
  const sorted = ops.map((o, i) => ({ ...o, i })).sort((a, b) => a.start - b.start || a.rank - b.rank || a.i - b.i);
  const edits: TextEdit[] = [];
  for (const o of sorted) {
    const last = edits[edits.length - 1];
    if (last && o.start < last.endIndex) return undefined;
    if (last && o.start === last.endIndex && last.startIndex === last.endIndex && o.start === last.startIndex) {
      last.newText += o.text;
      last.endIndex = o.end;
    } else if (last && o.start === last.endIndex && o.start === o.end) {
      last.newText += o.text;
    } else {
      edits.push({ startIndex: o.start, endIndex: o.end, newText: o.text });
    }
  }
  return edits;
}

/** String and comment ranges from a syntax tree (deleted before returning). */
/**
 * One parse of the text for everything planning reads from the tree: string and comment ranges, return statements,
 * and the statements holding the calls that get client/producer spans.
 */
async function readTree(parser: ParserService, text: string, languageId: string, t: LanguageTemplates, calls: { spec: CallSpanTemplates; spans: Array<{ startIndex: number; endIndex: number }> } | undefined, limits?: ParseLimits) {
  const { tree } = await parser.parse(text, languageId, limits);
  const stringTypes = new Set(t.stringNodes);
  const commentTypes = new Set(t.commentNodes);
  const opaque: Array<[number, number]> = [];
  const strings: Array<[number, number]> = [];
  const returns: ReturnStatement[] = [];
  const detection = t.promiseDetection;
  const callee = detection && new RegExp(detection.callee);
  try {
    walkTree(tree.rootNode, (cursor) => {
      const type = cursor.nodeType;
      if (detection && callee && type === detection.returnNode) {
        let value = cursor.currentNode.namedChildren.find((c) => c && !commentTypes.has(c.type)) ?? null;
        while (value && detection.transparentNodes?.includes(value.type)) value = value.namedChild(0);
        const field = value && detection.calleeFields[value.type];
        const called = field ? value!.childForFieldName(field.field) : null;
        let owner = cursor.currentNode.parent;
        while (owner && !detection.functionNodes.includes(owner.type)) owner = owner.parent;
        const ownerBody = owner?.childForFieldName('body');
        if (ownerBody) returns.push({ owner: ownerBody.startIndex, promise: value ? !!called && callee.test(`${field!.prefix ?? ''}${called.text}(`) : undefined });
      }
      const isString = stringTypes.has(type);
      if (!isString && !commentTypes.has(type)) return true;
      const range: [number, number] = [cursor.startIndex, cursor.endIndex];
      opaque.push(range);
      if (isString) strings.push(range);
      return false;
    });
    return { opaque, strings, returns, calls: calls ? locateCallStatements(tree.rootNode, text, calls.spec, calls.spans) : new Map<string, CallStatement | string>() };
  } finally {
    tree.delete();
  }
}

// The rules engine: for each function of one FileSyntax, evaluate the rules (rules.json) over generic signals —
// constructs, calls matched to the language's catalog, decorators, parameters — and return scored
// recommendations. Pure and synchronous: no I/O and no parsing, so it can run after every incremental parse.
import type { CallSite, ClassDef, Construct, FileSyntax, FunctionDef, FunctionShift, Priority, Recommendation, Span, SpanKind } from '../model';
import { CatalogMatcher, catalogFor, NameResolver, normalizeType, type Catalog, type CompiledApi, type CompiledHandler } from './catalog';
import type { AnalysisConfig, RuleSeverity } from './config';
import rulesData from './rules.json';

export type Signal = 'entry-point' | 'function-span' | 'catch' | 'error-check' | 'branch' | 'external-call' | 'remote-loop' | 'complexity' | 'state-change';

export interface RuleData {
  id: string;
  priority: Priority;
  signal: Signal;
  params?: Record<string, unknown>;
  languages?: string[];
  message: string;
  severity: RuleSeverity;
  enabled: boolean;
  baseScore: number;
  maxPerFunction?: number;
}

export const rules: readonly RuleData[] = (rulesData as { rules: RuleData[] }).rules;
const captureParameter = new RegExp(rulesData.parameters.capture);
const secretParameter = new RegExp(rulesData.parameters.secret, 'i');

/** A recommendation as the analyzer returns it: the contract's fields plus what diagnostics and injection need. */
export interface AnalyzedRecommendation extends Recommendation {
  severity: RuleSeverity;
  /** Attribute values already known from the code (`db.system.name: sqlite`, `http.request.method: POST`). */
  attributes: Record<string, string>;
}

export interface SuppressedRecommendation {
  rule: string;
  qualifiedName: string;
  line: number;
  reason: string;
}

export interface FileCoverage {
  /** Functions that get (or, when instrumented, would get) a recommendation. */
  functions: number;
  /** Of those, the ones with OpenTelemetry instrumentation already. */
  instrumented: number;
}

export interface FileAnalysis {
  recommendations: AnalyzedRecommendation[];
  coverage: FileCoverage;
  /** Qualified names of the functions found instrumented. */
  instrumented: string[];
  suppressed: SuppressedRecommendation[];
}

export interface AnalysisContext {
  /** How many call sites in the workspace call this function (from the call-graph index); raises the score. */
  fanIn?: (qualifiedName: string) => number;
  /** Results of this document's previous analysis, updated to this one's; reused for the functions in `reused`. */
  memo?: AnalysisMemo;
  /** Functions the incremental parse carried over from the previous version (DocumentState.reused). */
  reused?: ReadonlyMap<FunctionDef, FunctionShift>;
}

/** Everything known about one function, computed once and read by every rule. */
interface FunctionFacts {
  fn: FunctionDef;
  calls: CallSite[];
  constructs: Construct[];
  io: { call: CallSite; api: CompiledApi }[];
  /** Depth of each construct among nesting constructs (branch, loop, try, switch, catch); 1 = outermost. */
  depth: Map<Construct, number>;
  statements: number;
  handler?: HandlerMatch;
  spanName: string;
  /** From the name to the end: Java and TypeScript spans start at the annotations, the signature is the anchor. */
  signatureSpan: Span;
  parameterCapture: string[];
  secretParameters: string[];
}

interface HandlerMatch {
  handler: CompiledHandler;
  method?: string;
  route?: string;
  destination?: string;
}

interface Candidate {
  span: Span;
  spanKind: SpanKind;
  spanName: string;
  capture: string[];
  attributes?: Record<string, string>;
  values: Record<string, string | number>;
  /** Signal-specific score contribution on top of the rule's base score. */
  boost?: number;
  /** The capture list proposes the function's parameters (so the rationale says which were left out). */
  proposesParameters?: boolean;
}

const NESTING_KINDS = new Set(['branch', 'loop', 'try', 'switch', 'catch']);
const ERROR_KINDS = new Set(['catch', 'raise', 'error-check', 'recover']);
const REMOTE_CATEGORIES = new Set(['http-client', 'database', 'cache', 'messaging-producer', 'messaging-consumer', 'llm', 'rpc']);
const HTTP_METHODS = /^(get|post|put|patch|delete|head|options)/i;
const CATEGORY_NAMES: Record<string, string> = {
  'http-client': 'HTTP client',
  database: 'database',
  cache: 'cache',
  'messaging-producer': 'message producer',
  'messaging-consumer': 'message consumer',
  file: 'file I/O',
  subprocess: 'subprocess',
  llm: 'LLM API',
  rpc: 'RPC client',
};

function contains(outer: Span, inner: Span): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

function shorten(text: string, max = 60): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

// ---- values read from a call's argument text (generic: SQL, HTTP verbs, models, destinations) ----

const STRING_LITERAL = /(['"`])((?:(?!\1)[^\\\n]|\\.)*)\1/g;

function stringLiterals(args: string): string[] {
  return [...args.matchAll(STRING_LITERAL)].map((m) => m[2]).filter((s) => !s.includes('${'));
}

function sqlOf(args: string): { operation?: string; table?: string } {
  const sql = stringLiterals(args).find((s) => /^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|MERGE|UPSERT|REPLACE|WITH|CALL|TRUNCATE)\b/i.test(s));
  if (!sql) return {};
  const operation = /^\s*(\w+)/.exec(sql)![1].toUpperCase();
  const table = /\b(?:FROM|INTO|UPDATE|TABLE|JOIN)\s+[`"[]?([\w.]+)/i.exec(sql)?.[1];
  return { operation, table };
}

function derive(token: string, call: CallSite): string | undefined {
  const args = call.argumentsText;
  switch (token) {
    case '$method':
      return call.name;
    case '$httpMethod': {
      const fromName = HTTP_METHODS.exec(call.name)?.[1];
      if (fromName) return fromName.toUpperCase();
      const fromArgs = /method\s*[:=]\s*['"](\w+)['"]|Method(Get|Post|Put|Patch|Delete|Head|Options)\b|HttpMethod\.(\w+)|['"](GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)['"]/i.exec(args);
      const m = fromArgs?.slice(1).find(Boolean);
      return m ? m.toUpperCase() : undefined;
    }
    case '$firstString': {
      const s = stringLiterals(args)[0];
      return s && /^[\w./-]{1,40}$/.test(s) ? s.split('/').pop() : undefined;
    }
    case '$sqlOperation':
      return sqlOf(args).operation;
    case '$sqlTable':
      return sqlOf(args).table;
    case '$model':
      return /\bmodel(?:Id|_id)?\s*[:=]\s*['"]([^'"]{1,80})['"]/i.exec(args)?.[1];
    case '$destination': {
      const named = /\b(?:topic|queue|queue_?url|topic_?arn|exchange|subject|destination|routing_?key)\s*[:=]\s*['"]([^'"]{1,100})['"]/i.exec(args)?.[1];
      const first = named ?? stringLiterals(args)[0];
      return first && /^[\w.\-/:]{1,100}$/.test(first) ? first.split('/').pop() : undefined;
    }
    default:
      return token;
  }
}

/** `{a|fallback} {b}`: placeholders from the attributes; empty parts dropped. */
function renderTemplate(template: string, attributes: Record<string, string>): string {
  return template
    .replace(/\{([\w.]+)(?:\|([^}]*))?\}/g, (_, key: string, fallback?: string) => attributes[key] ?? fallback ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

// ---- the per-function facts ----

function functionSpanName(fn: FunctionDef): string {
  return fn.container && fn.container !== fn.name ? `${fn.container}.${fn.name}` : fn.name;
}

/** `order_id` → `order.id`, `orderId` → `order.id`, `id` in OrderService → `order.id`. */
function attributeKeyForParameter(name: string, container: string | undefined): string {
  const words = name
    .replace(/^_+/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split('_')
    .filter(Boolean);
  if (words.length > 1) return `${words.slice(0, -1).join('_')}.${words[words.length - 1]}`;
  const entity = container?.replace(/(Controller|Service|Handler|Resource|Repository|Manager|ViewSet|View|Api|Client|Impl)$/, '').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  return `${entity || 'app'}.${words[0] ?? name}`;
}

function matchHandler(catalog: Catalog, fn: FunctionDef, classes: Map<string, ClassDef>, registrations: Map<string, HandlerMatch>): HandlerMatch | undefined {
  const cls = fn.container ? classes.get(fn.container) : undefined;
  for (const h of catalog.handlers) {
    if (h.classDecorator && !cls?.decorators.some((d) => h.classDecorator!.test(d))) continue;
    if (h.classBase && !cls?.bases.some((b) => h.classBase!.test(b))) continue;
    if (h.methodName && !h.methodName.test(fn.name)) continue;
    if (h.parameters && !h.parameters.test(fn.parameters.map((p) => p.type ?? '_').join(', '))) continue;
    let groups: Record<string, string | undefined> = {};
    if (h.decorator) {
      const m = fn.decorators.map((d) => h.decorator!.exec(d.replace(/^@/, ''))).find(Boolean);
      if (!m) continue;
      groups = { ...m.groups };
    }
    if (h.registration) continue;
    const prefix = cls?.decorators.map((d) => h.classDecorator?.exec(d)?.groups?.route).find((r) => r !== undefined);
    const route = prefix !== undefined || groups.route !== undefined ? joinRoute(prefix ?? '', groups.route ?? '') : undefined;
    const verb = groups.method ?? (h.methodName && HTTP_METHODS.test(fn.name) ? HTTP_METHODS.exec(fn.name)![1] : h.defaultMethod);
    const registered = registrations.get(fn.name);
    return {
      handler: h,
      route: route ?? registered?.route,
      method: verb && verb.toLowerCase() !== 'request' ? verb.toUpperCase() : registered?.method,
      destination: groups.destination,
    };
  }
  return registrations.get(fn.name);
}

function joinRoute(prefix: string, route: string): string {
  const joined = `/${[prefix, route].map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
  return joined;
}

/** Handlers named in registering calls (`app.get('/x', listOrders)`, `http.HandleFunc("/x", s.orders)`). */
function registeredHandlers(catalog: Catalog, syntax: FileSyntax): Map<string, HandlerMatch> {
  const out = new Map<string, HandlerMatch>();
  const registering = catalog.handlers.filter((h) => h.registration);
  if (!registering.length) return out;
  for (const call of syntax.calls) {
    const text = `${call.callee}${call.argumentsText}`.replace(/\s+/g, ' ');
    for (const h of registering) {
      const g = h.registration!.exec(text)?.groups;
      if (!g?.handler) continue;
      const name = g.handler.split('.').pop()!;
      if (!out.has(name)) out.set(name, { handler: h, route: g.route, method: (g.method ?? h.defaultMethod)?.toUpperCase() });
      break;
    }
  }
  return out;
}

function nestingDepths(constructs: Construct[]): Map<Construct, number> {
  const nesting = constructs.filter((c) => NESTING_KINDS.has(c.kind)).sort((a, b) => a.span.startIndex - b.span.startIndex || b.span.endIndex - a.span.endIndex);
  const depth = new Map<Construct, number>();
  const stack: Construct[] = [];
  for (const c of nesting) {
    while (stack.length && stack[stack.length - 1].span.endIndex <= c.span.startIndex) stack.pop();
    // A catch clause sits inside its try: count the pair as one level.
    const parentIsTry = c.kind === 'catch' && stack.length && stack[stack.length - 1].kind === 'try';
    depth.set(c, stack.filter((s) => !(s.kind === 'try' && parentIsTry && s === stack[stack.length - 1])).length + 1);
    stack.push(c);
  }
  return depth;
}

/** Statements in the body, approximated by its lines without comment-only lines and, for `{}` bodies, braces. */
function statementCount(fn: FunctionDef, commentLines: Set<number>, blockDelimited: boolean): number {
  const { start, end } = fn.bodySpan;
  let first = start.line;
  let last = end.line;
  if (blockDelimited && last > first) {
    first += 1;
    last -= 1;
  }
  let n = 0;
  for (let l = first; l <= last; l++) if (!commentLines.has(l)) n++;
  return Math.max(n, 1);
}

// ---- the rules ----

function isTrivial(f: FunctionFacts): boolean {
  return f.statements <= 3 && f.io.length === 0 && !f.constructs.some((c) => ERROR_KINDS.has(c.kind) || c.kind === 'loop');
}

function onlyStoresArguments(f: FunctionFacts): boolean {
  return f.fn.kind === 'constructor' && f.io.length === 0 && f.constructs.every((c) => c.kind === 'state-assignment' || c.kind === 'return');
}

function isGetter(f: FunctionFacts, catalog: Catalog): boolean {
  return !!catalog.getterDecorators && f.fn.decorators.some((d) => catalog.getterDecorators!.test(d.replace(/^@/, '').replace(/\(.*$/s, '')));
}

function exceptionText(detail: string | undefined): string {
  if (!detail) return 'any exception';
  const cleaned = detail.replace(/\s+as\s+\w+$/, '').replace(/^\(|\)$/g, '').replace(/\s+/g, ' ').trim();
  // JavaScript binds a name, not a type: `catch (err)`.
  if (/^[a-z_$][\w$]*$/.test(cleaned) && cleaned === detail.trim()) return `any error (as ${cleaned})`;
  return shorten(cleaned, 50);
}

function evaluate(rule: RuleData, f: FunctionFacts): Candidate[] {
  const fnKind: SpanKind = f.handler ? f.handler.handler.spanKind : 'internal';
  const base = (span: Span, values: Record<string, string | number>, capture: string[] = []): Candidate => ({
    span,
    spanKind: fnKind,
    spanName: f.spanName,
    capture: ['code.function.name', ...capture, ...f.parameterCapture],
    values,
    proposesParameters: true,
  });
  const params = rule.params ?? {};
  switch (rule.signal) {
    case 'entry-point': {
      const h = f.handler;
      const kinds = (params.spanKinds as string[] | undefined) ?? ['server'];
      if (!h || !kinds.includes(h.handler.spanKind)) return [];
      const server = h.handler.spanKind === 'server';
      const capture = server
        ? ['http.request.method', 'http.route', 'http.response.status_code', 'url.path']
        : ['messaging.system', 'messaging.destination.name', 'messaging.operation.type', 'messaging.message.id'];
      const attributes: Record<string, string> = {};
      if (server && h.method) attributes['http.request.method'] = h.method;
      if (server && h.route) attributes['http.route'] = h.route;
      if (!server && h.handler.messagingSystem) attributes['messaging.system'] = h.handler.messagingSystem;
      if (!server && h.destination) attributes['messaging.destination.name'] = h.destination;
      if (!server) attributes['messaging.operation.type'] = 'process';
      return [
        {
          ...base(f.signatureSpan, { framework: h.handler.framework, route: h.route ?? f.fn.name, destinationText: h.destination ? ` for ${h.destination}` : '' }, capture),
          attributes,
          boost: 0.1,
        },
      ];
    }
    case 'function-span': {
      if (f.handler) return [];
      const reasons: string[] = [];
      if (f.io.length) reasons.push(`calls ${listNames(f.io.map((x) => x.call.callee))}`);
      const caught = f.constructs.filter((c) => c.kind === 'catch').map((c) => exceptionText(c.detail));
      if (caught.length) reasons.push(`handles ${listNames(caught)}`);
      else if (f.constructs.some((c) => c.kind === 'error-check')) reasons.push('returns errors');
      if (f.constructs.some((c) => c.kind === 'raise')) reasons.push('raises errors');
      if (!reasons.length) return [];
      return [base(f.signatureSpan, { reasons: reasons.join(', ') })];
    }
    case 'catch':
      return f.constructs
        .filter((c) => c.kind === 'catch' || c.kind === 'recover')
        .map((c) => base(c.span, { exception: c.kind === 'recover' ? 'a panic (recover)' : exceptionText(c.detail) }, ['exception.type', 'exception.message', 'exception.stacktrace']));
    case 'error-check':
      return f.constructs.filter((c) => c.kind === 'error-check').map((c) => base(c.span, { condition: shorten(c.detail ?? 'err != nil', 40) }, ['exception.type', 'exception.message', 'error.type']));
    case 'branch': {
      const minOperands = (params.minOperands as number | undefined) ?? 2;
      return f.constructs
        .filter((c) => {
          if (c.kind === 'switch') return true;
          if (c.kind !== 'branch') return false;
          const operands = (c.detail?.match(/\band\b|\bor\b|&&|\|\|/g)?.length ?? 0) + 1;
          const important = f.io.some((x) => contains(c.span, x.call.span)) || f.constructs.some((r) => r.kind === 'raise' && contains(c.span, r.span));
          return operands >= minOperands || important;
        })
        .map((c) => base(c.span, { branchKind: c.kind === 'switch' ? 'switch' : 'branch', condition: shorten(c.detail ?? 'its subject', 50) }));
    }
    case 'external-call': {
      const categories = new Set((params.categories as string[] | undefined) ?? []);
      const seen = new Set<string>();
      const out: Candidate[] = [];
      for (const { call, api } of f.io) {
        if (!categories.has(api.category)) continue;
        const key = `${api.id}:${call.span.start.line}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const attributes: Record<string, string> = {};
        const unknown: string[] = [];
        for (const [k, v] of Object.entries(api.attributes ?? {})) {
          const value = v.startsWith('$') ? derive(v, call) : v;
          if (value) attributes[k] = value;
          else unknown.push(k);
        }
        const name = (api.spanName && renderTemplate(api.spanName, attributes)) || shorten(call.callee.replace(/^new\s+/, ''), 60);
        const loopDepth = f.constructs.filter((c) => c.kind === 'loop' && contains(c.span, call.span)).length;
        out.push({
          span: call.span,
          spanKind: api.spanKind,
          spanName: name,
          capture: [...unknown, ...(api.capture ?? [])],
          attributes,
          values: { callee: call.callee, api: api.api, categoryName: CATEGORY_NAMES[api.category] ?? api.category, aSpanKind: `${api.spanKind === 'internal' ? 'an' : 'a'} ${api.spanKind}` },
          boost: Math.min(loopDepth, 2) * 0.1,
        });
      }
      return out;
    }
    case 'remote-loop': {
      const loops = f.constructs.filter((c) => c.kind === 'loop');
      const remote = f.io.filter((x) => REMOTE_CATEGORIES.has(x.api.category));
      const out: Candidate[] = [];
      for (const loop of loops) {
        // Only the outermost loop around remote calls: inner loops are its nesting.
        if (loops.some((o) => o !== loop && contains(o.span, loop.span) && remote.some((x) => contains(loop.span, x.call.span)))) continue;
        const inside = remote.filter((x) => contains(loop.span, x.call.span));
        if (!inside.length) continue;
        const nesting = Math.max(...inside.map((x) => loops.filter((l) => contains(l.span, x.call.span)).length));
        out.push({
          ...base(loop.span, {
            count: inside.length,
            plural: inside.length === 1 ? '' : 's',
            apis: listNames(inside.map((x) => x.call.callee)),
            nesting: nesting > 1 ? `, nested ${nesting} loops deep` : '',
          }, ['app.loop.iterations']),
          boost: Math.min(nesting, 3) * 0.1,
        });
      }
      return out;
    }
    case 'complexity': {
      const decisions = f.constructs.filter((c) => ['branch', 'switch', 'ternary', 'loop', 'catch', 'error-check'].includes(c.kind)).length;
      const nesting = Math.max(0, ...f.depth.values());
      if (nesting < ((params.minNesting as number | undefined) ?? 4) && decisions < ((params.minDecisions as number | undefined) ?? 8)) return [];
      return [{ ...base(f.signatureSpan, { decisions, nesting }), boost: Math.min(0.2, decisions / 100) }];
    }
    case 'state-change': {
      if (f.fn.kind === 'constructor') return [];
      const assignments = f.constructs.filter((c) => c.kind === 'state-assignment' || c.kind === 'global-assignment');
      if (!assignments.length) return [];
      const targets = [...new Set(assignments.map((c) => c.detail ?? 'state'))];
      const first = assignments[0].span;
      const last = assignments[assignments.length - 1].span;
      const span: Span = { start: first.start, end: last.end, startIndex: first.startIndex, endIndex: last.endIndex };
      const shown = targets.slice(0, 3).join(', ') + (targets.length > 3 ? ` and ${targets.length - 3} more` : '');
      return [base(span, { targets: shown }, targets.slice(0, 3).map((t) => `app.${t.replace(/^(self|this|cls)\./, '')}`))];
    }
  }
  return [];
}

function listNames(names: string[]): string {
  const unique = [...new Set(names)];
  return unique.slice(0, 3).join(', ') + (unique.length > 3 ? ` and ${unique.length - 3} more` : '');
}

function renderMessage(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
}

// ---- suppression comments ----

interface Suppression {
  /** 0-based line the comment is on. */
  line: number;
  nextLine: boolean;
  /** Rule ids or priorities named after the marker; empty means all. */
  only: string[];
}

const SUPPRESSION = /trace-advisor:\s*ignore(-next-line)?\b([^\n]*)/;

function suppressions(syntax: FileSyntax): Suppression[] {
  const out: Suppression[] = [];
  for (const c of syntax.comments) {
    const m = SUPPRESSION.exec(c.text);
    if (!m) continue;
    const only = m[2].replace(/\*\/.*$/, '').split(/[\s,]+/).filter((w) => /^[a-z][\w.-]*$/.test(w));
    out.push({ line: c.span.start.line, nextLine: !!m[1], only });
  }
  return out;
}

function suppressedBy(s: Suppression, rec: { rule: string; priority: string }, genericRule: string): boolean {
  return !s.only.length || s.only.some((o) => o === rec.rule || o === genericRule || o === rec.priority);
}

/** What rule evaluation reads besides the function: the file's and the configuration's facts. */
interface FunctionEnv {
  catalog: Catalog;
  matcher: CatalogMatcher;
  registrations: Map<string, HandlerMatch>;
  classes: Map<string, ClassDef>;
  commentLines: Set<number>;
  callsBy: Map<string, CallSite[]>;
  constructsBy: Map<string, Construct[]>;
  config: AnalysisConfig;
  active: RuleData[];
}

type ProducedRecommendation = Omit<AnalyzedRecommendation, 'id'>;

/** One function's recommendations before ids and suppressions; none (`undefined`) when it is skipped as trivial. */
interface FunctionResult {
  produced?: ProducedRecommendation[];
  instrumented: boolean;
}

interface MemoizedFunction extends FunctionResult {
  fanIn: number;
  unique: boolean;
}

/**
 * Kept by the caller between analyses of one document (pass it with `AnalysisContext.reused` from the incremental
 * parse): the results per function and what the whole file contributed to them.
 */
export class AnalysisMemo {
  fileKey = '';
  results = new Map<FunctionDef, MemoizedFunction>();
  /** The syntax analyzed last: analyzing it again (fan-in or AI results changed) reuses every function unmoved. */
  syntax: FileSyntax | undefined;
  /** Its module-level bindings (NameResolver.moduleBindings). */
  bindings: ReadonlyMap<string, string> = new Map();
}

/**
 * Everything outside a function's own top-level node that its results depend on, but module-level bindings: those
 * are compared per function, for the names its receivers read (NameResolver.sameModuleBindings), so a binding typed
 * at module level re-analyzes only the functions that could resolve through it.
 */
function fileKeyOf(syntax: FileSyntax, config: AnalysisConfig, registrations: Map<string, HandlerMatch>): string {
  return JSON.stringify([
    config,
    syntax.languageId,
    syntax.moduleName,
    syntax.imports.map((i) => [i.kind, i.module, i.alias, i.names]),
    syntax.classes.map((c) => [c.name, c.bases, c.decorators, c.fields.filter((f) => f.type)]),
    [...registrations].map(([name, h]) => [name, h.handler.id, h.route, h.method]),
  ]);
}

function shiftResult(result: MemoizedFunction, shift: FunctionShift): MemoizedFunction {
  if (!shift.index && !shift.rows) return result;
  const produced = result.produced?.map((rec) => ({
    ...rec,
    line: rec.line + shift.rows,
    endLine: rec.endLine + shift.rows,
    span: {
      start: { line: rec.span.start.line + shift.rows, column: rec.span.start.column },
      end: { line: rec.span.end.line + shift.rows, column: rec.span.end.column },
      startIndex: rec.span.startIndex + shift.index,
      endIndex: rec.span.endIndex + shift.index,
    },
  }));
  return { ...result, produced };
}

function analyzeFunction(fn: FunctionDef, fanIn: number, env: FunctionEnv): FunctionResult {
  const { catalog, matcher, config } = env;
  const calls = env.callsBy.get(fn.qualifiedName) ?? [];
  const constructs = env.constructsBy.get(fn.qualifiedName) ?? [];
  const io: FunctionFacts['io'] = [];
  let callsInstrumentation = false;
  for (const call of calls) {
    const { api, instrumentation } = matcher.matchCall(call, fn);
    if (api) io.push({ call, api });
    callsInstrumentation ||= instrumentation;
  }
  const parameters = fn.parameters.filter((p) => !['self', 'cls', 'this'].includes(p.name) && !(p.type && fn.container && normalizeType(p.type) === fn.container));
  const secretParameters = parameters.filter((p) => secretParameter.test(p.name)).map((p) => p.name);
  const facts: FunctionFacts = {
    fn,
    calls,
    constructs,
    io,
    depth: nestingDepths(constructs),
    statements: statementCount(fn, env.commentLines, catalog.blockDelimited),
    spanName: functionSpanName(fn),
    signatureSpan: { start: fn.nameSpan.start, end: fn.span.end, startIndex: fn.nameSpan.startIndex, endIndex: fn.span.endIndex },
    parameterCapture: [...new Set(parameters.filter((p) => !secretParameter.test(p.name) && captureParameter.test(p.name)).map((p) => attributeKeyForParameter(p.name, fn.container)))],
    secretParameters,
  };
  facts.handler = matchHandler(catalog, fn, env.classes, env.registrations);
  if (facts.handler?.route || facts.handler?.method) facts.spanName = [facts.handler.method ?? 'HTTP', facts.handler.route].filter(Boolean).join(' ');
  else if (facts.handler?.destination) facts.spanName = `process ${facts.handler.destination}`;
  const instrumented =
    (!!catalog.instrumentationDecorators && fn.decorators.some((d) => catalog.instrumentationDecorators!.test(d.replace(/^@/, '')))) ||
    callsInstrumentation;

  if (!facts.handler) {
    if (config.skipTrivialFunctions && isTrivial(facts)) return { instrumented };
    if (onlyStoresArguments(facts) || isGetter(facts, catalog)) return { instrumented };
  }

  const errorPaths = constructs.some((c) => ERROR_KINDS.has(c.kind));
  const signalScore =
    (io.length ? 0.15 : 0) + (errorPaths ? 0.1 : 0) + (fanIn > 0 ? 0.15 * Math.min(1, Math.log2(1 + fanIn) / 4) : 0) + (facts.statements > 60 ? 0.1 : facts.statements > 20 ? 0.05 : 0);

  const produced: ProducedRecommendation[] = [];
  const seenConstructs = new Set<string>();
  for (const rule of env.active) {
    const candidates = evaluate(rule, facts).slice(0, rule.maxPerFunction ?? Infinity);
    const ruleId = `${catalog.family}.${rule.id}`;
    for (const c of candidates) {
      const key = `${rule.priority}|${c.span.startIndex}`;
      if (seenConstructs.has(key)) continue;
      seenConstructs.add(key);
      const raw = Math.min(1, rule.baseScore + signalScore + (c.boost ?? 0));
      const score = Math.round(raw * config.priorities[rule.priority].weight * 100) / 100;
      if (score < config.minScore) continue;
      const secretNote = c.proposesParameters && facts.secretParameters.length ? ` Left out: ${facts.secretParameters.map((p) => `${p} (looks secret)`).join(', ')}.` : '';
      produced.push({
        rule: ruleId,
        priority: rule.priority,
        function: fn.name,
        qualifiedName: fn.qualifiedName,
        line: c.span.start.line + 1,
        endLine: c.span.end.line + 1,
        span: c.span,
        spanKind: c.spanKind,
        spanName: c.spanName,
        score,
        rationale: `${renderMessage(rule.message, { function: fn.name, spanName: c.spanName, ...c.values })}.${secretNote}`,
        capture: [...new Set(c.capture)].filter((k) => !secretParameter.test(k.split('.').pop() ?? '')),
        source: 'rules',
        severity: ruleSetting(config, catalog.family, rule) as RuleSeverity,
        attributes: c.attributes ?? {},
      });
    }
  }
  return { produced, instrumented };
}

// ---- the entry point ----

function ruleSetting(config: AnalysisConfig, family: string, rule: RuleData): RuleSeverity | 'off' {
  return config.rules[`${family}.${rule.id}`] ?? config.rules[rule.id] ?? (rule.enabled ? rule.severity : 'off');
}

/**
 * Recommendations for one parsed file. Pure: reads only `syntax`, `config` and `context`; fast enough to run on
 * every keystroke after an incremental parse.
 */
export function analyzeFile(syntax: FileSyntax, config: AnalysisConfig, context: AnalysisContext = {}): FileAnalysis {
  const catalog = catalogFor(syntax.languageId);
  const names = new NameResolver(syntax);
  const matcher = new CatalogMatcher(catalog, names);
  const registrations = registeredHandlers(catalog, syntax);
  const commentLines = new Set<number>();
  for (const c of syntax.comments) if (c.span.start.line === c.span.end.line) commentLines.add(c.span.start.line);
  const callsBy = groupBy(syntax.calls, (c) => c.caller);
  // The first class of each name, as a search from the start would find it.
  const classes = new Map<string, ClassDef>();
  for (const c of syntax.classes) if (!classes.has(c.name)) classes.set(c.name, c);
  const constructsBy = groupBy(syntax.constructs, (c) => c.function);
  const active = rules.filter((r) => (!r.languages || r.languages.includes(catalog.family)) && config.priorities[r.priority]?.enabled && ruleSetting(config, catalog.family, r) !== 'off');
  const marks = suppressions(syntax);
  const functions = syntax.functions.filter((f) => f.kind !== 'module');

  const recommendations: AnalyzedRecommendation[] = [];
  const suppressed: SuppressedRecommendation[] = [];
  const instrumented: string[] = [];
  let recommendedFunctions = 0;
  const usedIds = new Set<string>();
  const env: FunctionEnv = { catalog, matcher, registrations, classes, commentLines, callsBy, constructsBy, config, active };

  // Functions an edit did not touch keep their results, when nothing they were computed from changed.
  const memo = context.memo;
  const fileKey = memo ? fileKeyOf(syntax, config, registrations) : '';
  const previous = memo && memo.fileKey === fileKey ? memo.results : undefined;
  const results = new Map<FunctionDef, MemoizedFunction>();
  const bindings = memo ? names.moduleBindings() : new Map<string, string>();
  const sameBindings = !previous || (bindings.size === memo!.bindings.size && [...bindings].every(([name, held]) => memo!.bindings.get(name) === held));
  const namesake = new Map<string, number>();
  for (const fn of functions) namesake.set(fn.qualifiedName, (namesake.get(fn.qualifiedName) ?? 0) + 1);

  for (const fn of functions) {
    const fanIn = context.fanIn?.(fn.qualifiedName) ?? 0;
    // Functions sharing a qualified name share their calls and constructs: they are recomputed together.
    const unique = namesake.get(fn.qualifiedName) === 1;
    const shift = !previous || !unique ? undefined : memo!.syntax === syntax ? { previous: fn, index: 0, rows: 0 } : context.reused?.get(fn);
    const before = shift && previous!.get(shift.previous);
    const result = before && before.unique && before.fanIn === fanIn && shift.previous.qualifiedName === fn.qualifiedName &&
      (sameBindings || names.sameModuleBindings(fn, env.callsBy.get(fn.qualifiedName) ?? [], memo!.bindings, bindings))
      ? shiftResult(before, shift)
      : { ...analyzeFunction(fn, fanIn, env), fanIn, unique };
    if (memo) results.set(fn, result);
    if (!result.produced) continue;
    const produced: AnalyzedRecommendation[] = result.produced.map((rec) => {
      let id = `${rec.rule}@${fn.qualifiedName}:${rec.line}`;
      if (usedIds.has(id)) id = `${id}:${rec.span.start.column + 1}`;
      usedIds.add(id);
      return { id, ...rec };
    });

    const kept = produced.filter((rec) => {
      const generic = rec.rule.slice(catalog.family.length + 1);
      const mark = marks.find(
        (s) =>
          suppressedBy(s, rec, generic) &&
          (s.nextLine ? s.line + 1 === rec.span.start.line : innermostFunction(functions, s.line) === fn),
      );
      if (mark) suppressed.push({ rule: rec.rule, qualifiedName: rec.qualifiedName, line: rec.line, reason: `trace-advisor: ${mark.nextLine ? 'ignore-next-line' : 'ignore'} comment on line ${mark.line + 1}` });
      return !mark;
    });
    if (!kept.length) continue;
    recommendedFunctions++;
    if (result.instrumented) instrumented.push(fn.qualifiedName);
    else recommendations.push(...kept);
  }
  if (memo) {
    memo.fileKey = fileKey;
    memo.results = results;
    memo.syntax = syntax;
    memo.bindings = bindings;
  }

  recommendations.sort((a, b) => a.span.startIndex - b.span.startIndex || b.score - a.score);
  return { recommendations, coverage: { functions: recommendedFunctions, instrumented: instrumented.length }, instrumented, suppressed };
}

function innermostFunction(functions: FunctionDef[], line: number): FunctionDef | undefined {
  let best: FunctionDef | undefined;
  for (const f of functions) {
    if (f.span.start.line <= line && line <= f.span.end.line && (!best || f.span.startIndex >= best.span.startIndex)) best = f;
  }
  return best;
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

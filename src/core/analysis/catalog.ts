// Knowledge as data: each language family's catalog.json (external APIs, entry-point patterns, existing
// instrumentation) compiled once into matchers, and the generic code that matches a file's calls against them.
// The shape of a catalog is catalog.schema.json; adding an API is adding an entry there, no code.
import type { CallSite, FileSyntax, FunctionDef, ImportDef, SpanKind } from '../model';
import { languageById } from '../languages';
import pythonCatalog from '../languages/python/catalog.json';
import javascriptCatalog from '../languages/javascript/catalog.json';
import goCatalog from '../languages/go/catalog.json';
import javaCatalog from '../languages/java/catalog.json';

export type ApiCategory =
  | 'http-client'
  | 'database'
  | 'cache'
  | 'messaging-producer'
  | 'messaging-consumer'
  | 'file'
  | 'subprocess'
  | 'llm'
  | 'rpc';

export interface MatchData {
  calls?: string[];
  receiverTypes?: string[];
  receivers?: string;
  methods?: string[];
  imports?: string[];
  arguments?: string;
}

export interface ApiData {
  id: string;
  api: string;
  category: ApiCategory;
  spanKind: SpanKind;
  match: MatchData;
  spanName?: string;
  attributes?: Record<string, string>;
  capture?: string[];
}

export interface HandlerData {
  id: string;
  framework: string;
  spanKind: 'server' | 'consumer';
  decorator?: string;
  classDecorator?: string;
  classBase?: string;
  methodName?: string;
  /** Regex over the parameters' types joined by `, ` (a Go method's receiver first, `_` when untyped). */
  parameters?: string;
  registration?: string;
  defaultMethod?: string;
  messagingSystem?: string;
}

export interface CatalogData {
  family: string;
  languages: string[];
  blockDelimited: boolean;
  getterDecorators?: string[];
  apis: ApiData[];
  handlers: HandlerData[];
  instrumentation: { calls: MatchData[]; decorators: string };
}

interface CompiledMatch {
  calls?: RegExp;
  receiverTypes?: RegExp;
  receivers?: RegExp;
  methods?: RegExp;
  imports?: RegExp;
  arguments?: RegExp;
}

export interface CompiledApi extends Omit<ApiData, 'match'> {
  matcher: CompiledMatch;
}

export interface CompiledHandler extends Omit<HandlerData, 'decorator' | 'classDecorator' | 'classBase' | 'methodName' | 'parameters' | 'registration'> {
  decorator?: RegExp;
  classDecorator?: RegExp;
  classBase?: RegExp;
  methodName?: RegExp;
  parameters?: RegExp;
  registration?: RegExp;
}

export interface Catalog {
  family: string;
  blockDelimited: boolean;
  getterDecorators?: RegExp;
  apis: CompiledApi[];
  handlers: CompiledHandler[];
  instrumentationCalls: CompiledMatch[];
  instrumentationDecorators?: RegExp;
}

/** `*` any characters, `{a,b}` alternatives; everything else literal. One regex for a list of globs. */
export function globsToRegExp(globs: string[] | undefined): RegExp | undefined {
  if (!globs?.length) return undefined;
  const one = (g: string) => {
    let out = '';
    for (let i = 0; i < g.length; i++) {
      const c = g[i];
      if (c === '*') out += '.*';
      else if (c === '{') {
        const end = g.indexOf('}', i);
        out += `(?:${g.slice(i + 1, end).split(',').map(escapeRegExp).join('|')})`;
        i = end;
      } else out += escapeRegExp(c);
    }
    return out;
  };
  return new RegExp(`^(?:${globs.map(one).join('|')})$`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function compileMatch(m: MatchData): CompiledMatch {
  return {
    calls: globsToRegExp(m.calls),
    receiverTypes: globsToRegExp(m.receiverTypes),
    receivers: m.receivers ? new RegExp(m.receivers) : undefined,
    methods: globsToRegExp(m.methods),
    imports: globsToRegExp(m.imports),
    arguments: m.arguments ? new RegExp(m.arguments) : undefined,
  };
}

export function compileCatalog(data: CatalogData): Catalog {
  const rx = (s: string | undefined) => (s ? new RegExp(s) : undefined);
  return {
    family: data.family,
    blockDelimited: data.blockDelimited,
    getterDecorators: globsToRegExp(data.getterDecorators),
    apis: data.apis.map(({ match, ...rest }) => ({ ...rest, matcher: compileMatch(match) })),
    handlers: data.handlers.map((h) => ({
      ...h,
      decorator: rx(h.decorator),
      classDecorator: rx(h.classDecorator),
      classBase: rx(h.classBase),
      methodName: rx(h.methodName),
      parameters: rx(h.parameters),
      registration: rx(h.registration),
    })),
    instrumentationCalls: data.instrumentation.calls.map(compileMatch),
    instrumentationDecorators: rx(data.instrumentation.decorators),
  };
}

/** Every catalog shipped with the extension, as data. */
export const catalogData: readonly CatalogData[] = [pythonCatalog, javascriptCatalog, goCatalog, javaCatalog] as CatalogData[];

const compiled = new Map<string, Catalog>();
for (const data of catalogData) {
  const catalog = compileCatalog(data);
  for (const id of data.languages) compiled.set(id, catalog);
}

/** The catalog for a VS Code language id; languages without one get an empty catalog named after the language. */
export function catalogFor(languageId: string): Catalog {
  const found = compiled.get(languageId) ?? compiled.get(languageById(languageId)?.id ?? '');
  if (found) return found;
  const empty: Catalog = { family: languageById(languageId)?.id ?? languageId, blockDelimited: true, apis: [], handlers: [], instrumentationCalls: [] };
  compiled.set(languageId, empty);
  return empty;
}

/**
 * What the file's names mean: local names bound by imports, module-level bindings, classes and their fields.
 * Built once per file; resolving a call is then a few map lookups.
 */
export class NameResolver {
  /** Local name → what it stands for, import-qualified (`np` → `numpy`, `post` → `requests.post`, `http` → `net/http`). */
  private readonly imported = new Map<string, string>();
  private readonly importedModules: string[] = [];
  private readonly fieldTypes = new Map<string, Map<string, string>>();
  private readonly locals = new Map<string, { type?: string; callee?: string }>();
  private readonly selfNames: Set<string>;
  private readonly separators: RegExp;
  // Every API entry asks the same questions about the same call: answer each once.
  private readonly qualified = new Map<string, string | undefined>();
  private readonly kinds = new Map<string, string[]>();

  constructor(private readonly syntax: FileSyntax) {
    const spec = languageById(syntax.languageId);
    this.selfNames = new Set(spec?.selfNames ?? ['self', 'this']);
    this.separators = new RegExp((spec?.memberSeparators ?? ['.']).map(escapeRegExp).sort((a, b) => b.length - a.length).join('|'), 'g');
    for (const imp of syntax.imports) this.addImport(imp);
    for (const c of syntax.classes) this.fieldTypes.set(c.name, new Map(c.fields.filter((f) => f.type).map((f) => [f.name, f.type!])));
    // A JS assignment to a name its function does not declare writes an outer variable, not a local of the function.
    const declared = new Set((syntax.locals ?? []).filter((l) => l.kind !== 'assignment').map((l) => `${l.function}\u0000${l.name}`));
    for (const l of syntax.locals ?? []) {
      const key = `${l.function}\u0000${l.name}`;
      if (l.kind === 'declaration' && !l.type) continue;
      if (l.kind !== 'assignment' || declared.has(key)) this.locals.set(key, { type: l.type, callee: l.callee });
    }
  }

  /**
   * The module-level bindings resolving a receiver can read: name → what it holds (type and callee), for each whose
   * final binding has a type or a callee. A binding with neither (`x = 3`, a class-level statement) resolves exactly
   * as no binding, so adding or removing one leaves this unchanged.
   */
  moduleBindings(): Map<string, string> {
    const prefix = `${this.syntax.moduleName}\u0000`;
    const out = new Map<string, string>();
    for (const [key, { type, callee }] of this.locals) {
      if ((type || callee) && key.startsWith(prefix)) out.set(key.slice(prefix.length), JSON.stringify([type, callee]));
    }
    return out;
  }

  /**
   * Whether resolving the receivers of `fn`'s calls reads the same module-level bindings in `before` (another
   * version's moduleBindings) as in `now`. Follows every name a receiver starts with and, through bound callees
   * (`c = conn.cursor()` → `conn`), the names those start with: a superset of what receiverKinds looks up.
   */
  sameModuleBindings(fn: FunctionDef, calls: readonly CallSite[], before: ReadonlyMap<string, string>, now: ReadonlyMap<string, string>): boolean {
    const seen = new Set<string>();
    const pending: string[] = [];
    const follow = (text: string | undefined) => {
      const first = text ? this.segments(text)[0] : undefined;
      if (first !== undefined && !seen.has(first)) {
        seen.add(first);
        pending.push(first);
      }
    };
    for (const call of calls) follow(call.receiver);
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      const held = before.get(name);
      if (held !== now.get(name)) return false;
      follow(this.locals.get(`${fn.qualifiedName}\u0000${name}`)?.callee);
      if (held) follow((JSON.parse(held) as [string?, string?])[1]);
    }
    return true;
  }

  private addImport(imp: ImportDef): void {
    const module = imp.module.replace(/^['"]|['"]$/g, '');
    this.importedModules.push(module);
    if (imp.alias) this.imported.set(imp.alias, module);
    for (const n of imp.names) {
      if (n.name === '*') continue;
      this.imported.set(n.alias, n.name === 'default' ? module : `${module}.${n.name}`);
    }
    if (imp.kind === 'module' && !imp.alias) {
      // Python `import a.b` binds `a`; Go `import "github.com/x/go-redis/v9"` binds the package name (`redis`).
      if (module.includes('/')) {
        const parts = module.split('/');
        let last = parts[parts.length - 1];
        if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2];
        last = last.replace(/\.v\d+$/, '');
        for (const name of new Set([last, last.replace(/^go-|-go$/g, '')])) this.imported.set(name, module);
      } else {
        const first = module.split('.')[0];
        if (!this.imported.has(first)) this.imported.set(first, first);
      }
    }
  }

  /** Modules the file imports, as written. */
  get modules(): readonly string[] {
    return this.importedModules;
  }

  segments(text: string): string[] {
    return text.replace(/^new\s+/, '').split(this.separators).filter(Boolean);
  }

  /** The callee with its first name replaced by what the import binds it to (`h.get` → `httpx.get`). */
  qualify(text: string): string | undefined {
    if (this.qualified.has(text)) return this.qualified.get(text);
    const result = this.qualifyUncached(text);
    this.qualified.set(text, result);
    return result;
  }

  private qualifyUncached(text: string): string | undefined {
    const parts = this.segments(text);
    const bound = parts.length ? this.imported.get(parts[0]) : undefined;
    return bound === undefined ? undefined : [bound, ...parts.slice(1)].join('.');
  }

  /**
   * What the receiver is, as candidates for `receiverTypes` globs: its declared type (short and import-qualified)
   * and its origin (the qualified callee that produced it, `sqlite3.connect.cursor`).
   */
  receiverKinds(receiver: string, fn: FunctionDef | undefined, depth = 0): string[] {
    const key = `${fn?.qualifiedName ?? ''}\u0000${receiver}`;
    let kinds = this.kinds.get(key);
    if (!kinds) {
      kinds = this.receiverKindsUncached(receiver, fn, depth);
      this.kinds.set(key, kinds);
    }
    return kinds;
  }

  private receiverKindsUncached(receiver: string, fn: FunctionDef | undefined, depth: number): string[] {
    if (depth > 4 || receiver.includes('(')) return [];
    const parts = this.segments(receiver);
    if (!parts.length) return [];
    let type: string | undefined;
    let origin: string | undefined;
    const [first, ...rest] = parts;
    if (this.selfNames.has(first) && fn?.container) {
      type = fn.container;
    } else {
      const param = fn?.parameters.find((p) => p.name === first);
      const local = (fn && this.locals.get(`${fn.qualifiedName}\u0000${first}`)) ?? this.locals.get(`${this.syntax.moduleName}\u0000${first}`);
      if (param?.type) type = param.type;
      else if (local?.type) type = local.type;
      else if (local?.callee) origin = this.origin(local.callee, fn, depth);
      else if (fn?.container && this.fieldTypes.get(fn.container)?.has(first)) type = this.fieldTypes.get(fn.container)!.get(first);
      else if (this.imported.has(first)) origin = this.imported.get(first);
    }
    for (const field of rest) {
      const owner = type ? this.fieldTypes.get(normalizeType(type)) : undefined;
      if (owner?.has(field)) {
        type = owner.get(field);
        origin = undefined;
      } else if (origin) {
        origin = `${origin}.${field}`;
      } else {
        return [];
      }
    }
    const out: string[] = [];
    if (type) {
      const t = normalizeType(type);
      out.push(t);
      const q = this.qualify(t);
      if (q) out.push(q);
    }
    if (origin) out.push(origin);
    return out;
  }

  private origin(callee: string, fn: FunctionDef | undefined, depth: number): string | undefined {
    const parts = this.segments(callee);
    if (parts.length === 1) return this.imported.get(parts[0]) ?? parts[0];
    const receiver = parts.slice(0, -1).join('.');
    const [kind] = this.receiverKinds(receiver, fn, depth + 1).slice(-1);
    return kind ? `${kind}.${parts[parts.length - 1]}` : this.qualify(callee);
  }
}

/** `*pkg.Type`, `List<Foo>`, `readonly Foo[]` → `pkg.Type`, `List`, `Foo`. */
export function normalizeType(type: string): string {
  return type
    .replace(/<.*>/s, '')
    .replace(/\[\]|\?|[*&]/g, '')
    .replace(/^(readonly|const|final)\s+/, '')
    .trim();
}

/** What matching reads from one call, worked out once however many catalog entries ask. */
class CallNames {
  /** The callee as written, `new X` for constructors. */
  readonly written: string;
  /** The callee with its first name import-qualified, when an import binds it. */
  readonly qualified: string | undefined;
  private receiverKindsCache?: string[];
  private receiverCallsCache?: string[];
  private receiverLastCache?: string;

  constructor(readonly call: CallSite, private readonly fn: FunctionDef | undefined, private readonly resolver: NameResolver) {
    this.written = call.isConstructor ? `new ${call.callee.replace(/^new\s+/, '')}` : call.callee;
    const qualified = resolver.qualify(call.callee);
    this.qualified = qualified && call.isConstructor ? `new ${qualified}` : qualified;
  }

  get receiverKinds(): string[] {
    return (this.receiverKindsCache ??= this.call.receiver ? this.resolver.receiverKinds(this.call.receiver, this.fn) : []);
  }

  /** `kind.name` for each receiver kind: the call as the receiver's type or origin spells it. */
  get receiverCalls(): string[] {
    return (this.receiverCallsCache ??= this.call.receiver && !this.call.isConstructor ? this.receiverKinds.map((kind) => `${kind}.${this.call.name}`) : []);
  }

  get receiverLast(): string {
    return (this.receiverLastCache ??= this.resolver.segments(this.call.receiver ?? '').pop() ?? '');
  }

  /** Everything `namesMatch` reads from the call: equal keys match the same entries. */
  key(): string {
    const { call } = this;
    const parts = [call.isConstructor ? 'new' : '', call.name, this.written, this.qualified ?? '\u0001'];
    if (call.receiver) parts.push(this.receiverLast, ...this.receiverKinds);
    // Length-prefixed, so no text inside a part can make two different calls one key.
    return parts.map((p) => `${p.length}:${p}`).join('');
  }
}

/**
 * A catalog bound to one file's names. The `imports` guards depend only on the file, so each is answered once;
 * each call's written, qualified and receiver names are worked out once for all entries.
 */
export class CatalogMatcher {
  private readonly importGuards = new Map<RegExp, boolean>();
  // Files repeat the same calls (`self.assertEqual`, `os.path.join`): decide each distinct one once. Arguments differ
  // from call to call, so the cache keeps what the names alone decide and leaves the `arguments` tests to each call.
  private readonly byNames = new Map<string, NameMatches>();

  constructor(readonly catalog: Catalog, readonly resolver: NameResolver) {}

  /**
   * The first catalog API the call matches (catalog order decides between overlapping entries), and whether it is a
   * call that instruments (starts a span).
   */
  matchCall(call: CallSite, fn: FunctionDef | undefined): { api?: CompiledApi; instrumentation: boolean } {
    const found = this.nameMatches(call, fn);
    return { api: found.apis.find((api) => argumentsMatch(api.matcher, call)), instrumentation: found.instrumentation.some((m) => argumentsMatch(m, call)) };
  }

  private nameMatches(call: CallSite, fn: FunctionDef | undefined): NameMatches {
    const names = new CallNames(call, fn, this.resolver);
    const key = names.key();
    let found = this.byNames.get(key);
    if (!found) {
      found = {
        // An entry guarded by `imports` applies only when the file imports the library (also for `calls` globs).
        apis: this.catalog.apis.filter((api) => (!api.matcher.imports || api.matcher.receivers || this.fileImports(api.matcher.imports)) && this.namesMatch(api.matcher, names)),
        instrumentation: this.catalog.instrumentationCalls.filter((m) => this.namesMatch(m, names)),
      };
      this.byNames.set(key, found);
    }
    return found;
  }

  private fileImports(modules: RegExp): boolean {
    let found = this.importGuards.get(modules);
    if (found === undefined) {
      found = this.resolver.modules.some((mod) => modules.test(mod));
      this.importGuards.set(modules, found);
    }
    return found;
  }

  /** Everything a matcher asks except its `arguments` test. */
  private namesMatch(m: CompiledMatch, names: CallNames): boolean {
    const call = names.call;
    if (m.calls) {
      if (m.calls.test(names.written) || (names.qualified && m.calls.test(names.qualified))) return true;
      for (const spelled of names.receiverCalls) if (m.calls.test(spelled)) return true;
    }
    if (!m.methods || call.isConstructor || !call.receiver || !m.methods.test(call.name)) return false;
    if (m.receiverTypes && names.receiverKinds.some((k) => m.receiverTypes!.test(k))) return true;
    if (m.receivers) {
      if (!m.receivers.test(names.receiverLast)) return false;
      return !m.imports || this.fileImports(m.imports);
    }
    return false;
  }
}

/** The catalog entries a call's names match, in catalog order, before their `arguments` tests. */
interface NameMatches {
  apis: CompiledApi[];
  instrumentation: CompiledMatch[];
}

function argumentsMatch(m: CompiledMatch, call: CallSite): boolean {
  return !m.arguments || m.arguments.test(call.argumentsText);
}

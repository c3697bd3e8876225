// What every language resolver shares: the index's lookup tables, the values an expression can evaluate to, and
// class machinery (bases, method lookup along the inheritance order, implementations of interfaces). Each language
// module supplies only its scoping rules: how a name and a member are found, how a type name is read.
import type { CallGraphCall, CallGraphClass, CallGraphSyntax, CallGraphFunction, LocalBinding } from '../../model';
import type { CallTarget } from '../types';

export interface FileEntry {
  syntax: CallGraphSyntax;
  library: boolean;
}

export interface ClassEntry {
  def: CallGraphClass;
  file: string;
  /** Own methods by name → qualified name. */
  methods: Map<string, string>;
}

/** The tables a resolution pass reads; built by WorkspaceIndex with maps, so every lookup is O(1). */
export interface IndexModel {
  files: Map<string, FileEntry>;
  functions: Map<string, { def: CallGraphFunction; file: string }>;
  classes: Map<string, ClassEntry>;
  /** Named functions nested in a function: parent qualified name → name → qualified name. */
  nested: Map<string, Map<string, string>>;
  /** Locals per function qualified name. */
  locals: Map<string, LocalBinding[]>;
  /** Extra directories searched for imports (absolute), earliest first. */
  searchPaths: string[];
  root: string;
}

export type Value =
  | { kind: 'module'; key: string }
  | { kind: 'function'; qname: string }
  | { kind: 'class'; qname: string }
  | { kind: 'instance'; qname: string }
  /** Several possible functions (interface or virtual call). */
  | { kind: 'dynamic'; qnames: string[] }
  | { kind: 'external'; name: string }
  | { kind: 'builtin'; name: string }
  /** Known to be something we cannot follow (an untyped parameter): stops lookup, no guess. */
  | { kind: 'opaque' };

export const OPAQUE: Value = { kind: 'opaque' };

const TRAILING_MEMBER = /\)\.([\p{L}_$][\p{L}\p{N}_$]*)$/u;

/** `a.b(x, f(y)).c` → callee `a.b`, member `c`: the last call's callee and the member read from its result. */
export function splitCallChain(text: string): { callee: string; member: string } | undefined {
  const m = TRAILING_MEMBER.exec(text);
  if (!m) return undefined;
  let depth = 0;
  for (let i = m.index; i >= 0; i--) {
    const c = text[i];
    if (c === ')') depth++;
    else if (c === '(' && --depth === 0) return i > 0 ? { callee: text.slice(0, i), member: m[1] } : undefined;
  }
  return undefined;
}
const IDENTIFIER = /^[\p{L}_$][\p{L}\p{N}_$]*$/u;

export function isIdentifier(text: string): boolean {
  return IDENTIFIER.test(text);
}

export function lastDot(qname: string): string {
  const i = qname.lastIndexOf('.');
  return i < 0 ? '' : qname.slice(0, i);
}

/** Plain identifiers separated by dots, or undefined when the text is anything else (calls, indexing, literals). */
export function dottedParts(text: string): string[] | undefined {
  const parts = text.split('.');
  return parts.every(isIdentifier) ? parts : undefined;
}

export abstract class LanguageResolver {
  private readonly mroCache = new Map<string, string[]>();
  private readonly basesCache = new Map<string, string[]>();
  private readonly implementersCache = new Map<string, string[]>();
  /** Locals being evaluated, so `x = x.copy()` does not loop. */
  private readonly evaluating = new Set<LocalBinding>();

  constructor(protected readonly model: IndexModel) {}

  /** The targets of one call made in `file` by the function `call.caller`. */
  abstract resolveCall(file: CallGraphSyntax, call: CallGraphCall): CallTarget[];

  /** A type written in `file` (annotation, declared type, base class) as a class or external value. */
  abstract resolveType(text: string, file: CallGraphSyntax): Value | undefined;

  /** What a plain name means in function `fnQname` at a 0-based line: a parameter, local, module binding, built-in. */
  protected abstract lookup(name: string, file: CallGraphSyntax, fnQname: string, line: number): Value | undefined;

  /**
   * A name bound in the enclosing functions, innermost first: a parameter (by its declared type), a local (by what was
   * assigned), a nested function or class. Undefined when none binds it (the caller looks at module scope next).
   */
  protected functionScopeLookup(name: string, file: CallGraphSyntax, fnQname: string, line: number): Value | undefined {
    for (let q: string | undefined = fnQname; q; q = this.model.functions.get(q)?.def.parent) {
      const fn = this.model.functions.get(q);
      if (!fn || fn.def.kind === 'module') break;
      const index = fn.def.parameters.findIndex((p) => p.name === name);
      const scope = q;
      const evalIn = (local: LocalBinding) => this.localValue(local, file, (text) => this.evalExpression(text, file, scope, local.line));
      if (!this.rebindingChangesType) {
        if (index >= 0) return this.parameterValue(q, fn.def, index, file);
        const local = this.localBinding(q, name, line);
        if (local) return evalIn(local);
      }
      const bindings = this.rebindingChangesType ? this.localBindings(q, name) : [];
      if (index >= 0) {
        const param = this.parameterValue(q, fn.def, index, file);
        // A parameter assigned in the body holds its declared type only where declared types bind (TypeScript).
        if (!bindings.length || (this.declaredTypesBind && fn.def.parameters[index].type)) return param;
        return this.agreed([() => param, ...bindings.map((b) => () => evalIn(b))]);
      }
      // Bindings that are all assignments (JS `x = …` without a declaration) are an enclosing scope's variable's.
      if (bindings.some((b) => b.kind !== 'assignment')) return this.combinedLocalValue(bindings, evalIn);
      const nested = this.model.nested.get(q)?.get(name);
      if (nested) return this.model.classes.has(nested) ? { kind: 'class', qname: nested } : { kind: 'function', qname: nested };
    }
    return undefined;
  }

  /**
   * Binds a module's own top-level functions, classes and locals into its scope (after its imports, which they
   * rebind); a local never shadows a definition of the same name.
   */
  protected bindModuleDefinitions(file: CallGraphSyntax, scope: ReadonlyMap<string, unknown>, bind: (name: string, value: () => Value | undefined) => void): void {
    for (const fn of file.functions) {
      if (fn.kind !== 'module' && !fn.parent && !fn.container) bind(fn.name, () => ({ kind: 'function', qname: fn.qualifiedName }));
    }
    for (const cls of file.classes) {
      if (cls.qualifiedName === `${file.moduleName}.${cls.name}`) bind(cls.name, () => ({ kind: 'class', qname: cls.qualifiedName }));
    }
    const moduleLocals = new Map<string, LocalBinding[]>();
    for (const local of file.locals ?? []) {
      // A function's assignment to a name it does not declare rebinds the module's variable (JS).
      const outer = local.kind === 'assignment' && local.function !== file.moduleName && !this.declaresLocal(local.function, local.name);
      if ((local.function !== file.moduleName && !outer) || scope.has(local.name)) continue;
      const list = moduleLocals.get(local.name);
      if (list) list.push(local);
      else moduleLocals.set(local.name, [local]);
    }
    for (const [name, bindings] of moduleLocals) {
      bind(name, () => this.combinedLocalValue(bindings, (local) => this.localValue(local, file, (text) => this.evalExpression(text, file, file.moduleName, local.line))));
    }
  }

  /** What a parameter holds: an instance of its declared type, or something we cannot follow. */
  protected parameterValue(_fnQname: string, fn: CallGraphFunction, index: number, file: CallGraphSyntax): Value {
    const type = fn.parameters[index].type;
    return (type && this.asInstance(this.resolveType(type, file))) || OPAQUE;
  }

  /** The parts of a dotted name, or undefined for anything else (calls, indexing, literals). */
  protected dotted(text: string): string[] | undefined {
    return dottedParts(text);
  }

  /** A dotted name (`self.repo.save`) evaluated in the scope of function `fnQname` at a 0-based line. */
  protected evalDotted(text: string, file: CallGraphSyntax, fnQname: string, line: number): Value | undefined {
    const parts = this.dotted(text);
    if (!parts) return undefined;
    let v = this.lookup(parts[0], file, fnQname, line);
    for (const part of parts.slice(1)) {
      if (!v || v.kind === 'opaque') return undefined;
      v = this.member(v, part);
    }
    return v?.kind === 'opaque' ? undefined : v;
  }

  /** Member `name` of a value (a module's export, a class's method, an instance's field). */
  protected abstract member(v: Value, name: string): Value | undefined;

  /** A callee that may call through call results: `make().run`, `a.b(x).c(y).d` (arguments without parentheses). */
  protected evalExpression(text: string, file: CallGraphSyntax, fnQname: string, line: number): Value | undefined {
    const chain = splitCallChain(text);
    if (!chain) return this.evalDotted(text, file, fnQname, line);
    // `new X().m`: what `new X` gives is what calling the class gives.
    const result = this.resultOf(this.evalExpression(chain.callee.replace(/^new /, ''), file, fnQname, line));
    return result && result.kind !== 'opaque' ? this.member(result, chain.member) : undefined;
  }

  /** Files outside the workspace that this file's imports need (absolute paths), for search-path loading. */
  libraryImports(_file: CallGraphSyntax): string[] {
    return [];
  }

  protected fileOf(path: string): CallGraphSyntax | undefined {
    return this.model.files.get(path)?.syntax;
  }

  /** Whether classes in this language are linearised the Python way (C3) or depth-first. */
  protected c3 = false;

  basesOf(qname: string): string[] {
    let bases = this.basesCache.get(qname);
    if (bases) return bases;
    bases = [];
    this.basesCache.set(qname, bases);
    const entry = this.model.classes.get(qname);
    const file = entry && this.fileOf(entry.file);
    if (entry && file) {
      for (const text of entry.def.bases) {
        const v = this.resolveType(text, file);
        if (v && (v.kind === 'class' || v.kind === 'instance') && v.qname !== qname) bases.push(v.qname);
      }
    }
    return bases;
  }

  /** The class and its ancestors in lookup order. Cycles in bad code end the walk. */
  mro(qname: string): string[] {
    const cached = this.mroCache.get(qname);
    if (cached) return cached;
    this.mroCache.set(qname, [qname]);
    const result = (this.c3 && this.c3Linearize(qname)) || this.depthFirst(qname);
    this.mroCache.set(qname, result);
    return result;
  }

  private depthFirst(qname: string): string[] {
    const out: string[] = [];
    const visit = (q: string) => {
      if (out.includes(q)) return;
      out.push(q);
      for (const b of this.basesOf(q)) visit(b);
    };
    visit(qname);
    return out;
  }

  private c3Linearize(qname: string): string[] | undefined {
    const seqs = this.basesOf(qname).map((b) => [...this.mro(b)]);
    seqs.push([...this.basesOf(qname)]);
    const out = [qname];
    for (;;) {
      const live = seqs.filter((s) => s.length);
      if (!live.length) return out;
      const head = live.map((s) => s[0]).find((h) => !live.some((s) => s.indexOf(h) > 0));
      if (!head) return undefined;
      out.push(head);
      for (const s of live) if (s[0] === head) s.shift();
    }
  }

  findMethod(cls: string, name: string, skipSelf = false): string | undefined {
    for (const c of this.mro(cls)) {
      if (skipSelf && c === cls) continue;
      const m = this.model.classes.get(c)?.methods.get(name);
      if (m) return m;
    }
    return undefined;
  }

  /** Type of a field along the class's ancestors, as written, with the file it is written in. */
  findField(cls: string, name: string): Value | undefined {
    for (const c of this.mro(cls)) {
      const entry = this.model.classes.get(c);
      const field = entry?.def.fields.find((f) => f.name === name);
      if (!field) continue;
      const file = this.fileOf(entry!.file);
      return field.type && file ? this.asInstance(this.resolveType(field.type, file)) : OPAQUE;
    }
    return undefined;
  }

  /** Classes below an interface (or abstract base) that define or inherit `name`: the targets of a virtual call. */
  implementations(iface: string, name: string): string[] {
    const key = `${iface}#${name}`;
    const cached = this.implementersCache.get(key);
    if (cached) return cached;
    const out = new Set<string>();
    for (const [q, entry] of this.model.classes) {
      if (q === iface || entry.def.kind === 'interface' || !this.isImplementation(q, iface)) continue;
      const m = this.findMethod(q, name);
      if (m) out.add(m);
    }
    const result = [...out].sort();
    this.implementersCache.set(key, result);
    return result;
  }

  protected isImplementation(cls: string, iface: string): boolean {
    return this.mro(cls).includes(iface);
  }

  /** A class found through a search path (or vendor/), not in the workspace. */
  protected isLibraryClass(qname: string): boolean {
    const file = this.model.classes.get(qname)?.file;
    return !!file && !!this.model.files.get(file)?.library;
  }

  /**
   * A member of a library class that the loaded code does not show (an abstract or native method, one inherited from
   * a class not loaded, an interface method nothing loaded implements) stays external, named after the class, as it
   * was before the library was found: loading a library never turns a named call into an unresolved one.
   */
  protected libraryMemberOrExternal(v: Value, name: string, found: Value | undefined): Value | undefined {
    const missing = !found || (found.kind === 'dynamic' && !found.qnames.length);
    if (!missing || (v.kind !== 'class' && v.kind !== 'instance') || !this.isLibraryClass(v.qname)) return found;
    return { kind: 'external', name: `${v.qname}.${name}` };
  }

  protected asInstance(v: Value | undefined): Value | undefined {
    if (!v) return undefined;
    if (v.kind === 'class') return { kind: 'instance', qname: v.qname };
    return v;
  }

  /**
   * Whether a declared type is the variable's type whatever is assigned to it later (TypeScript, Java, Go), rather
   * than a hint that a later assignment may contradict (Python).
   */
  protected declaredTypesBind = false;

  /**
   * Whether assigning a local can change what it holds (Python, JavaScript). Where it cannot (Go: a variable keeps its
   * type; only a redeclaration in another block differs), the binding latest above the call is used.
   */
  protected rebindingChangesType = true;

  /** Whether function `fn` has a parameter or declares a local named `name`. */
  private declaresLocal(fn: string, name: string): boolean {
    const def = this.model.functions.get(fn)?.def;
    return !!def?.parameters.some((p) => p.name === name) || this.localBindings(fn, name).some((b) => b.kind !== 'assignment');
  }

  /** Every binding of local `name` in function `fn`, in source order. */
  protected localBindings(fn: string, name: string): LocalBinding[] {
    return (this.model.locals.get(fn) ?? []).filter((l) => l.name === name);
  }

  /**
   * What a local bound more than once holds. Which binding is in effect at a call depends on the path taken
   * (branches, loops), so it is known only when every binding gives the same value; otherwise it is opaque, never one
   * of them guessed. Where declared types bind, the declared bindings alone decide.
   */
  protected combinedLocalValue(bindings: LocalBinding[], evaluate: (local: LocalBinding) => Value | undefined): Value | undefined {
    const declared = this.declaredTypesBind ? bindings.filter((b) => b.type) : [];
    // `let x;` holds undefined, which has no members to call: the values assigned later decide.
    const valued = bindings.filter((b) => b.kind !== 'declaration' || b.type);
    const deciding = declared.length ? declared : valued.length ? valued : bindings;
    return this.agreed(deciding.map((b) => () => evaluate(b)));
  }

  /** The one value all of `values` give, or opaque when they differ (or one is unknown). */
  protected agreed(values: Array<() => Value | undefined>): Value | undefined {
    if (values.length === 1) return values[0]();
    let first: Value | undefined;
    let key: string | undefined;
    for (const get of values) {
      const v = get();
      if (!v || v.kind === 'opaque') return OPAQUE;
      const k = JSON.stringify(v);
      if (key === undefined) {
        first = v;
        key = k;
      } else if (k !== key) return OPAQUE;
    }
    return first;
  }

  /** The binding of a local visible at `line` in `fn`: the latest one above the line, else the first. */
  protected localBinding(fn: string, name: string, line: number): LocalBinding | undefined {
    const list = this.model.locals.get(fn);
    if (!list) return undefined;
    let best: LocalBinding | undefined;
    let first: LocalBinding | undefined;
    for (const l of list) {
      if (l.name !== name) continue;
      first ??= l;
      if (l.line <= line && (!best || l.line >= best.line)) best = l;
    }
    return best ?? first;
  }

  /**
   * The value a local holds: its declared type, or what the call assigned to it returns (a class's instance, a
   * function's declared return type, an external's result named after it).
   */
  protected localValue(local: LocalBinding, file: CallGraphSyntax, evalCallee: (text: string) => Value | undefined): Value | undefined {
    if (this.evaluating.has(local)) return undefined;
    this.evaluating.add(local);
    try {
      if (local.type) {
        const t = this.asInstance(this.resolveType(local.type, file));
        if (t) return t;
      }
      if (!local.callee) return OPAQUE;
      const v = evalCallee(local.callee);
      return this.resultOf(v) ?? OPAQUE;
    } finally {
      this.evaluating.delete(local);
    }
  }

  /** What calling a value gives back, when we can tell. */
  protected resultOf(v: Value | undefined): Value | undefined {
    if (!v) return undefined;
    switch (v.kind) {
      case 'class':
        return { kind: 'instance', qname: v.qname };
      case 'external':
        // What an outside call returns has no known type: its members are named from the call (`requests.get().json`),
        // never as if they were members of the function itself.
        return { kind: 'external', name: `${v.name}()` };
      case 'function': {
        const fn = this.model.functions.get(v.qname);
        const file = fn && this.fileOf(fn.file);
        if (!fn?.def.returnType || !file) return undefined;
        return this.asInstance(this.resolveType(fn.def.returnType, file));
      }
      default:
        return undefined;
    }
  }

  /** The class a method belongs to (its qualified name minus the method's name), if it is a known class. */
  protected classOfMethod(fnQname: string): string | undefined {
    const fn = this.model.functions.get(fnQname);
    if (!fn?.def.container) return undefined;
    const cls = lastDot(fnQname);
    return this.model.classes.has(cls) ? cls : undefined;
  }

  /** The nearest enclosing method (the function itself or one of its parents) and its class. */
  protected enclosingMethod(fnQname: string): { method: CallGraphFunction; cls: string } | undefined {
    for (let q: string | undefined = fnQname; q; q = this.model.functions.get(q)?.def.parent) {
      const cls = this.classOfMethod(q);
      if (cls) return { method: this.model.functions.get(q)!.def, cls };
    }
    return undefined;
  }

  /** Named functions nested in `fn` or its enclosing functions, innermost first. */
  protected nestedFunction(fnQname: string, name: string): string | undefined {
    for (let q: string | undefined = fnQname; q; q = this.model.functions.get(q)?.def.parent) {
      const hit = this.model.nested.get(q)?.get(name);
      if (hit) return hit;
    }
    return undefined;
  }

  /** Turns the value a callee evaluates to into call targets; `constructorName` picks a class's constructor. */
  protected targetsOf(v: Value | undefined, call: CallGraphCall, constructorName: string | undefined): CallTarget[] {
    const unresolved: CallTarget[] = [{ kind: 'unresolved', text: call.callee }];
    if (!v) return unresolved;
    switch (v.kind) {
      case 'function':
        return [{ kind: 'internal', qualifiedName: v.qname }];
      case 'dynamic':
        return v.qnames.length ? v.qnames.map((q) => ({ kind: 'internal', qualifiedName: q, dynamic: true })) : unresolved;
      case 'class': {
        const ctor = constructorName && this.constructorOf(v.qname, constructorName);
        return ctor ? [{ kind: 'internal', qualifiedName: ctor }] : [];
      }
      case 'external':
        return [{ kind: 'external', name: v.name }];
      case 'builtin':
        return [{ kind: 'external', name: `<builtin>.${v.name}` }];
      default:
        return unresolved;
    }
  }

  /** Constructors are inherited in Python and JavaScript; Java overrides this (they are not). */
  protected constructorOf(cls: string, name: string): string | undefined {
    return this.findMethod(cls, name);
  }

  /** Member lookup shared by the class-based languages: methods along the ancestors, then typed fields. */
  protected classMember(v: Value, name: string): Value | undefined {
    if (v.kind === 'class') {
      const m = this.findMethod(v.qname, name);
      if (m) return { kind: 'function', qname: m };
      const nested = `${v.qname}.${name}`;
      if (this.model.classes.has(nested)) return { kind: 'class', qname: nested };
      return undefined;
    }
    if (v.kind === 'instance') {
      const entry = this.model.classes.get(v.qname);
      if (entry?.def.kind === 'interface') {
        return { kind: 'dynamic', qnames: this.implementations(v.qname, name) };
      }
      const m = this.findMethod(v.qname, name);
      if (m) return { kind: 'function', qname: m };
      return this.findField(v.qname, name);
    }
    if (v.kind === 'external') return { kind: 'external', name: `${v.name}.${name}` };
    if (v.kind === 'builtin') return { kind: 'builtin', name: `${v.name}.${name}` };
    return undefined;
  }
}

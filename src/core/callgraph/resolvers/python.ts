// Python name resolution: modules by dotted name (packages, __init__ re-exports, relative imports, star imports
// honouring __all__), LEGB-style lookup (parameters, locals and nested functions of the enclosing functions, then
// module scope, then builtins), self/cls/super() along the C3 method resolution order, typed fields and locals.
import fs from 'node:fs';
import path from 'node:path';
import type { CallGraphCall, CallGraphSyntax, CallGraphFunction } from '../../model';
import builtinData from '../data/python.json';
import type { CallTarget } from '../types';
import { LanguageResolver, OPAQUE, dottedParts, lastDot, type IndexModel, type Value } from './common';

const BUILTINS = new Set(builtinData.names);
type Thunk = () => Value | undefined;

export class PythonResolver extends LanguageResolver {
  protected override c3 = true;
  /** Module name → file path. */
  private readonly modules = new Map<string, string>();
  /** Every module name and its parent package names (namespace packages have no file). */
  private readonly packages = new Set<string>();
  private readonly scopes = new Map<string, Map<string, Thunk>>();
  private readonly building = new Set<string>();

  constructor(model: IndexModel) {
    super(model);
    for (const [p, entry] of model.files) {
      const f = entry.syntax;
      if (f.languageId !== 'python') continue;
      // Workspace files come first in the model, then search paths in order: the first of a name wins.
      if (!this.modules.has(f.moduleName)) this.modules.set(f.moduleName, p);
      for (let m = f.moduleName; m; m = lastDot(m)) this.packages.add(m);
    }
  }

  override libraryImports(file: CallGraphSyntax): string[] {
    const out: string[] = [];
    for (const imp of file.imports) {
      const mod = this.absoluteModule(imp.module, file);
      if (!mod) continue;
      const wanted = [mod, ...imp.names.filter((n) => n.name !== '*').map((n) => `${mod}.${n.name}`)];
      for (const name of wanted) {
        for (let m = name; m; m = lastDot(m)) {
          if (this.packages.has(m)) continue;
          const found = this.findInSearchPaths(m);
          if (found) out.push(found);
        }
      }
    }
    return out;
  }

  private findInSearchPaths(moduleName: string): string | undefined {
    const rel = moduleName.split('.').join(path.sep);
    for (const dir of this.model.searchPaths) {
      for (const candidate of [`${rel}.py`, path.join(rel, '__init__.py'), `${rel}.pyi`, path.join(rel, '__init__.pyi')]) {
        const abs = path.join(dir, candidate);
        if (fs.existsSync(abs)) return abs;
      }
    }
    return undefined;
  }

  /** `..pkg.mod` seen from `file` → `root.pkg.mod`; undefined when it climbs above the top package. */
  private absoluteModule(spec: string, file: CallGraphSyntax): string | undefined {
    const dots = /^\.*/.exec(spec)![0].length;
    if (!dots) return spec;
    const isPackage = /(^|\/)__init__\.pyi?$/.test(file.path);
    let base = file.moduleName.split('.');
    if (!isPackage) base = base.slice(0, -1);
    if (dots - 1 > base.length) return undefined;
    base = base.slice(0, base.length - (dots - 1));
    const rest = spec.slice(dots);
    const joined = [...base, ...(rest ? [rest] : [])].join('.');
    return joined || undefined;
  }

  private moduleValue(name: string): Value {
    return this.packages.has(name) ? { kind: 'module', key: name } : { kind: 'external', name };
  }

  /** `name` of module `mod`: what its scope binds (re-exports included), else a submodule. */
  private moduleMember(mod: string, name: string): Value | undefined {
    const file = this.modules.get(mod);
    const bound = file ? this.scope(file).get(name)?.() : undefined;
    if (bound) return bound;
    const sub = `${mod}.${name}`;
    return this.packages.has(sub) ? { kind: 'module', key: sub } : undefined;
  }

  private importedName(mod: string | undefined, name: string): Thunk {
    return () => {
      if (!mod) return undefined;
      if (!this.packages.has(mod)) return { kind: 'external', name: `${mod}.${name}` };
      return this.moduleMember(mod, name);
    };
  }

  /** Module-level bindings of a file, each evaluated on first use (lazy, so import cycles terminate). */
  private scope(filePath: string): Map<string, Thunk> {
    const cached = this.scopes.get(filePath);
    if (cached) return cached;
    const scope = new Map<string, Thunk>();
    const file = this.fileOf(filePath);
    if (!file) return scope;
    this.scopes.set(filePath, scope);
    this.building.add(filePath);
    const memo = (t: Thunk): Thunk => {
      let done = false;
      let busy = false;
      let value: Value | undefined;
      return () => {
        if (done) return value;
        if (busy) return undefined;
        busy = true;
        value = t();
        busy = false;
        done = true;
        return value;
      };
    };
    const bind = (name: string, t: Thunk) => scope.set(name, memo(t));
    for (const imp of file.imports) {
      const mod = this.absoluteModule(imp.module, file);
      if (imp.kind === 'module') {
        if (imp.alias) bind(imp.alias, () => this.moduleValue(imp.module));
        else {
          const top = imp.module.split('.')[0];
          bind(top, () => this.moduleValue(top));
        }
      } else if (imp.kind === 'star') {
        if (!mod) continue;
        for (const name of this.starNames(mod)) bind(name, this.importedName(mod, name));
      } else {
        for (const n of imp.names) bind(n.alias, this.importedName(mod, n.name));
      }
    }
    // Definitions come after imports: `from x import f` then `def f` rebinds f.
    this.bindModuleDefinitions(file, scope, bind);
    this.building.delete(filePath);
    return scope;
  }

  /** Names `from mod import *` binds: `__all__` when given, else every public module-level name. */
  private starNames(mod: string): string[] {
    const filePath = this.modules.get(mod);
    const file = filePath && this.fileOf(filePath);
    if (!file) return [];
    if (file.exports.length) return file.exports;
    const names = new Set<string>();
    if (!this.building.has(filePath)) for (const n of this.scope(filePath).keys()) names.add(n);
    else {
      for (const fn of file.functions) if (fn.kind !== 'module' && !fn.parent && !fn.container) names.add(fn.name);
      for (const c of file.classes) if (c.qualifiedName === `${file.moduleName}.${c.name}`) names.add(c.name);
    }
    return [...names].filter((n) => !n.startsWith('_'));
  }

  override resolveType(text: string, file: CallGraphSyntax): Value | undefined {
    // `Optional[Repo]`, `"Repo"`, `Repo | None`, `list[Repo]` → only plain (possibly quoted) names are read.
    const cleaned = text.replace(/^['"]|['"]$/g, '').replace(/\s*\|\s*None$/, '').trim();
    if (!dottedParts(cleaned)) return undefined;
    const v = this.evalDotted(cleaned, file, file.moduleName, Number.MAX_SAFE_INTEGER);
    return v && (v.kind === 'class' || v.kind === 'external') ? v : undefined;
  }

  /** A method's first parameter is the instance (`self`), or the class for classmethods; static methods have none. */
  protected override parameterValue(fnQname: string, fn: CallGraphFunction, index: number, file: CallGraphSyntax): Value {
    const cls = this.classOfMethod(fnQname);
    if (index === 0 && cls && !fn.decorators.includes('staticmethod')) {
      const isClassMethod = fn.decorators.includes('classmethod') || fn.parameters[0].name === 'cls';
      return isClassMethod ? { kind: 'class', qname: cls } : { kind: 'instance', qname: cls };
    }
    return super.parameterValue(fnQname, fn, index, file);
  }

  protected override lookup(name: string, file: CallGraphSyntax, fnQname: string, line: number): Value | undefined {
    const inFunctions = this.functionScopeLookup(name, file, fnQname, line);
    if (inFunctions) return inFunctions;
    const bound = this.scope(file.path).get(name);
    if (bound) return bound() ?? OPAQUE;
    if (BUILTINS.has(name)) return { kind: 'builtin', name };
    return undefined;
  }

  protected override member(v: Value, name: string): Value | undefined {
    if (v.kind === 'module') return this.moduleMember(v.key, name);
    return this.classMember(v, name);
  }

  override resolveCall(file: CallGraphSyntax, call: CallGraphCall): CallTarget[] {
    const line = call.span.start.line;
    const superCall = /^super\([^)]*\)\.([\p{L}_][\p{L}\p{N}_]*)$/u.exec(call.callee);
    if (superCall) {
      const m = this.enclosingMethod(call.caller);
      const target = m && this.findMethod(m.cls, superCall[1], true);
      return target ? [{ kind: 'internal', qualifiedName: target }] : [{ kind: 'unresolved', text: call.callee }];
    }
    return this.targetsOf(this.evalExpression(call.callee, file, call.caller, line), call, '__init__');
  }
}

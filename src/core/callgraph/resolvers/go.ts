// Go name resolution: a package is a directory, named by its import path (go.mod module path + directory), and
// every file of it shares one scope. Imports bind a package name (the alias, else the package clause of the
// imported package, else the path's last element); receivers, parameters, locals and struct fields carry types;
// a call on an interface value goes to every workspace struct that has the interface's methods, marked dynamic.
// Packages the workspace imports are loaded from its vendor/ directories and the search paths, module caches
// included (go-packages.ts); their own imports are not followed, except for the types their structs embed, so
// their calls into other packages stay external.
import path from 'node:path';
import type { CallGraphCall, CallGraphSyntax } from '../../model';
import builtinData from '../data/go.json';
import type { CallTarget } from '../types';
import { LanguageResolver, dottedParts, type IndexModel, type Value } from './common';
import { GoPackageLocator } from './go-packages';

const BUILTINS = new Set(builtinData.names);

export class GoResolver extends LanguageResolver {
  /** Import path → package clause name, for workspace packages. */
  private readonly packageNames = new Map<string, string>();
  private readonly importCache = new Map<string, Map<string, Value>>();
  private readonly locator: GoPackageLocator;
  protected override rebindingChangesType = false;

  constructor(model: IndexModel) {
    super(model);
    const workspaceDirs: string[] = [];
    for (const { syntax, library } of model.files.values()) {
      if (syntax.languageId !== 'go') continue;
      if (syntax.packageName) this.packageNames.set(syntax.moduleName, syntax.packageName);
      if (!library) workspaceDirs.push(path.dirname(path.resolve(model.root, syntax.path)));
    }
    this.locator = new GoPackageLocator(model.root, model.searchPaths, workspaceDirs);
  }

  /** The files of the packages this file imports that the index lacks (for library files: of embedded types only). */
  override libraryImports(file: CallGraphSyntax): string[] {
    if (file.languageId !== 'go') return [];
    const importPaths = this.model.files.get(file.path)?.library
      ? this.embeddedTypePackages(file)
      : file.imports.filter((imp) => imp.alias !== '_' && imp.alias !== '.').map((imp) => imp.module);
    const fromDir = path.dirname(path.resolve(this.model.root, file.path));
    return [...new Set(importPaths)].filter((p) => !this.packageNames.has(p)).flatMap((p) => this.locator.packageFiles(p, fromDir));
  }

  /** Import paths of the packages whose types the file's structs embed (their methods are promoted). */
  private embeddedTypePackages(file: CallGraphSyntax): string[] {
    const out: string[] = [];
    for (const base of file.classes.flatMap((c) => c.bases)) {
      const parts = dottedParts(base.replace(/^\*/, '').replace(/\[.*\]$/s, ''));
      if (parts?.length !== 2) continue;
      const imp = file.imports.find((i) => (i.alias ?? defaultPackageName(i.module)) === parts[0]);
      if (imp) out.push(imp.module);
    }
    return out;
  }

  private imports(file: CallGraphSyntax): Map<string, Value> {
    let map = this.importCache.get(file.path);
    if (map) return map;
    map = new Map();
    for (const imp of file.imports) {
      if (imp.alias === '_' || imp.alias === '.') continue;
      const local = imp.alias ?? this.packageNames.get(imp.module) ?? defaultPackageName(imp.module);
      map.set(local, this.packageNames.has(imp.module) ? { kind: 'module', key: imp.module } : { kind: 'external', name: imp.module });
    }
    this.importCache.set(file.path, map);
    return map;
  }

  private packageMember(pkg: string, name: string): Value | undefined {
    const q = `${pkg}.${name}`;
    if (this.model.classes.has(q)) return { kind: 'class', qname: q };
    if (this.model.functions.has(q)) return { kind: 'function', qname: q };
    return undefined;
  }

  override resolveType(text: string, file: CallGraphSyntax): Value | undefined {
    // `*Service`, `*cart.Service`, `Stack[T]`; slices, maps and channels are not followed.
    const cleaned = text.trim().replace(/^\*/, '').replace(/\[.*\]$/s, '');
    const parts = dottedParts(cleaned);
    if (!parts || parts.length > 2) return undefined;
    if (parts.length === 1) {
      const own = this.packageMember(file.moduleName, parts[0]);
      if (own?.kind === 'class') return own;
      return BUILTINS.has(parts[0]) ? { kind: 'builtin', name: parts[0] } : undefined;
    }
    const pkg = this.imports(file).get(parts[0]);
    if (pkg?.kind === 'module') {
      const v = this.packageMember(pkg.key, parts[1]);
      return v?.kind === 'class' ? v : undefined;
    }
    return pkg?.kind === 'external' ? { kind: 'external', name: `${pkg.name}.${parts[1]}` } : undefined;
  }

  protected override lookup(name: string, file: CallGraphSyntax, fnQname: string, line: number): Value | undefined {
    const inFunctions = this.functionScopeLookup(name, file, fnQname, line);
    if (inFunctions) return inFunctions;
    const own = this.packageMember(file.moduleName, name);
    if (own) return own;
    const pkg = this.imports(file).get(name);
    if (pkg) return pkg;
    if (BUILTINS.has(name)) return { kind: 'builtin', name };
    return undefined;
  }

  /**
   * Go embeds instead of inheriting: an embedded struct's methods are promoted, which mro() walks. A struct
   * implements an interface when it has (or is promoted) every method the interface and the interfaces it embeds
   * declare, by name; methods of embedded interfaces the index does not hold are not checked. Library structs are
   * not counted for workspace interfaces.
   */
  protected override isImplementation(cls: string, iface: string): boolean {
    if (this.model.classes.get(cls)?.def.kind !== 'struct') return false;
    if (!this.isLibraryClass(iface) && this.isLibraryClass(cls)) return false;
    for (const i of this.mro(iface)) {
      for (const method of this.model.classes.get(i)?.def.fields ?? []) {
        if (!this.findMethod(cls, method.name)) return false;
      }
    }
    return true;
  }

  protected override member(v: Value, name: string): Value | undefined {
    if (v.kind === 'module') return this.packageMember(v.key, name);
    if (v.kind === 'external') return { kind: 'external', name: `${v.name}.${name}` };
    return this.libraryMemberOrExternal(v, name, this.classMember(v, name));
  }

  /** `(*Service, error)` → `*Service`: the first result is the value a local is bound to. */
  protected override resultOf(v: Value | undefined): Value | undefined {
    if (v?.kind !== 'function') return super.resultOf(v);
    const fn = this.model.functions.get(v.qname);
    const file = fn && this.fileOf(fn.file);
    const first = fn?.def.returnType?.replace(/^\(/, '').split(',')[0].replace(/\)$/, '').trim();
    return first && file ? this.asInstance(this.resolveType(first.split(/\s+/).pop()!, file)) : undefined;
  }

  override resolveCall(file: CallGraphSyntax, call: CallGraphCall): CallTarget[] {
    const v = this.evalExpression(call.callee.replace(/^new /, ''), file, call.caller, call.span.start.line);
    // Composite literals and conversions construct values: no function runs.
    if (v?.kind === 'class') return [];
    return this.targetsOf(v, call, undefined);
  }
}

/** `github.com/x/yaml.v3` → `yaml`, `example.com/m/v2` → `m`: Go's convention for the default package name. */
function defaultPackageName(importPath: string): string {
  const parts = importPath.split('/');
  let last = parts.pop() ?? importPath;
  if (/^v\d+$/.test(last) && parts.length) last = parts.pop()!;
  return last.replace(/\.v\d+$/, '').replace(/^go-/, '').replace(/-go$/, '').replace(/[^\w]/g, '_');
}

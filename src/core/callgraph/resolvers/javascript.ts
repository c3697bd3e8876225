// JavaScript/TypeScript name resolution: modules are files. Specifiers resolve relative to the importing file
// (extensionless, `index` files, `.js` written for a `.ts` file), through tsconfig/jsconfig `paths` and `baseUrl`,
// then through search paths; anything else is an external package named by its specifier. ESM named, default and
// namespace imports, re-exports and CommonJS require/exports; `this`, typed fields, `super`, `new X()`.
import fs from 'node:fs';
import path from 'node:path';
import type { CallGraphCall, CallGraphSyntax } from '../../model';
import globalsData from '../data/javascript.json';
import { parseJsonc } from '../jsonc';
import type { CallTarget } from '../types';
import { LanguageResolver, OPAQUE, dottedParts, type IndexModel, type Value } from './common';

const GLOBALS = new Set(globalsData.names);
const LANGUAGES = new Set(['javascript', 'typescript', 'typescriptreact']);
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.d.ts'];
/** `./a.js` written in TypeScript source names `./a.ts` (the emitted file). */
const EMITTED_FROM: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

interface PathConfig {
  /** Directory `paths` are relative to, root-relative ('' for the root). */
  baseUrl?: string;
  paths: { prefix: string; suffix: string; wildcard: boolean; targets: string[] }[];
}

type Thunk = () => Value | undefined;

export function isJavaScriptFamily(languageId: string): boolean {
  return LANGUAGES.has(languageId);
}

/** Reads tsconfig.json / jsconfig.json at the root: comments and trailing commas allowed, bad files ignored. */
export function readPathConfig(root: string): PathConfig {
  for (const name of ['tsconfig.json', 'jsconfig.json']) {
    let text: string;
    try {
      text = fs.readFileSync(path.join(root, name), 'utf8');
    } catch {
      continue;
    }
    const json = parseJsonc(text) as { compilerOptions?: { baseUrl?: unknown; paths?: unknown } } | undefined;
    const options = json && typeof json === 'object' ? json.compilerOptions : undefined;
    if (!options || typeof options !== 'object') continue;
    const baseUrl = typeof options.baseUrl === 'string' ? path.posix.normalize(options.baseUrl).replace(/^\.\/?$|^\.\//, '') : undefined;
    const paths: PathConfig['paths'] = [];
    if (options.paths && typeof options.paths === 'object') {
      for (const [pattern, targets] of Object.entries(options.paths as Record<string, unknown>)) {
        if (!Array.isArray(targets)) continue;
        const star = pattern.indexOf('*');
        paths.push({
          prefix: star < 0 ? pattern : pattern.slice(0, star),
          suffix: star < 0 ? '' : pattern.slice(star + 1),
          wildcard: star >= 0,
          targets: targets.filter((t): t is string => typeof t === 'string'),
        });
      }
    }
    return { baseUrl, paths };
  }
  return { paths: [] };
}

export class JavaScriptResolver extends LanguageResolver {
  private readonly config: PathConfig;
  private readonly scopes = new Map<string, Map<string, Thunk>>();
  private readonly specifierCache = new Map<string, string | undefined>();
  protected override declaredTypesBind = true;

  constructor(model: IndexModel) {
    super(model);
    this.config = readPathConfig(model.root);
  }

  override libraryImports(file: CallGraphSyntax): string[] {
    const out: string[] = [];
    for (const imp of file.imports) {
      const target = this.resolveSpecifier(imp.module, file.path);
      if (target && path.isAbsolute(target) && !this.model.files.has(target)) out.push(target);
    }
    return out;
  }

  private exists(p: string): boolean {
    if (this.model.files.has(p)) return true;
    return path.isAbsolute(p) && fs.existsSync(p) && fs.statSync(p).isFile();
  }

  private probe(base: string): string | undefined {
    const ext = path.posix.extname(base);
    if (ext && SOURCE_EXTENSIONS.includes(ext) && this.exists(base)) return base;
    for (const alt of EMITTED_FROM[ext] ?? []) {
      const candidate = base.slice(0, -ext.length) + alt;
      if (this.exists(candidate)) return candidate;
    }
    for (const e of SOURCE_EXTENSIONS) if (this.exists(base + e)) return base + e;
    for (const e of SOURCE_EXTENSIONS) if (this.exists(`${base}/index${e}`)) return `${base}/index${e}`;
    return undefined;
  }

  /** The file a specifier names (root-relative for workspace files, absolute for search paths), if any. */
  resolveSpecifier(spec: string, fromPath: string): string | undefined {
    const key = `${fromPath}\0${spec}`;
    if (this.specifierCache.has(key)) return this.specifierCache.get(key);
    let found: string | undefined;
    if (spec.startsWith('.')) {
      const dir = path.isAbsolute(fromPath) ? path.dirname(fromPath) : path.posix.dirname(fromPath);
      const joined = path.isAbsolute(fromPath) ? path.join(dir, spec) : path.posix.normalize(path.posix.join(dir, spec));
      if (!joined.startsWith('..')) found = this.probe(joined.replace(/\/$/, ''));
    } else {
      const base = this.config.baseUrl ?? '';
      for (const p of this.config.paths) {
        const matches = p.wildcard ? spec.startsWith(p.prefix) && spec.endsWith(p.suffix) && spec.length >= p.prefix.length + p.suffix.length : spec === p.prefix;
        if (!matches) continue;
        const star = p.wildcard ? spec.slice(p.prefix.length, spec.length - p.suffix.length) : '';
        for (const t of p.targets) {
          found = this.probe(path.posix.normalize(path.posix.join(base, t.replace('*', star))).replace(/^\.\//, ''));
          if (found) break;
        }
        if (found) break;
      }
      if (!found && this.config.baseUrl !== undefined) found = this.probe(path.posix.normalize(path.posix.join(base, spec)));
      if (!found) {
        for (const dir of this.model.searchPaths) {
          found = this.probe(path.join(dir, spec));
          if (found) break;
        }
      }
    }
    this.specifierCache.set(key, found);
    return found;
  }

  private moduleValue(spec: string, fromPath: string): Value | undefined {
    const target = this.resolveSpecifier(spec, fromPath);
    if (target) return this.model.files.has(target) ? { kind: 'module', key: target } : undefined;
    // Relative or mapped specifiers that name no file are unresolved; bare ones are packages.
    if (spec.startsWith('.')) return undefined;
    return { kind: 'external', name: spec.replace(/^node:/, '') };
  }

  /** What module `filePath` exports as `name`: its own bindings, named re-exports, then `export *` sources. */
  private exportOf(filePath: string, name: string, seen = new Set<string>()): Value | undefined {
    const key = `${filePath}#${name}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    const file = this.fileOf(filePath);
    if (!file) return undefined;
    const scope = this.scope(filePath);
    const own = scope.get(name)?.() ?? (name === 'default' && file.defaultExport ? scope.get(file.defaultExport)?.() : undefined);
    if (own) return own;
    for (const imp of file.imports) {
      if (imp.kind === 'reexport') {
        const n = imp.names.find((x) => x.alias === name);
        if (!n) continue;
        const m = this.moduleValue(imp.module, filePath);
        return m && this.memberOfModule(m, n.name, seen);
      }
      if (imp.kind === 'reexport-star' && imp.names[0]?.alias && imp.names[0].alias !== '*') {
        if (imp.names[0].alias === name) return this.moduleValue(imp.module, filePath);
      }
    }
    for (const imp of file.imports) {
      if (imp.kind !== 'reexport-star' || (imp.names[0] && imp.names[0].alias !== '*')) continue;
      const m = this.moduleValue(imp.module, filePath);
      if (m?.kind !== 'module') continue;
      const v = this.exportOf(m.key, name, seen);
      if (v) return v;
    }
    return undefined;
  }

  private memberOfModule(m: Value, name: string, seen?: Set<string>): Value | undefined {
    if (m.kind === 'module') return this.exportOf(m.key, name, seen);
    if (m.kind === 'external') return name === 'default' ? m : { kind: 'external', name: `${m.name}.${name}` };
    return undefined;
  }

  private scope(filePath: string): Map<string, Thunk> {
    const cached = this.scopes.get(filePath);
    if (cached) return cached;
    const scope = new Map<string, Thunk>();
    this.scopes.set(filePath, scope);
    const file = this.fileOf(filePath);
    if (!file) return scope;
    const bind = (name: string, t: Thunk) => {
      let state: 'new' | 'busy' | 'done' = 'new';
      let value: Value | undefined;
      scope.set(name, () => {
        if (state === 'done') return value;
        if (state === 'busy') return undefined;
        state = 'busy';
        value = t();
        state = 'done';
        return value;
      });
    };
    for (const imp of file.imports) {
      const module = () => this.moduleValue(imp.module, filePath);
      if (imp.kind === 'namespace' || ((imp.kind === 'require' || imp.kind === 'module') && imp.alias)) {
        bind(imp.alias!, module);
      } else if (imp.kind === 'default' || imp.kind === 'named' || imp.kind === 'require') {
        for (const n of imp.names) bind(n.alias, () => {
          const m = module();
          return m && this.memberOfModule(m, n.name);
        });
      }
    }
    this.bindModuleDefinitions(file, scope, bind);
    return scope;
  }

  override resolveType(text: string, file: CallGraphSyntax): Value | undefined {
    // `: Repo`, `Repo<T>`, `Repo | undefined`, `import('x').Repo` → only plain dotted names are read.
    const cleaned = text.replace(/^:\s*/, '').replace(/<.*>$/s, '').replace(/\s*\|\s*(undefined|null)$/, '').trim();
    if (!dottedParts(cleaned)) return undefined;
    const v = this.evalDotted(cleaned, file, file.moduleName, Number.MAX_SAFE_INTEGER);
    return v && (v.kind === 'class' || v.kind === 'external' || v.kind === 'builtin') ? v : undefined;
  }

  private thisClass(fnQname: string): string | undefined {
    return this.enclosingMethod(fnQname)?.cls;
  }

  protected override lookup(name: string, file: CallGraphSyntax, fnQname: string, line: number): Value | undefined {
    if (name === 'this') {
      const cls = this.thisClass(fnQname);
      return cls ? { kind: 'instance', qname: cls } : OPAQUE;
    }
    const inFunctions = this.functionScopeLookup(name, file, fnQname, line);
    if (inFunctions) return inFunctions;
    const bound = this.scope(file.path).get(name);
    if (bound) return bound() ?? OPAQUE;
    if (GLOBALS.has(name)) return { kind: 'builtin', name };
    return undefined;
  }

  protected override member(v: Value, name: string): Value | undefined {
    if (v.kind === 'module' || (v.kind === 'external' && !v.name.includes('.'))) return this.memberOfModule(v, name);
    return this.classMember(v, name);
  }

  /** Optional chaining reads members like `.` does. */
  protected override dotted(text: string): string[] | undefined {
    return dottedParts(text.replace(/\?\./g, '.'));
  }

  override resolveCall(file: CallGraphSyntax, call: CallGraphCall): CallTarget[] {
    const callee = call.callee.replace(/^new /, '');
    if (callee === 'super' || callee.startsWith('super.')) {
      const cls = this.thisClass(call.caller);
      const name = callee === 'super' ? 'constructor' : callee.slice('super.'.length);
      const target = cls && this.findMethod(cls, name, true);
      if (target) return [{ kind: 'internal', qualifiedName: target }];
      // `super()` of a class whose bases define no constructor calls nothing we can show.
      return callee === 'super' && cls ? [] : [{ kind: 'unresolved', text: call.callee }];
    }
    const v = this.evalExpression(callee, file, call.caller, call.span.start.line);
    return this.targetsOf(v, call, 'constructor');
  }
}

// Module names: the prefix of every qualified name in a file. The rules (README "Qualified names"):
// Python: dotted path from the package root (the first directory up without __init__.py), __init__ names the
// package; JavaScript/TypeScript and syntax-only languages: the path relative to the root without extension, `/`
// replaced by `.`; Go: the import path from the nearest go.mod (below a vendor/ directory: the path after it); Java:
// the file's `package` (set by extraction).
import fs from 'node:fs';
import path from 'node:path';
import { languageForPath } from '../languages';

export interface GoModule {
  /** Directory of go.mod, relative to the root ('' for the root itself). */
  dir: string;
  modulePath: string;
}

export class WorkspaceLayout {
  private readonly fileSet: Set<string>;
  private rootPackageNames?: string[];
  private outerGoImportPath?: string | null;

  constructor(
    readonly root: string,
    files: Iterable<string>,
    readonly goModules: GoModule[] = [],
  ) {
    this.fileSet = new Set(files);
  }

  /** Reads the go.mod files that govern the given Go files. */
  static scan(root: string, files: string[]): WorkspaceLayout {
    const goModules: GoModule[] = [];
    const dirs = new Set<string>();
    for (const f of files) {
      if (!f.endsWith('.go')) continue;
      for (let d = path.posix.dirname(f); ; d = path.posix.dirname(d)) {
        const dir = d === '.' ? '' : d;
        if (dirs.has(dir)) break;
        dirs.add(dir);
        const modulePath = readGoModulePath(path.join(root, dir, 'go.mod'));
        if (modulePath) {
          goModules.push({ dir, modulePath });
          break;
        }
        if (!dir) break;
      }
    }
    goModules.sort((a, b) => b.dir.length - a.dir.length);
    return new WorkspaceLayout(root, files, goModules);
  }

  /**
   * A layout for one file, read from disk around it: the __init__.py files of its parent directories and the
   * nearest go.mod. Lets an open editor name a file's module before the workspace index is ready.
   */
  static forFile(root: string, relPath: string): WorkspaceLayout {
    const dirs = relPath.split('/').slice(0, -1);
    const present: string[] = [relPath];
    let i = dirs.length;
    for (; i > 0; i--) {
      const init = [...dirs.slice(0, i), '__init__.py'].join('/');
      if (!fs.existsSync(path.join(root, init))) break;
      present.push(init);
    }
    if (i === 0 && fs.existsSync(path.join(root, '__init__.py'))) present.push('__init__.py');
    return relPath.endsWith('.go') ? WorkspaceLayout.scan(root, present) : new WorkspaceLayout(root, present);
  }

  has(relPath: string): boolean {
    return this.fileSet.has(relPath);
  }

  moduleName(relPath: string): string {
    const spec = languageForPath(relPath);
    const noExt = relPath.replace(/\.[^./]+$/, '');
    switch (spec?.moduleNaming) {
      case 'python':
        return this.pythonModuleName(relPath);
      case 'go':
        return this.goImportPath(path.posix.dirname(relPath));
      case 'java':
        return ''; // From the file's package clause.
      default:
        return noExt.split('/').join('.');
    }
  }

  /**
   * `pkg/sub/mod.py` → `pkg.sub.mod` when pkg and pkg/sub have __init__.py; `pkg/__init__.py` → `pkg`. When the
   * root is itself a package (a package directory opened on its own), its name and those of the packages around
   * it on disk come first: `decoder.py` under a root `json/` with `__init__.py` is `json.decoder`, as Python names it.
   */
  pythonModuleName(relPath: string): string {
    const parts = relPath.replace(/\.pyi?$/, '').split('/');
    const sourceRoot = this.pythonSourceRoot(relPath);
    const rootDepth = sourceRoot ? sourceRoot.split('/').length : 0;
    const name = parts.slice(rootDepth);
    if (name[name.length - 1] === '__init__') name.pop();
    if (!sourceRoot) name.unshift(...this.pythonRootPackage());
    return name.join('.');
  }

  /** The root's dotted package name when the root has an __init__.py (climbing parent packages on disk), else none. */
  private pythonRootPackage(): string[] {
    if (this.rootPackageNames) return this.rootPackageNames;
    const names: string[] = [];
    if (this.fileSet.has('__init__.py')) {
      for (let dir = path.resolve(this.root); ; ) {
        if (!path.basename(dir)) break;
        names.unshift(path.basename(dir));
        const parent = path.dirname(dir);
        if (parent === dir || !fs.existsSync(path.join(parent, '__init__.py'))) break;
        dir = parent;
      }
    }
    this.rootPackageNames = names;
    return names;
  }

  /** The directory of Python's package root for a file (where its top-level package lives). */
  pythonSourceRoot(relPath: string): string {
    const dirs = relPath.split('/').slice(0, -1);
    let i = dirs.length;
    while (i > 0 && this.fileSet.has([...dirs.slice(0, i), '__init__.py'].join('/'))) i--;
    return dirs.slice(0, i).join('/');
  }

  goImportPath(relDir: string): string {
    const dir = relDir === '.' ? '' : relDir;
    // Vendored code is imported by the path below vendor/ (indexed only when vendor/ is not excluded).
    const parts = dir.split('/');
    const vendor = parts.lastIndexOf('vendor');
    if (vendor >= 0 && vendor < parts.length - 1) return parts.slice(vendor + 1).join('/');
    const mod = this.goModules.find((m) => m.dir === '' || dir === m.dir || dir.startsWith(`${m.dir}/`));
    if (!mod) {
      const outer = this.goRootImportPath();
      return outer === undefined ? dir : [outer, dir].filter(Boolean).join('/');
    }
    const sub = mod.dir ? dir.slice(mod.dir.length).replace(/^\//, '') : dir;
    return sub ? `${mod.modulePath}/${sub}` : mod.modulePath;
  }

  /**
   * The import path of the root when a go.mod above it governs it (a subdirectory of a module opened on its own):
   * the module path plus the way down to the root; the standard library's `std` module adds no prefix.
   */
  private goRootImportPath(): string | undefined {
    if (this.outerGoImportPath !== undefined) return this.outerGoImportPath ?? undefined;
    const root = path.resolve(this.root);
    let found: string | null = null;
    for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
      const modulePath = readGoModulePath(path.join(dir, 'go.mod'));
      if (modulePath) {
        const down = path.relative(dir, root).split(path.sep).join('/');
        found = modulePath === 'std' ? down : `${modulePath}/${down}`;
        break;
      }
      if (path.dirname(dir) === dir) break;
    }
    this.outerGoImportPath = found;
    return found ?? undefined;
  }
}

function readGoModulePath(goMod: string): string | undefined {
  try {
    const m = /^\s*module\s+(\S+)/m.exec(fs.readFileSync(goMod, 'utf8'));
    return m?.[1].replace(/^"|"$/g, '');
  } catch {
    return undefined;
  }
}

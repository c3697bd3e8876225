// Where Go packages outside the workspace are found, and which of their files count. An import path is looked up in
// the vendor/ directories from the importing file up to the workspace root (Go uses vendored code first), then in
// each search path, in order: as a GOPATH (`<dir>/src/<import path>`), as a directory mirroring import paths
// (`<dir>/<import path>`: a module's vendor/ elsewhere, a copied tree), and as a module cache (`<dir>/<module>@<version>/
// <rest>`, also `<dir>/pkg/mod/…` for a GOPATH), where the version is the one the workspace's go.mod requires, else the
// highest. A package is its directory: every .go file in it except tests, files Go ignores (`_x.go`, `.x.go`), and
// files built only for another system or architecture than the host's (file-name suffixes and `//go:build` lines).
import fs from 'node:fs';
import path from 'node:path';
import buildData from '../data/go-build.json';

const KNOWN_OS = new Set(buildData.knownOS);
const KNOWN_ARCH = new Set(buildData.knownArch);
const HOST_OS = (buildData.osFromNode as Record<string, string>)[process.platform] ?? process.platform;
const HOST_ARCH = (buildData.archFromNode as Record<string, string>)[process.arch] ?? process.arch;
const HOST_TAGS = new Set([HOST_OS, HOST_ARCH, 'gc', ...(buildData.unixOS.includes(HOST_OS) ? ['unix'] : [])]);

/** An import path that names a directory below a search path: no `..`, no absolute path, no backslash. */
function isPlainImportPath(importPath: string): boolean {
  return !!importPath && !path.isAbsolute(importPath) && !importPath.includes('\\') && importPath.split('/').every((p) => p && p !== '.' && p !== '..');
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Lookups for one resolution pass (the file system is read once per directory and pass). */
export class GoPackageLocator {
  private readonly vendorCache = new Map<string, boolean>();
  private readonly filesCache = new Map<string, string[]>();
  private readonly listingCache = new Map<string, string[]>();
  private readonly requirementsCache = new Map<string, Map<string, string>>();
  private workspaceRequirements?: Map<string, string>;

  /** `workspaceGoDirs`: the directories of the workspace's Go files, whose go.mod files choose versions for library code. */
  constructor(
    private readonly root: string,
    private readonly searchPaths: readonly string[],
    private readonly workspaceGoDirs: Iterable<string> = [],
  ) {}

  /** The files of the package an import path names, seen from a directory; empty when it is found nowhere. */
  packageFiles(importPath: string, fromDir: string): string[] {
    if (!isPlainImportPath(importPath)) return [];
    for (const vendor of this.vendorDirsAbove(fromDir)) {
      const files = this.filesOf(path.join(vendor, importPath));
      if (files.length) return files;
    }
    for (const dir of this.searchPaths) {
      for (const candidate of [path.join(dir, 'src', importPath), path.join(dir, importPath)]) {
        const files = this.filesOf(candidate);
        if (files.length) return files;
      }
      for (const cache of [dir, path.join(dir, 'pkg', 'mod')]) {
        const files = this.moduleCacheFiles(cache, importPath, fromDir);
        if (files.length) return files;
      }
    }
    return [];
  }

  /**
   * The package's files in a module cache: the longest module path with a version there that holds the package
   * directory, in the version the governing go.mod requires when the cache has it, else the highest one.
   */
  private moduleCacheFiles(cache: string, importPath: string, fromDir: string): string[] {
    const elements = importPath.split('/');
    for (let k = elements.length; k >= 1; k--) {
      const modulePath = elements.slice(0, k).join('/');
      const versions = this.cachedVersions(cache, modulePath);
      if (!versions.length) continue;
      const required = this.requirementsFor(fromDir).get(modulePath);
      const version = required && versions.includes(required) ? required : versions.reduce((a, b) => (compareSemver(a, b) >= 0 ? a : b));
      const files = this.filesOf(path.join(cache, `${escapeModulePath(modulePath)}@${escapeModulePath(version)}`, ...elements.slice(k)));
      if (files.length) return files;
    }
    return [];
  }

  /** Versions of a module present in a module cache (`<cache>/<escaped module path>@<version>` directories). */
  private cachedVersions(cache: string, modulePath: string): string[] {
    const escaped = escapeModulePath(modulePath);
    const parent = path.join(cache, path.posix.dirname(escaped));
    const prefix = `${path.posix.basename(escaped)}@`;
    let names = this.listingCache.get(parent);
    if (!names) {
      try {
        names = fs.readdirSync(parent).filter((n) => n.includes('@'));
      } catch {
        names = [];
      }
      this.listingCache.set(parent, names);
    }
    return names.filter((n) => n.startsWith(prefix) && n.length > prefix.length).map((n) => unescapeModulePath(n.slice(prefix.length)));
  }

  /**
   * The `require` versions that hold for code in `fromDir`: the nearest go.mod up to the workspace root; for library
   * code, every workspace go.mod together (the highest version where they differ, as Go's version selection does).
   */
  private requirementsFor(fromDir: string): Map<string, string> {
    if (isInside(this.root, fromDir)) return this.requirementsOf(fromDir);
    if (!this.workspaceRequirements) {
      this.workspaceRequirements = new Map();
      for (const dir of new Set(this.workspaceGoDirs)) {
        for (const [module, version] of this.requirementsOf(dir)) {
          const earlier = this.workspaceRequirements.get(module);
          if (!earlier || compareSemver(version, earlier) > 0) this.workspaceRequirements.set(module, version);
        }
      }
    }
    return this.workspaceRequirements;
  }

  /** The requirements of the go.mod nearest to a workspace directory (none outside the root or without go.mod). */
  private requirementsOf(dir: string): Map<string, string> {
    let found = this.requirementsCache.get(dir);
    if (found) return found;
    const goMod = readText(path.join(dir, 'go.mod'));
    if (goMod !== undefined) found = goModRequirements(goMod);
    else if (dir === this.root || path.dirname(dir) === dir || !isInside(this.root, dir)) found = new Map();
    else found = this.requirementsOf(path.dirname(dir));
    this.requirementsCache.set(dir, found);
    return found;
  }

  /** `<dir>/vendor` for `fromDir` and each directory above it, up to the workspace root, innermost first. */
  private vendorDirsAbove(fromDir: string): string[] {
    const out: string[] = [];
    if (!isInside(this.root, fromDir)) return out;
    for (let dir = fromDir; ; dir = path.dirname(dir)) {
      const vendor = path.join(dir, 'vendor');
      let exists = this.vendorCache.get(vendor);
      if (exists === undefined) this.vendorCache.set(vendor, (exists = isDirectory(vendor)));
      if (exists) out.push(vendor);
      if (dir === this.root || path.dirname(dir) === dir) break;
    }
    return out;
  }

  private filesOf(dir: string): string[] {
    const cached = this.filesCache.get(dir);
    if (cached) return cached;
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir).sort();
    } catch {
      // Not a directory: not this candidate.
    }
    const files = names.filter(isBuiltFileName).map((n) => path.join(dir, n)).filter(isBuiltForHost);
    this.filesCache.set(dir, files);
    return files;
  }

  /** Whether the workspace has a vendor/ directory next to any of its Go files or above them. */
  hasVendorFor(goFileDirs: Iterable<string>): boolean {
    for (const dir of goFileDirs) if (this.vendorDirsAbove(dir).length) return true;
    return false;
  }
}

function isInside(root: string, dir: string): boolean {
  const rel = path.relative(root, dir);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** `require x v1` and `require ( … )` blocks of a go.mod: module path → version. */
export function goModRequirements(goMod: string): Map<string, string> {
  const out = new Map<string, string>();
  let inBlock = false;
  for (const raw of goMod.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    let spec: string | undefined;
    if (inBlock) {
      if (line.startsWith(')')) inBlock = false;
      else spec = line;
    } else if (/^require\s*\($/.test(line)) {
      inBlock = true;
    } else {
      spec = /^require\s+(.+)$/.exec(line)?.[1];
    }
    const [module, version] = spec?.split(/\s+/).map((w) => w.replace(/^"|"$/g, '')) ?? [];
    if (module && version) out.set(module, version);
  }
  return out;
}

/** `github.com/BurntSushi/toml` → `github.com/!burnt!sushi/toml`: how the module cache spells upper case. */
export function escapeModulePath(modulePath: string): string {
  return modulePath.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

function unescapeModulePath(escaped: string): string {
  return escaped.replace(/!([a-z])/g, (_, c: string) => c.toUpperCase());
}

const SEMVER = /^v(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** Semantic version order (`v1.10.0` > `v1.9.2` > `v1.9.2-rc.1`); what is not a version sorts below every version. */
export function compareSemver(a: string, b: string): number {
  const pa = SEMVER.exec(a);
  const pb = SEMVER.exec(b);
  if (!pa || !pb) return (pa ? 1 : 0) - (pb ? 1 : 0) || (a < b ? -1 : a > b ? 1 : 0);
  for (let i = 1; i <= 3; i++) {
    const diff = Number(pa[i] ?? 0) - Number(pb[i] ?? 0);
    if (diff) return Math.sign(diff);
  }
  if (!pa[4] || !pb[4]) return (pa[4] ? 0 : 1) - (pb[4] ? 0 : 1);
  const ia = pa[4].split('.');
  const ib = pb[4].split('.');
  for (let i = 0; i < Math.min(ia.length, ib.length); i++) {
    const [x, y] = [ia[i], ib[i]];
    if (x === y) continue;
    const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (nx && ny) return Math.sign(Number(x) - Number(y));
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return Math.sign(ia.length - ib.length);
}

/** `foo.go`, `foo_linux.go` on Linux; not `foo_test.go`, `_foo.go`, `foo_windows_amd64.go` on Linux. */
function isBuiltFileName(name: string): boolean {
  if (!name.endsWith('.go') || name.endsWith('_test.go') || name.startsWith('_') || name.startsWith('.')) return false;
  const parts = name.slice(0, -3).split('_').slice(1);
  const last = parts[parts.length - 1];
  const before = parts[parts.length - 2];
  if (last && KNOWN_ARCH.has(last)) {
    if (last !== HOST_ARCH) return false;
    return !(before && KNOWN_OS.has(before)) || before === HOST_OS;
  }
  return !(last && KNOWN_OS.has(last)) || last === HOST_OS;
}

/** The file's `//go:build` line (in the comments above the package clause) holds for the host; unreadable: no. */
function isBuiltForHost(file: string): boolean {
  let head: string;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(16384);
      head = buffer.subarray(0, fs.readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
  const beforePackage = head.split(/^package\s/m)[0];
  const constraint = /^\/\/go:build\s+(.+)$/m.exec(beforePackage);
  return !constraint || evaluateConstraint(constraint[1]) !== false;
}

/**
 * Evaluates a build expression (`linux && (amd64 || arm64)`, `!windows`) for the host: its system, architecture,
 * `unix` where it applies, `gc`, and every `go1.N` release tag. Undefined for an expression it cannot read.
 */
export function evaluateConstraint(expression: string): boolean | undefined {
  const tokens = expression.trim().match(/&&|\|\||[!()]|[\w.]+|\S/g) ?? [];
  let at = 0;
  const or = (): boolean | undefined => {
    let value = and();
    while (value !== undefined && tokens[at] === '||') {
      at++;
      const right = and();
      value = right === undefined ? undefined : value || right;
    }
    return value;
  };
  const and = (): boolean | undefined => {
    let value = not();
    while (value !== undefined && tokens[at] === '&&') {
      at++;
      const right = not();
      value = right === undefined ? undefined : value && right;
    }
    return value;
  };
  const not = (): boolean | undefined => {
    const token = tokens[at++];
    if (token === '!') {
      const value = not();
      return value === undefined ? undefined : !value;
    }
    if (token === '(') {
      const value = or();
      return tokens[at++] === ')' ? value : undefined;
    }
    if (!token || !/^[\w.]+$/.test(token)) return undefined;
    return HOST_TAGS.has(token) || /^go1\.\d+$/.test(token);
  };
  const value = or();
  return at === tokens.length ? value : undefined;
}

/**
 * The import path of a Go file found outside the workspace's own packages: the part after the last `vendor/` for
 * the workspace's vendored code, else its directory below the first search path holding it (`src/` of a GOPATH
 * dropped; in a module cache, `pkg/mod/` dropped, the `@version` removed and upper case unescaped). Undefined when it
 * is in neither.
 */
export function goLibraryImportPath(file: string, searchPaths: readonly string[], root: string): string | undefined {
  const dir = path.dirname(file);
  if (isInside(root, dir)) {
    const parts = path.relative(root, dir).split(path.sep);
    const vendor = parts.lastIndexOf('vendor');
    if (vendor >= 0 && vendor < parts.length - 1) return parts.slice(vendor + 1).join('/');
  }
  const base = searchPaths.find((p) => dir.startsWith(p + path.sep));
  if (!base) return undefined;
  let parts = path.relative(base, dir).split(path.sep);
  const versioned = parts.findIndex((p) => p.includes('@'));
  if (versioned >= 0) {
    parts[versioned] = parts[versioned].replace(/@.*$/, '');
    if (versioned >= 2 && parts[0] === 'pkg' && parts[1] === 'mod') parts = parts.slice(2);
    return unescapeModulePath(parts.join('/'));
  }
  return (parts[0] === 'src' && parts.length > 1 ? parts.slice(1) : parts).join('/');
}

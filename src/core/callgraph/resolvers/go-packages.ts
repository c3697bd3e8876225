// Where Go packages outside the workspace are found, and which of their files count. An import path is looked up in
// the vendor/ directories from the importing file up to the workspace root (Go uses vendored code first), then in
// each search path as a GOPATH (`<dir>/src/<import path>`) or as a directory mirroring import paths
// (`<dir>/<import path>`: a module's vendor/ elsewhere, a copied tree). A package is its directory: every .go file in
// it except tests, files Go ignores (`_x.go`, `.x.go`), and files built only for another system or architecture
// than the host's (file-name suffixes and `//go:build` lines).
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

  constructor(
    private readonly root: string,
    private readonly searchPaths: readonly string[],
  ) {}

  /** The files of the package an import path names, seen from a directory; empty when it is found nowhere. */
  packageFiles(importPath: string, fromDir: string): string[] {
    if (!isPlainImportPath(importPath)) return [];
    const candidates = [
      ...this.vendorDirsAbove(fromDir).map((v) => path.join(v, importPath)),
      ...this.searchPaths.flatMap((dir) => [path.join(dir, 'src', importPath), path.join(dir, importPath)]),
    ];
    for (const dir of candidates) {
      const files = this.filesOf(dir);
      if (files.length) return files;
    }
    return [];
  }

  /** `<dir>/vendor` for `fromDir` and each directory above it, up to the workspace root, innermost first. */
  private vendorDirsAbove(fromDir: string): string[] {
    const out: string[] = [];
    const rel = path.relative(this.root, fromDir);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return out;
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
 * dropped). Undefined when it is in neither.
 */
export function goLibraryImportPath(file: string, searchPaths: readonly string[], root: string): string | undefined {
  const dir = path.dirname(file);
  const inRoot = path.relative(root, dir);
  if (!inRoot.startsWith('..') && !path.isAbsolute(inRoot)) {
    const parts = inRoot.split(path.sep);
    const vendor = parts.lastIndexOf('vendor');
    if (vendor >= 0 && vendor < parts.length - 1) return parts.slice(vendor + 1).join('/');
  }
  const base = searchPaths.find((p) => dir.startsWith(p + path.sep));
  if (!base) return undefined;
  const parts = path.relative(base, dir).split(path.sep);
  return (parts[0] === 'src' && parts.length > 1 ? parts.slice(1) : parts).join('/');
}

// The workspace index: every definition by qualified name, classes with their methods and fields, and every call
// resolved to its targets. Files come in as FileSyntax or already as CallGraphSyntax (parsed elsewhere, often in
// workers); search-path files are parsed here, on demand, only when an import resolves into them. The index keeps
// only the call graph's tables of each file (CallGraphSyntax: no constructs, comments or argument texts), in memory
// and on disk; whoever needs a file's full syntax parses it.
//
// Updates re-resolve everything, lazily, on the next query: resolution is map lookups only (no parsing, no I/O
// except probing search paths), measured at well under the 3 s indexing budget for 100k lines (see bench/), so
// tracking dependencies between files would buy little and cost correctness.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { languageForPath, languages } from '../languages';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import { callGraphSyntax, type CallGraphCall, type CallGraphSyntax, type LocalBinding } from '../model';
import { ParserService, defaultParseLimits, parseSource, readSource, type ParseLimits } from '../parsing';
import type { WorkspaceLayout } from '../workspace';
import type { ClassEntry, FileEntry, IndexModel, LanguageResolver } from './resolvers/common';
import { lastDot } from './resolvers/common';
import { GoResolver } from './resolvers/go';
import { GoPackageLocator, goLibraryImportPath } from './resolvers/go-packages';
import { JavaResolver } from './resolvers/java';
import { JavaScriptResolver, isJavaScriptFamily } from './resolvers/javascript';
import { PythonResolver } from './resolvers/python';
import type { DefinitionInfo, ResolvedCall } from './types';

/** Bump when the persisted shape or the meaning of its data changes: older files are discarded. */
export const INDEX_FORMAT_VERSION = 3;
const INDEX_FORMAT = 'trace-advisor-call-index';
/** A guard against a search path that pulls in a whole ecosystem. */
const MAX_LIBRARY_FILES = 5000;

export interface WorkspaceIndexOptions {
  /** Absolute workspace root: workspace paths are relative to it; tsconfig/jsconfig are read from it. */
  root: string;
  /** Extra directories used to resolve imports, earliest first (absolute, or relative to root). */
  searchPaths?: string[];
  logger?: Logger;
  /** Parser for search-path files; one is created (and disposed by dispose()) when needed and not given. */
  parser?: ParserService;
  /** Size and time limits for search-path files, as for workspace files (the maxFileSize/parseTimeoutMs settings). */
  limits?: ParseLimits;
}

export interface IncomingCall {
  caller: string;
  call: CallGraphCall;
  file: string;
  dynamic?: boolean;
}

interface PersistedFile {
  path: string;
  library: boolean;
  /** SHA-1 of the source text the syntax was parsed from, when known. */
  contentHash?: string;
  /** SHA-1 of the serialized syntax: detects a damaged entry. */
  check: string;
  syntax: CallGraphSyntax;
}

declare const __VERSION__: string | undefined;
/**
 * What wrote an index's records: the tool's version and the extraction queries. Records written by another build
 * (an upgraded extension, a changed query) may name or extract differently, so they are rebuilt, not reused.
 */
const PRODUCER = `${typeof __VERSION__ === 'string' ? __VERSION__ : 'dev'}+${crypto
  .createHash('sha256')
  .update(languages.map((l) => `${l.id}\0${l.query}`).join('\0'))
  .digest('hex')
  .slice(0, 16)}`;

interface PersistedIndex {
  format: string;
  version: number;
  producer?: string;
  root: string;
  searchPaths: string[];
  files: PersistedFile[];
}

/** SHA-1 of a file's text, the per-file hash the persisted index keeps. */
export function contentHash(text: string): string {
  return crypto.createHash('sha1').update(text).digest('hex');
}

export class WorkspaceIndex {
  readonly root: string;
  readonly searchPaths: string[];
  private readonly logger: Logger;
  private parser: ParserService | undefined;
  private readonly ownsParser: boolean;
  /** Limits of search-path files (fixed for the life of the index). */
  readonly limits: ParseLimits;
  private readonly workspaceFiles = new Map<string, CallGraphSyntax>();
  private readonly libraryFiles = new Map<string, CallGraphSyntax>();
  private readonly hashes = new Map<string, string>();
  /** Search-path files looked for and not usable (unreadable, unparsable), so they are not retried every update. */
  private readonly libraryMisses = new Set<string>();
  private dirty = true;
  /** The duplicate-name warning last logged, so that re-resolving after each edit does not repeat it. */
  private duplicatesLogged = '';
  private librariesPending = true;
  private searchPathsChecked = false;

  // Built by resolve():
  private model!: IndexModel;
  private definitionsByName = new Map<string, DefinitionInfo>();
  private outgoing = new Map<string, ResolvedCall[]>();
  private incoming = new Map<string, IncomingCall[]>();
  private callsByFile = new Map<string, ResolvedCall[]>();

  constructor(options: WorkspaceIndexOptions) {
    this.root = path.resolve(options.root);
    this.searchPaths = (options.searchPaths ?? []).map((p) => path.resolve(this.root, p));
    this.logger = options.logger ?? silentLogger;
    this.parser = options.parser;
    this.ownsParser = !options.parser;
    this.limits = options.limits ?? defaultParseLimits;
  }

  /** An index of parsed workspace files; search-path files their imports need are parsed before it returns. */
  static async build(files: CallGraphSyntax[], layout: WorkspaceLayout, options: Omit<WorkspaceIndexOptions, 'root'> & { root?: string } = {}): Promise<WorkspaceIndex> {
    const index = new WorkspaceIndex({ ...options, root: options.root ?? layout.root });
    for (const f of files) index.workspaceFiles.set(f.path, callGraphSyntax(f));
    await index.loadLibraries();
    return index;
  }

  /**
   * Reads a persisted index. Returns undefined (and logs why) when the file is missing, unreadable, not an index,
   * of another format version, damaged, or for another root: the caller then rebuilds. Files whose source changed
   * since (their hash differs from the file on disk) are listed by staleFiles() for the caller to re-parse.
   */
  static load(file: string, options: WorkspaceIndexOptions): WorkspaceIndex | undefined {
    const logger = options.logger ?? silentLogger;
    const discard = (reason: string) => {
      logger.info(`call index ${file} discarded: ${reason}; rebuilding`);
      return undefined;
    };
    let data: PersistedIndex;
    try {
      data = JSON.parse(fs.readFileSync(file, 'utf8')) as PersistedIndex;
    } catch (e) {
      return discard((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : `unreadable (${(e as Error).message})`);
    }
    if (!data || typeof data !== 'object' || data.format !== INDEX_FORMAT) return discard('not a call index');
    if (data.version !== INDEX_FORMAT_VERSION) return discard(`format version ${String(data.version)}, expected ${INDEX_FORMAT_VERSION}`);
    if (data.producer !== PRODUCER) return discard(`written by another build of Trace Advisor (${String(data.producer)}, this is ${PRODUCER})`);
    const index = new WorkspaceIndex(options);
    if (data.root !== index.root) return discard(`written for ${String(data.root)}, not ${index.root}`);
    if (!Array.isArray(data.files)) return discard('damaged (no file list)');
    for (const entry of data.files) {
      if (!entry || typeof entry.path !== 'string' || !entry.syntax || entry.check !== checksum(entry.syntax)) {
        return discard(`damaged entry ${String(entry?.path)}`);
      }
      (entry.library ? index.libraryFiles : index.workspaceFiles).set(entry.path, entry.syntax);
      if (entry.contentHash) index.hashes.set(entry.path, entry.contentHash);
    }
    // Search paths may have changed: library files are looked up again on the next update.
    if (JSON.stringify(data.searchPaths) !== JSON.stringify(index.searchPaths)) index.libraryFiles.clear();
    index.librariesPending = index.libraryFiles.size === 0 && index.searchPaths.length > 0;
    return index;
  }

  /** Writes the index atomically: a temporary file in the same directory, then a rename over the target. */
  serialize(file: string): void {
    const files: PersistedFile[] = [];
    const add = (syntax: CallGraphSyntax, library: boolean) => {
      const hash = this.hashes.get(syntax.path) ?? this.hashFromDisk(syntax.path, library);
      files.push({ path: syntax.path, library, contentHash: hash, check: checksum(syntax), syntax });
    };
    for (const f of this.workspaceFiles.values()) add(f, false);
    for (const f of this.libraryFiles.values()) add(f, true);
    const data: PersistedIndex = { format: INDEX_FORMAT, version: INDEX_FORMAT_VERSION, producer: PRODUCER, root: this.root, searchPaths: this.searchPaths, files };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
    try {
      fs.writeFileSync(temp, JSON.stringify(data));
      fs.renameSync(temp, file);
    } catch (e) {
      fs.rmSync(temp, { force: true });
      throw e;
    }
  }

  private hashFromDisk(p: string, library: boolean): string | undefined {
    try {
      return contentHash(fs.readFileSync(library ? p : path.join(this.root, p), 'utf8'));
    } catch {
      return undefined;
    }
  }

  /** Workspace files whose text on disk no longer matches the hash they were indexed with (or that are gone). */
  staleFiles(): string[] {
    const stale: string[] = [];
    for (const p of this.workspaceFiles.keys()) {
      const recorded = this.hashes.get(p);
      if (!recorded || recorded !== this.hashFromDisk(p, false)) stale.push(p);
    }
    return stale.sort();
  }

  /** Adds or replaces a workspace file; `hash` is contentHash() of the text it was parsed from, for persistence. */
  async updateFile(syntax: CallGraphSyntax, hash?: string): Promise<void> {
    await this.updateFiles([{ syntax, hash }]);
  }

  /** Adds or replaces several workspace files, then looks up the search-path files they need once. */
  async updateFiles(entries: { syntax: CallGraphSyntax; hash?: string }[]): Promise<void> {
    for (const { syntax, hash } of entries) {
      this.workspaceFiles.set(syntax.path, callGraphSyntax(syntax));
      if (hash) this.hashes.set(syntax.path, hash);
      else this.hashes.delete(syntax.path);
    }
    this.dirty = true;
    this.librariesPending = true;
    await this.loadLibraries();
  }

  removeFile(relPath: string): void {
    if (this.workspaceFiles.delete(relPath)) this.dirty = true;
    this.hashes.delete(relPath);
  }

  /** A renamed file keeps its syntax but not its module name: pass the re-parsed syntax when the name changes. */
  async renameFile(oldPath: string, newPath: string, syntax?: CallGraphSyntax): Promise<void> {
    const old = this.workspaceFiles.get(oldPath);
    this.removeFile(oldPath);
    const next = syntax ?? (old && { ...old, path: newPath });
    if (next) await this.updateFile(next);
  }

  /** Loads the search-path (and Go vendor/) files that imports resolve into, transitively, until none is missing. */
  async loadLibraries(): Promise<void> {
    this.warnMissingSearchPaths();
    if (!this.searchPaths.length && !this.hasGoVendor()) {
      this.librariesPending = false;
      return;
    }
    const scanned = new Set<string>();
    for (let round = 0; round < 50 && this.libraryFiles.size < MAX_LIBRARY_FILES; round++) {
      this.resolveIfDirty(true);
      const wanted = new Set<string>();
      for (const [p, entry] of this.model.files) {
        if (scanned.has(p)) continue;
        scanned.add(p);
        const resolver = this.resolvers.get(resolverKey(entry.syntax.languageId));
        for (const lib of resolver?.libraryImports(entry.syntax) ?? []) {
          if (!this.libraryFiles.has(lib) && !this.libraryMisses.has(lib)) wanted.add(lib);
        }
      }
      if (!wanted.size) break;
      for (const abs of wanted) await this.parseLibraryFile(abs);
      this.dirty = true;
    }
    this.librariesPending = false;
  }

  /** Once per index: a search path that is not a directory resolves nothing, which the user should hear about. */
  private warnMissingSearchPaths(): void {
    if (this.searchPathsChecked) return;
    this.searchPathsChecked = true;
    for (const dir of this.searchPaths) {
      if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) this.logger.warn(`search path ${dir} is not a directory: no imports are resolved through it`);
    }
  }

  /** Go resolves imports through vendor/ directories of the workspace even without search paths. */
  private hasGoVendor(): boolean {
    const dirs = new Set<string>();
    for (const f of this.workspaceFiles.values()) if (f.languageId === 'go') dirs.add(path.dirname(path.join(this.root, f.path)));
    return dirs.size > 0 && new GoPackageLocator(this.root, []).hasVendorFor(dirs);
  }

  private async parseLibraryFile(abs: string): Promise<void> {
    const spec = languageForPath(abs);
    const dir = this.searchPaths.find((d) => abs.startsWith(d + path.sep));
    const goImportPath = spec?.moduleNaming === 'go' ? goLibraryImportPath(abs, this.searchPaths, this.root) : undefined;
    if (!spec || (!dir && goImportPath === undefined)) return void this.libraryMisses.add(abs);
    const read = await readSource(abs, this.limits.maxFileSize);
    if (!read.ok) {
      this.logger.info(`search path file ${abs} skipped: ${read.reason}`);
      return void this.libraryMisses.add(abs);
    }
    const noExt = dir ? path.relative(dir, abs).split(path.sep).join('/').replace(/\.[^./]+$/, '') : '';
    // Java files are named by their package clause (set by extraction), Go files by their import path.
    const moduleName = goImportPath ?? (spec.moduleNaming === 'python' ? noExt.replace(/\/__init__$/, '').split('/').join('.') : noExt.split('/').join('.'));
    if (!this.parser) this.parser = new ParserService();
    const result = await parseSource(this.parser, read.text, spec.id, { path: abs, moduleName, limits: this.limits });
    if (!result.ok) {
      this.logger.info(`search path file ${abs} skipped: ${result.reason}`);
      return void this.libraryMisses.add(abs);
    }
    this.libraryFiles.set(abs, callGraphSyntax(result.syntax));
    this.hashes.set(abs, contentHash(read.text));
  }

  dispose(): void {
    if (this.ownsParser) this.parser?.dispose();
    this.parser = undefined;
  }

  private resolvers = new Map<string, LanguageResolver>();

  /** Rebuilds the tables and resolves every call; `tablesOnly` stops after the tables (library discovery). */
  private resolveIfDirty(tablesOnly = false): void {
    if (!this.dirty) return;
    const files = new Map<string, FileEntry>();
    for (const [p, syntax] of this.workspaceFiles) files.set(p, { syntax, library: false });
    for (const [p, syntax] of this.libraryFiles) if (!files.has(p)) files.set(p, { syntax, library: true });
    const model: IndexModel = { files, functions: new Map(), classes: new Map(), nested: new Map(), locals: new Map(), searchPaths: this.searchPaths, root: this.root };
    const definitions = new Map<string, DefinitionInfo>();
    const duplicates = new Map<string, string[]>();
    for (const [p, { syntax, library }] of files) {
      for (const cls of syntax.classes) {
        if (!model.classes.has(cls.qualifiedName)) model.classes.set(cls.qualifiedName, { def: cls, file: p, methods: new Map() } satisfies ClassEntry);
      }
      for (const fn of syntax.functions) {
        const first = model.functions.get(fn.qualifiedName);
        if (first) {
          // Go files built for other systems (`x_linux.go`, `x_windows.go`) define one package's names alike, and
          // every Java file of a package has the package's module node.
          const shared = syntax.languageId === 'go' || (syntax.languageId === 'java' && fn.kind === 'module');
          if (first.file !== p && !library && !shared) pushTo(duplicates, fn.qualifiedName, p);
          continue;
        }
        model.functions.set(fn.qualifiedName, { def: fn, file: p });
        definitions.set(fn.qualifiedName, {
          qualifiedName: fn.qualifiedName,
          name: fn.name,
          kind: fn.kind,
          file: p,
          line: fn.nameSpan.start.line,
          startLine: fn.span.start.line,
          endLine: fn.span.end.line,
          library,
        });
        if (fn.parent) {
          const siblings = model.nested.get(fn.parent) ?? new Map<string, string>();
          siblings.set(fn.name, fn.qualifiedName);
          model.nested.set(fn.parent, siblings);
        }
      }
      for (const local of syntax.locals ?? []) pushTo(model.locals, local.function, local as LocalBinding);
    }
    for (const [q, { def }] of model.functions) {
      if (!def.container) continue;
      model.classes.get(lastDot(q))?.methods.set(def.name, q);
    }
    this.model = model;
    this.definitionsByName = definitions;
    this.logDuplicates(duplicates);
    this.resolvers = new Map<string, LanguageResolver>([
      ['python', new PythonResolver(model)],
      ['javascript', new JavaScriptResolver(model)],
      ['go', new GoResolver(model)],
      ['java', new JavaResolver(model)],
    ]);
    if (tablesOnly) return;

    const outgoing = new Map<string, ResolvedCall[]>();
    const incoming = new Map<string, IncomingCall[]>();
    const callsByFile = new Map<string, ResolvedCall[]>();
    for (const [p, { syntax }] of files) {
      const resolver = this.resolvers.get(resolverKey(syntax.languageId));
      const resolved: ResolvedCall[] = [];
      for (const call of syntax.calls) {
        const targets = resolver ? resolver.resolveCall(syntax, call) : [{ kind: 'unresolved' as const, text: call.callee }];
        const rc: ResolvedCall = { call, file: p, targets };
        resolved.push(rc);
        pushTo(outgoing, call.caller, rc);
        for (const t of targets) {
          if (t.kind === 'internal') pushTo(incoming, t.qualifiedName, { caller: call.caller, call, file: p, dynamic: t.dynamic });
        }
      }
      callsByFile.set(p, resolved);
    }
    this.outgoing = outgoing;
    this.incoming = incoming;
    this.callsByFile = callsByFile;
    this.dirty = false;
  }

  /**
   * Two files defining one qualified name (Python modules of the same name under different roots of a monorepo)
   * cannot both be shown: the first file's definition stands for the name and the others' calls are merged into it.
   */
  private logDuplicates(duplicates: Map<string, string[]>): void {
    const files = [...new Set([...duplicates.values()].flat())].sort();
    const report = files.length
      ? `${duplicates.size} qualified names are defined in more than one file; the call tree shows the first definition of each ` +
        `(e.g. ${[...duplicates.keys()].slice(0, 3).map((q) => `${q} in ${this.definitionsByName.get(q)?.file} and ${duplicates.get(q)!.join(', ')}`).join('; ')}). ` +
        'Index each project on its own (another root or traceAdvisor.exclude) to trace these files.'
      : '';
    if (report && report !== this.duplicatesLogged) this.logger.warn(report);
    this.duplicatesLogged = report;
  }

  private ensure(): void {
    if (this.librariesPending && this.searchPaths.length) {
      this.logger.debug('call index queried before search paths were loaded; call loadLibraries() after updates');
    }
    this.resolveIfDirty();
  }

  /** A definition (function, method, constructor or module) by qualified name. */
  definition(qualifiedName: string): DefinitionInfo | undefined {
    this.ensure();
    return this.definitionsByName.get(qualifiedName);
  }

  /** Every workspace function, method and constructor (not modules, not library code), sorted by name. */
  functions(): DefinitionInfo[] {
    this.ensure();
    return [...this.definitionsByName.values()]
      .filter((d) => !d.library && d.kind !== 'module')
      .sort((a, b) => (a.qualifiedName < b.qualifiedName ? -1 : a.qualifiedName > b.qualifiedName ? 1 : 0));
  }

  /** Every definition, modules and library code included. */
  allDefinitions(): DefinitionInfo[] {
    this.ensure();
    return [...this.definitionsByName.values()];
  }

  /** The innermost function containing a 0-based line of a file (the module when the line is top-level code). */
  functionAt(filePath: string, line: number): DefinitionInfo | undefined {
    this.ensure();
    const syntax = this.workspaceFiles.get(filePath) ?? this.libraryFiles.get(filePath);
    if (!syntax) return undefined;
    let best: DefinitionInfo | undefined;
    for (const fn of syntax.functions) {
      const d = this.definitionsByName.get(fn.qualifiedName);
      if (!d || d.file !== filePath || line < d.startLine || line > d.endLine) continue;
      if (!best || d.endLine - d.startLine < best.endLine - best.startLine || (best.kind === 'module' && d.kind !== 'module')) best = d;
    }
    return best;
  }

  /** The calls a function makes, in source order, with their targets. */
  callees(qualifiedName: string): ResolvedCall[] {
    this.ensure();
    return this.outgoing.get(qualifiedName) ?? [];
  }

  /** The calls that reach a function. */
  callers(qualifiedName: string): IncomingCall[] {
    this.ensure();
    return this.incoming.get(qualifiedName) ?? [];
  }

  /** Every call of one file with its targets (fixture tests and diagnostics). */
  callsIn(filePath: string): ResolvedCall[] {
    this.ensure();
    return this.callsByFile.get(filePath) ?? [];
  }

  isLibrary(filePath: string): boolean {
    return this.libraryFiles.has(filePath) && !this.workspaceFiles.has(filePath);
  }

  /** The call graph's part of a workspace or library file's syntax, as the index holds it. */
  syntaxOf(filePath: string): CallGraphSyntax | undefined {
    return this.workspaceFiles.get(filePath) ?? this.libraryFiles.get(filePath);
  }

  /** Workspace files, sorted. */
  filePaths(): string[] {
    return [...this.workspaceFiles.keys()].sort();
  }

  get size(): { files: number; libraryFiles: number; functions: number } {
    this.ensure();
    return { files: this.workspaceFiles.size, libraryFiles: this.libraryFiles.size, functions: this.definitionsByName.size };
  }
}

function resolverKey(languageId: string): string {
  return isJavaScriptFamily(languageId) ? 'javascript' : languageId;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function checksum(syntax: CallGraphSyntax): string {
  return contentHash(JSON.stringify(syntax));
}

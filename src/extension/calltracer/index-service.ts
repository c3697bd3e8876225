// The call index of every workspace folder, kept current in the background: built with worker threads behind a
// cancellable progress notification, persisted to the workspace storage and reloaded on the next activation (only
// changed files are re-parsed), then updated from the open documents' live syntax, the file-system watcher and
// renames. Every feature reads it through `ctx.index`. The index holds only the call graph's part of each file
// (CallGraphSyntax): workers strip the rest before sending, and parsed or live syntax is stripped before it is stored.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { WorkspaceIndex, contentHash } from '../../core/callgraph';
import type { Settings } from '../../core/config/settings';
import { languages } from '../../core/languages';
import type { Logger } from '../../core/log';
import { callGraphSyntax, type CallGraphSyntax } from '../../core/model';
import type { ParserService } from '../../core/parsing';
import { WorkspaceLayout, discoverFiles, parseFiles, parseJob, toPosix, type ParseJob } from '../../core/workspace';
import type { DocumentSyntax, ParsedDocument } from '../documents';
import { FileFilter, excludeGlobs } from './file-filter';

export type IndexState =
  | { phase: 'idle'; reason: string }
  | { phase: 'indexing'; done: number; total: number }
  | { phase: 'ready'; files: number; functions: number }
  | { phase: 'incomplete'; files: number; functions: number; reason: string };

export interface IndexChange {
  folder: vscode.WorkspaceFolder;
  /** Root-relative paths that changed; empty when the whole folder was (re)built. */
  files: string[];
}

interface FolderEntry {
  folder: vscode.WorkspaceFolder;
  index?: WorkspaceIndex;
  layout?: WorkspaceLayout;
  filter: FileFilter;
}

/** Settings that change what is indexed or how: a change rebuilds. */
const INDEX_SETTINGS = ['include', 'exclude', 'searchPaths', 'maxFileSize', 'parseTimeoutMs', 'enable'] as const;
/** Fewer files than this are parsed here with the shared (warm) parser; more go to worker threads. */
const WORKER_BATCH = 16;
const WATCH_DEBOUNCE_MS = 200;
const PERSIST_DEBOUNCE_MS = 3000;

export class CallIndexService implements vscode.Disposable {
  private readonly folders = new Map<string, FolderEntry>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<IndexChange>();
  private readonly stateChanged = new vscode.EventEmitter<IndexState>();
  private currentState: IndexState = { phase: 'idle', reason: 'not started' };
  private building: Promise<void> = Promise.resolve();
  private buildAbort: AbortController | undefined;
  private generation = 0;
  private started = false;
  private readonly pendingDisk = new Map<string, { uri: vscode.Uri; deleted: boolean }>();
  private diskTimer: ReturnType<typeof setTimeout> | undefined;
  private persistTimer: ReturnType<typeof setTimeout> | undefined;

  /** Fires after the index of a folder changed (built, or files updated). */
  readonly onDidChange = this.changed.event;
  /** Fires when progress or size changes (the status bar). */
  readonly onDidChangeState = this.stateChanged.event;

  constructor(
    private readonly extension: vscode.ExtensionContext,
    private readonly settings: () => Settings,
    private readonly documents: DocumentSyntax,
    private readonly parser: ParserService,
    private readonly log: Logger,
  ) {}

  get state(): IndexState {
    return this.currentState;
  }

  /** Builds (or reloads) every folder's index in the background and starts following changes. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const extensions = [...new Set(languages.flatMap((l) => l.extensions.map((e) => e.slice(1))))];
    const watcher = vscode.workspace.createFileSystemWatcher(`**/*.{${extensions.join(',')}}`);
    this.disposables.push(
      this.changed,
      this.stateChanged,
      watcher,
      watcher.onDidCreate((uri) => this.queueDisk(uri, false)),
      watcher.onDidChange((uri) => this.queueDisk(uri, false)),
      watcher.onDidDelete((uri) => this.queueDisk(uri, true)),
      vscode.workspace.onDidRenameFiles((e) => this.onRenamed(e.files)),
      this.documents.onDidParse((parsed) => void this.onLiveSyntax(parsed)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rebuild()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('files.exclude') || INDEX_SETTINGS.some((k) => e.affectsConfiguration(`traceAdvisor.${k}`))) this.rebuild();
      }),
    );
    this.rebuild();
  }

  /** Resolves when the build running now (if any) has finished, whatever its outcome. */
  whenReady(): Promise<void> {
    return this.building;
  }

  /** Re-indexes every folder: reloads what is persisted or held, re-parses only what changed. */
  rebuild(options: { fromScratch?: boolean } = {}): Promise<void> {
    this.buildAbort?.abort();
    const abort = new AbortController();
    this.buildAbort = abort;
    const generation = ++this.generation;
    const previous = this.building;
    this.building = previous.then(() => this.buildAll(generation, abort.signal, !!options.fromScratch)).catch((e: Error) => {
      this.log.error(`call index build failed: ${e.stack ?? e.message}`);
      this.setState({ phase: 'idle', reason: `indexing failed: ${e.message}` });
    });
    return this.building;
  }

  /** The index of the folder that holds a file (possibly still being built: see whenReady()). */
  indexFor(uri: vscode.Uri): WorkspaceIndex | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder ? this.folders.get(folder.uri.toString())?.index : undefined;
  }

  indexOfFolder(folder: vscode.WorkspaceFolder): WorkspaceIndex | undefined {
    return this.folders.get(folder.uri.toString())?.index;
  }

  /** Every folder with its index. */
  all(): { folder: vscode.WorkspaceFolder; index: WorkspaceIndex }[] {
    return [...this.folders.values()].filter((f) => f.index).map((f) => ({ folder: f.folder, index: f.index! }));
  }

  /** Root-relative path of a file in its folder, as the index names it. */
  relativePath(uri: vscode.Uri): string | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder || uri.scheme !== 'file') return undefined;
    return toPosix(path.relative(folder.uri.fsPath, uri.fsPath));
  }

  /** Why a file is not in the index, or undefined when it is eligible. */
  rejection(uri: vscode.Uri): string | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const entry = folder && this.folders.get(folder.uri.toString());
    const rel = this.relativePath(uri);
    if (!entry || rel === undefined) return 'not in a workspace folder';
    return entry.filter.rejection(rel);
  }

  private setState(state: IndexState): void {
    this.currentState = state;
    this.stateChanged.fire(state);
  }

  private readySummary(): IndexState {
    let files = 0;
    let functions = 0;
    for (const { index } of this.all()) {
      files += index.size.files;
      functions += index.functions().length;
    }
    return { phase: 'ready', files, functions };
  }

  private async buildAll(generation: number, signal: AbortSignal, fromScratch: boolean): Promise<void> {
    const settings = this.settings();
    const workspaceFolders = vscode.workspace.workspaceFolders ?? [];
    if (!settings.enable) {
      this.folders.clear();
      this.setState({ phase: 'idle', reason: 'Trace Advisor is disabled (traceAdvisor.enable)' });
      return;
    }
    const local = workspaceFolders.filter((f) => f.uri.scheme === 'file');
    if (!local.length) {
      this.folders.clear();
      this.setState({ phase: 'idle', reason: 'no local workspace folder' });
      return;
    }
    for (const key of [...this.folders.keys()]) if (!local.some((f) => f.uri.toString() === key)) this.folders.delete(key);
    this.setState({ phase: 'indexing', done: 0, total: 0 });
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Trace Advisor: indexing calls', cancellable: true },
      async (progress, token) => {
        const cancelled = new AbortController();
        token.onCancellationRequested(() => cancelled.abort());
        const both = AbortSignal.any([signal, cancelled.signal]);
        let reported = 0;
        for (const folder of local) {
          if (both.aborted) break;
          await this.buildFolder(folder, both, fromScratch, (done, total) => {
            if (generation !== this.generation) return;
            const percent = total ? (done / total) * 100 : 0;
            progress.report({ message: `${folder.name}: ${done}/${total} files`, increment: Math.max(0, percent - reported) / local.length });
            reported = percent;
            this.setState({ phase: 'indexing', done, total });
          });
          reported = 0;
        }
        if (generation !== this.generation) return;
        const summary = this.readySummary();
        if (cancelled.signal.aborted && summary.phase === 'ready') {
          this.setState({ ...summary, phase: 'incomplete', reason: 'indexing was cancelled' });
          this.log.info('call indexing cancelled: the index is incomplete until you re-index');
        } else {
          this.setState(summary);
        }
      },
    );
  }

  private storageFile(folder: vscode.WorkspaceFolder): string | undefined {
    const storage = this.extension.storageUri;
    if (!storage || storage.scheme !== 'file') return undefined;
    const key = crypto.createHash('sha1').update(folder.uri.toString()).digest('hex').slice(0, 16);
    const version = String(this.extension.extension.packageJSON.version ?? '0');
    return path.join(storage.fsPath, 'call-index', `${key}-${version}.json`);
  }

  /** Removes index files this folder left under other extension versions (their parse results may differ). */
  private discardOtherVersions(file: string): void {
    const dir = path.dirname(file);
    const prefix = path.basename(file).replace(/-[^-]+\.json$/, '-');
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (!name.startsWith(prefix) || name === path.basename(file)) continue;
      this.log.info(`call index ${name} discarded: written by another Trace Advisor version`);
      fs.rmSync(path.join(dir, name), { force: true });
    }
  }

  private async buildFolder(folder: vscode.WorkspaceFolder, signal: AbortSignal, fromScratch: boolean, onProgress: (done: number, total: number) => void): Promise<void> {
    const settings = this.settings();
    const root = folder.uri.fsPath;
    const filesExclude = excludeGlobs(vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, unknown>>('exclude'));
    const filter = new FileFilter(root, { include: settings.include, exclude: [...settings.exclude, ...filesExclude] });
    const key = folder.uri.toString();
    const held = this.folders.get(key);
    const started = Date.now();

    const discovered = await discoverFiles(root, { include: settings.include, exclude: [...settings.exclude, ...filesExclude], signal });
    for (const s of discovered.skipped) this.log.info(`skipped ${s.path}: ${s.reason}`);
    if (signal.aborted) return;
    const layout = WorkspaceLayout.scan(root, discovered.files);

    const searchPaths = settings.searchPaths;
    const limits = { maxFileSize: settings.maxFileSize, timeoutMs: settings.parseTimeoutMs };
    const storage = this.storageFile(folder);
    if (storage) this.discardOtherVersions(storage);
    let index: WorkspaceIndex | undefined;
    const sameSearchPaths = held?.index && JSON.stringify(held.index.searchPaths) === JSON.stringify(searchPaths.map((p) => path.resolve(root, p)));
    // Library files are parsed within the limits the index was made with: new limits need a new index.
    const sameLimits = held?.index && held.index.limits.maxFileSize === limits.maxFileSize && held.index.limits.timeoutMs === limits.timeoutMs;
    if (!fromScratch && held?.index && sameSearchPaths && sameLimits) index = held.index;
    else if (!fromScratch && storage && fs.existsSync(storage)) {
      index = WorkspaceIndex.load(storage, { root, searchPaths, logger: this.log, parser: this.parser, limits });
    }
    const reused = !!index;
    index ??= new WorkspaceIndex({ root, searchPaths, logger: this.log, parser: this.parser, limits });

    // What to parse: files the index lacks, and files whose text changed since it was indexed.
    const wanted = new Set(discovered.files);
    for (const p of index.filePaths()) if (!wanted.has(p)) index.removeFile(p);
    const have = new Set(index.filePaths());
    const stale = new Set(reused ? index.staleFiles() : []);
    const toParse = discovered.files.filter((p) => !have.has(p) || stale.has(p));
    const jobs = toParse.map((p) => ({ path: p, absPath: path.join(root, p), moduleName: layout.moduleName(p) }));
    onProgress(0, jobs.length);
    const parsed = await this.parseJobs(jobs, signal, onProgress);
    await index.updateFiles(parsed.map((syntax) => ({ syntax })));

    const entry: FolderEntry = { folder, index, layout, filter };
    this.folders.set(key, entry);
    // Open documents with unsaved edits: their live syntax wins over the text on disk.
    const live = await this.liveSyntaxOf(folder, filter);
    if (live.length) await index.updateFiles(live);
    const size = index.size;
    this.log.info(
      `call index of ${folder.name}: ${size.files} files, ${index.functions().length} functions` +
        (reused ? `, ${toParse.length} re-parsed` : '') + ` in ${Date.now() - started} ms`,
    );
    if (!signal.aborted) this.persist(entry);
    this.changed.fire({ folder, files: [] });
  }

  private async parseJobs(jobs: ParseJob[], signal: AbortSignal, onProgress?: (done: number, total: number) => void): Promise<CallGraphSyntax[]> {
    const settings = this.settings();
    const limits = { maxFileSize: settings.maxFileSize, timeoutMs: settings.parseTimeoutMs };
    if (jobs.length >= WORKER_BATCH) {
      const grammarDir = path.join(this.extension.extensionPath, 'dist', 'grammars');
      const result = await parseFiles(jobs, { grammarDir, limits, signal, logger: this.log, onProgress, workerThreshold: 0, callGraphOnly: true });
      return result.files;
    }
    const files: CallGraphSyntax[] = [];
    for (const [i, job] of jobs.entries()) {
      if (signal.aborted) break;
      const r = await parseJob(this.parser, job, limits);
      if (r.syntax) files.push(callGraphSyntax(r.syntax));
      if (r.skipped) this.log.info(`skipped ${r.skipped.path}: ${r.skipped.reason}`);
      onProgress?.(i + 1, jobs.length);
    }
    return files;
  }

  private async liveSyntaxOf(folder: vscode.WorkspaceFolder, filter: FileFilter): Promise<{ syntax: CallGraphSyntax }[]> {
    const out: { syntax: CallGraphSyntax }[] = [];
    for (const doc of vscode.workspace.textDocuments) {
      if (!doc.isDirty || vscode.workspace.getWorkspaceFolder(doc.uri)?.uri.toString() !== folder.uri.toString()) continue;
      const rel = this.relativePath(doc.uri);
      if (rel === undefined || !filter.accepts(rel)) continue;
      const syntax = await this.documents.syntaxOf(doc);
      if (syntax) out.push({ syntax: callGraphSyntax(syntax) });
    }
    return out;
  }

  /** An open document was re-parsed: its syntax replaces the file's in the index at once. */
  private async onLiveSyntax(parsed: ParsedDocument): Promise<void> {
    const uri = parsed.document.uri;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const entry = folder && this.folders.get(folder.uri.toString());
    const rel = this.relativePath(uri);
    if (!entry?.index || rel === undefined || !entry.filter.accepts(rel)) return;
    const text = parsed.document.getText();
    // Unsaved text must not be persisted as the file's content: without a hash the file is re-validated on reload.
    const hash = parsed.document.isDirty ? undefined : contentHash(text);
    await entry.index.updateFile(callGraphSyntax(parsed.syntax), hash);
    this.changed.fire({ folder: entry.folder, files: [rel] });
    this.schedulePersist();
  }

  private queueDisk(uri: vscode.Uri, deleted: boolean): void {
    if (uri.scheme !== 'file') return;
    this.pendingDisk.set(uri.toString(), { uri, deleted });
    if (this.diskTimer) clearTimeout(this.diskTimer);
    this.diskTimer = setTimeout(() => void this.flushDisk(), WATCH_DEBOUNCE_MS);
  }

  private onRenamed(files: readonly { oldUri: vscode.Uri; newUri: vscode.Uri }[]): void {
    for (const { oldUri, newUri } of files) {
      const entry = this.folders.get(vscode.workspace.getWorkspaceFolder(oldUri)?.uri.toString() ?? '');
      const oldRel = this.relativePath(oldUri);
      if (!entry?.index || oldRel === undefined) continue;
      const held = entry.index.filePaths();
      if (held.includes(oldRel)) {
        this.queueDisk(oldUri, true);
        this.queueDisk(newUri, false);
      } else if (held.some((p) => p.startsWith(`${oldRel}/`))) {
        // A directory moved: every file below it has a new path and module name; reconcile the folder.
        void this.rebuild();
        return;
      }
    }
  }

  private async flushDisk(): Promise<void> {
    this.diskTimer = undefined;
    const batch = [...this.pendingDisk.values()];
    this.pendingDisk.clear();
    await this.building;
    const byFolder = new Map<FolderEntry, { removed: string[]; jobs: ParseJob[]; live: { syntax: CallGraphSyntax; hash?: string }[] }>();
    for (const { uri, deleted } of batch) {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      const entry = folder && this.folders.get(folder.uri.toString());
      const rel = this.relativePath(uri);
      if (!entry?.index || !entry.layout || rel === undefined) continue;
      if (path.posix.basename(rel) === '__init__.py' && (deleted || !entry.index.filePaths().includes(rel))) {
        // A package appeared or vanished: module names of its siblings change, which only a full pass sees.
        void this.rebuild({ fromScratch: true });
        return;
      }
      const work = byFolder.get(entry) ?? { removed: [], jobs: [], live: [] };
      byFolder.set(entry, work);
      if (deleted || !fs.existsSync(uri.fsPath)) {
        work.removed.push(rel);
        continue;
      }
      if (!entry.filter.accepts(rel)) continue;
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (open?.isDirty) continue; // The live syntax of the unsaved text is what the index holds.
      if (open) {
        const syntax = await this.documents.syntaxOf(open);
        if (syntax) work.live.push({ syntax: callGraphSyntax(syntax), hash: contentHash(open.getText()) });
        continue;
      }
      if (!entry.layout.has(rel)) entry.layout = WorkspaceLayout.scan(entry.folder.uri.fsPath, [...entry.index.filePaths(), rel]);
      work.jobs.push({ path: rel, absPath: uri.fsPath, moduleName: entry.layout.moduleName(rel) });
    }
    for (const [entry, work] of byFolder) {
      const index = entry.index!;
      for (const rel of work.removed) index.removeFile(rel);
      const parsed = await this.parseJobs(work.jobs, new AbortController().signal);
      await index.updateFiles([...parsed.map((syntax) => ({ syntax })), ...work.live]);
      const files = [...work.removed, ...work.jobs.map((j) => j.path), ...work.live.map((l) => l.syntax.path)];
      if (!files.length) continue;
      this.changed.fire({ folder: entry.folder, files });
      this.schedulePersist();
    }
    if (byFolder.size && this.currentState.phase === 'ready') this.setState(this.readySummary());
  }

  private schedulePersist(): void {
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.persistTimer = setTimeout(() => {
      this.persistTimer = undefined;
      for (const entry of this.folders.values()) this.persist(entry);
    }, PERSIST_DEBOUNCE_MS);
  }

  private persist(entry: FolderEntry): void {
    const file = this.storageFile(entry.folder);
    if (!file || !entry.index) return;
    try {
      entry.index.serialize(file);
    } catch (e) {
      this.log.warn(`could not save the call index to ${file}: ${(e as Error).message}`);
    }
  }

  dispose(): void {
    this.buildAbort?.abort();
    if (this.diskTimer) clearTimeout(this.diskTimer);
    if (this.persistTimer) {
      clearTimeout(this.persistTimer);
      for (const entry of this.folders.values()) this.persist(entry);
    }
    for (const d of this.disposables) d.dispose();
  }
}

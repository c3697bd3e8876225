// Keeps the syntax of open supported documents current: incremental re-parse after each burst of typing
// (debounced), results for a document version that is no longer current are dropped, and listeners hear about
// every fresh parse. Features (diagnostics, CodeLens, the call tree) build on this instead of parsing themselves.
import * as vscode from 'vscode';
import { languageById } from '../core/languages';
import type { Logger } from '../core/log';
import type { FileSyntax, FunctionDef, FunctionShift } from '../core/model';
import { DocumentTrees, type ContentChange, type ParserService } from '../core/parsing';
import { WorkspaceLayout, toPosix } from '../core/workspace';
import type { Settings } from '../core/config/settings';

export interface ParsedDocument {
  document: vscode.TextDocument;
  version: number;
  syntax: FileSyntax;
  /** Functions carried over unchanged from the version parsed before (for the analysis to reuse its results). */
  reused?: ReadonlyMap<FunctionDef, FunctionShift>;
}

/** Path relative to its workspace folder (or the file name alone), `/`-separated, and that folder's path. */
export function workspacePathOf(uri: vscode.Uri): { root: string; relPath: string } {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder || uri.scheme !== 'file') return { root: '', relPath: uri.path.split('/').pop() ?? uri.path };
  const rel = toPosix(uri.fsPath.slice(folder.uri.fsPath.length).replace(/^[\\/]+/, ''));
  return { root: folder.uri.fsPath, relPath: rel };
}

/** The path and module name a document's syntax is extracted with (as its file would be when indexed). */
export function parseOptionsOf(uri: vscode.Uri): { path: string; moduleName: string } {
  const { root, relPath } = workspacePathOf(uri);
  const moduleName = root ? WorkspaceLayout.forFile(root, relPath).moduleName(relPath) : relPath.replace(/\.[^.]+$/, '');
  return { path: relPath, moduleName };
}

export function isSupported(document: vscode.TextDocument): boolean {
  return !!languageById(document.languageId) && (document.uri.scheme === 'file' || document.uri.scheme === 'untitled');
}

/** Content changes not parsed yet, the debounce timer that will parse them, and who waits for that parse. */
interface PendingParse {
  changes: ContentChange[];
  timer?: ReturnType<typeof setTimeout>;
  waiters: (() => void)[];
}

export class DocumentSyntax implements vscode.Disposable {
  private readonly trees: DocumentTrees;
  private readonly pending = new Map<string, PendingParse>();
  private readonly emitter = new vscode.EventEmitter<ParsedDocument>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Fired after a document was parsed, only while that version is still the document's current one. */
  readonly onDidParse = this.emitter.event;

  constructor(
    parser: ParserService,
    private settings: Settings,
    private readonly log: Logger,
  ) {
    this.trees = new DocumentTrees(parser, { maxFileSize: settings.maxFileSize, timeoutMs: settings.parseTimeoutMs });
    this.disposables.push(
      this.emitter,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, [], 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length) this.schedule(e.document, e.contentChanges, this.settings['analysis.debounceMs']);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
    );
  }

  updateSettings(settings: Settings): void {
    this.settings = settings;
  }

  /** Parses every open supported document now (after activation or a settings change). */
  refreshAll(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, [], 0, true);
  }

  /**
   * The syntax of a document at its current version. While a debounced parse is due (the user is typing) it waits for
   * that parse rather than parsing now: CodeLens and code action requests come on every keystroke, and parsing for
   * each would undo the debounce. Otherwise it parses now if needed.
   */
  async syntaxOf(document: vscode.TextDocument): Promise<FileSyntax | undefined> {
    if (!isSupported(document)) return undefined;
    const key = document.uri.toString();
    for (;;) {
      const held = this.trees.get(key);
      if (held && held.version === document.version) return held.syntax;
      const due = this.pending.get(key);
      if (!due?.timer) break;
      await new Promise<void>((resolve) => due.waiters.push(resolve));
      if (document.isClosed) return undefined;
    }
    return (await this.parseNow(document))?.syntax;
  }

  private schedule(document: vscode.TextDocument, changes: readonly vscode.TextDocumentContentChangeEvent[], delay: number, full = false): void {
    if (!isSupported(document) || !this.settings.enable) return;
    const key = document.uri.toString();
    const entry = this.pending.get(key) ?? { changes: [], waiters: [] };
    if (full) this.trees.close(key);
    else entry.changes.push(...changes.map(toContentChange));
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => void this.parseNow(document), delay);
    this.pending.set(key, entry);
  }

  private async parseNow(document: vscode.TextDocument): Promise<ParsedDocument | undefined> {
    const key = document.uri.toString();
    const entry = this.pending.get(key);
    if (entry?.timer) clearTimeout(entry.timer);
    this.pending.delete(key);
    try {
      return await this.parse(document, entry?.changes);
    } finally {
      // Whatever came of it; waiters whose version moved on meanwhile wait for the parse due now.
      for (const wake of entry?.waiters ?? []) wake();
    }
  }

  private async parse(document: vscode.TextDocument, changes: ContentChange[] | undefined): Promise<ParsedDocument | undefined> {
    const key = document.uri.toString();
    if (document.isClosed) return undefined;
    const version = document.version;
    const options = parseOptionsOf(document.uri);
    const relPath = options.path;
    try {
      const result = await this.trees.update(key, version, document.getText(), document.languageId, options, changes);
      if (!result.ok) {
        this.log.info(`skipped ${relPath}: ${result.reason}`);
        return undefined;
      }
      // The user typed on while we parsed: a newer parse is already scheduled, so this result is stale.
      if (document.version !== version || document.isClosed) return undefined;
      const parsed = { document, version, syntax: result.state.syntax, reused: result.state.reused };
      this.emitter.fire(parsed);
      return parsed;
    } catch (e) {
      this.trees.close(key);
      this.log.error(`parsing ${relPath} failed: ${(e as Error).message}`);
      return undefined;
    }
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const entry = this.pending.get(key);
    if (entry?.timer) clearTimeout(entry.timer);
    this.pending.delete(key);
    this.trees.close(key);
    for (const wake of entry?.waiters ?? []) wake();
  }

  dispose(): void {
    for (const e of this.pending.values()) {
      if (e.timer) clearTimeout(e.timer);
      for (const wake of e.waiters) wake();
    }
    this.pending.clear();
    this.trees.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function toContentChange(c: vscode.TextDocumentContentChangeEvent): ContentChange {
  return {
    rangeOffset: c.rangeOffset,
    rangeLength: c.rangeLength,
    text: c.text,
    range: { start: { line: c.range.start.line, character: c.range.start.character }, end: { line: c.range.end.line, character: c.range.end.character } },
  };
}

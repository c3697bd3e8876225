// Keeps the syntax of open supported documents current: incremental re-parse after each burst of typing
// (debounced), results for a document version that is no longer current are dropped, and listeners hear about
// every fresh parse. Features (diagnostics, CodeLens, the call tree) build on this instead of parsing themselves.
import * as vscode from 'vscode';
import { languageById } from '../core/languages';
import type { Logger } from '../core/log';
import type { FileSyntax } from '../core/model';
import { DocumentTrees, type ContentChange, type ParserService } from '../core/parsing';
import { WorkspaceLayout, toPosix } from '../core/workspace';
import type { Settings } from '../core/config/settings';

export interface ParsedDocument {
  document: vscode.TextDocument;
  version: number;
  syntax: FileSyntax;
}

/** Path relative to its workspace folder (or the file name alone), `/`-separated, and that folder's path. */
export function workspacePathOf(uri: vscode.Uri): { root: string; relPath: string } {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder || uri.scheme !== 'file') return { root: '', relPath: uri.path.split('/').pop() ?? uri.path };
  const rel = toPosix(uri.fsPath.slice(folder.uri.fsPath.length).replace(/^[\\/]+/, ''));
  return { root: folder.uri.fsPath, relPath: rel };
}

export function isSupported(document: vscode.TextDocument): boolean {
  return !!languageById(document.languageId) && (document.uri.scheme === 'file' || document.uri.scheme === 'untitled');
}

export class DocumentSyntax implements vscode.Disposable {
  private readonly trees: DocumentTrees;
  private readonly pending = new Map<string, { changes: ContentChange[]; timer?: ReturnType<typeof setTimeout> }>();
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

  /** The syntax of a document at its current version, parsing now if needed. */
  async syntaxOf(document: vscode.TextDocument): Promise<FileSyntax | undefined> {
    if (!isSupported(document)) return undefined;
    const held = this.trees.get(document.uri.toString());
    if (held && held.version === document.version) return held.syntax;
    return (await this.parseNow(document))?.syntax;
  }

  private schedule(document: vscode.TextDocument, changes: readonly vscode.TextDocumentContentChangeEvent[], delay: number, full = false): void {
    if (!isSupported(document) || !this.settings.enable) return;
    const key = document.uri.toString();
    const entry = this.pending.get(key) ?? { changes: [] };
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
    if (document.isClosed) return undefined;
    const version = document.version;
    const { root, relPath } = workspacePathOf(document.uri);
    const moduleName = root ? WorkspaceLayout.forFile(root, relPath).moduleName(relPath) : relPath.replace(/\.[^.]+$/, '');
    try {
      const result = await this.trees.update(key, version, document.getText(), document.languageId, { path: relPath, moduleName }, entry?.changes);
      if (!result.ok) {
        this.log.info(`skipped ${relPath}: ${result.reason}`);
        return undefined;
      }
      // The user typed on while we parsed: a newer parse is already scheduled, so this result is stale.
      if (document.version !== version || document.isClosed) return undefined;
      const parsed = { document, version, syntax: result.state.syntax };
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
  }

  dispose(): void {
    for (const e of this.pending.values()) if (e.timer) clearTimeout(e.timer);
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

// The latest analysis of each file, shared by diagnostics, hover, CodeLens, the Trace Points view, the status bar,
// quick fixes and reports. Live results carry the document version they were computed on; results from Analyze
// Workspace (files read from disk) carry none.
import * as vscode from 'vscode';
import type { FileCoverage } from '../../core/analysis';
import type { FileSyntax } from '../../core/model';
import type { FolderConfig } from './workspace-config';
import type { ShownRecommendation } from './presentation';

export interface FileResult {
  uri: vscode.Uri;
  languageId: string;
  /** The document version analyzed; undefined for a file analyzed from disk. */
  version?: number;
  /** The syntax analyzed (live results only): CodeLens places its lenses at the functions. */
  syntax?: FileSyntax;
  recommendations: ShownRecommendation[];
  coverage: FileCoverage;
  instrumented: string[];
  folderConfig: FolderConfig;
}

export class AnalysisResults implements vscode.Disposable {
  private readonly byUri = new Map<string, FileResult>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri[]>();
  /** Fires with the files whose results were set or removed. */
  readonly onDidChange = this.emitter.event;
  /** Set once Analyze Workspace ran: results of closed files are then kept, and workspace coverage is known. */
  workspaceAnalyzed = false;

  get(uri: vscode.Uri): FileResult | undefined {
    return this.byUri.get(uri.toString());
  }

  /** The result for exactly this version of an open document, else undefined (it is being re-analyzed). */
  current(document: vscode.TextDocument): FileResult | undefined {
    const r = this.byUri.get(document.uri.toString());
    return r && r.version === document.version ? r : undefined;
  }

  all(): FileResult[] {
    return [...this.byUri.values()];
  }

  set(results: FileResult[]): void {
    for (const r of results) this.byUri.set(r.uri.toString(), r);
    if (results.length) this.emitter.fire(results.map((r) => r.uri));
  }

  delete(uris: vscode.Uri[]): void {
    const removed = uris.filter((u) => this.byUri.delete(u.toString()));
    if (removed.length) this.emitter.fire(removed);
  }

  clear(): void {
    const uris = this.all().map((r) => r.uri);
    this.byUri.clear();
    this.workspaceAnalyzed = false;
    if (uris.length) this.emitter.fire(uris);
  }

  markWorkspaceAnalyzed(): void {
    this.workspaceAnalyzed = true;
    this.emitter.fire(this.all().map((r) => r.uri));
  }

  workspaceCoverage(): FileCoverage {
    return this.all().reduce((sum, r) => ({ functions: sum.functions + r.coverage.functions, instrumented: sum.instrumented + r.coverage.instrumented }), { functions: 0, instrumented: 0 });
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

// Live analysis of open documents: after each (debounced, incremental) parse, analyzeFile runs with the file's
// configuration and the call graph's fan-in; a result computed for a version that is no longer current is dropped.
// Re-runs on every open document when the configuration or the index changes.
import * as vscode from 'vscode';
import { AnalysisMemo, analyzeFile, type AnalysisContext } from '../../core/analysis';
import type { FileSyntax, FunctionDef, FunctionShift } from '../../core/model';
import { parseSource } from '../../core/parsing';
import type { FeatureContext } from '../context';
import { isSupported, parseOptionsOf, type ParsedDocument } from '../documents';
import { withAiRecommendations } from '../ai/carry';
import type { CallIndexService } from '../calltracer/index-service';
import { fanInFor } from './fan-in';
import type { AnalysisResults, FileResult } from './results';
import type { FolderConfig, WorkspaceConfigs } from './workspace-config';

/** Index updates come in bursts while typing; the fan-in they change is a small score adjustment. */
const INDEX_REANALYZE_DELAY_MS = 500;

export class LiveAnalysis implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private indexTimer: ReturnType<typeof setTimeout> | undefined;
  /** Analyses run per open document (by URI), forgotten when it closes. */
  private readonly analysesRun = new Map<string, number>();
  /** Per open document: the last analysis's results per function, reused for the functions an edit left alone. */
  private readonly memos = new Map<string, AnalysisMemo>();

  constructor(
    private readonly ctx: FeatureContext,
    private readonly configs: WorkspaceConfigs,
    private readonly results: AnalysisResults,
    private readonly index: CallIndexService,
  ) {
    this.disposables.push(
      ctx.documents.onDidParse((parsed) => this.analyzeParsed(parsed)),
      configs.onDidChange(() => void this.reanalyzeOpen()),
      vscode.workspace.onDidCloseTextDocument((d) => this.closed(d)),
      ctx.aiRecommendations.onDidChange(() => void this.reanalyzeOpen()),
    );
    this.disposables.push(
      index.onDidChange(() => {
        if (this.indexTimer) clearTimeout(this.indexTimer);
        this.indexTimer = setTimeout(() => void this.reanalyzeOpen(), INDEX_REANALYZE_DELAY_MS);
      }),
    );
  }

  /** Analyzes a document's syntax at its current version; returns undefined when it changed meanwhile. */
  analyze(document: vscode.TextDocument, version: number, syntax: FileSyntax, reused?: ReadonlyMap<FunctionDef, FunctionShift>): FileResult | undefined {
    if (document.isClosed || document.version !== version) return undefined;
    const folderConfig = this.configs.configFor(document.uri);
    if (!folderConfig.settings.enable) return undefined;
    const key = document.uri.toString();
    this.analysesRun.set(key, (this.analysesRun.get(key) ?? 0) + 1);
    const memo = this.memos.get(key) ?? new AnalysisMemo();
    this.memos.set(key, memo);
    return this.resultOf(document, version, syntax, folderConfig, { memo, reused });
  }

  /** How many analyses of an open document ran since it was opened (far fewer than its edits: see the README's Reliability). */
  analysisCount(uri: vscode.Uri): number {
    return this.analysesRun.get(uri.toString()) ?? 0;
  }

  /**
   * The analysis of a document's current text parsed from scratch, bypassing the incremental trees and the debounce:
   * what opening it afresh would show. Shown nowhere and not counted; host tests compare it with the live result.
   */
  async analyzeFromScratch(document: vscode.TextDocument): Promise<FileResult | undefined> {
    if (!isSupported(document)) return undefined;
    const version = document.version;
    const settings = this.ctx.settings();
    const limits = { maxFileSize: settings.maxFileSize, timeoutMs: settings.parseTimeoutMs };
    const parsed = await parseSource(this.ctx.parser, document.getText(), document.languageId, { ...parseOptionsOf(document.uri), limits });
    if (!parsed.ok || document.version !== version) return undefined;
    return this.resultOf(document, version, parsed.syntax, this.configs.configFor(document.uri));
  }

  private resultOf(document: vscode.TextDocument, version: number, syntax: FileSyntax, folderConfig: FolderConfig, reuse?: Pick<AnalysisContext, 'memo' | 'reused'>): FileResult {
    const started = performance.now();
    const analysis = analyzeFile(syntax, folderConfig.config, { fanIn: fanInFor(this.index, document.uri), ...reuse });
    this.ctx.log.trace(`analyzed ${syntax.path} v${version} in ${(performance.now() - started).toFixed(1)} ms: ${analysis.recommendations.length} recommendation(s)`);
    const recommendations = withAiRecommendations(analysis.recommendations, this.ctx.aiRecommendations.forDocument(document.uri, syntax, document.getText()));
    return { uri: document.uri, languageId: document.languageId, version, syntax, ...analysis, recommendations, folderConfig };
  }

  private analyzeParsed(parsed: ParsedDocument): void {
    const result = this.analyze(parsed.document, parsed.version, parsed.syntax, parsed.reused);
    if (result) this.results.set([result]);
    else if (!this.configs.configFor(parsed.document.uri).settings.enable) this.results.delete([parsed.document.uri]);
  }

  /** Re-runs the analysis of every open document (configuration or index changed). */
  async reanalyzeOpen(): Promise<void> {
    for (const document of vscode.workspace.textDocuments) {
      const syntax = await this.ctx.documents.syntaxOf(document);
      if (!syntax) continue;
      const result = this.analyze(document, document.version, syntax);
      if (result) this.results.set([result]);
      else this.results.delete([document.uri]);
    }
    // Closed files keep what Analyze Workspace found; only their presentation (severity, lenses) follows the settings.
    const closed = this.results.all().filter((r) => r.version === undefined);
    this.results.set(closed.map((r) => ({ ...r, folderConfig: this.configs.configFor(r.uri) })));
  }

  private closed(document: vscode.TextDocument): void {
    this.analysesRun.delete(document.uri.toString());
    this.memos.delete(document.uri.toString());
    const result = this.results.get(document.uri);
    if (!result) return;
    // After Analyze Workspace the file keeps its diagnostics, as any closed file does; they are those of the text
    // last analyzed, without a version (no quick fixes until it is opened again).
    if (this.results.workspaceAnalyzed && !document.isDirty) this.results.set([{ ...result, version: undefined, syntax: undefined }]);
    else this.results.delete([document.uri]);
  }

  dispose(): void {
    if (this.indexTimer) clearTimeout(this.indexTimer);
    for (const d of this.disposables) d.dispose();
  }
}

// Analysis of files on disk — the whole workspace (Analyze Workspace) or a folder or file (Generate Report) — through
// the core's analyzePaths, which parses in worker threads off the extension host's main thread. Open documents keep
// their live results (they may hold unsaved edits); every other file gets diagnostics too.
import path from 'node:path';
import * as vscode from 'vscode';
import { analyzePaths, type AnalysisRun } from '../../core/analysis';
import type { FeatureContext } from '../context';
import { withAiRecommendations } from '../ai/carry';
import type { CallIndexService } from '../calltracer/index-service';
import { fanInFor } from './fan-in';
import { coverageText } from './presentation';
import type { AnalysisResults, FileResult } from './results';
import type { FolderConfig, WorkspaceConfigs } from './workspace-config';

export interface FolderRun {
  folder: vscode.WorkspaceFolder;
  run: AnalysisRun;
  folderConfig: FolderConfig;
}

export class DiskAnalysis {
  constructor(
    private readonly ctx: FeatureContext,
    private readonly configs: WorkspaceConfigs,
    private readonly results: AnalysisResults,
    private readonly index: CallIndexService,
  ) {}

  /** Analyzes `paths` (absolute) of one folder; stores the results of files that are not open. */
  async analyze(folder: vscode.WorkspaceFolder, paths: string[], token: vscode.CancellationToken, onProgress?: (done: number, total: number) => void): Promise<FolderRun> {
    const folderConfig = this.configs.configFor(folder.uri);
    const { settings } = folderConfig;
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    try {
      const run = await analyzePaths(
        paths.map((p) => path.relative(folder.uri.fsPath, p) || '.'),
        {
          baseDir: folder.uri.fsPath,
          config: folderConfig.config,
          configFile: folderConfig.configFile && path.relative(folder.uri.fsPath, folderConfig.configFile),
          configProblems: folderConfig.problems,
          include: settings.include,
          exclude: settings.exclude,
          toolVersion: String(this.ctx.extension.extension.packageJSON.version),
          context: { fanIn: fanInFor(this.index, folder.uri) },
          grammarDir: path.join(this.ctx.extension.extensionPath, 'dist', 'grammars'),
          limits: { maxFileSize: settings.maxFileSize, timeoutMs: settings.parseTimeoutMs },
          logger: this.ctx.log,
          signal: abort.signal,
          onProgress,
        },
      );
      // A cancelled run holds part of the files: keep what was shown before rather than a partial picture.
      if (!token.isCancellationRequested) this.store(folder, run, folderConfig);
      return { folder, run, folderConfig };
    } finally {
      cancel.dispose();
    }
  }

  private store(folder: vscode.WorkspaceFolder, run: AnalysisRun, folderConfig: FolderConfig): void {
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    const fresh: FileResult[] = [];
    for (const file of run.files) {
      const uri = vscode.Uri.file(path.join(folder.uri.fsPath, file.path));
      if (open.has(uri.toString())) continue;
      const recommendations = withAiRecommendations(file.recommendations, this.ctx.aiRecommendations.forUri(uri));
      fresh.push({ uri, languageId: file.language, recommendations, coverage: file.coverage, instrumented: file.instrumented, folderConfig });
    }
    this.results.set(fresh);
  }

  /** The command: every workspace folder, with cancellable progress; returns the runs (undefined when cancelled). */
  async analyzeWorkspace(): Promise<FolderRun[] | undefined> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    if (!folders.length) {
      void vscode.window.showInformationMessage('Trace Advisor: open a folder to analyze a workspace.');
      return undefined;
    }
    await this.configs.loadAll();
    const runs = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Trace Advisor: analyzing the workspace', cancellable: true },
      async (progress, token) => {
        const out: FolderRun[] = [];
        for (const folder of folders) {
          let reported = 0;
          out.push(
            await this.analyze(folder, [folder.uri.fsPath], token, (done, total) => {
              const percent = total ? (done / total) * 100 : 0;
              progress.report({ message: `${folder.name}: ${done}/${total} files`, increment: (percent - reported) / folders.length });
              reported = percent;
            }),
          );
          if (token.isCancellationRequested) return undefined;
        }
        return out;
      },
    );
    if (!runs) {
      this.ctx.log.info('Analyze Workspace cancelled');
      return undefined;
    }
    this.results.markWorkspaceAnalyzed();
    const files = runs.reduce((n, r) => n + r.run.files.length, 0);
    const recommendations = this.results.all().reduce((n, r) => n + r.recommendations.length, 0);
    const skipped = runs.reduce((n, r) => n + r.run.skipped.length, 0);
    this.ctx.log.info(`Analyze Workspace: ${files} files, ${recommendations} recommendations, ${skipped} skipped`);
    void vscode.window.showInformationMessage(
      `Trace Advisor: ${files} files analyzed, ${recommendations} trace points; ${coverageText(this.results.workspaceCoverage())}.${skipped ? ` ${skipped} file(s) skipped (see the log).` : ''}`,
    );
    return runs;
  }
}

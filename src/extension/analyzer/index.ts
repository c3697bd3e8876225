// The Analyzer in VS Code: live analysis of open files, diagnostics, hover, CodeLens, the Trace Points view, the
// coverage status bar item, the "Don't recommend here" quick fix, Analyze Workspace, Analyze Call Tree and Generate
// Report. Each concern has its own file; this one wires them and registers the commands.
import * as vscode from 'vscode';
import { analyzeFile, type AnalyzedRecommendation } from '../../core/analysis';
import { supportedLanguageIds } from '../../core/languages';
import type { FileSyntax } from '../../core/model';
import type { FeatureContext } from '../context';
import { reported } from '../reported';
import { analyzeTree, currentCallTree } from './call-tree-analysis';
import { fanInFor } from './fan-in';
import { SHOW_TRACE_POINTS, showTracePoints, TracePointLenses } from './codelens';
import { CoverageStatus } from './coverage-status';
import { AnalyzerDiagnostics } from './diagnostics';
import { hoverProvider } from './hover';
import { LiveAnalysis } from './live-analysis';
import { coverageText, readmeUrl } from './presentation';
import { generateReport } from './report-command';
import { AnalysisResults, type FileResult } from './results';
import { SuppressActions } from './suppress-action';
import { activateTracePointsView } from './trace-points-view';
import { annotateCallTree } from './tree-annotations';
import { DiskAnalysis } from './workspace-analysis';
import { WorkspaceConfigs, type FolderConfig } from './workspace-config';

/** What other features (injection's quick fixes and call-tree instrumentation) read from the analyzer. */
export interface AnalyzerApi {
  /** The analysis of exactly this version of an open document; undefined while it is being (re)analyzed. */
  latestAnalysis(document: vscode.TextDocument): FileResult | undefined;
  /** The recommendations for a file's syntax (e.g. read from disk), with its folder's configuration and fan-in. */
  analyzeSyntax(uri: vscode.Uri, syntax: FileSyntax): AnalyzedRecommendation[];
  /** A file's settings merged with its folder's .trace-advisor.yaml. */
  configFor(uri: vscode.Uri): FolderConfig;
  /** How many live analyses of an open document ran since it was opened (debounce keeps this far below its edits). */
  analysisCount(document: vscode.TextDocument): number;
  /** The analysis of a document's current text parsed from scratch, as opening it afresh would give (shown nowhere). */
  analyzeFromScratch(document: vscode.TextDocument): Promise<FileResult | undefined>;
}

export function activateAnalyzer(ctx: FeatureContext): AnalyzerApi {
  const readme = readmeUrl(ctx.extension.extension.packageJSON as { homepage?: unknown; repository?: unknown });
  const configs = new WorkspaceConfigs(ctx);
  const results = new AnalysisResults();
  const live = new LiveAnalysis(ctx, configs, results, ctx.index);
  const disk = new DiskAnalysis(ctx, configs, results, ctx.index);
  const coverage = new CoverageStatus(ctx, results);
  const lenses = new TracePointLenses(ctx, results);
  const selector = supportedLanguageIds().flatMap((language) => [
    { language, scheme: 'file' },
    { language, scheme: 'untitled' },
  ]);
  const reportDeps = { ctx, configs, live, results, disk };

  ctx.subscriptions.push(
    configs,
    results,
    live,
    new AnalyzerDiagnostics(results, readme),
    coverage,
    lenses,
    vscode.languages.registerCodeLensProvider(selector, lenses),
    vscode.languages.registerHoverProvider(selector, hoverProvider(results, readme)),
    vscode.languages.registerCodeActionsProvider(selector, new SuppressActions(results), SuppressActions.metadata),
    vscode.commands.registerCommand(SHOW_TRACE_POINTS, (uri?: vscode.Uri, qualifiedName?: string) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri;
      return target && showTracePoints(results, target, qualifiedName);
    }),
    vscode.commands.registerCommand('traceAdvisor.analyzeWorkspace', () => reported(ctx, 'Analyze Workspace', () => disk.analyzeWorkspace())),
    vscode.commands.registerCommand('traceAdvisor.analyzeCallTree', () =>
      reported(ctx, 'Analyze Call Tree', async () => {
        const tree = currentCallTree(ctx);
        if (!tree) {
          void vscode.window.showInformationMessage('Trace Advisor: no call tree. Trace a function first (Trace from here), or put the cursor in a function of an indexed file.');
          return undefined;
        }
        const analysis = await analyzeTree(ctx, configs, live, results, tree);
        coverage.setCallTreeCoverage(tree.entry, analysis.coverage);
        const count = analysis.report.files.reduce((n, f) => n + f.recommendations.length, 0);
        void vscode.window
          .showInformationMessage(`Trace Advisor: call tree of ${tree.entry}: ${count} trace point(s); ${coverageText(analysis.coverage)}.`, 'Generate Report')
          .then((choice) => choice && vscode.commands.executeCommand('traceAdvisor.generateReport', undefined, 'callTree'));
        return analysis;
      }),
    ),
    vscode.commands.registerCommand('traceAdvisor.generateReport', (target?: unknown, scope?: unknown) =>
      reported(ctx, 'Generate Report', () => generateReport(reportDeps, target, scope)),
    ),
  );
  activateTracePointsView(ctx, results);
  ctx.subscriptions.push(annotateCallTree(ctx, configs, results));
  void configs.loadAll().catch((e: Error) => ctx.log.error(`reading .trace-advisor.yaml failed: ${e.message}`));
  return {
    latestAnalysis: (document) => results.current(document),
    analyzeSyntax: (uri, syntax) => analyzeFile(syntax, configs.configFor(uri).config, { fanIn: fanInFor(ctx.index, uri) }).recommendations,
    configFor: (uri) => configs.configFor(uri),
    analysisCount: (document) => live.analysisCount(document.uri),
    analyzeFromScratch: (document) => live.analyzeFromScratch(document),
  };
}

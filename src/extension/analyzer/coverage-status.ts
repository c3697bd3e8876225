// Instrumentation coverage in the status bar: the active file's (instrumented out of recommended functions), and
// the workspace's once Analyze Workspace ran and the last analyzed call tree's, in the tooltip.
import * as vscode from 'vscode';
import type { FileCoverage } from '../../core/analysis';
import type { FeatureContext } from '../context';
import { coverageText } from './presentation';
import type { AnalysisResults } from './results';
import { TRACE_POINTS_VIEW } from './trace-points-view';

export class CoverageStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('traceAdvisor.coverage', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [this.item];
  private callTree: { entry: string; coverage: FileCoverage } | undefined;

  constructor(
    ctx: FeatureContext,
    private readonly results: AnalysisResults,
  ) {
    this.item.name = 'Trace Advisor coverage';
    this.item.command = { command: `${TRACE_POINTS_VIEW}.focus`, title: 'Show Trace Points' };
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      results.onDidChange(() => this.update()),
      ctx.onDidChangeSettings(() => this.update()),
    );
    this.update();
  }

  setCallTreeCoverage(entry: string, coverage: FileCoverage): void {
    this.callTree = { entry, coverage };
    this.update();
  }

  private update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const result = document ? this.results.get(document.uri) : undefined;
    if (!result) {
      this.item.hide();
      return;
    }
    const { functions, instrumented } = result.coverage;
    this.item.text = functions ? `$(pulse) ${instrumented}/${functions} traced` : '$(pulse) traced';
    const tooltip = new vscode.MarkdownString(`**Trace Advisor**\n\nThis file: ${coverageText(result.coverage)}, ${result.recommendations.length} trace point(s)`);
    if (this.results.workspaceAnalyzed) tooltip.appendMarkdown(`\n\nWorkspace: ${coverageText(this.results.workspaceCoverage())}`);
    if (this.callTree) tooltip.appendMarkdown(`\n\nCall tree of \`${this.callTree.entry}\`: ${coverageText(this.callTree.coverage)}`);
    this.item.tooltip = tooltip;
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

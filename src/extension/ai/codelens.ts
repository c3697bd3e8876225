// "Analyze with AI" above each function, only while an AI provider is chosen (ai.provider ≠ none) and the workspace
// is trusted. A provider of its own, beside the analyzer's "N trace points" and the Call Tracer's lenses.
import * as vscode from 'vscode';
import type { FeatureContext } from '../context';

export const ANALYZE_WITH_AI = 'traceAdvisor.analyzeWithAi';

export class AnalyzeWithAiLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly ctx: FeatureContext) {
    this.subscriptions = [this.changed, ctx.onDidChangeSettings(() => this.changed.fire()), ctx.documents.onDidParse(() => this.changed.fire()), vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire())];
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const settings = this.ctx.settings();
    if (settings['ai.provider'] === 'none' || !settings['codeLens.enable'] || !vscode.workspace.isTrusted) return [];
    const syntax = await this.ctx.documents.syntaxOf(document);
    if (!syntax) return [];
    return syntax.functions
      .filter((fn) => fn.kind !== 'module' && fn.kind !== 'lambda')
      .map((fn) => {
        const line = fn.span.start.line;
        return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
          title: '$(sparkle) Analyze with AI',
          tooltip: `Ask ${settings['ai.provider']} where ${fn.name} needs tracing (asks for consent before sending anything)`,
          command: ANALYZE_WITH_AI,
          arguments: [document.uri, line],
        });
      });
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}

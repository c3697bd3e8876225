// AI analysis in VS Code (README "AI analysis"): Set/Clear API Key, the vscode.lm provider, consent and workspace
// trust, Analyze with AI on a function / file / call-tree node, the session's usage in the status bar, the cache.
// The answers go to ctx.aiRecommendations, which the analyzer merges into its diagnostics, lenses and views.
import * as vscode from 'vscode';
import type { CallTreeNode } from '../../core/callgraph';
import { clearCache } from '../../core/llm';
import type { FeatureContext } from '../context';
import { AiAnalyzer } from './analyze';
import { ANALYZE_WITH_AI, AnalyzeWithAiLenses } from './codelens';
import { clearApiKey, setApiKey, type AwsKeyPair, type KeyedProvider } from './keys';
import { UsageStatus } from './usage-status';

export { AiRecommendations } from './ai-results';
export type { AiAnalyzer, AiRunSummary } from './analyze';
export type { AiDialogs, ConsentAnswer } from './consent';

export function activateAi(ctx: FeatureContext): AiAnalyzer {
  const status = new UsageStatus(ctx);
  const analyzer = new AiAnalyzer(ctx, ctx.aiRecommendations, status);
  const lenses = new AnalyzeWithAiLenses(ctx);
  ctx.subscriptions.push(
    status,
    lenses,
    vscode.languages.registerCodeLensProvider({ scheme: 'file' }, lenses),
    vscode.languages.registerCodeLensProvider({ scheme: 'untitled' }, lenses),
    vscode.commands.registerCommand('traceAdvisor.setApiKey', (provider?: KeyedProvider, key?: string | AwsKeyPair) => setApiKey(ctx, provider, key)),
    vscode.commands.registerCommand('traceAdvisor.clearApiKey', (provider?: KeyedProvider) => clearApiKey(ctx, provider)),
    vscode.commands.registerCommand(ANALYZE_WITH_AI, (uri?: vscode.Uri, line?: number) => analyzer.analyzeFunction(uri instanceof vscode.Uri ? uri : undefined, line)),
    vscode.commands.registerCommand('traceAdvisor.analyzeFileWithAi', (uri?: vscode.Uri) => analyzer.analyzeFile(uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand('traceAdvisor.analyzeCallTreeWithAi', (node?: CallTreeNode) => analyzer.analyzeCallTree(node && typeof node === 'object' && 'children' in node ? node : undefined)),
    vscode.commands.registerCommand('traceAdvisor.resetAiConsent', async () => {
      const count = await analyzer.consent.reset();
      void vscode.window.showInformationMessage(
        count ? 'Trace Advisor: AI consent for this workspace reset; the next AI analysis asks again.' : 'Trace Advisor: no AI consent was remembered for this workspace.',
      );
    }),
    vscode.commands.registerCommand('traceAdvisor.clearAiRecommendations', () => ctx.aiRecommendations.clear()),
    vscode.commands.registerCommand('traceAdvisor.clearAiCache', async () => {
      const count = await clearCache(analyzer.cacheDir);
      ctx.log.info(`AI cache cleared: ${count} answer(s) deleted from ${analyzer.cacheDir}`);
      void vscode.window.showInformationMessage(`Trace Advisor: AI cache cleared (${count} cached answer${count === 1 ? '' : 's'} deleted).`);
      return count;
    }),
  );
  return analyzer;
}

// The session's AI spending in the status bar (shown while ai.provider is set): tokens and cost; the tooltip adds
// requests, cache hits and what the last run left of its budget.
import * as vscode from 'vscode';
import { emptyUsage, type LlmAnalysisResult } from '../../core/llm';
import type { FeatureContext } from '../context';
import { usageText, usageTooltip, type SessionUsage } from './usage-text';

export class UsageStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('traceAdvisor.aiUsage', vscode.StatusBarAlignment.Right, 90);
  readonly usage: SessionUsage = { ...emptyUsage(), cacheHits: 0, runs: 0 };
  private readonly subscription: vscode.Disposable;

  constructor(private readonly ctx: FeatureContext) {
    this.item.name = 'Trace Advisor AI usage';
    this.item.command = { command: 'workbench.action.openSettings', title: 'AI settings', arguments: ['traceAdvisor.ai'] };
    this.subscription = ctx.onDidChangeSettings(() => this.render());
    this.render();
  }

  add(result: LlmAnalysisResult, budgetUsd: number): void {
    const u = this.usage;
    u.runs++;
    u.llmRequests += result.usage.llmRequests;
    u.inputTokens += result.usage.inputTokens;
    u.outputTokens += result.usage.outputTokens;
    u.costUsd += result.usage.costUsd;
    u.cacheHits += result.cacheHits;
    u.lastBudget = { limitUsd: budgetUsd, leftUsd: Math.max(0, budgetUsd - result.usage.costUsd) };
    this.render();
  }

  private render(): void {
    const provider = this.ctx.settings()['ai.provider'];
    if (provider === 'none') {
      this.item.hide();
      return;
    }
    this.item.text = `$(sparkle) ${usageText(this.usage)}`;
    this.item.tooltip = usageTooltip(this.usage, provider);
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}

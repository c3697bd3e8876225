// The status bar's words for the session's AI usage, as plain data (unit-tested in Node).
import type { UsageTotals } from '../../core/llm';

export interface SessionUsage extends UsageTotals {
  cacheHits: number;
  runs: number;
  /** Budget per run and what the last run left of it. */
  lastBudget?: { limitUsd: number; leftUsd: number };
}

/** "12.3k" for a token count. */
export function compactCount(n: number): string {
  return n < 1000 ? String(n) : n < 1_000_000 ? `${(n / 1000).toFixed(1)}k` : `${(n / 1_000_000).toFixed(1)}M`;
}

export function usageText(u: SessionUsage): string {
  return `AI ${compactCount(u.inputTokens + u.outputTokens)} tokens · $${u.costUsd.toFixed(u.costUsd && u.costUsd < 0.01 ? 4 : 2)}`;
}

export function usageTooltip(u: SessionUsage, provider: string): string {
  const lines = [
    `Trace Advisor AI analysis this session (${provider})`,
    `${u.runs} run${u.runs === 1 ? '' : 's'}, ${u.llmRequests} request${u.llmRequests === 1 ? '' : 's'}, ${u.cacheHits} answered from the cache`,
    `${u.inputTokens} input + ${u.outputTokens} output tokens, $${u.costUsd.toFixed(4)}`,
  ];
  if (u.lastBudget) lines.push(`Budget per run $${u.lastBudget.limitUsd.toFixed(2)}: the last run left $${u.lastBudget.leftUsd.toFixed(4)}`);
  return lines.join('\n');
}

// What a request costs: a price table per model (models.json, overridable by the ai.prices setting) and a budget
// per run that refuses a request whose worst case would exceed what is left.
import models from './models.json';
import type { LlmUsage } from './types';

/** USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}

/** Providers billed per token; any other (a local server, VS Code's models) costs nothing unless priced in ai.prices. */
const PAID_PROVIDERS = new Set(['openai', 'anthropic', 'bedrock']);

export interface PriceLookup {
  price: ModelPrice;
  /** How the price was found, for the warning when it is a guess. */
  origin: 'configured' | 'table' | 'fallback' | 'free';
}

/** `us.anthropic.claude-sonnet-4-5-20250929-v1:0` → `claude-sonnet-4-5-20250929-v1:0`. */
function bareModelId(model: string): string {
  const vendor = model.lastIndexOf('anthropic.');
  return vendor >= 0 ? model.slice(vendor + 'anthropic.'.length) : model;
}

function longestPrefix(table: Record<string, ModelPrice>, model: string): ModelPrice | undefined {
  let best: string | undefined;
  for (const id of Object.keys(table)) {
    if ((model === id || model.startsWith(`${id}-`) || model.startsWith(`${id}:`) || model.startsWith(`${id}@`)) && (!best || id.length > best.length)) best = id;
  }
  return best ? table[best] : undefined;
}

export function priceFor(provider: string, model: string, configured: Record<string, ModelPrice> = {}): PriceLookup {
  const own = configured[model] ?? longestPrefix(configured, bareModelId(model));
  if (own) return { price: own, origin: 'configured' };
  if (!PAID_PROVIDERS.has(provider)) return { price: { input: 0, output: 0 }, origin: 'free' };
  const listed = longestPrefix(models.prices, bareModelId(model));
  return listed ? { price: listed, origin: 'table' } : { price: models.fallback, origin: 'fallback' };
}

export function costOf(price: ModelPrice, usage: LlmUsage): number {
  return (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000;
}

/** Tokens ≈ characters / 4: good enough to budget and to fit a prompt, and needs no tokenizer per model. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function usesFixedTemperature(model: string): boolean {
  const bare = bareModelId(model);
  return models.fixedTemperature.some((p) => bare === p || bare.startsWith(`${p}-`));
}

export function defaultModelFor(provider: string): string | undefined {
  return (models.defaultModels as Record<string, string | undefined>)[provider];
}

/**
 * Spending of one run. Requests run concurrently, so a request reserves its worst case (estimated input, maximum
 * output) before it is sent and settles to its real cost when it returns: the limit holds even with requests in flight.
 */
export class Budget {
  private spent = 0;
  private reserved = 0;

  constructor(readonly limitUsd: number) {}

  get spentUsd(): number {
    return this.spent;
  }

  /** Reserves `worstCaseUsd`, or returns false when it does not fit in what is left. */
  reserve(worstCaseUsd: number): boolean {
    if (this.spent + this.reserved + worstCaseUsd > this.limitUsd + 1e-12) return false;
    this.reserved += worstCaseUsd;
    return true;
  }

  settle(reservedUsd: number, actualUsd: number): void {
    this.reserved -= reservedUsd;
    this.spent += actualUsd;
  }
}

// Runs AI analysis over units (functions or call-tree paths): cache first, then consent, budget, the request with
// transport retries, validation with the errors fed back, and finally Recommendations with `source: 'llm'`.
// Nothing here throws for a provider's failure: the result says what happened, and the rules' results stand.
import { silentLogger, type Logger } from '../log';
import type { Priority, Recommendation } from '../model';
import { Budget, costOf, estimateTokens, priceFor, type ModelPrice } from './cost';
import { cacheKey, type LlmCache } from './cache';
import { buildPrompt, PROMPT_VERSION, type AnalysisUnit } from './prompt';
import { redact, redactingLogger } from './redact';
import { answerSchema, type AnswerItem } from './schema';
import { completeWithRetries, ConcurrencyLimit, defaultRetryPolicy, type RetryPolicy } from './transport';
import { emptyUsage, LlmError, type LlmMessage, type LlmProvider, type UsageTotals } from './types';
import { checkAnswer, toRecommendation, type ValidItem } from './validate';

/** What the host shows before the first request of a run (the extension asks for consent once per workspace). */
export interface ConsentRequest {
  provider: string;
  model: string;
  baseUrl?: string;
  /** Functions whose source would be sent (cache hits excluded). */
  functions: string[];
}

export interface LlmAnalysisOptions {
  provider: LlmProvider;
  /** Keys and other secrets of this run: redacted from every message, log line and rationale. */
  secrets: readonly string[];
  baseUrl?: string;
  priorities: readonly Priority[];
  customPriorities: readonly string[];
  temperature: number;
  maxOutputTokens: number;
  maxInputTokens: number;
  /** Validation retries per unit, and transport retries per request. */
  maxRetries: number;
  requestTimeoutMs: number;
  concurrency: number;
  budgetUsd: number;
  prices?: Record<string, ModelPrice>;
  cache?: LlmCache;
  logger?: Logger;
  signal?: AbortSignal;
  onProgress?: (progress: { done: number; total: number; usage: UsageTotals }) => void;
  /** Called once, before the first request is sent (never for cache hits); false sends nothing. */
  confirm?: (request: ConsentRequest) => Promise<boolean>;
  /** Backoff timing; tests replace the sleep. */
  retryPolicy?: Partial<RetryPolicy>;
}

export type StopReason = 'budget' | 'cancelled' | 'declined' | 'provider-failed';

export interface LlmAnalysisResult {
  recommendations: Recommendation[];
  usage: UsageTotals;
  /** Units answered from the cache, with no request. */
  cacheHits: number;
  /** Units with an answer (from the model or the cache). */
  analyzed: number;
  total: number;
  stopped?: StopReason;
  /** Why it stopped, one redacted line. */
  stopMessage?: string;
  /** Redacted, one line each: why a unit was skipped, why the run stopped. */
  warnings: string[];
}

/** Consecutive units failing on transport after all retries: the provider is down, stop asking it. */
const FAILURES_BEFORE_GIVING_UP = 3;
/** What of a rejected answer is repeated back to the model when asking again. */
const MAX_ECHOED_ANSWER = 4000;

export async function analyzeWithLlm(units: readonly AnalysisUnit[], options: LlmAnalysisOptions): Promise<LlmAnalysisResult> {
  const logger = redactingLogger(options.logger ?? silentLogger, options.secrets);
  const { provider } = options;
  const signal = options.signal ?? new AbortController().signal;
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retryPolicy, maxRetries: options.maxRetries };
  const priced = priceFor(provider.name, provider.model, options.prices);
  const budget = new Budget(options.budgetUsd);
  const limit = new ConcurrencyLimit(options.concurrency);
  const usage = emptyUsage();
  const result: LlmAnalysisResult = { recommendations: [], usage, cacheHits: 0, analyzed: 0, total: units.length, warnings: [] };
  const warn = (message: string) => {
    const clean = redact(message, options.secrets);
    result.warnings.push(clean);
    logger.warn(clean);
  };
  if (priced.origin === 'fallback' && units.length) {
    warn(`no price known for ${provider.name} model ${provider.model}: costs are estimated with the highest listed price; set ai.prices for exact figures`);
  }
  const stop = (reason: StopReason, message: string) => {
    if (result.stopped) return;
    result.stopped = reason;
    result.stopMessage = redact(message, options.secrets);
    warn(message);
  };

  const prompts = units.map((unit) => buildPrompt(unit, options));
  const keys = prompts.map((p) =>
    p.ok
      ? cacheKey({ promptVersion: PROMPT_VERSION, provider: provider.name, model: provider.model, baseUrl: options.baseUrl, temperature: options.temperature, maxOutputTokens: options.maxOutputTokens, system: p.system, user: p.user })
      : '',
  );

  // Cache hits first, so consent names only what would really be sent.
  const cached = await Promise.all(keys.map((k) => (k && options.cache ? options.cache.get(k) : Promise.resolve(undefined))));
  let consent: Promise<boolean> | undefined;
  const askConsent = () => {
    consent ??= options.confirm
      ? options.confirm({
          provider: provider.name,
          model: provider.model,
          baseUrl: options.baseUrl,
          functions: units.flatMap((u, i) => (prompts[i].ok && !cached[i] ? u.functions.map((f) => f.fn.qualifiedName) : [])),
        })
      : Promise.resolve(true);
    return consent;
  };

  let done = 0;
  let consecutiveFailures = 0;
  const progress = () => options.onProgress?.({ done: ++done, total: units.length, usage: { ...usage } });

  const runUnit = async (index: number): Promise<void> => {
    const prompt = prompts[index];
    if (!prompt.ok) {
      warn(`AI analysis skipped: ${prompt.reason}`);
      return;
    }
    const fromCache = cached[index];
    if (fromCache) {
      // Checked against the code again: the key covers the code, but an entry may come from another version of us.
      const checked = checkAnswer(JSON.stringify({ recommendations: fromCache.items }), prompt.shown);
      result.recommendations.push(...checked.valid.map((v) => toRecommendation(v, redact(v.item.rationale, options.secrets))));
      result.cacheHits++;
      result.analyzed++;
      return;
    }
    if (result.stopped || signal.aborted) return;
    if (!(await askConsent())) {
      stop('declined', 'AI analysis not started: consent was declined');
      return;
    }
    const messages: LlmMessage[] = [{ role: 'user', content: prompt.user }];
    let accepted: ValidItem[] = [];
    let lastErrors: string[] = [];
    const unitUsage = { inputTokens: 0, outputTokens: 0 };
    for (let attempt = 0; attempt <= options.maxRetries; attempt++) {
      if (result.stopped || signal.aborted) return;
      const inputEstimate = estimateTokens(prompt.system) + messages.reduce((n, m) => n + estimateTokens(m.content), 0);
      const worstCase = costOf(priced.price, { inputTokens: inputEstimate, outputTokens: options.maxOutputTokens });
      if (!budget.reserve(worstCase)) {
        stop('budget', `AI budget of $${options.budgetUsd.toFixed(2)} reached (spent $${budget.spentUsd.toFixed(4)}; the next request could cost up to $${worstCase.toFixed(4)}): no further AI requests in this run`);
        return;
      }
      let answer;
      try {
        answer = await completeWithRetries(provider, { system: prompt.system, messages, maxOutputTokens: options.maxOutputTokens, temperature: options.temperature, format: { name: 'trace_recommendations', schema: answerSchema as unknown as Record<string, unknown> }, timeoutMs: options.requestTimeoutMs }, policy, signal, logger);
      } catch (e) {
        budget.settle(worstCase, 0);
        const error = e instanceof LlmError ? e : new LlmError('network', String((e as Error)?.message ?? e));
        if (error.kind === 'aborted') {
          stop('cancelled', 'AI analysis cancelled');
        } else if (!error.retryable) {
          stop('provider-failed', `AI provider failed: ${error.message}`);
        } else if (++consecutiveFailures >= FAILURES_BEFORE_GIVING_UP) {
          stop('provider-failed', `AI provider failed ${consecutiveFailures} times in a row, last: ${error.message}`);
        } else {
          warn(`AI analysis of ${prompt.shown.map((s) => s.context.fn.qualifiedName).join(' → ')} failed: ${error.message}`);
        }
        return;
      }
      consecutiveFailures = 0;
      const cost = costOf(priced.price, answer.usage);
      budget.settle(worstCase, cost);
      usage.llmRequests++;
      usage.inputTokens += answer.usage.inputTokens;
      usage.outputTokens += answer.usage.outputTokens;
      usage.costUsd += cost;
      unitUsage.inputTokens += answer.usage.inputTokens;
      unitUsage.outputTokens += answer.usage.outputTokens;
      const checked = checkAnswer(answer.text, prompt.shown);
      accepted = checked.valid;
      lastErrors = checked.errors;
      if (!checked.errors.length) break;
      if (attempt < options.maxRetries) {
        logger.debug(`AI answer for ${prompt.shown[0].context.fn.qualifiedName} rejected (attempt ${attempt + 1}): ${checked.errors.join('; ')}`);
        messages.push(
          { role: 'assistant', content: redact(answer.text.slice(0, MAX_ECHOED_ANSWER), options.secrets) },
          { role: 'user', content: `Your answer was not accepted:\n${checked.errors.map((e) => `- ${e}`).join('\n')}\nAnswer again with the complete JSON object only, following the format and the line rules.` },
        );
      }
    }
    for (const error of lastErrors) logger.info(`AI recommendation dropped: ${error}`);
    result.recommendations.push(...accepted.map((v) => toRecommendation(v, redact(v.item.rationale, options.secrets))));
    result.analyzed++;
    if (options.cache) {
      const items: AnswerItem[] = accepted.map((v) => v.item);
      await options.cache.put(keys[index], { items, usage: unitUsage });
    }
  };

  await Promise.all(
    units.map((_, index) =>
      limit.run(async () => {
        try {
          await runUnit(index);
        } finally {
          progress();
        }
      }),
    ),
  );
  if (signal.aborted && !result.stopped) stop('cancelled', 'AI analysis cancelled');
  result.recommendations.sort((a, b) => a.qualifiedName.localeCompare(b.qualifiedName) || a.line - b.line);
  return result;
}

// Retries and concurrency, done here rather than in the SDKs (whose own retries are off) so every provider behaves
// the same and tests can see each decision: exponential backoff with full jitter, `Retry-After` honoured.
import type { Logger } from '../log';
import { LlmError, type LlmCompletion, type LlmProvider, type LlmRequest } from './types';

export interface RetryPolicy {
  /** Retries after the first attempt, for rate limits, server errors, timeouts and network errors. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Waits; rejects when `signal` aborts. Tests pass one that records the delay and returns at once. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  random: () => number;
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new LlmError('aborted', 'cancelled'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new LlmError('aborted', 'cancelled'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export const defaultRetryPolicy: RetryPolicy = { maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 60_000, sleep: abortableSleep, random: Math.random };

/** The wait before retry number `attempt` (0-based): the server's `Retry-After` when given, else full jitter. */
export function retryDelayMs(policy: RetryPolicy, attempt: number, error: LlmError): number {
  if (error.retryAfterMs !== undefined) return error.retryAfterMs;
  return Math.floor(policy.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt));
}

export async function completeWithRetries(provider: LlmProvider, request: LlmRequest, policy: RetryPolicy, signal: AbortSignal, logger: Logger): Promise<LlmCompletion> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await completeOnce(provider, request, signal);
    } catch (e) {
      const error = e instanceof LlmError ? e : new LlmError('network', (e as Error).message);
      if (signal.aborted) throw new LlmError('aborted', 'cancelled');
      if (!error.retryable || attempt >= policy.maxRetries) throw error;
      const delay = retryDelayMs(policy, attempt, error);
      if (delay > policy.maxDelayMs) {
        throw new LlmError(error.kind, `${error.message} (the server asked to wait ${Math.ceil(delay / 1000)} s, longer than ${Math.ceil(policy.maxDelayMs / 1000)} s)`, error.status);
      }
      logger.debug(`${provider.name}: ${error.message}; retry ${attempt + 1} of ${policy.maxRetries} in ${delay} ms`);
      await policy.sleep(delay, signal);
    }
  }
}

/**
 * One request, on a signal of its own that follows the run's: the SDKs add an abort listener to the signal they are
 * given and do not always remove it, so a run-wide signal would collect one per request (Node warns past 10).
 */
async function completeOnce(provider: LlmProvider, request: LlmRequest, signal: AbortSignal): Promise<LlmCompletion> {
  const attempt = new AbortController();
  const follow = () => attempt.abort(signal.reason);
  if (signal.aborted) follow();
  else signal.addEventListener('abort', follow, { once: true });
  try {
    return await provider.complete(request, attempt.signal);
  } finally {
    signal.removeEventListener('abort', follow);
  }
}

/** Runs at most `limit` tasks at a time, in the order they were started. */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= Math.max(1, this.limit)) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

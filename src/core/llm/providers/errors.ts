// SDK errors (openai and @anthropic-ai/sdk share their shape) turned into LlmError with a redacted message.
import { redact } from '../redact';
import { LlmError } from '../types';

interface SdkErrorShape {
  name?: string;
  message?: string;
  status?: number;
  headers?: Headers | Record<string, string> | undefined;
}

function header(headers: SdkErrorShape['headers'], name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  return key ? record[key] : undefined;
}

/** `retry-after-ms` (OpenAI), else `Retry-After` in seconds or as an HTTP date. */
export function retryAfterMs(headers: SdkErrorShape['headers'], now = Date.now()): number | undefined {
  const ms = Number(header(headers, 'retry-after-ms'));
  if (header(headers, 'retry-after-ms') !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  const value = header(headers, 'retry-after');
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (value.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const MAX_MESSAGE = 300;

export function toLlmError(e: unknown, providerName: string, secrets: readonly string[], signal: AbortSignal): LlmError {
  if (e instanceof LlmError) return e;
  const err = (e ?? {}) as SdkErrorShape;
  const raw = redact(String(err.message ?? e), secrets).replace(/\s+/g, ' ').trim();
  const text = raw.length > MAX_MESSAGE ? `${raw.slice(0, MAX_MESSAGE)}…` : raw;
  const name = err.name ?? '';
  if (signal.aborted || name === 'APIUserAbortError' || name === 'AbortError') return new LlmError('aborted', 'cancelled');
  if (name === 'APIConnectionTimeoutError') return new LlmError('timeout', `${providerName}: request timed out`);
  const status = typeof err.status === 'number' ? err.status : undefined;
  if (status === undefined) return new LlmError('network', `${providerName}: ${text || 'connection failed'}`);
  const message = `${providerName}: HTTP ${status}: ${text}`;
  if (status === 429) return new LlmError('rate-limit', message, status, retryAfterMs(err.headers));
  if (status === 408 || status >= 500) return new LlmError('server', message, status, retryAfterMs(err.headers));
  if (status === 401 || status === 403) return new LlmError('auth', message, status);
  return new LlmError('bad-request', message, status);
}

// The AI layer's plain data and the one interface every provider implements. Hosts add providers of their own
// (the extension's `vscode.lm` adapter) by implementing LlmProvider; nothing here knows about any SDK.

export type LlmProviderId = 'none' | 'openai' | 'anthropic' | 'openai-compatible' | 'bedrock' | 'vscode-lm';
export type OpenAiApi = 'chat-completions' | 'responses';

export interface LlmMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** The JSON shape the answer must have; providers pass it to the API's structured-output mode where there is one. */
export interface LlmAnswerFormat {
  name: string;
  schema: Record<string, unknown>;
}

export interface LlmRequest {
  system: string;
  messages: LlmMessage[];
  maxOutputTokens: number;
  temperature: number;
  format: LlmAnswerFormat;
  timeoutMs: number;
}

export interface LlmUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface LlmCompletion {
  /** The answer text (for tool-call style APIs, the tool input serialized as JSON). */
  text: string;
  usage: LlmUsage;
}

export interface LlmProvider {
  /** Provider id, used in cache keys, prices and messages. */
  readonly name: string;
  readonly model: string;
  /** Sends one request. Throws LlmError; must honour `signal` (abort) and `request.timeoutMs`. */
  complete(request: LlmRequest, signal: AbortSignal): Promise<LlmCompletion>;
}

export type LlmErrorKind = 'rate-limit' | 'server' | 'timeout' | 'network' | 'auth' | 'bad-request' | 'aborted';

/** A provider failure, classified so retries are decided in one place. The message is already redacted. */
export class LlmError extends Error {
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    readonly status?: number,
    /** From `Retry-After` / `retry-after-ms`, when the server sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'LlmError';
  }

  get retryable(): boolean {
    return this.kind === 'rate-limit' || this.kind === 'server' || this.kind === 'timeout' || this.kind === 'network';
  }
}

/** Total usage of a run, the `usage` object of the command line's JSON. */
export interface UsageTotals {
  llmRequests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export function emptyUsage(): UsageTotals {
  return { llmRequests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
}

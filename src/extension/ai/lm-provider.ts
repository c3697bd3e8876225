// LlmProvider over VS Code's Language Model API (`vscode.lm`). Written against the shapes it needs, not the vscode
// module, so the request, the usage count and the error mapping are unit-tested in Node with a fake model; the
// vscode-bound parts (message constructors, cancellation) are passed in by vscode-lm.ts.
import { LlmError, redact, type LlmCompletion, type LlmProvider, type LlmRequest } from '../../core/llm';

/** The parts of vscode.LanguageModelChat used here. */
export interface ChatModelLike<Message = unknown, Token extends CancellationLike = CancellationLike> {
  readonly id: string;
  readonly vendor: string;
  readonly family: string;
  sendRequest(messages: Message[], options: { justification?: string }, token: Token): PromiseLike<{ text: AsyncIterable<string> }>;
  countTokens(text: string): PromiseLike<number>;
}

export interface CancellationLike {
  readonly isCancellationRequested: boolean;
}

export interface LmHost<Message = unknown, Token extends CancellationLike = CancellationLike> {
  userMessage(text: string): Message;
  assistantMessage(text: string): Message;
  /** A cancellation source: `cancel()` cancels `token`. */
  cancellation(): { token: Token; cancel(): void; dispose(): void };
}

const JUSTIFICATION = 'Trace Advisor asks the model where OpenTelemetry tracing belongs in the code you chose to analyze.';

export const NO_PERMISSION_MESSAGE =
  'VS Code has not allowed Trace Advisor to use language models. Run Analyze with AI again and choose Allow when VS Code asks (Accounts menu → Manage Language Model Access to change it).';

/**
 * A vscode.lm failure as an LlmError. `LanguageModelError.code` says NoPermissions, Blocked or NotFound; a
 * cancellation is 'aborted'. Messages are redacted and say what the user can do.
 */
export function lmError(e: unknown, aborted: boolean): LlmError {
  if (e instanceof LlmError) return e;
  const err = (e ?? {}) as { name?: string; code?: string; message?: string };
  const text = redact(String(err.message ?? e)).replace(/\s+/g, ' ').trim().slice(0, 300);
  if (aborted || err.name === 'Canceled' || err.name === 'AbortError') return new LlmError('aborted', 'cancelled');
  switch (err.code) {
    case 'NoPermissions':
      return new LlmError('auth', NO_PERMISSION_MESSAGE);
    case 'Blocked':
      return new LlmError('bad-request', `vscode-lm: the request was blocked (quota or policy of the model's provider)${text ? `: ${text}` : ''}`);
    case 'NotFound':
      return new LlmError('bad-request', `vscode-lm: the model is no longer available${text ? `: ${text}` : ''}`);
  }
  if (/\b429\b|rate.?limit|too many requests/i.test(text)) return new LlmError('rate-limit', `vscode-lm: ${text}`);
  return new LlmError('network', `vscode-lm: ${text || 'the request failed'}`);
}

export class LmChatProvider<Message = unknown, Token extends CancellationLike = CancellationLike> implements LlmProvider {
  readonly name = 'vscode-lm';

  constructor(
    private readonly chat: ChatModelLike<Message, Token>,
    private readonly host: LmHost<Message, Token>,
  ) {}

  get model(): string {
    return this.chat.id;
  }

  async complete(request: LlmRequest, signal: AbortSignal): Promise<LlmCompletion> {
    // vscode.lm has no system role (1.95): the instructions go first, as the user's.
    const texts = [request.system, ...request.messages.map((m) => m.content)];
    const messages = [
      this.host.userMessage(request.system),
      ...request.messages.map((m) => (m.role === 'user' ? this.host.userMessage(m.content) : this.host.assistantMessage(m.content))),
    ];
    const source = this.host.cancellation();
    let timedOut = false;
    const onAbort = () => source.cancel();
    signal.addEventListener('abort', onAbort);
    const timer = setTimeout(() => {
      timedOut = true;
      source.cancel();
    }, request.timeoutMs);
    try {
      if (signal.aborted) throw new LlmError('aborted', 'cancelled');
      const response = await this.chat.sendRequest(messages, { justification: JUSTIFICATION }, source.token);
      let text = '';
      for await (const part of response.text) {
        text += part;
        if (source.token.isCancellationRequested) break;
      }
      if (timedOut) throw new LlmError('timeout', 'vscode-lm: request timed out');
      if (signal.aborted) throw new LlmError('aborted', 'cancelled');
      const counts = await Promise.all([...texts, text].map((t) => this.chat.countTokens(t)));
      const outputTokens = counts.pop() ?? 0;
      return { text, usage: { inputTokens: counts.reduce((a, b) => a + b, 0), outputTokens } };
    } catch (e) {
      if (timedOut && !(e instanceof LlmError)) throw new LlmError('timeout', 'vscode-lm: request timed out');
      throw lmError(e, signal.aborted);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      source.dispose();
    }
  }
}

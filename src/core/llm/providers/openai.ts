// OpenAI and OpenAI-compatible servers (Ollama, vLLM, LM Studio, gateways) through the official SDK: the chat
// completions API by default, or the responses API. Structured output where the server supports it.
import OpenAI from 'openai';
import { usesFixedTemperature } from '../cost';
import { type LlmCompletion, type LlmProvider, type LlmRequest, type OpenAiApi } from '../types';
import { toLlmError } from './errors';
import { wireSchema } from '../schema';

export interface OpenAiProviderOptions {
  /** `openai` for api.openai.com, `openai-compatible` for any other server. */
  name: 'openai' | 'openai-compatible';
  model: string;
  apiKey?: string;
  baseUrl?: string;
  api: OpenAiApi;
}

export class OpenAiProvider implements LlmProvider {
  readonly name: string;
  readonly model: string;
  private readonly client: OpenAI;
  private readonly secrets: string[];

  constructor(private readonly options: OpenAiProviderOptions) {
    this.name = options.name;
    this.model = options.model;
    this.secrets = options.apiKey ? [options.apiKey] : [];
    // Local servers usually want no key, but the SDK insists on one; it is only ever sent to that server.
    this.client = new OpenAI({ apiKey: options.apiKey || 'no-key', baseURL: options.baseUrl, maxRetries: 0 });
  }

  async complete(request: LlmRequest, signal: AbortSignal): Promise<LlmCompletion> {
    try {
      return this.options.api === 'responses' ? await this.viaResponses(request, signal) : await this.viaChat(request, signal);
    } catch (e) {
      throw toLlmError(e, this.name, this.secrets, signal);
    }
  }

  private temperature(request: LlmRequest): { temperature?: number } {
    return usesFixedTemperature(this.model) ? {} : { temperature: request.temperature };
  }

  private async viaChat(request: LlmRequest, signal: AbortSignal): Promise<LlmCompletion> {
    const official = this.options.name === 'openai';
    const response = await this.client.chat.completions.create(
      {
        model: this.model,
        messages: [{ role: 'system', content: request.system }, ...request.messages],
        ...this.temperature(request),
        // api.openai.com wants max_completion_tokens (reasoning models reject max_tokens); other servers know max_tokens.
        ...(official ? { max_completion_tokens: request.maxOutputTokens } : { max_tokens: request.maxOutputTokens }),
        // Strict JSON schema on OpenAI; plain JSON mode elsewhere, which Ollama, vLLM and LM Studio all accept.
        response_format: official
          ? { type: 'json_schema', json_schema: { name: request.format.name, schema: wireSchema(request.format.schema), strict: true } }
          : { type: 'json_object' },
      },
      { signal, timeout: request.timeoutMs },
    );
    // No content (a refusal, a server that ignored the format) is an empty answer: validation asks again.
    const text = response.choices?.[0]?.message?.content ?? '';
    return { text, usage: { inputTokens: response.usage?.prompt_tokens ?? 0, outputTokens: response.usage?.completion_tokens ?? 0 } };
  }

  private async viaResponses(request: LlmRequest, signal: AbortSignal): Promise<LlmCompletion> {
    const response = await this.client.responses.create(
      {
        model: this.model,
        instructions: request.system,
        input: request.messages.map((m) => ({ role: m.role, content: m.content })),
        ...this.temperature(request),
        max_output_tokens: request.maxOutputTokens,
        store: false,
        text: { format: { type: 'json_schema', name: request.format.name, schema: wireSchema(request.format.schema), strict: true } },
      },
      { signal, timeout: request.timeoutMs },
    );
    const text = typeof response.output_text === 'string' ? response.output_text : '';
    return { text, usage: { inputTokens: response.usage?.input_tokens ?? 0, outputTokens: response.usage?.output_tokens ?? 0 } };
  }
}

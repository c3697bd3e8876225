// Anthropic's messages API, directly or on Amazon Bedrock (same API, AWS-signed). The answer is requested as a
// forced tool call whose input schema is the answer schema: Anthropic's way to get JSON of a given shape.
import Anthropic from '@anthropic-ai/sdk';
import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import { usesFixedTemperature } from '../cost';
import { type LlmCompletion, type LlmProvider, type LlmRequest } from '../types';
import { toLlmError } from './errors';
import { wireSchema } from '../schema';

export interface AnthropicProviderOptions {
  model: string;
  apiKey: string;
  baseUrl?: string;
}

export interface BedrockProviderOptions {
  model: string;
  region: string;
  /** Static credentials (tests, CI); without them the AWS default chain is used (env, profile, SSO, instance role). */
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  baseUrl?: string;
}

type MessagesClient = Pick<Anthropic, 'messages'>;

export class AnthropicProvider implements LlmProvider {
  readonly name: string;
  readonly model: string;
  private readonly client: MessagesClient;
  private readonly secrets: string[];

  constructor(options: ({ kind: 'anthropic' } & AnthropicProviderOptions) | ({ kind: 'bedrock' } & BedrockProviderOptions)) {
    this.name = options.kind;
    this.model = options.model;
    if (options.kind === 'anthropic') {
      this.secrets = [options.apiKey];
      this.client = new Anthropic({ apiKey: options.apiKey, baseURL: options.baseUrl, maxRetries: 0 });
    } else {
      this.secrets = [options.secretAccessKey, options.sessionToken, options.accessKeyId].filter((s): s is string => !!s);
      const common = { awsRegion: options.region, baseURL: options.baseUrl, maxRetries: 0 };
      const client = options.accessKeyId && options.secretAccessKey
        ? new AnthropicBedrock({ ...common, awsAccessKey: options.accessKeyId, awsSecretKey: options.secretAccessKey, awsSessionToken: options.sessionToken ?? null })
        : new AnthropicBedrock(common);
      this.client = client as unknown as MessagesClient;
    }
  }

  async complete(request: LlmRequest, signal: AbortSignal): Promise<LlmCompletion> {
    let message: Anthropic.Message;
    try {
      message = await this.client.messages.create(
        {
          model: this.model,
          system: request.system,
          messages: request.messages,
          max_tokens: request.maxOutputTokens,
          ...(usesFixedTemperature(this.model) ? {} : { temperature: request.temperature }),
          tools: [{ name: request.format.name, description: 'Report the tracing recommendations.', input_schema: wireSchema(request.format.schema) as Anthropic.Tool.InputSchema }],
          tool_choice: { type: 'tool', name: request.format.name },
        },
        { signal, timeout: request.timeoutMs },
      );
    } catch (e) {
      throw toLlmError(e, this.name, this.secrets, signal);
    }
    const usage = { inputTokens: message.usage?.input_tokens ?? 0, outputTokens: message.usage?.output_tokens ?? 0 };
    const content = Array.isArray(message.content) ? message.content : [];
    const tool = content.find((b) => b.type === 'tool_use');
    if (tool && tool.type === 'tool_use') return { text: JSON.stringify(tool.input), usage };
    return { text: content.map((b) => (b.type === 'text' ? b.text : '')).join(''), usage };
  }
}

// Choosing and configuring a provider from settings, and finding its key. The extension passes keys from
// SecretStorage; the command line passes its environment. `vscode-lm` is implemented by the extension itself.
import { defaultModelFor } from '../cost';
import type { LlmProvider, LlmProviderId, OpenAiApi } from '../types';
import { AnthropicProvider } from './anthropic';
import { OpenAiProvider } from './openai';

export { AnthropicProvider, OpenAiProvider };
export { retryAfterMs, toLlmError } from './errors';

export interface ProviderConfig {
  provider: LlmProviderId;
  /** Empty: the provider's default model (models.json). */
  model: string;
  baseUrl?: string;
  openaiApi?: OpenAiApi;
  apiKey?: string;
  /** Bedrock only. */
  awsRegion?: string;
  awsCredentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** A configuration the user must fix, said in one line. */
export class ProviderConfigError extends Error {}

/** The environment variables a provider's key is read from, in order (the command line's source of keys). */
export function keyEnvironmentVariables(provider: LlmProviderId): string[] {
  switch (provider) {
    case 'openai':
      return ['OPENAI_API_KEY', 'TRACE_ADVISOR_API_KEY'];
    case 'anthropic':
      return ['ANTHROPIC_API_KEY', 'TRACE_ADVISOR_API_KEY'];
    case 'openai-compatible':
      return ['TRACE_ADVISOR_API_KEY', 'OPENAI_API_KEY'];
    default:
      return [];
  }
}

export function keyFromEnvironment(provider: LlmProviderId, env: NodeJS.ProcessEnv): string | undefined {
  for (const name of keyEnvironmentVariables(provider)) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

export function createProvider(config: ProviderConfig): LlmProvider {
  const model = config.model || defaultModelFor(config.provider) || '';
  switch (config.provider) {
    case 'openai':
    case 'anthropic':
      if (!config.apiKey) throw new ProviderConfigError(`no API key for ${config.provider}: set ${keyEnvironmentVariables(config.provider).join(' or ')}`);
      return config.provider === 'openai'
        ? new OpenAiProvider({ name: 'openai', model, apiKey: config.apiKey, baseUrl: config.baseUrl, api: config.openaiApi ?? 'chat-completions' })
        : new AnthropicProvider({ kind: 'anthropic', model, apiKey: config.apiKey, baseUrl: config.baseUrl });
    case 'openai-compatible':
      if (!config.baseUrl) throw new ProviderConfigError('openai-compatible needs a base URL (ai.baseUrl or --base-url), e.g. http://localhost:11434/v1 for Ollama');
      if (!model) throw new ProviderConfigError('openai-compatible needs a model name (ai.model or --model)');
      return new OpenAiProvider({ name: 'openai-compatible', model, apiKey: config.apiKey, baseUrl: config.baseUrl, api: config.openaiApi ?? 'chat-completions' });
    case 'bedrock':
      if (!config.awsRegion) throw new ProviderConfigError('bedrock needs an AWS region: set AWS_REGION (or ai.awsRegion)');
      return new AnthropicProvider({ kind: 'bedrock', model, region: config.awsRegion, baseUrl: config.baseUrl, ...config.awsCredentials });
    case 'vscode-lm':
      throw new ProviderConfigError('the vscode-lm provider is only available inside VS Code');
    case 'none':
      throw new ProviderConfigError('AI analysis is off (ai.provider is none)');
  }
}

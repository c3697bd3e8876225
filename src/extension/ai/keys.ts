// API keys in VS Code's SecretStorage, one entry per provider; Bedrock stores an AWS access key pair (or nothing:
// the default AWS credential chain). Keys are never written to settings or logs, and never echoed in a message.
import * as vscode from 'vscode';
import { redact } from '../../core/llm';
import type { FeatureContext } from '../context';
import { PROVIDER_LABELS, type AiProviderId } from './consent-text';

export type KeyedProvider = 'openai' | 'anthropic' | 'openai-compatible' | 'bedrock';
const KEYED: KeyedProvider[] = ['openai', 'anthropic', 'openai-compatible', 'bedrock'];

export function secretName(provider: KeyedProvider): string {
  return `traceAdvisor.ai.apiKey.${provider}`;
}

export interface AwsKeyPair {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface StoredKeys {
  apiKey?: string;
  aws?: AwsKeyPair;
}

export async function readKeys(secrets: vscode.SecretStorage, provider: string): Promise<StoredKeys> {
  if (!KEYED.includes(provider as KeyedProvider)) return {};
  const value = await secrets.get(secretName(provider as KeyedProvider));
  if (!value) return {};
  if (provider !== 'bedrock') return { apiKey: value };
  try {
    const pair = JSON.parse(value) as Partial<AwsKeyPair>;
    return pair.accessKeyId && pair.secretAccessKey ? { aws: { accessKeyId: pair.accessKeyId, secretAccessKey: pair.secretAccessKey } } : {};
  } catch {
    return {};
  }
}

/** The stored value for a provider; arguments let tests and other extensions set it without the input boxes. */
export async function storeKey(secrets: vscode.SecretStorage, provider: KeyedProvider, key: string | AwsKeyPair): Promise<void> {
  await secrets.store(secretName(provider), typeof key === 'string' ? key.trim() : JSON.stringify(key));
}

function currentProvider(ctx: FeatureContext): KeyedProvider | undefined {
  const p = ctx.settings()['ai.provider'];
  return KEYED.includes(p as KeyedProvider) ? (p as KeyedProvider) : undefined;
}

async function pickProvider(ctx: FeatureContext, title: string): Promise<KeyedProvider | undefined> {
  const current = currentProvider(ctx);
  const items = KEYED.map((id) => ({
    label: PROVIDER_LABELS[id as AiProviderId].replace(/^an /, ''),
    description: id === current ? 'current provider' : id === 'bedrock' ? 'AWS access key pair' : undefined,
    id,
  }));
  if (current) items.sort((a, b) => Number(b.id === current) - Number(a.id === current));
  return (await vscode.window.showQuickPick(items, { title, placeHolder: 'Provider' }))?.id;
}

const nonEmpty = (v: string) => (v.trim() ? undefined : 'Enter a value, or press Escape to cancel');

export async function setApiKey(ctx: FeatureContext, provider?: KeyedProvider, key?: string | AwsKeyPair): Promise<void> {
  try {
    provider ??= await pickProvider(ctx, 'Trace Advisor: Set API Key');
    if (!provider) return;
    if (key === undefined) {
      if (provider === 'bedrock') {
        const accessKeyId = await vscode.window.showInputBox({
          title: 'Amazon Bedrock: AWS access key id',
          prompt: 'Leave empty and press Enter to use the default AWS credential chain (environment, profile, SSO, instance role) instead of a stored key.',
          ignoreFocusOut: true,
        });
        if (accessKeyId === undefined) return;
        if (!accessKeyId.trim()) {
          await ctx.extension.secrets.delete(secretName('bedrock'));
          void vscode.window.showInformationMessage('Trace Advisor: Amazon Bedrock will use the default AWS credential chain.');
          return;
        }
        const secretAccessKey = await vscode.window.showInputBox({ title: 'Amazon Bedrock: AWS secret access key', password: true, ignoreFocusOut: true, validateInput: nonEmpty });
        if (!secretAccessKey) return;
        key = { accessKeyId: accessKeyId.trim(), secretAccessKey: secretAccessKey.trim() };
      } else {
        const entered = await vscode.window.showInputBox({
          title: `${PROVIDER_LABELS[provider]}: API key`,
          prompt: provider === 'openai-compatible' ? 'Sent as a Bearer token to traceAdvisor.ai.baseUrl (local servers usually need none). Stored in VS Code\'s secret storage.' : 'Stored in VS Code\'s secret storage, never in settings.',
          password: true,
          ignoreFocusOut: true,
          validateInput: nonEmpty,
        });
        if (!entered) return;
        key = entered;
      }
    }
    await storeKey(ctx.extension.secrets, provider, key);
    ctx.log.info(`AI: API key for ${provider} stored in secret storage`);
    void vscode.window.showInformationMessage(`Trace Advisor: API key for ${PROVIDER_LABELS[provider].replace(/^an /, '')} stored.`);
  } catch (e) {
    const message = redact(String((e as Error)?.message ?? e), typeof key === 'string' ? [key] : key ? [key.secretAccessKey] : []);
    ctx.log.error(`AI: storing the API key failed: ${message}`);
    void vscode.window.showErrorMessage(`Trace Advisor: could not store the API key: ${message}`);
  }
}

export async function clearApiKey(ctx: FeatureContext, provider?: KeyedProvider): Promise<void> {
  provider ??= await pickProvider(ctx, 'Trace Advisor: Clear API Key');
  if (!provider) return;
  await ctx.extension.secrets.delete(secretName(provider));
  ctx.log.info(`AI: API key for ${provider} removed from secret storage`);
  void vscode.window.showInformationMessage(`Trace Advisor: API key for ${PROVIDER_LABELS[provider].replace(/^an /, '')} removed.`);
}

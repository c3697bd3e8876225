// What the consent dialog says and what a remembered consent covers, as plain data (no vscode import: unit-tested
// in Node). Consent is given for one provider, model and endpoint: changing any of them asks again.
import type { ConsentRequest } from '../../core/llm';

export type AiProviderId = 'openai' | 'anthropic' | 'openai-compatible' | 'bedrock' | 'vscode-lm';

export const PROVIDER_LABELS: Record<AiProviderId, string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  'openai-compatible': 'an OpenAI-compatible server',
  bedrock: 'Amazon Bedrock',
  'vscode-lm': "VS Code's language models",
};

/** Where the code goes: the configured base URL, else the provider's public endpoint. */
export function endpointOf(provider: string, baseUrl: string, awsRegion: string): string {
  if (baseUrl) return baseUrl;
  switch (provider) {
    case 'openai':
      return 'https://api.openai.com/v1';
    case 'anthropic':
      return 'https://api.anthropic.com';
    case 'bedrock':
      return `Amazon Bedrock in ${awsRegion || 'the AWS region of your environment'}`;
    case 'vscode-lm':
      return 'the model provider VS Code uses for it (e.g. GitHub Copilot)';
    default:
      return '(no endpoint configured)';
  }
}

/** What one remembered "Allow for this workspace" covers. */
export interface ConsentScope {
  provider: string;
  model: string;
  endpoint: string;
}

export function sameScope(a: ConsentScope, b: ConsentScope): boolean {
  return a.provider === b.provider && a.model === b.model && a.endpoint === b.endpoint;
}

/** What the user asked to analyze, for the dialog: "function create_order of orders.py", "3 functions of orders.py". */
export interface AnalysisTarget {
  kind: 'function' | 'file' | 'call-tree';
  /** The file (function, file) or the tree's entry function (call tree). */
  name: string;
  /** Files the functions come from. */
  files: string[];
}

const MAX_NAMED_FUNCTIONS = 8;

export function describeTarget(target: AnalysisTarget, functions: readonly string[]): string {
  const n = functions.length;
  const count = `${n} function${n === 1 ? '' : 's'}`;
  if (target.kind === 'call-tree') {
    const files = target.files.length;
    return `the call tree of ${target.name}: the source of ${count} in ${files} file${files === 1 ? '' : 's'}`;
  }
  return `the source of ${count} of ${target.name}`;
}

export interface ConsentText {
  message: string;
  detail: string;
}

export function consentText(request: ConsentRequest, endpoint: string, target: AnalysisTarget, budgetUsd: number, free: boolean): ConsentText {
  const label = PROVIDER_LABELS[request.provider as AiProviderId] ?? request.provider;
  const named = request.functions.slice(0, MAX_NAMED_FUNCTIONS).join(', ') + (request.functions.length > MAX_NAMED_FUNCTIONS ? `, and ${request.functions.length - MAX_NAMED_FUNCTIONS} more` : '');
  const detail = [
    `Provider: ${label}`,
    `Model: ${request.model || '(provider default)'}`,
    `Endpoint: ${endpoint}`,
    '',
    `Sent: ${describeTarget(target, request.functions)} (${named}), the signatures of the workspace functions they call, the enabled tracing priorities and the rules' findings. Nothing else of the workspace, and never your keys.`,
    '',
    free ? 'This model is not billed per token by Trace Advisor\'s price table.' : `Cost is capped at $${budgetUsd.toFixed(2)} per run (traceAdvisor.ai.budgetUsd). Answers are cached: unchanged code is not sent again.`,
    '',
    '"Allow for this workspace" remembers this choice for this provider, model and endpoint (Trace Advisor: Reset AI Consent forgets it).',
  ].join('\n');
  return { message: `Send code to ${label} for AI analysis?`, detail };
}

/** Shown instead of any request in a workspace VS Code does not trust. */
export const UNTRUSTED_MESSAGE = 'Trace Advisor: AI analysis is disabled in Restricted Mode. Nothing is sent from a workspace you have not trusted; trust the workspace (Manage Workspace Trust) to use it.';

export const AI_OFF_MESSAGE = 'Trace Advisor: AI analysis is off. Choose a provider in the setting traceAdvisor.ai.provider (OpenAI, Anthropic, an OpenAI-compatible server, Amazon Bedrock or VS Code\'s language models), then run Set API Key if it needs one.';

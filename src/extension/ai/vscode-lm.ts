// Choosing a model of VS Code's Language Model API for `ai.provider: vscode-lm`: `ai.model` names a family
// (e.g. gpt-4o) or, as `vendor/family`, a vendor too; empty takes the first model VS Code offers.
import * as vscode from 'vscode';
import { ProviderConfigError, type LlmProvider } from '../../core/llm';
import { LmChatProvider } from './lm-provider';

export function modelSelector(model: string): vscode.LanguageModelChatSelector {
  const trimmed = model.trim();
  if (!trimmed) return {};
  const slash = trimmed.indexOf('/');
  return slash > 0 ? { vendor: trimmed.slice(0, slash), family: trimmed.slice(slash + 1) } : { family: trimmed };
}

export async function vscodeLmProvider(model: string): Promise<LlmProvider> {
  const [chat] = await vscode.lm.selectChatModels(modelSelector(model));
  if (!chat) {
    throw new ProviderConfigError(
      model.trim()
        ? `no VS Code language model matches '${model}' (traceAdvisor.ai.model): install or sign in to an extension that provides it (e.g. GitHub Copilot Chat), or clear the setting to use any available model`
        : 'VS Code offers no language model: install and sign in to an extension that provides one (e.g. GitHub Copilot Chat), or choose another traceAdvisor.ai.provider',
    );
  }
  return new LmChatProvider<vscode.LanguageModelChatMessage, vscode.CancellationToken>(chat, {
    userMessage: (text) => vscode.LanguageModelChatMessage.User(text),
    assistantMessage: (text) => vscode.LanguageModelChatMessage.Assistant(text),
    cancellation: () => {
      const source = new vscode.CancellationTokenSource();
      return { token: source.token, cancel: () => source.cancel(), dispose: () => source.dispose() };
    },
  });
}

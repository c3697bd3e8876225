// Activation is a short list of feature registrations. Each feature lives in its own file, receives the shared
// FeatureContext and pushes every disposable it creates onto `ctx.subscriptions`.
import * as vscode from 'vscode';
import { activateCommands } from './commands';
import { createFeatureContext, type FeatureContext } from './context';

export type { FeatureContext } from './context';

const features: ((ctx: FeatureContext) => void)[] = [activateCommands];

export function activate(context: vscode.ExtensionContext): void {
  const channel = vscode.window.createOutputChannel('Trace Advisor', { log: true });
  context.subscriptions.push(channel);
  try {
    const ctx = createFeatureContext(context, channel);
    for (const activateFeature of features) activateFeature(ctx);
    ctx.documents.refreshAll();
    channel.info(`Trace Advisor ${context.extension.packageJSON.version} activated`);
  } catch (e) {
    // VS Code shows nothing when activation throws: say so, and keep the details in the log.
    channel.error(`activation failed: ${(e as Error).stack ?? e}`);
    void vscode.window.showErrorMessage(`Trace Advisor could not start: ${(e as Error).message}. See the "Trace Advisor" output for details.`);
  }
}

export function deactivate(): void {}

// Activation is a short list of feature registrations; each feature lives in its own file and pushes every
// disposable it creates onto the context it is given.
import * as vscode from 'vscode';
import { channelLogger } from './logger';
import { activateCommands } from './commands';

export interface FeatureContext {
  extension: vscode.ExtensionContext;
  log: ReturnType<typeof channelLogger>;
  channel: vscode.LogOutputChannel;
}

export function activate(context: vscode.ExtensionContext): void {
  const channel = vscode.window.createOutputChannel('Trace Advisor', { log: true });
  context.subscriptions.push(channel);
  const features: FeatureContext = { extension: context, log: channelLogger(channel), channel };
  try {
    activateCommands(features);
    channel.info(`Trace Advisor ${context.extension.packageJSON.version} activated`);
  } catch (e) {
    // VS Code shows nothing when activation throws: say so, and keep the details in the log.
    channel.error(`activation failed: ${(e as Error).stack ?? e}`);
    void vscode.window.showErrorMessage(`Trace Advisor could not start: ${(e as Error).message}. See the "Trace Advisor" output for details.`);
  }
}

export function deactivate(): void {}

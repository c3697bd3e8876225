import * as vscode from 'vscode';
import type { FeatureContext } from './main';

/** Commands that belong to no single feature. */
export function activateCommands(ctx: FeatureContext): void {
  ctx.subscriptions.push(
    vscode.commands.registerCommand('traceAdvisor.showLog', () => ctx.channel.show()),
    vscode.commands.registerCommand('traceAdvisor.openSettings', () =>
      vscode.commands.executeCommand('workbench.action.openSettings', '@ext:trace-advisor.trace-advisor'),
    ),
  );
}

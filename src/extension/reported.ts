import * as vscode from 'vscode';
import type { FeatureContext } from './context';

/** Runs a command; a failure is shown in one line and logged with its details, never thrown at VS Code. */
export async function reported<T>(ctx: FeatureContext, name: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (e) {
    ctx.log.error(`${name} failed: ${(e as Error).stack ?? e}`);
    void vscode.window.showErrorMessage(`Trace Advisor: ${name} failed: ${(e as Error).message}. See the log for details.`);
    return undefined;
  }
}

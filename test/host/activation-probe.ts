// Not a test: reports how long the extension's activate() took in the real VS Code host, for `npm run bench`
// (scripts/host/measure-activation.mjs reads the line it prints).
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const api = (await vscode.extensions.getExtension('trace-advisor.trace-advisor')?.activate()) as { activationMs?: number } | undefined;
  if (typeof api?.activationMs !== 'number') throw new Error('Trace Advisor did not activate');
  console.log(`[activation] ${api.activationMs.toFixed(2)}`);
}

// What the host suites share: the extension's id, files of the examples workspace, Trace Advisor's diagnostics and
// bounded, event-driven waits (no sleep loops).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TraceAdvisorApi } from '../../../src/extension/main';

export const EXTENSION_ID = 'trace-advisor.trace-advisor';

/** Activates the extension under test and returns its API (failing the suite when activation failed). */
export async function activateExtension(): Promise<TraceAdvisorApi> {
  const ext = vscode.extensions.getExtension<TraceAdvisorApi | undefined>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not known to the host`);
  const api = await ext.activate();
  assert.ok(api, 'activate() returned no API (activation failed: see the Trace Advisor log)');
  return api;
}

/** A file of the opened workspace (examples/). */
export function fileUri(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  return vscode.Uri.joinPath(folder.uri, rel);
}

/** Trace Advisor's diagnostics on a file. */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Trace Advisor');
}

/** Resolves with check()'s first defined result, checked now and after each event; fails after a bounded wait. */
export function until<T>(event: vscode.Event<unknown>, check: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const now = check();
  if (now !== undefined) return Promise.resolve(now);
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const subscription = event(() => {
      const value = check();
      if (value === undefined) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
  });
}

/** `until` on diagnostics changes. */
export function untilDiagnostics<T>(check: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  return until(vscode.languages.onDidChangeDiagnostics, check, what, timeoutMs);
}

/**
 * Records the extension host's unhandled promise rejections that came from this extension: VS Code names the
 * extension in errors of its tree views ("... from extension <id>"); our own code's errors have our bundle in the stack.
 */
export function recordUnhandledRejections(): { rejections: string[]; dispose(): void } {
  const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath;
  const rejections: string[] = [];
  const listener = (reason: unknown) => {
    const text = reason instanceof Error ? `${reason.message}\n${reason.stack ?? ''}` : String(reason);
    if (text.includes(EXTENSION_ID) || (extensionPath && text.includes(extensionPath))) rejections.push(text.split('\n')[0]);
  };
  process.on('unhandledRejection', listener);
  return { rejections, dispose: () => void process.off('unhandledRejection', listener) };
}

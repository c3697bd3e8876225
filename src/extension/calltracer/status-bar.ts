// The call index in the status bar: progress while indexing, then its size; a click offers the log or a re-index.
import * as vscode from 'vscode';
import type { FeatureContext } from '../context';
import type { IndexState } from './index-service';

export function statusText(state: IndexState): string | undefined {
  const n = (x: number) => x.toLocaleString('en-US');
  switch (state.phase) {
    case 'indexing':
      return state.total ? `$(sync~spin) Indexing ${n(state.done)}/${n(state.total)}` : '$(sync~spin) Indexing';
    case 'ready':
      return `$(type-hierarchy) ${n(state.files)} files · ${n(state.functions)} functions`;
    case 'incomplete':
      return `$(warning) ${n(state.files)} files · ${n(state.functions)} functions (incomplete)`;
    case 'idle':
      return undefined;
  }
}

export function activateIndexStatus(ctx: FeatureContext): void {
  const item = vscode.window.createStatusBarItem('traceAdvisor.callIndex', vscode.StatusBarAlignment.Left, 0);
  item.name = 'Trace Advisor Call Index';
  item.command = 'traceAdvisor.callIndexActions';
  const update = (state: IndexState) => {
    const text = statusText(state);
    if (!text) return item.hide();
    item.text = text;
    item.tooltip =
      state.phase === 'incomplete' ? `Trace Advisor call index: ${state.reason}. Click to re-index.` : 'Trace Advisor call index. Click to show the log or re-index.';
    item.show();
  };
  update(ctx.index.state);
  ctx.subscriptions.push(
    item,
    ctx.index.onDidChangeState(update),
    vscode.commands.registerCommand('traceAdvisor.reindex', () => ctx.index.rebuild({ fromScratch: true })),
    vscode.commands.registerCommand('traceAdvisor.callIndexActions', async () => {
      const choice = await vscode.window.showQuickPick(
        [
          { label: '$(output) Show Log', command: 'traceAdvisor.showLog' },
          { label: '$(refresh) Re-index Workspace', description: 'parse every file again', command: 'traceAdvisor.reindex' },
        ],
        { placeHolder: 'Trace Advisor call index' },
      );
      if (choice) await vscode.commands.executeCommand(choice.command);
    }),
  );
}

// Not a test: puts the workbench in the state the README screenshot shows (scripts/host/screenshot.mjs). Opens an
// example service, waits for Trace Advisor's diagnostics and CodeLens, and traces a function into the Call Tree view.
import * as vscode from 'vscode';

const FILE = 'orders-py/orders/service.py';
const FUNCTION = 'def place_order';

function diagnosticsFor(uri: vscode.Uri, timeoutMs: number): Promise<void> {
  const ready = () => vscode.languages.getDiagnostics(uri).some((d) => d.source === 'Trace Advisor');
  if (ready()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no Trace Advisor diagnostics on ${FILE} after ${timeoutMs} ms`));
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics(() => {
      if (!ready()) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('open the examples folder');
  const uri = vscode.Uri.joinPath(folder.uri, FILE);
  const api = (await vscode.extensions.getExtension('trace-advisor.trace-advisor')?.activate()) as { index: { whenReady(): Promise<void> } } | undefined;
  if (!api) throw new Error('Trace Advisor did not activate');
  await api.index.whenReady();
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  await diagnosticsFor(uri, 60_000);
  const line = document.getText().split('\n').findIndex((l) => l.includes(FUNCTION));
  const position = new vscode.Position(line, document.lineAt(line).text.indexOf('place_order'));
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(Math.max(0, line - 8), 0, line + 20, 0), vscode.TextEditorRevealType.AtTop);
  if (!(await vscode.commands.executeCommand('traceAdvisor.traceFromHere'))) throw new Error('Trace from here found no function');
  await vscode.commands.executeCommand('traceAdvisor.callTree.focus');
  await vscode.commands.executeCommand('traceAdvisor.tracePoints.focus');
  await vscode.window.showTextDocument(document, { preserveFocus: false });
  // Let the workbench paint the tree, the lenses and the squiggles, then have the launcher take the picture while
  // the extension still runs (when run() returns, the host shuts down and the views lose their data).
  await new Promise((r) => setTimeout(r, 3000));
  console.log('[showcase] ready');
  await new Promise((r) => setTimeout(r, 3000));
}

// The Analyzer in a real extension host, on the examples/ workspace: diagnostics and CodeLens on an open file,
// hover, diagnostics following edits, the "Don't recommend here" quick fix, Analyze Workspace for files that are
// not open, and Generate Report. Edits are made in memory and reverted; nothing is saved.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as vscode from 'vscode';
import rulesData from '../../../src/core/analysis/rules.json';
import { EXTENSION_ID, fileUri, ours, untilDiagnostics } from './helpers';

const SERVICE = 'orders-py/orders/service.py';
const HINT_RULES = new Set(rulesData.rules.filter((r) => r.severity === 'hint').map((r) => r.id));

function ruleOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

function lineOf(document: vscode.TextDocument, text: string): number {
  const line = document.getText().split('\n').findIndex((l) => l.includes(text));
  assert.ok(line >= 0, `"${text}" not found in ${document.uri.fsPath}`);
  return line;
}

async function revert(document: vscode.TextDocument): Promise<void> {
  if (!document.isDirty) return;
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  assert.equal(document.isDirty, false, 'the document was not reverted');
}

describe('analyzer', function () {
  let document: vscode.TextDocument;
  let initial: vscode.Diagnostic[];

  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not known to the host`);
    await ext.activate();
    document = await vscode.workspace.openTextDocument(fileUri(SERVICE));
    await vscode.window.showTextDocument(document);
    initial = await untilDiagnostics(() => (ours(document.uri).length ? ours(document.uri) : undefined), `diagnostics on ${SERVICE}`);
  });

  afterEach(async () => revert(document));

  it('shows recommendations as diagnostics with a rule code linked to the README', () => {
    const handlers = initial.filter((d) => ruleOf(d) === 'python.exception-handler');
    assert.deepEqual(
      handlers.map((d) => d.range.start.line),
      [lineOf(document, 'except PaymentDeclined'), lineOf(document, 'except requests.RequestException')],
    );
    for (const d of initial) {
      assert.ok(d.message.trim().length > 10, `empty message for ${ruleOf(d)}`);
      assert.equal(d.range.start.line, d.range.end.line, `${ruleOf(d)} spans several lines`);
      assert.ok(typeof d.code === 'object' && d.code.target.toString().endsWith(`#rule-${ruleOf(d).split('.')[1]}`), `code of ${ruleOf(d)}: ${JSON.stringify(d.code)}`);
      // diagnostics.severity is `information` (the default); rules that default to hint stay hints.
      const expected = HINT_RULES.has(ruleOf(d).split('.')[1]) ? vscode.DiagnosticSeverity.Hint : vscode.DiagnosticSeverity.Information;
      assert.equal(d.severity, expected, `severity of ${ruleOf(d)}`);
    }
    const external = initial.find((d) => ruleOf(d) === 'python.external-call');
    assert.ok(external, 'no external-call diagnostic');
    assert.equal(external.range.start.line, lineOf(document, 'requests.get('));
    assert.match(external.message, /External resource.*requests\.get/i);
  });

  it('puts "N trace points" CodeLens above each function with recommendations', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    const ours = lenses.filter((l) => /^\d+ trace points?$/.test(l.command?.title ?? ''));
    const functionLines = ['def place_order', 'def price_lines', 'def cancel_order'].map((t) => lineOf(document, t));
    assert.deepEqual(ours.map((l) => l.range.start.line).sort((a, b) => a - b), functionLines);
    const total = ours.reduce((n, l) => n + Number(/^\d+/.exec(l.command!.title)![0]), 0);
    assert.equal(total, initial.length, 'the lenses count every recommendation');
    // None of the three has a span yet: each also offers "Add span", which runs Instrument This Function there.
    const addSpan = lenses.filter((l) => l.command?.title === 'Add span');
    assert.deepEqual(addSpan.map((l) => l.range.start.line).sort((a, b) => a - b), functionLines);
    assert.ok(addSpan.every((l) => l.command?.command === 'traceAdvisor.instrumentFunction' && (l.command.arguments?.[1] as vscode.Position).line === l.range.start.line));
  });

  it('hover explains why and what to capture', async () => {
    const line = lineOf(document, 'except PaymentDeclined');
    const position = new vscode.Position(line, document.lineAt(line).text.indexOf('except') + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /catches PaymentDeclined/);
    assert.match(text, /Capture:.*exception\.type/);
    assert.match(text, /Span: `OrderService\.place_order` \(internal\)/);
  });

  it('diagnostics follow edits: a new function with an HTTP call in a try/except, then its removal', async () => {
    const end = document.lineAt(document.lineCount - 1).range.end;
    const added = '\n\ndef fetch_stock(sku):\n    try:\n        return requests.get(f"http://stock/{sku}", timeout=2).json()\n    except requests.Timeout:\n        logger.warning("stock service slow for %s", sku)\n        return None\n';
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, end, added);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const fetchLine = lineOf(document, 'def fetch_stock');
    const after = await untilDiagnostics(() => {
      const ds = ours(document.uri).filter((d) => d.range.start.line > fetchLine);
      return ds.some((d) => ruleOf(d) === 'python.external-call') && ds.some((d) => ruleOf(d) === 'python.exception-handler') ? ds : undefined;
    }, 'diagnostics for the added function');
    assert.ok(after.find((d) => ruleOf(d) === 'python.exception-handler')!.message.includes('requests.Timeout'));

    const removal = new vscode.WorkspaceEdit();
    removal.delete(document.uri, new vscode.Range(end, document.lineAt(document.lineCount - 1).range.end));
    assert.ok(await vscode.workspace.applyEdit(removal));
    await untilDiagnostics(() => (ours(document.uri).length === initial.length && ours(document.uri).every((d) => d.range.start.line < fetchLine) ? true : undefined), 'the diagnostics of the removed function to go');
  });

  it('"Don\'t recommend here" inserts an ignore comment and removes that diagnostic only', async () => {
    const line = lineOf(document, 'except PaymentDeclined');
    const target = ours(document.uri).find((d) => ruleOf(d) === 'python.exception-handler' && d.range.start.line === line);
    assert.ok(target, 'no exception-handler diagnostic on the except line');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, target.range, vscode.CodeActionKind.QuickFix.value);
    const suppress = actions.find((a) => a.title.startsWith("Don't recommend here"));
    assert.ok(suppress?.edit, `no suppression quick fix among: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(suppress.edit));
    assert.equal(document.lineAt(line).text, '        # trace-advisor: ignore-next-line python.exception-handler');
    const handlers = await untilDiagnostics(() => {
      const ds = ours(document.uri).filter((d) => ruleOf(d) === 'python.exception-handler');
      return ds.length === 1 ? ds : undefined;
    }, 'the suppressed diagnostic to go');
    assert.equal(handlers[0].range.start.line, lineOf(document, 'except requests.RequestException'));
    assert.equal(ours(document.uri).length, initial.length - 1);
  });

  it('Analyze Workspace gives diagnostics to files that are not open', async () => {
    const goFile = fileUri('payments-go/internal/charges/service.go');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === goFile.toString()), 'the Go file is already open');
    await vscode.commands.executeCommand('traceAdvisor.analyzeWorkspace');
    const goDiagnostics = ours(goFile);
    assert.ok(goDiagnostics.length > 0, 'no diagnostics on the Go service after Analyze Workspace');
    assert.ok(goDiagnostics.every((d) => ruleOf(d).startsWith('go.')), goDiagnostics.map(ruleOf).join(', '));
  });

  it('Generate Report for the current file writes Markdown with its recommendations', async () => {
    await vscode.window.showTextDocument(document);
    const report = await vscode.commands.executeCommand<vscode.Uri | undefined>('traceAdvisor.generateReport', undefined, 'file');
    assert.ok(report, 'no report produced');
    const markdown = fs.readFileSync(report.fsPath, 'utf8');
    assert.match(markdown, /^# /m);
    for (const d of initial) {
      const line = d.range.start.line + 1;
      assert.ok(markdown.includes(`${SERVICE}:${line}`), `the report does not list ${ruleOf(d)} at ${SERVICE}:${line}`);
    }
    assert.match(markdown, /catches PaymentDeclined/);
  });
});

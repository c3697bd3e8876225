// Injection in a real extension host, on the examples/ workspace: the preferred "Add span" quick fix on a Trace
// Advisor diagnostic (applied, re-parsed, undone in one step, refused for a stale version, not offered twice), the
// client-span fix on a Python database call, "Instrument this function" in Go (tabs kept), and "Instrument call tree"
// as one multi-file WorkspaceEdit that is refused when a file changed on disk after planning; Toggle Dim Telemetry
// Lines. Edits are made in memory and the original text is put back (and saved again where the host auto-saved an
// edit).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { ParserService, parseSource } from '../../../src/core/parsing';
import type { TraceAdvisorApi } from '../../../src/extension/main';
import { EXTENSION_ID, activateExtension, fileUri, ours, untilDiagnostics } from './helpers';

const SERVICE = 'orders-py/orders/service.py';

/** Like untilDiagnostics, for an asynchronous check (asked now and after each diagnostics change, one at a time). */
function untilFound<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let checking = false;
    let again = false;
    const finish = (error?: Error, value?: T) => {
      settled = true;
      clearTimeout(timer);
      subscription.dispose();
      if (error) reject(error);
      else resolve(value as T);
    };
    const timer = setTimeout(() => finish(new Error(`timed out waiting for ${what}`)), timeoutMs);
    const attempt = async (): Promise<void> => {
      if (settled) return;
      if (checking) {
        again = true;
        return;
      }
      checking = true;
      try {
        const value = await check();
        if (value !== undefined && !settled) finish(undefined, value);
      } catch (e) {
        if (!settled) finish(e as Error);
      }
      checking = false;
      if (again && !settled) {
        again = false;
        void attempt();
      }
    };
    const subscription = vscode.languages.onDidChangeDiagnostics(() => void attempt());
    void attempt();
  });
}

async function codeActions(uri: vscode.Uri, range: vscode.Range, kind: vscode.CodeActionKind): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind.value);
}

async function run(action: vscode.CodeAction): Promise<unknown> {
  assert.ok(action.command, `${action.title} has no command`);
  return vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

/** Puts the original text back, on disk too: the host may have auto-saved an edit. */
async function restore(document: vscode.TextDocument, original: string): Promise<void> {
  if (document.getText() !== original) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), original);
    assert.ok(await vscode.workspace.applyEdit(edit));
  }
  if (document.isDirty) await document.save();
  // A busy host can refuse the save (its will-save participants time out), and the extension host's isDirty can lag
  // the window's: then the original goes back on disk directly, and the document is reverted to it.
  if (fs.readFileSync(document.uri.fsPath, 'utf8') !== original) {
    await vscode.workspace.fs.writeFile(document.uri, Buffer.from(original, 'utf8'));
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  assert.equal(fs.readFileSync(document.uri.fsPath, 'utf8'), original, `${document.uri.fsPath} was not restored`);
}

describe('injection', function () {
  let api: TraceAdvisorApi;
  let parser: ParserService;

  before(async () => {
    api = await activateExtension();
    parser = new ParserService(path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'grammars'));
  });

  after(() => parser.dispose());

  async function syntaxErrors(document: vscode.TextDocument): Promise<number> {
    const parsed = await parseSource(parser, document.getText(), document.languageId, { path: document.uri.fsPath, moduleName: 'm' });
    assert.ok(parsed.ok, !parsed.ok ? parsed.reason : '');
    return parsed.syntax.syntaxErrors;
  }

  describe('quick fix on a diagnostic', () => {
    let document: vscode.TextDocument;
    let original: string;
    /** The first diagnostic with a preferred "Add span" fix, and that fix. */
    let target: { diagnostic: vscode.Diagnostic; fix: vscode.CodeAction };

    before(async () => {
      original = fs.readFileSync(fileUri(SERVICE).fsPath, 'utf8');
      document = await vscode.workspace.openTextDocument(fileUri(SERVICE));
      await vscode.window.showTextDocument(document);
      assert.equal(document.getText(), original, `${SERVICE} is open with unsaved changes`);
      const diagnostics = await untilDiagnostics(() => (ours(document.uri).length ? ours(document.uri) : undefined), `diagnostics on ${SERVICE}`);
      for (const diagnostic of diagnostics) {
        const fix = (await codeActions(document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix)).find((a) => a.title.startsWith('Add span '));
        if (fix) {
          target = { diagnostic, fix };
          break;
        }
      }
      assert.ok(target, `no "Add span" quick fix on any of ${diagnostics.length} diagnostics`);
    });

    afterEach(async () => restore(document, original));

    /** The same fix, once the current version of the document is analyzed (fixes are only offered then). */
    function currentFix(): Promise<{ diagnostic: vscode.Diagnostic; fix: vscode.CodeAction }> {
      return untilFound(async () => {
        const diagnostic = ours(document.uri).find((d) => d.message === target.diagnostic.message);
        const fix = diagnostic && (await codeActions(document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix)).find((a) => a.title === target.fix.title);
        return diagnostic && fix && { diagnostic, fix };
      }, `"${target.fix.title}" for the current version`);
    }

    it('is a preferred QuickFix titled with the span name', () => {
      assert.equal(target.fix.isPreferred, true);
      assert.equal(target.fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
      assert.match(target.fix.title, /^Add span 'OrderService\.\w+'$/);
    });

    it('adds the span, keeps the file parsing and the indentation, and one undo restores the text exactly', async () => {
      const spanName = /'(.+)'/.exec(target.fix.title)![1];
      assert.equal(await run((await currentFix()).fix), true);
      const text = document.getText();
      assert.ok(text.includes(`with tracer.start_as_current_span("${spanName}")`), 'no span in the document');
      assert.ok(text.includes('tracer = trace.get_tracer(__name__)'));
      assert.equal(await syntaxErrors(document), 0);
      // The example indents with 4 spaces: every line the fix added does too, and no tab crept in.
      const added = text.split('\n').filter((l) => !original.includes(l));
      assert.ok(added.length > 0);
      for (const line of added) assert.match(line, /^( {4})*\S/, `unexpected indentation: ${JSON.stringify(line)}`);
      assert.ok(!text.includes('\t'));
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('undo');
      assert.equal(document.getText(), original, 'one undo did not restore the original text');
    });

    it('is refused, changing nothing, when the document changed after the fix was computed', async () => {
      const { diagnostic, fix: stale } = await currentFix();
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, new vscode.Position(0, 0), '\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const changed = document.getText();
      assert.equal(await run(stale), false);
      assert.equal(document.getText(), changed, 'a stale fix changed the document');
      // Whatever is offered now was computed for the current version, never the one before the edit.
      for (const action of await codeActions(document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix)) {
        const planned = action.command?.arguments?.[0] as { version?: number } | undefined;
        if (action.title.startsWith('Add span')) assert.equal(planned?.version, document.version, `${action.title} offered for an old version`);
      }
    });

    it('offers nothing new for a function once it has its span', async () => {
      const spanName = /'(.+)'/.exec(target.fix.title)![1];
      const current = await currentFix();
      assert.equal(await run(current.fix), true);
      const once = document.getText();
      // The fix added lines above the function: once the instrumented text is analyzed, nothing is left at the old range.
      await untilDiagnostics(
        () => (ours(document.uri).some((d) => d.range.isEqual(current.diagnostic.range) && d.message === current.diagnostic.message) ? undefined : true),
        'the analysis of the instrumented text',
      );
      for (const diagnostic of ours(document.uri)) {
        const offered = await codeActions(document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix);
        assert.deepEqual(offered.filter((a) => a.title === target.fix.title).map((a) => a.title), [], 'the same span offered again');
      }
      const line = once.split('\n').findIndex((l) => l.includes(`start_as_current_span("${spanName}")`));
      const source = (await codeActions(document.uri, new vscode.Range(line, 8, line, 8), vscode.CodeActionKind.Source)).find((a) => a.title.startsWith('Instrument this function'));
      assert.ok(source, 'no "Instrument this function" source action');
      assert.equal(await run(source), false, 'instrumenting the function again did something');
      assert.equal(document.getText(), once);
    });
  });

  it('"Instrument this function" in Go adds a span from the context.Context parameter, with tabs, in one undo step', async () => {
    const document = await vscode.workspace.openTextDocument(fileUri('payments-go/internal/storage/repository.go'));
    await vscode.window.showTextDocument(document);
    const original = fs.readFileSync(document.uri.fsPath, 'utf8');
    try {
      const line = original.split('\n').findIndex((l) => l.startsWith('func (r *Repository) Find('));
      const actions = await codeActions(document.uri, new vscode.Range(line + 1, 1, line + 1, 1), vscode.CodeActionKind.Source);
      const instrument = actions.find((a) => a.title.startsWith('Instrument this function') && a.title.includes('Find'));
      assert.ok(instrument, `no source action among: ${actions.map((a) => a.title).join(', ')}`);
      assert.equal(instrument.kind?.value, 'source.traceAdvisor.instrumentFunction');
      assert.equal(await run(instrument), true);
      const lines = document.getText().split('\n');
      const start = lines.findIndex((l) => l.includes('.Start(ctx, "Repository.Find")'));
      assert.ok(start > line, 'no span started from ctx in Find');
      assert.match(lines[start], /^\tctx, span := otel\.Tracer\(".+"\)\.Start\(ctx, "Repository\.Find"\)$/);
      assert.equal(lines[start + 1], '\tdefer span.End()');
      assert.ok(document.getText().includes('"go.opentelemetry.io/otel"'));
      assert.equal(await syntaxErrors(document), 0);
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('undo');
      assert.equal(document.getText(), original);
    } finally {
      await restore(document, original);
    }
  });

  it('"Instrument all recommendations in this file" in TypeScript: every function, one import, parses, one undo; a second run adds nothing', async () => {
    const document = await vscode.workspace.openTextDocument(fileUri('catalog-ts/src/catalog-service.ts'));
    await vscode.window.showTextDocument(document);
    const original = fs.readFileSync(document.uri.fsPath, 'utf8');
    try {
      const diagnostics = await untilDiagnostics(() => (ours(document.uri).length ? ours(document.uri) : undefined), 'diagnostics on catalog-service.ts');
      const actions = await codeActions(document.uri, diagnostics[0].range, vscode.CodeActionKind.Source);
      const all = actions.find((a) => a.title === 'Instrument all recommendations in this file');
      assert.ok(all, `no source action among: ${actions.map((a) => a.title).join(', ')}`);
      assert.equal(all.kind?.value, 'source.traceAdvisor.instrumentFile');
      assert.equal(await run(all), true);
      const text = document.getText();
      for (const name of ['CatalogService.listings', 'CatalogService.addProduct']) assert.ok(text.includes(`tracer.startActiveSpan('${name}'`), `no span for ${name}`);
      assert.match(text, /trace\.getActiveSpan\(\)\?\.recordException\(\w+ as Error\);/, 'the catch block does not record the exception');
      assert.equal(text.match(/from '@opentelemetry\/api'/g)?.length, 1, 'the OpenTelemetry import is not there exactly once');
      assert.equal(await syntaxErrors(document), 0);
      const once = text;
      assert.equal(await vscode.commands.executeCommand('traceAdvisor.instrumentFile', document.uri), false, 'a second run changed something');
      assert.equal(document.getText(), once);
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('undo');
      assert.equal(document.getText(), original, 'one undo did not restore the original text');
    } finally {
      await restore(document, original);
    }
  });

  it('in Restricted Mode offers no edit and changes no file', async () => {
    const document = await vscode.workspace.openTextDocument(fileUri(SERVICE));
    await vscode.window.showTextDocument(document);
    const original = document.getText();
    const diagnostics = await untilDiagnostics(() => (ours(document.uri).length ? ours(document.uri) : undefined), `diagnostics on ${SERVICE}`);
    const trusted = api.trust.isTrusted;
    api.trust.isTrusted = () => false;
    try {
      const actions = await codeActions(document.uri, diagnostics[0].range, vscode.CodeActionKind.QuickFix);
      assert.deepEqual(actions.filter((a) => a.title.startsWith('Add span')).map((a) => a.title), []);
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
      assert.ok(!lenses.some((l) => l.command?.title === 'Add span'), 'an "Add span" lens in Restricted Mode');
      assert.ok(lenses.some((l) => /trace points?$/.test(l.command?.title ?? '')), 'the analysis itself still shows');
      const line = original.split('\n').findIndex((l) => l.includes('def place_order'));
      assert.equal(await vscode.commands.executeCommand('traceAdvisor.instrumentFunction', document.uri, new vscode.Position(line, 8)), false);
      assert.equal(await vscode.commands.executeCommand('traceAdvisor.instrumentFile', document.uri), false);
      assert.equal(document.getText(), original);
    } finally {
      api.trust.isTrusted = trusted;
    }
  });

  it('the quick fix on a database call wraps its statement in a client span with its attributes, in one undo step', async () => {
    const rel = 'orders-py/orders/repository.py';
    const original = fs.readFileSync(fileUri(rel).fsPath, 'utf8');
    const document = await vscode.workspace.openTextDocument(fileUri(rel));
    await vscode.window.showTextDocument(document);
    try {
      const fix = await untilFound(async () => {
        for (const diagnostic of ours(document.uri)) {
          const found = (await codeActions(document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix)).find((a) => a.title === "Add client span 'UPDATE orders' around the call");
          if (found) return found;
        }
        return undefined;
      }, `the client-span fix on ${rel}`);
      assert.equal(fix.isPreferred, true);
      assert.equal(await run(fix), true);
      const text = document.getText();
      const header = '            with tracer.start_as_current_span("UPDATE orders", kind=trace.SpanKind.CLIENT, attributes={"db.system.name": "sqlite", "db.operation.name": "UPDATE", "db.collection.name": "orders"}):\n                self.connection.execute(\n';
      assert.ok(text.includes(header), 'no client span around the UPDATE statement');
      assert.equal(await syntaxErrors(document), 0);
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('undo');
      assert.equal(document.getText(), original, 'one undo did not restore the original text');
    } finally {
      await restore(document, original);
    }
  });

  it('Toggle Dim Telemetry Lines dims the OpenTelemetry lines of an open file, and toggles back', async () => {
    const document = await vscode.workspace.openTextDocument(fileUri('orders-py/orders/events.py'));
    await vscode.window.showTextDocument(document);
    const lines = document.getText().split('\n');
    assert.deepEqual(await api.injection.dimmedLines(document), [], 'dimmed while the setting is off');
    assert.equal(await vscode.commands.executeCommand('traceAdvisor.toggleDimTelemetry'), true);
    try {
      const dimmed = (await api.injection.dimmedLines(document)).map((n) => lines[n].trim());
      assert.ok(dimmed.includes('from opentelemetry import trace'), dimmed.join('\n'));
      assert.ok(dimmed.some((l) => l.startsWith('with tracer.start_as_current_span(')));
      assert.ok(!dimmed.some((l) => l.startsWith('#')), 'a comment was dimmed');
      assert.ok(dimmed.length < lines.length / 2, 'most of the file was dimmed');
    } finally {
      assert.equal(await vscode.commands.executeCommand('traceAdvisor.toggleDimTelemetry'), false);
    }
    assert.deepEqual(await api.injection.dimmedLines(document), []);
  });

  describe('Instrument call tree', () => {
    it('plans every function of the tree, across files, as one WorkspaceEdit that needs confirmation', async () => {
      await vscode.commands.executeCommand('traceAdvisor.traceFunction', 'catalog-ts.src.server.listProducts');
      const planned = await api.injection.planCallTree();
      assert.ok(typeof planned !== 'string', String(planned));
      assert.equal(planned.entry, 'catalog-ts.src.server.listProducts');
      assert.deepEqual(planned.refused, []);
      const rels = planned.files.map((f) => f.rel);
      assert.ok(rels.includes('catalog-ts/src/server.ts') && rels.includes('catalog-ts/src/catalog-service.ts'), `files: ${rels.join(', ')}`);
      const entries = planned.edit.entries();
      assert.deepEqual(entries.map(([uri]) => uri.toString()).sort(), planned.files.map((f) => f.uri.toString()).sort(), 'one entry per planned file');
      for (const file of planned.files) {
        assert.ok(file.plan.newText.includes("tracer.startActiveSpan('"), `${file.rel}: no span`);
        const parsed = await parseSource(parser, file.plan.newText, 'typescript', { path: file.rel, moduleName: 'm' });
        assert.ok(parsed.ok && parsed.syntax.syntaxErrors === 0, `${file.rel} would not parse`);
      }
      const server = planned.files.find((f) => f.rel === 'catalog-ts/src/server.ts')!;
      assert.ok(server.plan.newText.includes("tracer.startActiveSpan('listProducts'"), 'the entry function has no span');
    });

    it('refuses to apply, writing nothing, when a planned file changed on disk after planning', async () => {
      await vscode.commands.executeCommand('traceAdvisor.traceFunction', 'catalog-ts.src.server.listProducts');
      const planned = await api.injection.planCallTree();
      assert.ok(typeof planned !== 'string', String(planned));
      const onDisk = planned.files.find((f) => f.state.kind === 'disk');
      assert.ok(onDisk, `every planned file is open in an editor: ${planned.files.map((f) => f.rel).join(', ')}`);
      const before = fs.readFileSync(onDisk.uri.fsPath);
      try {
        fs.writeFileSync(onDisk.uri.fsPath, Buffer.concat([before, Buffer.from('// edited elsewhere\n')]));
        const result = await api.injection.applyCallTree(planned);
        assert.deepEqual(result, { applied: false, changed: [onDisk.rel] });
        assert.equal(fs.readFileSync(onDisk.uri.fsPath, 'utf8'), `${before.toString('utf8')}// edited elsewhere\n`, 'the edit was applied anyway');
        assert.ok(!planned.files.some((f) => vscode.workspace.textDocuments.some((d) => d.uri.toString() === f.uri.toString() && d.isDirty)), 'a planned file was edited');
      } finally {
        fs.writeFileSync(onDisk.uri.fsPath, before);
      }
    });
  });
});

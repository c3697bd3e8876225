// The Call Tracer in a real extension host, on the examples/ workspace: the index, Trace from here through the real
// commands (editor position, CodeLens, quick-pick argument), the Call Tree's data provider, Who calls this, an
// unsaved edit of a callee file flowing into the tree, files created and deleted on disk, the view's reveals while
// trees are replaced and refreshed, and the graph webview. No test may leave a promise rejection unhandled.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CallTreeNode } from '../../../src/core/callgraph';
import type { TraceAdvisorApi } from '../../../src/extension/main';
import { activateExtension, fileUri, recordUnhandledRejections, until } from './helpers';

/** Opens a file and returns the position of `needle`'s first occurrence on the line that contains `lineText`. */
async function positionOf(rel: string, lineText: string, needle = lineText): Promise<{ document: vscode.TextDocument; position: vscode.Position }> {
  const document = await vscode.workspace.openTextDocument(fileUri(rel));
  const line = document.getText().split('\n').findIndex((l) => l.includes(lineText));
  assert.ok(line >= 0, `${lineText} not found in ${rel}`);
  return { document, position: new vscode.Position(line, document.lineAt(line).text.indexOf(needle)) };
}

function names(nodes: CallTreeNode[]): string[] {
  return nodes.map((n) => n.qualifiedName);
}

describe('call tracer', function () {
  let api: TraceAdvisorApi;
  let unhandled: ReturnType<typeof recordUnhandledRejections>;

  before(async () => {
    unhandled = recordUnhandledRejections();
    api = await activateExtension();
    await api.index.whenReady();
  });

  after(() => {
    unhandled.dispose();
    assert.deepEqual(unhandled.rejections, [], 'promise rejections the extension left unhandled during the call tracer tests');
  });

  it('indexes every service of the examples workspace', () => {
    const state = api.index.state;
    assert.equal(state.phase, 'ready', JSON.stringify(state));
    const index = api.index.indexFor(fileUri('orders-py/orders/app.py'));
    assert.ok(index, 'no index for the examples folder');
    const files = index.filePaths();
    for (const f of ['orders-py/orders/service.py', 'catalog-ts/src/store.ts', 'payments-go/internal/charges/service.go']) {
      assert.ok(files.includes(f), `${f} is not indexed`);
    }
    assert.ok(files.some((f) => f.endsWith('InventoryService.java')), 'the Java service is not indexed');
    if (state.phase === 'ready') assert.equal(state.functions, index.functions().length);
  });

  it('Trace from here inside a function body shows its cross-file callees in the Call Tree view', async () => {
    const { document, position } = await positionOf('orders-py/orders/app.py', 'repository=OrderRepository(');
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(position, position);
    const shown = await vscode.commands.executeCommand<CallTreeNode | undefined>('traceAdvisor.traceFromHere');
    assert.equal(shown?.qualifiedName, 'orders.app.create_service');

    const [top] = api.callTree.getChildren();
    assert.equal(top.qualifiedName, 'orders.app.create_service');
    const children = api.callTree.getChildren(top);
    const repository = children.find((c) => c.qualifiedName === 'orders.repository.OrderRepository.__init__');
    assert.ok(repository, `no OrderRepository.__init__ among ${names(children).join(', ')}`);
    assert.equal(repository.file, 'orders-py/orders/repository.py');
    assert.equal(repository.kind, 'method');
    assert.equal(api.callTree.getParent(repository), top);
    assert.ok(children.some((c) => c.qualifiedName === 'os.environ.get' && c.kind === 'external'), 'the external os.environ.get call is missing');

    const item = api.callTree.getTreeItem(repository);
    assert.equal(item.label, 'OrderRepository.__init__');
    assert.match(String(item.description), /repository\.py:\d+/);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'symbol-method');
    const tooltip = (api.callTree.resolveTreeItem(item, repository).tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ');
    assert.match(tooltip, /called at orders-py\/orders\/app\.py:17:\d+/);
    // Its own callees were computed too: the sqlite3 connection it opens.
    assert.ok(names(api.callTree.getChildren(repository)).includes('sqlite3.connect'));
  });

  it("each function on the tree shows its trace-point count and whether it already has a span, open or not", async () => {
    const shown = await vscode.commands.executeCommand<CallTreeNode | undefined>('traceAdvisor.traceFunction', 'orders.service.OrderService.place_order');
    assert.ok(shown, 'place_order is not indexed');
    // Annotations of files that are not open come from a parse of the file on disk, in the background: the tree is
    // repainted when they arrive.
    const described = (node: CallTreeNode, pattern: RegExp) => () => (pattern.test(String(api.callTree.getTreeItem(node).description)) ? true : undefined);
    await until(api.callTree.onDidChangeTreeData, described(shown, /\b\d+ trace points?\b/), 'the trace-point count of place_order');
    const published = api.callTree.getChildren(shown).find((c) => c.qualifiedName === 'orders.events.OrderEvents.publish_order_placed');
    assert.ok(published, `publish_order_placed is not a child: ${names(api.callTree.getChildren(shown)).join(', ')}`);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === fileUri(published.file).toString()), `${published.file} is open: this case is about files that are not`);
    await until(api.callTree.onDidChangeTreeData, described(published, /\binstrumented\b/), 'publish_order_placed (events.py, not open) shown as instrumented');
  });

  it('the CodeLens above a function runs Trace from here for it', async () => {
    const uri = fileUri('payments-go/cmd/payments/main.go');
    await vscode.window.showTextDocument(uri);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const { position } = await positionOf('payments-go/cmd/payments/main.go', 'handleCharge(', 'handleCharge');
    const lens = lenses.find((l) => l.command?.title === 'Trace from here' && l.range.start.line === position.line);
    assert.ok(lens?.command, `no Trace from here lens on line ${position.line + 1}`);
    const shown = await vscode.commands.executeCommand<CallTreeNode | undefined>(lens.command.command, ...(lens.command.arguments ?? []));
    assert.equal(shown?.qualifiedName, 'example.com/shop/payments/cmd/payments.server.handleCharge');
    const charge = api.callTree.getChildren(shown).find((c) => c.qualifiedName === 'example.com/shop/payments/internal/charges.Service.Charge');
    assert.ok(charge, 'handleCharge → charges.Service.Charge is missing');
    assert.equal(charge.file, 'payments-go/internal/charges/service.go');
  });

  it('Trace a Function… with a qualified name traces it without a quick pick', async () => {
    const shown = await vscode.commands.executeCommand<CallTreeNode | undefined>('traceAdvisor.traceFunction', 'catalog-ts.src.server.listProducts');
    assert.equal(shown?.qualifiedName, 'catalog-ts.src.server.listProducts');
    assert.equal(api.callTree.current()?.direction, 'outgoing');
    const listings = api.callTree.getChildren(shown).find((c) => c.qualifiedName === 'catalog-ts.src.catalog-service.CatalogService.listings');
    assert.ok(listings, 'listProducts → CatalogService.listings is missing');
    assert.equal(listings.file, 'catalog-ts/src/catalog-service.ts');
  });

  it('Who calls this? shows the callers in the same view', async () => {
    const { document, position } = await positionOf('orders-py/orders/repository.py', 'def __init__', '__init__');
    const shown = await vscode.commands.executeCommand<CallTreeNode | undefined>('traceAdvisor.whoCallsThis', document.uri, position);
    assert.equal(shown?.qualifiedName, 'orders.repository.OrderRepository.__init__');
    assert.equal(api.callTree.current()?.direction, 'incoming');
    const callers = api.callTree.getChildren(shown);
    const caller = callers.find((c) => c.qualifiedName === 'orders.app.create_service');
    assert.ok(caller, `create_service is not among the callers: ${names(callers).join(', ')}`);
    assert.equal(caller.callSite?.file, 'orders-py/orders/app.py');
  });

  it('the Call Tree view reveals the current tree while trees are replaced and refreshed, leaving no rejection unhandled', async () => {
    const errorsBefore = api.errorsLogged();
    const rejectionsBefore = unhandled.rejections.length;
    const repositoryInit = 'orders.repository.OrderRepository.__init__';
    const repositoryInitUnder = (root: CallTreeNode | undefined) => root && api.callTree.getChildren(root).find((c) => c.qualifiedName === repositoryInit);
    // Each trace reveals its root in the view; trace again while the previous reveal is still on its way.
    const { document, position } = await positionOf('orders-py/orders/app.py', 'repository=OrderRepository(');
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(position, position);
    await vscode.commands.executeCommand('traceAdvisor.traceFromHere');
    const replaced = await vscode.commands.executeCommand<CallTreeNode | undefined>('traceAdvisor.traceFunction', 'orders.service.OrderService.place_order');
    assert.ok(replaced, 'place_order is not indexed');
    const shown = await vscode.commands.executeCommand<CallTreeNode | undefined>('traceAdvisor.traceFunction', 'orders.app.create_service');
    // Expanded, then refreshed: the rebuilt tree has new nodes under the same ids.
    const beforeRefresh = repositoryInitUnder(shown);
    assert.ok(beforeRefresh, `${repositoryInit} is not under create_service`);
    await vscode.commands.executeCommand('traceAdvisor.callTree.refresh');
    assert.notEqual(api.callTree.current()?.root, shown, 'refresh did not rebuild the tree');

    // Reveal after the tree changed: the function at the cursor, found on the rebuilt tree.
    const init = await positionOf('orders-py/orders/repository.py', 'def __init__', '__init__');
    const initEditor = await vscode.window.showTextDocument(init.document);
    initEditor.selection = new vscode.Selection(init.position, init.position);
    const revealed = await vscode.commands.executeCommand<CallTreeNode | undefined>('traceAdvisor.callTree.revealCurrent');
    // Reveals run one after another: the earlier ones (of the replaced trees) have settled by now.
    assert.deepEqual(unhandled.rejections.slice(rejectionsBefore), [], 'reveals left promise rejections unhandled');
    assert.equal(api.errorsLogged(), errorsBefore, 'reveals logged errors (see the Trace Advisor log)');
    const current = api.callTree.current()?.root;
    assert.ok(revealed, 'Reveal in Call Tree revealed nothing');
    assert.equal(revealed, repositoryInitUnder(current), 'the revealed node is not the one on the current tree');
    assert.notEqual(revealed, beforeRefresh);

    // A node from before the refresh stands for the node with its id; one of a replaced tree for nothing.
    assert.equal(api.callTree.getParent(beforeRefresh), current);
    assert.deepEqual(names(api.callTree.getChildren(beforeRefresh)), names(api.callTree.getChildren(revealed)));
    assert.deepEqual(api.callTree.getChildren(replaced), []);
  });

  it('an edit of a callee file updates the tree as you type', async () => {
    const shown = await vscode.commands.executeCommand<CallTreeNode | undefined>('traceAdvisor.traceFunction', 'catalog-ts.src.server.listProducts');
    assert.ok(shown);
    const document = await vscode.workspace.openTextDocument(fileUri('catalog-ts/src/catalog-service.ts'));
    await vscode.window.showTextDocument(document);
    const original = document.getText();
    const added = 'catalog-ts.src.catalog-service.CatalogService.auditListings';
    const listingsChildren = () => {
      const [top] = api.callTree.getChildren();
      const listings = top && api.callTree.getChildren(top).find((c) => c.qualifiedName === 'catalog-ts.src.catalog-service.CatalogService.listings');
      return listings && names(api.callTree.getChildren(listings));
    };
    assert.ok(!listingsChildren()?.includes(added));
    try {
      const edited = original
        .replace('const products = this.store.list();', 'const products = this.store.list();\n    this.auditListings(products.length);')
        .replace('  addProduct(product: Product): void {', '  auditListings(count: number): number {\n    return count;\n  }\n\n  addProduct(product: Product): void {');
      assert.notEqual(edited, original, 'the example file changed: update this test');
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(original.length)), edited);
      assert.ok(await vscode.workspace.applyEdit(edit));
      // Unsaved: the index follows the editor's text, not the disk.
      await until(api.index.onDidChange, () => (listingsChildren()?.includes(added) ? true : undefined), `${added} under CatalogService.listings`);
    } finally {
      // Put the original text back, on disk too: the host may auto-save the edit.
      const restore = new vscode.WorkspaceEdit();
      restore.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), original);
      await vscode.workspace.applyEdit(restore);
      if (document.isDirty) await document.save();
    }
    assert.equal(Buffer.from(await vscode.workspace.fs.readFile(document.uri)).toString('utf8'), original, 'the example file was not restored');
    await until(api.index.onDidChange, () => (listingsChildren()?.includes(added) ? undefined : true), `${added} gone after the revert`);
  });

  it('files created and deleted on disk enter and leave the index', async () => {
    const rel = 'orders-py/orders/audit_probe.py';
    const uri = fileUri(rel);
    const index = () => api.index.indexFor(uri)!;
    try {
      await vscode.workspace.fs.writeFile(uri, Buffer.from('from .repository import OrderRepository\n\n\ndef audit_probe():\n    return OrderRepository("audit.db")\n'));
      const callees = await until(api.index.onDidChange, () => {
        const calls = index().callees('orders.audit_probe.audit_probe');
        return calls.length ? calls.flatMap((c) => c.targets) : undefined;
      }, 'the new file in the index');
      assert.deepEqual(callees, [{ kind: 'internal', qualifiedName: 'orders.repository.OrderRepository.__init__' }]);
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
    await until(api.index.onDidChange, () => (index().filePaths().includes(rel) ? undefined : true), 'the deleted file to leave the index');
  });

  it('Open as graph shows the current tree in a webview panel', async () => {
    await vscode.commands.executeCommand('traceAdvisor.traceFunction', 'orders.app.create_service');
    await vscode.commands.executeCommand('traceAdvisor.openCallGraph');
    const graph = await until(vscode.window.tabGroups.onDidChangeTabs, () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('traceAdvisor.callGraph')),
    'the call graph tab');
    assert.equal(graph.label, 'Call Graph: create_service');
    await vscode.window.tabGroups.close(graph);
  });
});

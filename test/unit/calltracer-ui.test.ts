// The Call Tracer's extension-side pure logic on real call trees of the examples/ workspace: how nodes look in
// the Call Tree view, which function a cursor is in, the graph layout, and the file filter for files that appear
// after indexing (checked against discoverFiles on the same trees).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WorkspaceIndex, buildCallTree, type CallTreeNode } from '../../src/core/callgraph';
import type { CallGraphSyntax } from '../../src/core/model';
import { discoverFiles, loadWorkspace } from '../../src/core/workspace';
import { FileFilter, excludeGlobs } from '../../src/extension/calltracer/file-filter';
import { layoutTree } from '../../src/extension/calltracer/graph-layout';
import { functionAtPosition } from '../../src/extension/calltracer/locate';
import { describeNode, findNodes, parentMap } from '../../src/extension/calltracer/tree-items';
import { repoRoot } from './helpers';

const examples = path.join(repoRoot, 'examples');

describe('call tracer in the editor (pure parts)', () => {
  let index: WorkspaceIndex;
  let files: CallGraphSyntax[];
  let tmp: string;

  before(async () => {
    const ws = await loadWorkspace(examples, { workerThreshold: Infinity });
    files = ws.files;
    index = await WorkspaceIndex.build(ws.files, ws.layout);
  });
  beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-calltracer-'))));
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  function tree(name: string, depth?: number): CallTreeNode {
    const root = buildCallTree(index, name, { depth });
    assert.ok(root, `${name} is not indexed`);
    return root;
  }

  function child(node: CallTreeNode, qualifiedName: string): CallTreeNode {
    const found = node.children.find((c) => c.qualifiedName === qualifiedName);
    assert.ok(found, `${qualifiedName} is not a child of ${node.qualifiedName}: ${node.children.map((c) => c.qualifiedName).join(', ')}`);
    return found;
  }

  describe('tree items', () => {
    it('shows the root function, a cross-file method and an external call as users expect', () => {
      const root = tree('orders.app.create_service');
      const rootLook = describeNode(root, true);
      assert.equal(rootLook.label, 'create_service');
      assert.equal(rootLook.icon, 'symbol-function');
      assert.equal(rootLook.collapsible, 'expanded');
      assert.equal(rootLook.description, `app.py:${root.line}`);
      assert.deepEqual(rootLook.contextValue.split(' ').sort(), ['callNode', 'function', 'hasDefinition', 'traceable']);

      const repository = child(root, 'orders.repository.OrderRepository.__init__');
      const look = describeNode(repository, false);
      assert.equal(look.label, 'OrderRepository.__init__');
      assert.equal(look.icon, 'symbol-method');
      assert.equal(look.description, `repository.py:${repository.line}`);
      assert.equal(look.collapsible, 'collapsed', 'it calls sqlite3.connect');
      assert.equal(look.tooltip[0], 'orders.repository.OrderRepository.__init__');
      assert.ok(look.tooltip.includes(`defined at orders-py/orders/repository.py:${repository.line}`), look.tooltip.join(' | '));
      assert.ok(look.tooltip.some((t) => /^called at orders-py\/orders\/app\.py:17:\d+$/.test(t)), look.tooltip.join(' | '));

      const external = describeNode(child(root, 'os.environ.get'), false);
      assert.equal(external.label, 'os.environ.get');
      assert.equal(external.icon, 'package');
      assert.match(external.description, /^external · called at app\.py:\d+$/);
      assert.equal(external.collapsible, 'none');
      assert.match(external.contextValue, /\bhasCallSite\b/);
      assert.doesNotMatch(external.contextValue, /\bhasDefinition\b|\btraceable\b/);
    });

    it("adds the analyzer's trace-point count and span state to a function's description and tooltip", () => {
      const root = tree('orders.app.create_service');
      const look = describeNode(root, true, { recommendations: 3, instrumented: false });
      assert.equal(look.description, `3 trace points · app.py:${root.line}`);
      assert.ok(look.tooltip.includes('3 recommended trace points; no span yet'), look.tooltip.join(' | '));
      const done = describeNode(root, true, { recommendations: 1, instrumented: true });
      assert.equal(done.description, `instrumented · 1 trace point · app.py:${root.line}`);
      assert.equal(describeNode(root, true, { recommendations: 0, instrumented: false }).description, `app.py:${root.line}`);
    });

    it('marks unresolved, dynamic, cycle and depth-limited nodes', async () => {
      const client = tree('orders.payments_client.PaymentsClient.__init__');
      const unresolved = findNodes(client, (n) => n.kind === 'unresolved')[0];
      assert.ok(unresolved, 'PaymentsClient.__init__ has an unresolved call (base_url.rstrip)');
      assert.equal(describeNode(unresolved, false).icon, 'question');
      assert.match(describeNode(unresolved, false).description, /^unresolved · called at /);

      const dynamic = index.functions().map((d) => tree(d.qualifiedName, 2)).flatMap((t) => findNodes(t, (n) => !!n.dynamic))[0];
      assert.ok(dynamic, 'the Go or Java example has an interface call');
      assert.equal(describeNode(dynamic, false).icon, 'symbol-interface');
      assert.match(describeNode(dynamic, false).description, /\bdynamic\b/);

      const cyclic = path.join(tmp, 'loop.py');
      fs.writeFileSync(cyclic, 'def ping(n):\n    return pong(n - 1)\n\n\ndef pong(n):\n    return ping(n) if n else 0\n');
      const ws = await loadWorkspace(tmp, { workerThreshold: Infinity });
      const loopIndex = await WorkspaceIndex.build(ws.files, ws.layout);
      const ping = buildCallTree(loopIndex, 'loop.ping');
      assert.ok(ping);
      const cycle = findNodes(ping, (n) => n.kind === 'cycle')[0];
      assert.equal(cycle?.qualifiedName, 'loop.ping');
      const look = describeNode(cycle, false);
      assert.equal(look.icon, 'sync');
      assert.equal(look.collapsible, 'none');
      assert.match(look.description, /^cycle · loop\.py:1$/);

      const shallow = tree('catalog-ts.src.server.listProducts', 1);
      const truncated = findNodes(shallow, (n) => !!n.truncated)[0];
      assert.ok(truncated, 'depth 1 leaves CatalogService.listings unexpanded');
      assert.equal(describeNode(truncated, false).collapsible, 'collapsed');
      assert.ok(describeNode(truncated, false).tooltip.some((t) => t.includes('depth limit')));
    });

    it('knows every node’s parent', () => {
      const root = tree('example.com/shop/payments/cmd/payments.server.handleCharge');
      const parents = parentMap(root);
      const all = findNodes(root);
      assert.equal(parents.size, all.length - 1);
      for (const node of all.slice(1)) assert.ok(parents.get(node)!.children.includes(node));
      assert.equal(parents.get(root), undefined);
    });
  });

  describe('function at the cursor', () => {
    const syntaxOf = (rel: string) => files.find((f) => f.path === rel)!;

    it('finds the function on its name and anywhere in its body, the innermost when nested', () => {
      const app = syntaxOf('orders-py/orders/app.py');
      const create = app.functions.find((f) => f.qualifiedName === 'orders.app.create_service')!;
      assert.equal(functionAtPosition(app, create.nameSpan.start.line, create.nameSpan.start.column)?.qualifiedName, 'orders.app.create_service');
      assert.equal(functionAtPosition(app, create.span.end.line, 0)?.qualifiedName, 'orders.app.create_service');
      const service = syntaxOf('catalog-ts/src/catalog-service.ts');
      const listings = service.functions.find((f) => f.name === 'listings')!;
      // Inside the arrow function passed to products.map: the method, not the lambda, is traced.
      const line = listings.span.start.line + 3;
      assert.equal(functionAtPosition(service, line, 60)?.qualifiedName, 'catalog-ts.src.catalog-service.CatalogService.listings');
    });

    it('finds nothing on top-level code', () => {
      const app = syntaxOf('orders-py/orders/app.py');
      assert.equal(functionAtPosition(app, 0, 0), undefined);
    });
  });

  describe('graph layout', () => {
    it('places every node once, children to the right, parents centred, no overlaps', () => {
      const root = tree('orders.app.create_service');
      const layout = layoutTree(root);
      const all = findNodes(root);
      assert.equal(layout.boxes.length, all.length);
      assert.equal(layout.edges.length, all.length - 1);
      assert.equal(layout.omitted, 0);
      const box = new Map(layout.boxes.map((b) => [b.id, b]));
      for (const node of all) {
        if (!node.children.length) continue;
        const parent = box.get(node.id)!;
        const kids = node.children.map((c) => box.get(c.id)!);
        for (const k of kids) assert.ok(k.x >= parent.x + parent.width, `${k.label} is not right of ${parent.label}`);
        assert.equal(parent.y, (kids[0].y + kids[kids.length - 1].y) / 2);
      }
      const byColumn = new Map<number, typeof layout.boxes>();
      for (const b of layout.boxes) byColumn.set(b.x, [...(byColumn.get(b.x) ?? []), b]);
      for (const column of byColumn.values()) {
        const sorted = [...column].sort((a, b) => a.y - b.y);
        for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i].y >= sorted[i - 1].y + sorted[i - 1].height, `${sorted[i].label} overlaps ${sorted[i - 1].label}`);
      }
      for (const b of layout.boxes) {
        assert.ok(b.x + b.width <= layout.width && b.y + b.height <= layout.height);
        assert.ok(b.width >= b.label.length * 7, `${b.label} does not fit its box`);
      }
    });

    it('keeps the upper levels of a tree larger than its node budget', () => {
      const root = tree('orders.app.create_service');
      const total = findNodes(root).length;
      const layout = layoutTree(root, { maxNodes: 5 });
      assert.equal(layout.boxes.length, 5);
      assert.equal(layout.omitted, total - 5);
      const kept = new Set(layout.boxes.map((b) => b.id));
      assert.ok(kept.has(root.id));
      for (const e of layout.edges) assert.ok(kept.has(e.from) && kept.has(e.to));
      assert.equal(layout.edges.length, 4);
    });
  });

  describe('file filter', () => {
    function write(rel: string, text = '') {
      const abs = path.join(tmp, rel);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, text);
    }

    async function agreesWithDiscovery(root: string, include: string[], exclude: string[]) {
      const discovered = new Set((await discoverFiles(root, { include, exclude })).files);
      const filter = new FileFilter(root, { include, exclude });
      const everything = (fs.readdirSync(root, { recursive: true, encoding: 'utf8' }) as string[])
        .map((f) => f.split(path.sep).join('/'))
        .filter((f) => fs.statSync(path.join(root, f)).isFile());
      for (const f of everything) {
        assert.equal(filter.accepts(f), discovered.has(f), `${f}: filter says ${filter.rejection(f) ?? 'indexed'}, discovery ${discovered.has(f) ? 'found it' : 'did not'}`);
      }
    }

    it('agrees with discoverFiles on .gitignore at every level, include and exclude globs', async () => {
      write('.gitignore', 'generated/\n*.gen.py\n');
      write('app/main.py');
      write('app/models.gen.py');
      write('generated/api.py');
      write('app/sub/.gitignore', 'local.py\n');
      write('app/sub/local.py');
      write('app/sub/kept.py');
      write('app/build/out.py');
      write('web/index.ts');
      write('web/node_modules/lib/index.js');
      write('notes.txt');
      write('app/.git/hooks/x.py');
      await agreesWithDiscovery(tmp, [], ['**/node_modules/**', '**/build']);
      await agreesWithDiscovery(tmp, ['app/**'], ['**/build/**']);
      const filter = new FileFilter(tmp, { include: [], exclude: [] });
      assert.equal(filter.rejection('app/sub/local.py'), 'ignored by .gitignore');
      assert.equal(filter.rejection('notes.txt'), 'not a supported language');
      assert.equal(filter.rejection('../elsewhere.py'), 'outside the workspace folder');
    });

    it('agrees with discoverFiles on the examples workspace with the default excludes', async () => {
      await agreesWithDiscovery(examples, [], ['**/node_modules/**', '**/vendor/**']);
    });

    it('takes only the unconditional entries of files.exclude', () => {
      assert.deepEqual(excludeGlobs({ '**/.git': true, '**/out': false, '**/*.js': { when: '$(basename).ts' } }), ['**/.git']);
      assert.deepEqual(excludeGlobs(undefined), []);
    });
  });
});

// The workspace index as the extension uses it: persistence, damaged files, incremental updates, functionAt,
// search paths parsed on demand, incoming trees and expansion past the depth limit.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { INDEX_FORMAT_VERSION, WorkspaceIndex, buildCallTree, buildIncomingTree, callGraph, expandNode, type CallTreeNode } from '../../src/core/callgraph';
import { RecordingLogger } from '../../src/core/log';
import { ParserService, parseSource } from '../../src/core/parsing';
import { loadWorkspace } from '../../src/core/workspace';
import { fixturesDir } from './helpers';

const pythonRoot = path.join(fixturesDir, 'callgraph', 'python');

async function pythonIndex(options: { searchPaths?: string[]; root?: string } = {}): Promise<WorkspaceIndex> {
  const ws = await loadWorkspace(options.root ?? pythonRoot, { workerThreshold: Infinity });
  return WorkspaceIndex.build(ws.files, ws.layout, { searchPaths: options.searchPaths });
}

describe('workspace index', () => {
  let tmp: string;
  const service = new ParserService();
  beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-index-'))));
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));
  after(() => service.dispose());

  it('round-trips through its persisted file with the same graph', async () => {
    const index = await pythonIndex();
    const file = path.join(tmp, 'nested', 'index.json');
    index.serialize(file);
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['index.json'], 'no temporary file left behind');
    const loaded = WorkspaceIndex.load(file, { root: pythonRoot });
    assert.ok(loaded);
    assert.deepEqual(callGraph(loaded), callGraph(index));
    assert.deepEqual(loaded.staleFiles(), [], 'hashes match the files on disk');
  });

  it('discards a damaged, foreign or outdated index file with a logged reason', async () => {
    const index = await pythonIndex();
    const file = path.join(tmp, 'index.json');
    index.serialize(file);
    const good = fs.readFileSync(file, 'utf8');
    const cases: [string, string, RegExp][] = [
      ['truncated', good.slice(0, good.length / 2), /unreadable/],
      ['not an index', '{"hello": 1}', /not a call index/],
      ['old version', good.replace(`"version":${INDEX_FORMAT_VERSION}`, '"version":0'), /format version 0/],
      ['another build', good.replace(/"producer":"[^"]*"/, '"producer":"0.0.1+0123456789abcdef"'), /written by another build of Trace Advisor \(0\.0\.1\+0123456789abcdef/],
      ['no producer', good.replace(/"producer":"[^"]*",/, ''), /written by another build of Trace Advisor \(undefined/],
      ['edited entry', good.replace('app.util.helper', 'app.util.helpme'), /damaged entry/],
    ];
    for (const [label, text, reason] of cases) {
      fs.writeFileSync(file, text);
      const logger = new RecordingLogger();
      assert.equal(WorkspaceIndex.load(file, { root: pythonRoot, logger }), undefined, label);
      assert.match(logger.text(), reason, label);
    }
    const logger = new RecordingLogger();
    assert.equal(WorkspaceIndex.load(path.join(tmp, 'absent.json'), { root: pythonRoot, logger }), undefined);
    assert.match(logger.text(), /not found/);
    fs.writeFileSync(file, good);
    assert.equal(WorkspaceIndex.load(file, { root: tmp, logger }), undefined, 'another root');
  });

  it('reports files changed on disk since they were indexed', async () => {
    fs.cpSync(path.join(fixturesDir, 'callgraph-contract'), tmp, { recursive: true });
    const index = await pythonIndex({ root: tmp });
    const file = path.join(tmp, 'index.json');
    index.serialize(file);
    fs.appendFileSync(path.join(tmp, 'shop', 'util.py'), '\n# edited\n');
    assert.deepEqual(WorkspaceIndex.load(file, { root: tmp })!.staleFiles(), ['shop/util.py']);
  });

  it('re-resolves callers when a callee file is updated, removed or renamed', async () => {
    const index = await pythonIndex();
    const callee = (q: string) => index.callees(q).flatMap((c) => c.targets.map((t) => (t.kind === 'internal' ? t.qualifiedName : t.kind)));
    assert.ok(callee('app.main.main').includes('app.util.helper'));
    const text = 'def helper(x):\n    return x\n\n\ndef hidden():\n    return helper(0)\n';
    const parsed = await parseSource(service, text, 'python', { path: 'app/util.py', moduleName: 'app.util' });
    assert.ok(parsed.ok);
    // Without __all__ the star import in app/__init__.py now binds `hidden` too.
    await index.updateFile(parsed.syntax);
    assert.ok(callee('app.main.main').includes('app.util.hidden'));
    assert.deepEqual(callee('app.util.hidden'), ['app.util.helper']);
    index.removeFile('app/util.py');
    assert.ok(!callee('app.main.main').includes('app.util.helper'));
    await index.renameFile('app/main.py', 'app/entry.py');
    assert.equal(index.definition('app.main.main')?.file, 'app/entry.py');
  });

  it('warns once when two files define one qualified name (Python modules of one name in two projects)', async () => {
    for (const svc of ['svc_a', 'svc_b']) {
      fs.mkdirSync(path.join(tmp, svc));
      fs.writeFileSync(path.join(tmp, svc, 'settings.py'), 'def load():\n    return 1\n');
    }
    fs.writeFileSync(path.join(tmp, 'svc_a', 'other.py'), 'def load():\n    return 2\n');
    const logger = new RecordingLogger();
    const ws = await loadWorkspace(tmp, { workerThreshold: Infinity });
    const index = await WorkspaceIndex.build(ws.files, ws.layout, { logger });
    const warnings = () => logger.lines.filter((l) => l.level === 'warn').map((l) => l.message);
    assert.equal(index.definition('settings.load')?.file, 'svc_a/settings.py');
    assert.equal(warnings().length, 1, logger.text());
    assert.match(warnings()[0], /2 qualified names are defined in more than one file/);
    assert.match(warnings()[0], /settings\.load in svc_a\/settings\.py and svc_b\/settings\.py/);
    assert.doesNotMatch(warnings()[0], /other\.py/, 'different modules defining the same plain name do not collide');
    // Re-resolving after an update that leaves the collision as it was does not repeat the warning.
    const parsed = await parseSource(service, 'def load():\n    return 3\n', 'python', { path: 'svc_a/other.py', moduleName: 'other' });
    assert.ok(parsed.ok);
    await index.updateFile(parsed.syntax);
    callGraph(index);
    assert.equal(warnings().length, 1, logger.text());
    index.dispose();
  });

  it('finds the innermost function at a line, and lists functions for a quick pick', async () => {
    const index = await pythonIndex();
    const lines = fs.readFileSync(path.join(pythonRoot, 'app/services/orders.py'), 'utf8').split('\n');
    const inner = lines.findIndex((l) => l.includes('return h(v)'));
    assert.equal(index.functionAt('app/services/orders.py', inner)?.qualifiedName, 'app.services.orders.OrderService.validate.inner');
    assert.equal(index.functionAt('app/services/orders.py', inner + 2)?.qualifiedName, 'app.services.orders.OrderService.validate');
    assert.equal(index.functionAt('app/services/orders.py', lines.findIndex((l) => l.startsWith('checkout(1)')))?.kind, 'module');
    const names = index.functions().map((d) => d.qualifiedName);
    assert.ok(names.includes('app.models.Repo.save'));
    assert.ok(!names.includes('app.models'), 'modules are not in the quick pick');
    assert.deepEqual(names, [...names].sort());
  });

  it('parses search-path files only when an import resolves into them, and marks them library', async () => {
    const base = path.join(fixturesDir, 'callgraph-searchpath');
    const index = await pythonIndex({ root: path.join(base, 'project'), searchPaths: [path.join(base, 'site-packages')] });
    assert.equal(index.size.libraryFiles, 2, 'vendorlib/__init__.py and vendorlib/tools.py, not unused.py');
    const tree = buildCallTree(index, 'app.run')!;
    const kinds = tree.children.map((c) => [c.qualifiedName, c.kind, !!c.library]);
    assert.deepEqual(kinds, [
      ['vendorlib.ping', 'function', true],
      ['vendorlib.tools.slug', 'function', true],
      ['requests_like', 'unresolved', false],
    ]);
    assert.ok(!('vendorlib.ping' in callGraph(index)), 'library code is not part of the project graph');
    index.dispose();
  });

  it('builds incoming trees and expands truncated nodes on demand with fresh unique ids', async () => {
    const index = await pythonIndex();
    const incoming = buildIncomingTree(index, 'app.util.helper')!;
    const callers = incoming.children.map((c) => c.qualifiedName).sort();
    assert.deepEqual(callers, ['app.main.main', 'app.services.orders.OrderService.validate', 'app.services.orders.OrderService.validate.inner', 'app.services.orders.checkout']);
    const shallow = buildCallTree(index, 'app.services.orders.checkout', { depth: 1, hideExternal: true, hideUnresolved: true })!;
    const place = shallow.children.find((c) => c.qualifiedName === 'app.services.orders.OrderService.place')!;
    assert.equal(place.truncated, true);
    assert.deepEqual(place.children, []);
    const expanded = expandNode(index, place);
    assert.equal(expanded, place, 'expanded in place, so a tree view keeps its element');
    assert.ok(!expanded.truncated);
    assert.ok(expanded.children.some((c) => c.qualifiedName === 'app.models.Repo.save'));
    assert.ok(expanded.children.every((c) => c.kind !== 'external' && c.kind !== 'unresolved'), 'filters carry over to expansion');
    const all = (n: CallTreeNode): string[] => [n.id, ...n.children.flatMap(all)];
    const ids = all(shallow);
    assert.equal(new Set(ids).size, ids.length);
  });
});

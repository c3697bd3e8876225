// The `callgraph` and `calltree` commands against the CLI contract, in-process and once through the built bundle.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/io';
import type { CallTreeNode } from '../../src/core/callgraph';
import { fixturesDir, repoRoot } from './helpers';

const shopRoot = path.join(fixturesDir, 'callgraph-contract');

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, cwd: shopRoot, env: {} };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

function allNodes(node: CallTreeNode): CallTreeNode[] {
  return [node, ...node.children.flatMap(allNodes)];
}

describe('callgraph / calltree commands', () => {
  it('callgraph --format json gives every function and module with its sorted, de-duplicated callees', async () => {
    const { code, stdout, stderr } = await run(['callgraph', '.', '--format', 'json']);
    assert.equal(code, 0, stderr);
    assert.deepEqual(JSON.parse(stdout), {
      shop: [],
      'shop.mod': ['shop.mod.main'],
      'shop.mod.main': ['shop.util.Base.run', 'shop.util.Helper.__init__', 'shop.util.Helper.go', 'shop.util.Repo.save'],
      'shop.util': [],
      'shop.util.Base.run': ['os.path.join'],
      'shop.util.Helper.__init__': [],
      'shop.util.Helper.go': ['<builtin>.super', 'shop.util.Base.run', 'shop.util.Repo.save'],
      'shop.util.Repo.save': ['<builtin>.len', '<builtin>.print'],
    });
  });

  it('a Python package opened as the root keeps its package name, so relative imports resolve as from its parent', async () => {
    const parent = path.join(fixturesDir, 'callgraph', 'python');
    const fromParent = await run(['callgraph', parent, '--format', 'json']);
    const fromPackage = await run(['callgraph', path.join(parent, 'app'), '--format', 'json']);
    assert.equal(fromParent.code, 0, fromParent.stderr);
    assert.equal(fromPackage.code, 0, fromPackage.stderr);
    const graph = JSON.parse(fromPackage.stdout) as Record<string, string[]>;
    assert.ok(!('' in graph), 'no module is named by the empty string');
    assert.ok(Object.keys(graph).every((k) => k === 'app' || k.startsWith('app.')), Object.keys(graph).join(', '));
    assert.deepEqual(graph, JSON.parse(fromParent.stdout));
    assert.ok(graph['app.services.orders.checkout'].includes('app.models.make_repo'), 'a relative import resolves into the workspace');
  });

  it('a Go directory below its go.mod, opened as the root, is named by the module path, so its imports resolve', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-gosub-'));
    try {
      fs.writeFileSync(path.join(tmp, 'go.mod'), 'module example.com/m\n\ngo 1.21\n');
      fs.mkdirSync(path.join(tmp, 'svc', 'a'), { recursive: true });
      fs.mkdirSync(path.join(tmp, 'svc', 'b'), { recursive: true });
      fs.writeFileSync(path.join(tmp, 'svc', 'a', 'a.go'), 'package a\n\nimport "example.com/m/svc/b"\n\nfunc F() {\n\tb.G()\n}\n');
      fs.writeFileSync(path.join(tmp, 'svc', 'b', 'b.go'), 'package b\n\nfunc G() {}\n');
      const { code, stdout, stderr } = await run(['callgraph', path.join(tmp, 'svc'), '--format', 'json']);
      assert.equal(code, 0, stderr);
      assert.deepEqual(JSON.parse(stdout), {
        'example.com/m/svc/a': [],
        'example.com/m/svc/a.F': ['example.com/m/svc/b.G'],
        'example.com/m/svc/b': [],
        'example.com/m/svc/b.G': [],
      });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('callgraph --exclude leaves files out, and dot/mermaid render the same edges', async () => {
    const excluded = await run(['callgraph', '.', '--exclude', 'mod.py']);
    assert.equal(excluded.code, 0, excluded.stderr);
    assert.ok(!('shop.mod.main' in JSON.parse(excluded.stdout)));
    const dot = await run(['callgraph', '.', '--format', 'dot']);
    assert.match(dot.stdout, /^digraph callgraph \{/);
    assert.match(dot.stdout, /"shop\.mod\.main" -> "shop\.util\.Helper\.go";/);
    const mermaid = await run(['callgraph', '.', '--format', 'mermaid']);
    assert.match(mermaid.stdout, /^flowchart LR/);
    assert.match(mermaid.stdout, /\["shop\.util\.Repo\.save"\]/);
  });

  it('calltree --format json: unique ids, 1-based lines, call sites, kinds', async () => {
    const { code, stdout, stderr } = await run(['calltree', 'shop/mod.py', '--entry', 'main', '--root', '.', '--format', 'json']);
    assert.equal(code, 0, stderr);
    const tree = JSON.parse(stdout) as CallTreeNode;
    assert.equal(tree.qualifiedName, 'shop.mod.main');
    assert.equal(tree.file, 'shop/mod.py');
    assert.equal(tree.line, 4);
    assert.equal(tree.kind, 'function');
    const nodes = allNodes(tree);
    assert.equal(new Set(nodes.map((n) => n.id)).size, nodes.length, 'ids are unique');
    const go = tree.children.find((c) => c.qualifiedName === 'shop.util.Helper.go')!;
    assert.deepEqual({ kind: go.kind, line: go.line, callSite: go.callSite }, { kind: 'method', line: 12, callSite: { file: 'shop/mod.py', line: 6, column: 5 } });
    assert.ok(nodes.some((n) => n.kind === 'external' && n.qualifiedName === 'os.path.join'));
    for (const n of nodes) assert.ok(['function', 'method', 'external', 'unresolved', 'cycle'].includes(n.kind));
  });

  it('calltree marks a function already on the path as a cycle and does not expand it', async () => {
    const pythonRoot = path.join(fixturesDir, 'callgraph', 'python');
    const { stdout, stderr } = await run(['calltree', path.join(pythonRoot, 'app/cyc/a.py'), '--entry', 'ping', '--root', pythonRoot, '--format', 'json']);
    assert.equal(stderr, '');
    const tree = JSON.parse(stdout) as CallTreeNode;
    const pong = tree.children.find((c) => c.qualifiedName === 'app.cyc.b.pong')!;
    assert.deepEqual(pong.children.map((c) => [c.qualifiedName, c.kind, c.children.length]), [['app.cyc.a.ping', 'cycle', 0]]);
  });

  it('calltree --depth cuts the tree and text output shows it', async () => {
    const { stdout } = await run(['calltree', 'shop/mod.py', '--entry', 'shop.mod.main', '--root', '.', '--depth', '1']);
    assert.match(stdout, /^shop\.mod\.main \(shop\/mod\.py:4\)\n/);
    assert.match(stdout, /\n {2}shop\.util\.Helper\.go \(shop\/util\.py:12\) \[more…\]\n/);
  });

  it('an unknown entry exits 2 with one line naming close matches', async () => {
    const { code, stderr, stdout } = await run(['calltree', 'shop/mod.py', '--entry', 'mian', '--root', '.']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr.trim().split('\n').length, 1);
    assert.match(stderr, /no function 'mian'.*close matches: shop\.mod\.main/);
  });

  it('bad usage exits 2 with one line', async () => {
    for (const args of [['callgraph'], ['callgraph', 'nowhere'], ['callgraph', '.', '--format', 'svg'], ['calltree', 'shop/mod.py'], ['calltree', 'missing.py', '--entry', 'x'], ['calltree', 'shop/mod.py', '--entry', 'main', '--depth', 'deep']]) {
      const { code, stderr } = await run(args);
      assert.equal(code, 2, args.join(' '));
      assert.equal(stderr.trim().split('\n').length, 1, `${args.join(' ')}: ${stderr}`);
      assert.doesNotMatch(stderr, /\n\s+at /);
    }
  });

  it('the built bundle runs calltree end to end', () => {
    const out = execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'calltree', 'shop/util.py', '--entry', 'go', '--root', '.', '--format', 'mermaid'], { cwd: shopRoot, encoding: 'utf8' });
    assert.match(out, /^flowchart TD\n {2}n0\["shop\.util\.Helper\.go"\]/);
    assert.match(out, /n0 --> n0_\d+/);
  });
});

// The call index keeps only the call graph's part of each file (CallGraphSyntax): no constructs, comments, argument
// texts, function bodies, class or import spans, calls and function names only where they start — and answers every query as it did from the full FileSyntax. Checked
// on real code (CPython's stdlib, npm packages' JavaScript), through the worker path (what loadWorkspace, the CLI and
// the extension use), the in-thread path, and a persisted index read back.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WorkspaceIndex, buildCallTree, buildIncomingTree, callGraph } from '../../src/core/callgraph';
import { callGraphSyntax, type CallGraphSyntax, type FileSyntax } from '../../src/core/model';
import { findGrammarDir } from '../../src/core/parsing';
import { WorkspaceLayout, discoverFiles, loadWorkspace, parseFiles } from '../../src/core/workspace';
import { repoRoot } from './helpers';

const PY_STDLIB = '/root/.pyenv/versions/3.11.7/lib/python3.11';

const corpora = [
  { name: 'stdlib Python', root: PY_STDLIB, include: ['email/**', 'http/**', 'json/**', 'logging/**', 'urllib/**', 'concurrent/**'] },
  { name: 'npm JavaScript', root: path.join(repoRoot, 'node_modules'), include: ['semver/**/*.js', 'minimatch/dist/commonjs/**/*.js', 'commander/lib/**/*.js'] },
];

/** Fails when a syntax holds anything the call index should not keep. */
function assertLean(syntax: CallGraphSyntax): void {
  const where = syntax.path;
  assert.ok(!('constructs' in syntax) && !('comments' in syntax), `${where}: constructs or comments kept`);
  for (const c of syntax.calls) {
    assert.ok(!('argumentsText' in c), `${where}: argumentsText kept`);
    assert.deepEqual(Object.keys(c.span), ['start'], `${where}: a call keeps more than where it starts`);
  }
  for (const f of syntax.functions) {
    assert.ok(!('bodySpan' in f) && !('isAsync' in f), `${where}: ${f.qualifiedName} keeps its body span`);
    assert.deepEqual(Object.keys(f.nameSpan), ['start'], `${where}: ${f.qualifiedName} keeps more of its name than where it starts`);
  }
  for (const c of syntax.classes) assert.ok(!('span' in c), `${where}: class ${c.qualifiedName} keeps its span`);
  for (const i of syntax.imports) assert.ok(!('span' in i), `${where}: an import keeps its span`);
}

/**
 * An index that resolves over the full FileSyntax, as every index did before it kept only the call graph's part:
 * the files are added (which stores their lean part), then, before any query resolves them, the full syntax is put
 * in their place (a private field: only this comparison needs it).
 */
async function fullSyntaxIndex(files: FileSyntax[], layout: WorkspaceLayout): Promise<WorkspaceIndex> {
  const index = await WorkspaceIndex.build([], layout);
  await index.updateFiles(files.map((syntax) => ({ syntax })));
  const held = (index as unknown as { workspaceFiles: Map<string, CallGraphSyntax> }).workspaceFiles;
  for (const f of files) held.set(f.path, f);
  assert.ok(index.syntaxOf(files[0].path) === files[0], 'the full syntax is what this index resolves');
  return index;
}

/** Everything a user can ask the index, as plain data: the graph, trees both ways, definitions, the function at lines. */
function answers(index: WorkspaceIndex): unknown {
  const defs = index.functions();
  const sample = defs.filter((_, i) => i % 7 === 0);
  return {
    graph: callGraph(index),
    definitions: index.allDefinitions().sort((a, b) => (a.qualifiedName < b.qualifiedName ? -1 : 1)),
    trees: sample.map((d) => buildCallTree(index, d.qualifiedName, { depth: 8 })),
    incoming: sample.map((d) => buildIncomingTree(index, d.qualifiedName, { depth: 4 })),
    calls: index.filePaths().map((p) => index.callsIn(p).map((rc) => ({ line: rc.call.span.start.line, column: rc.call.span.start.column, callee: rc.call.callee, targets: rc.targets }))),
    functionAt: sample.map((d) => [d.file, d.startLine + 1, index.functionAt(d.file, d.startLine + 1)?.qualifiedName]),
  };
}

describe('the call index keeps only the call graph tables', function () {
  this.timeout(120_000);
  const grammarDir = findGrammarDir();

  for (const corpus of corpora) {
    it(`${corpus.name}: loadWorkspace (workers) holds no analysis-only data, and every answer equals a full-syntax index's`, async function () {
      if (!fs.existsSync(corpus.root)) this.skip();
      const discovered = await discoverFiles(corpus.root, { include: corpus.include });
      assert.ok(discovered.files.length >= 20, `${corpus.name}: only ${discovered.files.length} files`);
      const layout = WorkspaceLayout.scan(corpus.root, discovered.files);
      const jobs = discovered.files.map((rel) => ({ path: rel, absPath: path.join(corpus.root, rel), moduleName: layout.moduleName(rel) }));

      const ws = await loadWorkspace(corpus.root, { include: corpus.include, grammarDir, workerThreshold: 0 });
      assert.equal(ws.files.length, discovered.files.length);
      ws.files.forEach(assertLean);
      const full = await parseFiles(jobs, { grammarDir, workerThreshold: Infinity });
      assert.ok(full.files.some((f) => f.constructs.length && f.comments.length && f.calls.some((c) => c.argumentsText)), 'the full parse has analysis data to leave out');

      const lean = await WorkspaceIndex.build(ws.files, ws.layout);
      const reference = await fullSyntaxIndex(full.files, layout);
      // The index also strips what it is given whole (the in-thread path, an open document's syntax).
      const fromFull = await WorkspaceIndex.build(full.files, layout);
      try {
        for (const p of fromFull.filePaths()) assertLean(fromFull.syntaxOf(p)!);
        const expected = answers(reference);
        assert.ok((expected as { graph: Record<string, unknown> }).graph && Object.keys(callGraph(reference)).length > 100);
        assert.deepEqual(answers(lean), expected);
        assert.deepEqual(answers(fromFull), expected);
      } finally {
        lean.dispose();
        reference.dispose();
        fromFull.dispose();
      }
    });
  }

  it('a persisted index stores the lean shape and reads back with the same answers', async function () {
    const corpus = corpora[0];
    if (!fs.existsSync(corpus.root)) this.skip();
    const ws = await loadWorkspace(corpus.root, { include: ['json/**', 'http/**'], grammarDir, workerThreshold: 0 });
    const index = await WorkspaceIndex.build(ws.files, ws.layout);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-lean-index-'));
    try {
      const file = path.join(dir, 'index.json');
      index.serialize(file);
      const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { files: { syntax: CallGraphSyntax }[] };
      assert.equal(stored.files.length, ws.files.length);
      stored.files.forEach((f) => assertLean(f.syntax));
      const loaded = WorkspaceIndex.load(file, { root: corpus.root });
      assert.ok(loaded, 'the index reads back');
      assert.deepEqual(loaded.staleFiles(), []);
      assert.deepEqual(answers(loaded), answers(index));
      loaded.dispose();
    } finally {
      index.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('callGraphSyntax keeps every call-graph field of a real file and is idempotent', async () => {
    const jobs = [{ path: 'email/message.py', absPath: path.join(PY_STDLIB, 'email/message.py'), moduleName: 'email.message' }];
    const [full] = (await parseFiles(jobs, { grammarDir, workerThreshold: Infinity })).files;
    const lean = callGraphSyntax(full);
    assertLean(lean);
    assert.equal(callGraphSyntax(lean), lean);
    assert.deepEqual(lean.calls.map((c) => [c.caller, c.callee, c.name, c.receiver, c.isConstructor, c.argumentCount, c.span.start]), full.calls.map((c) => [c.caller, c.callee, c.name, c.receiver, c.isConstructor, c.argumentCount, c.span.start]));
    assert.deepEqual(lean.functions.map((f) => [f.qualifiedName, f.span, f.nameSpan.start, f.parameters, f.decorators, f.container, f.parent, f.returnType]), full.functions.map((f) => [f.qualifiedName, f.span, f.nameSpan.start, f.parameters, f.decorators, f.container, f.parent, f.returnType]));
    assert.deepEqual(lean.locals, full.locals);
    assert.deepEqual([lean.moduleName, lean.exports, lean.lineCount, lean.syntaxErrors], [full.moduleName, full.exports, full.lineCount, full.syntaxErrors]);
  });
});

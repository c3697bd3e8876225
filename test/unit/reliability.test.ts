// Reliability (README "Reliability and safety"): a corpus of bad input generated here goes through every stage —
// analysis, call graph, call tree, injection, and each CLI command — which must finish, never throw or print a stack
// trace, and give a logged reason for every file left out. Then faults (stale parse results, a file changed between
// plan and write, a crash between writing and renaming) and load (20,000 files, a burst of 100 edits).
// Already covered elsewhere and not repeated: parsing.test.ts (bad-input workspace loading, incremental == full parse),
// callgraph-index.test.ts (damaged index discarded), llm/llm-engine.test.ts (corrupt AI cache entry rewritten).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/io';
import { analysisConfigFrom, analyzeFile, analyzePaths } from '../../src/core/analysis';
import { WorkspaceIndex, buildCallTree, callGraph } from '../../src/core/callgraph';
import type { CallTreeNode } from '../../src/core/callgraph';
import { planInjection, unifiedDiff, writeInjectedFile } from '../../src/core/injection';
import { LlmCache } from '../../src/core/llm/cache';
import { RecordingLogger } from '../../src/core/log';
import { DocumentTrees, ParserService, findGrammarDir, parseSource } from '../../src/core/parsing';
import { WorkspaceLayout, discoverFiles, loadWorkspace, parseFiles, type DiscoverOptions, type ParseFilesOptions, type ParsedFiles } from '../../src/core/workspace';
import { contentChange } from './helpers';

const PY_STDLIB = '/root/.pyenv/versions/3.11.7/lib/python3.11';

function fakeIO(cwd: string): CliIO & { out: string; err: string } {
  const io = { out: '', err: '', isTTY: false, cwd, env: {} as NodeJS.ProcessEnv, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

/** A user-facing error output: no stack frames, and every line is one problem, prefixed with who says it. */
function assertCleanStderr(err: string, label: string): void {
  assert.doesNotMatch(err, /^\s+at /m, `${label}: stack trace in stderr:\n${err}`);
  for (const line of err.split('\n').filter(Boolean)) assert.match(line, /^(trace-advisor: |inject: )/, `${label}: stray stderr line: ${line}`);
}

function write(root: string, rel: string, data: string | Buffer): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), data);
}

/** Files that parse (maybe with syntax errors) and files skipped with the reason expected. */
const parsedFiles = [
  'empty.py', 'blank.py', 'bom.py', 'crlf.py', 'mixed_eol.py', 'tabs.py', 'deep.py', 'nested.py', 'long.py',
  'cycle/__init__.py', 'cycle/a.py', 'cycle/b.py', 'selfimport.py', 'js/a.js', 'js/b.js', 'js/self.js', 'js/deep.js',
  'dir.py/inner.py',
];
const skippedFiles: Record<string, RegExp> = {
  'binary.py': /binary content/,
  'nul.js': /binary content/,
  'latin1.py': /not valid UTF-8/,
  'minified.js': /larger than/,
  'dangling.py': /dangling symbolic link/,
  'loop/again': /symbolic link loop/,
  'ring_a.py': /symbolic link loop/,
  'ring_b.py': /symbolic link loop/,
  'fifo.py': /not a regular file/,
};

function writeCorpus(root: string): void {
  write(root, 'binary.py', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0x64, 0x65, 0x66]));
  write(root, 'nul.js', 'function f() {\n  return 1;\n}\n\0\0\0garbage\n');
  write(root, 'latin1.py', Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\ndef f():\n    pass\n')]));
  write(root, 'minified.js', `var a=[${Array.from({ length: 1_500_000 }, (_, i) => i % 97).join(',')}];function g(){return a.map(function(x){return x*2})}`.padEnd(10 * 1024 * 1024, ';'));
  write(root, 'empty.py', '');
  write(root, 'blank.py', '  \n\t\n   \n');
  write(root, 'bom.py', '\uFEFFimport os\n\ndef bom(path):\n    try:\n        return os.stat(path)\n    except OSError:\n        return None\n');
  write(root, 'crlf.py', 'import requests\r\n\r\ndef get(url):\r\n    if not url:\r\n        raise ValueError("no url")\r\n    return requests.get(url)\r\n');
  write(root, 'mixed_eol.py', 'def a(x):\r\n    if x:\n        return 1\r    return 2\n\ndef b():\r\n    return a(1)\n');
  write(root, 'tabs.py', 'def t(x):\n\tif x:\n\t\treturn 1\n        else:\n\t    return 2\n');
  write(root, 'deep.py', `def deep():\n    return ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
  write(root, 'js/deep.js', `function deep() {\n  return ${'('.repeat(5000)}1${')'.repeat(5000)};\n}\n`);
  write(root, 'nested.py', Array.from({ length: 400 }, (_, i) => `${'    '.repeat(i)}def f${i}():`).join('\n') + `\n${'    '.repeat(400)}return 1\n`);
  const long: string[] = ['import json', ''];
  for (let i = 0; long.length < 50_000; i++) {
    long.push(`def handler_${i}(payload):`, '    try:', `        value = json.loads(payload)`, '    except ValueError:', '        return None');
    for (let j = 0; j < 14; j++) long.push(`    value = value + ${j}`);
    long.push(`    return handler_${Math.max(0, i - 1)}(value)`, '');
  }
  write(root, 'long.py', `${long.slice(0, 50_000).join('\n')}\n`);
  write(root, 'cycle/__init__.py', 'import cycle\nfrom cycle import a\n\ndef start():\n    return a.ping(3)\n');
  write(root, 'cycle/a.py', 'from cycle import b\n\ndef ping(n):\n    if n <= 0:\n        return 0\n    return b.pong(n - 1)\n');
  write(root, 'cycle/b.py', 'from cycle import a\n\ndef pong(n):\n    return a.ping(n - 1)\n');
  write(root, 'selfimport.py', 'import selfimport\n\ndef again():\n    return selfimport.again()\n');
  write(root, 'js/a.js', "const b = require('./b');\nfunction ping(n) {\n  if (n <= 0) return 0;\n  return b.pong(n - 1);\n}\nmodule.exports = { ping };\n");
  write(root, 'js/b.js', "const a = require('./a');\nfunction pong(n) {\n  return a.ping(n - 1);\n}\nmodule.exports = { pong };\n");
  write(root, 'js/self.js', "const self = require('./self');\nfunction again() {\n  return self.again();\n}\nmodule.exports = { again };\n");
  write(root, 'dir.py/inner.py', 'def inner():\n    return 1\n');
  fs.symlinkSync(path.join(root, 'missing.py'), path.join(root, 'dangling.py'));
  fs.mkdirSync(path.join(root, 'loop'));
  fs.symlinkSync(path.join(root, 'loop'), path.join(root, 'loop', 'again'));
  fs.symlinkSync(path.join(root, 'ring_b.py'), path.join(root, 'ring_a.py'));
  fs.symlinkSync(path.join(root, 'ring_a.py'), path.join(root, 'ring_b.py'));
  // A named pipe: opening it would block until a writer comes, so it must be refused before it is opened.
  execFileSync('mkfifo', [path.join(root, 'fifo.py')]);
}

/** Every supported file under root with its full syntax (loadWorkspace keeps only the call graph's part). */
async function parseWorkspace(root: string, options: DiscoverOptions & ParseFilesOptions & { callGraphOnly?: false }): Promise<ParsedFiles> {
  const discovered = await discoverFiles(root, options);
  const layout = WorkspaceLayout.scan(root, discovered.files);
  return parseFiles(discovered.files.map((rel) => ({ path: rel, absPath: path.join(root, rel), moduleName: layout.moduleName(rel) })), options);
}

function nodesOf(tree: CallTreeNode): CallTreeNode[] {
  return [tree, ...tree.children.flatMap(nodesOf)];
}

describe('reliability: a corpus of bad input through every stage', function () {
  // A hang guard, not a performance check.
  this.timeout(600_000);
  let root: string;
  const grammarDir = findGrammarDir();
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-corpus-'));
    writeCorpus(root);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('analysis parses what it can and logs a reason for every file it skips', async () => {
    const logger = new RecordingLogger();
    const run = await analyzePaths([root], { baseDir: root, logger, grammarDir });
    assert.deepEqual(run.files.map((f) => f.path).sort(), [...parsedFiles].sort());
    const reasons = Object.fromEntries(run.skipped.map((s) => [s.path, s.reason]));
    for (const [file, reason] of Object.entries(skippedFiles)) assert.match(reasons[file] ?? 'not skipped', reason, file);
    for (const s of run.skipped) {
      assert.ok(s.reason.trim(), `empty reason for ${s.path}`);
      // Discovery-time skips (links, pipes) too: "Analyze Workspace" says "N skipped (see the log)".
      assert.equal(logger.lines.filter((l) => l.message === `skipped ${s.path}: ${s.reason}`).length, 1, `not logged once: ${s.path}`);
    }
    const long = run.files.find((f) => f.path === 'long.py')!;
    assert.ok(long.recommendations.length > 1000, 'the 50,000-line file is analyzed, not given up on');
  });

  it('loading logs discovery-time skips too (symlink loops, dangling links)', async () => {
    const logger = new RecordingLogger();
    const ws = await loadWorkspace(root, { logger, grammarDir });
    for (const s of ws.skipped) assert.ok(logger.lines.some((l) => l.message.includes(s.path) && l.message.includes(s.reason)), `not logged: ${s.path}`);
    assert.ok(ws.skipped.length >= Object.keys(skippedFiles).length);
  });

  it('the call graph and a call tree from every function finish, with cycles marked and not expanded', async () => {
    const logger = new RecordingLogger();
    const ws = await loadWorkspace(root, { logger, grammarDir });
    const index = await WorkspaceIndex.build(ws.files, ws.layout, { logger });
    try {
      const graph = callGraph(index);
      assert.ok(graph['cycle.a.ping'].includes('cycle.b.pong') && graph['cycle.b.pong'].includes('cycle.a.ping'), JSON.stringify(graph['cycle.a.ping']));
      assert.ok(graph['js.a.ping'].includes('js.b.pong') && graph['js.b.pong'].includes('js.a.ping'), JSON.stringify(graph['js.a.ping']));
      let trees = 0;
      for (const file of ws.files) {
        for (const fn of file.functions.slice(0, 50)) {
          const tree = buildCallTree(index, fn.qualifiedName);
          assert.ok(tree, fn.qualifiedName);
          const ids = nodesOf(tree).map((n) => n.id);
          assert.equal(new Set(ids).size, ids.length, `duplicate ids in ${fn.qualifiedName}`);
          trees++;
        }
      }
      assert.ok(trees >= 100, `${trees} trees`);
      for (const entry of ['cycle.a.ping', 'js.a.ping', 'selfimport.again', 'js.self.again', 'long.handler_20']) {
        const tree = buildCallTree(index, entry, { depth: 50 })!;
        assert.ok(nodesOf(tree).some((n) => n.kind === 'cycle'), `${entry}: no cycle node in\n${JSON.stringify(tree).slice(0, 400)}`);
      }
      // A call chain thousands of functions long, followed to its end (the file's last handler is cut off mid-body,
      // so the chain starts at the one before it).
      const last = ws.files.find((f) => f.path === 'long.py')!.functions.filter((f) => f.name.startsWith('handler_')).length - 1;
      let chain = buildCallTree(index, `long.handler_${last - 1}`, { depth: 10_000 });
      let length = 0;
      while (chain && chain.kind !== 'cycle') {
        chain = chain.children.find((c) => c.qualifiedName.startsWith('long.handler_'));
        length++;
      }
      assert.equal(length, last);
    } finally {
      index.dispose();
    }
  });

  it('injection plans every parsed file without throwing, never making a file parse worse', async () => {
    const ws = await parseWorkspace(root, { grammarDir });
    const parser = new ParserService(grammarDir);
    const config = analysisConfigFrom({});
    try {
      for (const syntax of ws.files) {
        const text = fs.readFileSync(path.join(root, syntax.path), 'utf8').replace(/^\uFEFF/, '');
        const plan = await planInjection(text, syntax, analyzeFile(syntax, config).recommendations, { parser });
        if (!plan.ok) {
          assert.ok(plan.reason.trim(), `${syntax.path}: refused without a reason`);
          continue;
        }
        const reparsed = await parseSource(parser, plan.newText, syntax.languageId, { path: syntax.path, moduleName: syntax.moduleName });
        assert.ok(reparsed.ok, `${syntax.path}: ${!reparsed.ok && reparsed.reason}`);
        assert.ok(reparsed.syntax.syntaxErrors <= syntax.syntaxErrors, `${syntax.path}: ${reparsed.syntax.syntaxErrors} errors after, ${syntax.syntaxErrors} before`);
      }
    } finally {
      parser.dispose();
    }
  });

  it('the dry-run diff of the 50,000-line file, changed all over, applies back to the injected text', async () => {
    const ws = await parseWorkspace(root, { grammarDir, include: ['long.py'] });
    const parser = new ParserService(grammarDir);
    try {
      const syntax = ws.files[0];
      const text = fs.readFileSync(path.join(root, 'long.py'), 'utf8');
      const plan = await planInjection(text, syntax, analyzeFile(syntax, analysisConfigFrom({})).recommendations, { parser });
      assert.ok(plan.ok && plan.edits.length > 1000);
      const diff = unifiedDiff(text, plan.newText, 'a/long.py', 'b/long.py');
      assert.equal(applyUnifiedDiff(text, diff), plan.newText);
    } finally {
      parser.dispose();
    }
  });

  it('a file deleted between listing and reading is skipped with a logged reason, in this thread and in workers', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-vanish-'));
    try {
      write(dir, 'stays.py', 'def stays():\n    return 1\n');
      write(dir, 'goes.py', 'def goes():\n    return 2\n');
      const listed = await discoverFiles(dir);
      fs.rmSync(path.join(dir, 'goes.py'));
      const layout = WorkspaceLayout.scan(dir, listed.files);
      const jobs = listed.files.map((rel) => ({ path: rel, absPath: path.join(dir, rel), moduleName: layout.moduleName(rel) }));
      for (const workerThreshold of [Infinity, 0]) {
        const logger = new RecordingLogger();
        const parsed = await parseFiles(jobs, { grammarDir, logger, workerThreshold });
        assert.deepEqual(parsed.files.map((f) => f.path), ['stays.py']);
        assert.deepEqual(parsed.skipped, [{ path: 'goes.py', reason: 'deleted before it could be read' }]);
        assert.match(logger.text(), /skipped goes\.py: deleted before it could be read/);
        const index = await WorkspaceIndex.build(parsed.files, layout);
        assert.deepEqual(Object.keys(callGraph(index)).sort(), ['stays', 'stays.stays']);
        index.dispose();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('the command line over the corpus', () => {
    for (const args of [
      ['analyze', '.'],
      ['analyze', '.', '--format', 'json'],
      ['analyze', '.', '--format', 'sarif'],
      ['callgraph', '.'],
      ['callgraph', '.', '--format', 'dot'],
      ['calltree', 'cycle/a.py', '--entry', 'ping', '--root', '.'],
      ['calltree', 'js/a.js', '--entry', 'ping', '--root', '.', '--format', 'json'],
      ['calltree', 'nested.py', '--entry', 'f399', '--root', '.'],
      ['inject', '.', '--dry-run'],
      ['analyze', '.', '--verbose'],
    ]) {
      it(`${args.join(' ')}: exit 0, results on stdout, one line per problem and no stack trace on stderr`, async () => {
        const io = fakeIO(root);
        const code = await runCli(args, io);
        assert.equal(code, 0, io.err);
        assert.ok(io.out.length > 0);
        assertCleanStderr(io.err, args.join(' '));
      });
    }

    for (const command of [['callgraph', '.'], ['analyze', '.'], ['inject', '.', '--dry-run']]) {
      it(`${command.join(' ')} --verbose names every skipped file with its reason, one line each`, async () => {
        const io = fakeIO(root);
        assert.equal(await runCli([...command, '--verbose'], io), 0);
        for (const [file, reason] of Object.entries(skippedFiles)) {
          const lines = io.err.split('\n').filter((l) => l.includes(`skipped ${file}:`));
          assert.equal(lines.length, 1, `${file} reported ${lines.length} times:\n${io.err}`);
          assert.match(lines[0], reason);
        }
      });
    }

    it('inject rewrites the corpus in place, leaves nothing behind, and a second run changes nothing', async () => {
      const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-corpus-inject-'));
      try {
        writeCorpus(copy);
        const before = new Set(fs.readdirSync(copy, { recursive: true }).map(String));
        const io = fakeIO(copy);
        assert.equal(await runCli(['inject', '.'], io), 0, io.err);
        assertCleanStderr(io.err, 'inject');
        assert.match(io.err, /inject: changed [1-9]\d* file/);
        assert.deepEqual(new Set(fs.readdirSync(copy, { recursive: true }).map(String)), before, 'no temporary files left');
        const binary = fs.readFileSync(path.join(copy, 'binary.py'));
        assert.equal(binary[0], 0x7f, 'a skipped file is never written');
        const again = fakeIO(copy);
        assert.equal(await runCli(['inject', '.'], again), 0, again.err);
        assert.match(again.err, /inject: changed 0 file/);
      } finally {
        fs.rmSync(copy, { recursive: true, force: true });
      }
    });

    for (const [args, message] of [
      [['analyze', 'no-such-dir'], /analyze: no such file or directory: no-such-dir/],
      [['analyze', 'binary.py'], /analyze: binary\.py: cannot be analyzed: binary content/],
      [['analyze', 'latin1.py', 'crlf.py'], /analyze: latin1\.py: cannot be analyzed: not valid UTF-8/],
      [['inject', 'minified.js', '--dry-run'], /inject: minified\.js: cannot be analyzed: larger than/],
      [['inject', 'no-such-file.py'], /inject: no such file or directory: no-such-file\.py/],
      [['analyze', 'dangling.py'], /analyze: dangling symbolic link: dangling\.py/],
      [['inject', 'ring_a.py', '--dry-run'], /inject: symbolic link loop: ring_a\.py/],
      [['analyze', 'fifo.py'], /analyze: fifo\.py: cannot be analyzed: not a regular file/],
      [['inject', 'fifo.py'], /inject: fifo\.py: cannot be analyzed: not a regular file/],
      [['callgraph', 'no-such-dir'], /callgraph: no-such-dir is not a directory/],
      [['callgraph', 'empty.py'], /callgraph: empty\.py is not a directory/],
      [['calltree', 'binary.py', '--entry', 'x', '--root', '.'], /calltree: binary\.py was not indexed \(binary content/],
    ] as const) {
      it(`${args.join(' ')}: exit 2 with one clear line`, async () => {
        const io = fakeIO(root);
        assert.equal(await runCli([...args], io), 2, io.err);
        assert.equal(io.err.trim().split('\n').length, 1, io.err);
        assert.match(io.err, message);
        assertCleanStderr(io.err, args.join(' '));
      });
    }
  });
});

describe('reliability: faults', function () {
  this.timeout(120_000);
  let tmp: string;
  beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-faults-'))));
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('a document update for an older version arriving after a newer one is dropped, the newer result kept', async () => {
    const service = new ParserService();
    const trees = new DocumentTrees(service);
    const opts = { path: 'doc.py', moduleName: 'doc' };
    try {
      const newer = await trees.update('doc', 3, 'def newer():\n    return 3\n', 'python', opts);
      assert.ok(newer.ok);
      const stale = await trees.update('doc', 2, 'def older():\n    return 2\n', 'python', opts);
      assert.equal(stale.ok, false);
      assert.match(!stale.ok ? stale.reason : '', /version 2 is older than the version 3/);
      assert.equal(trees.get('doc')?.version, 3);
      const names = trees.get('doc')!.syntax.functions.map((f) => f.name);
      assert.ok(names.includes('newer') && !names.includes('older'), names.join(', '));
    } finally {
      trees.dispose();
      service.dispose();
    }
  });

  it('parse workers that die are replaced: every file is parsed or skipped with a reason, none is lost', async () => {
    // A stand-in worker script (next to a grammars/ folder, where parseFiles looks for it) that dies on any batch
    // holding a "crash" file: every worker dies on its first batch, and the batches never sent must still be done.
    fs.mkdirSync(path.join(tmp, 'grammars'));
    fs.writeFileSync(path.join(tmp, 'worker.js'), [
      "const { parentPort } = require('node:worker_threads');",
      'parentPort.on("message", (msg) => {',
      '  if (msg.type !== "parse") return;',
      '  if (msg.jobs.some((j) => j.path.includes("crash"))) process.exit(3);',
      '  parentPort.postMessage({ type: "result", files: [], reports: [], skipped: msg.jobs.map((j) => ({ path: j.path, reason: "seen by a worker" })) });',
      '});',
    ].join('\n'));
    // 10 batches of 64 files (the batch size for files of unknown size); the first 8 hold a crash file, which is more
    // than up to 4 workers holding 2 batches each take at the start.
    const jobs = Array.from({ length: 640 }, (_, i) => {
      const name = `f${i}${i % 64 === 0 && i < 512 ? 'crash' : ''}.py`;
      return { path: name, absPath: path.join(tmp, name), moduleName: name.slice(0, -3) };
    });
    const logger = new RecordingLogger();
    const parsed = await parseFiles(jobs, { grammarDir: path.join(tmp, 'grammars'), workerThreshold: 0, logger });
    assert.deepEqual(parsed.skipped.map((s) => s.path).sort(), jobs.map((j) => j.path).sort(), 'every file is accounted for once');
    assert.ok(parsed.skipped.some((s) => /^parser worker failed: exited with code 3$/.test(s.reason)), 'the crash is the reason given');
    const late = parsed.skipped.filter((s) => Number(/\d+/.exec(s.path)![0]) >= 512);
    assert.ok(late.length === 128 && late.every((s) => s.reason === 'seen by a worker'), 'the last two batches went to a replacement');
    for (const s of parsed.skipped) assert.ok(logger.text().includes(`skipped ${s.path}: ${s.reason}`), `not logged: ${s.path}`);
  });

  it('a burst of 100 edits queued at once ends at the last version, equal to a full parse of its text', async function () {
    const file = path.join(PY_STDLIB, 'shlex.py');
    if (!fs.existsSync(file)) this.skip();
    const service = new ParserService();
    const trees = new DocumentTrees(service);
    const opts = { path: 'shlex.py', moduleName: 'shlex' };
    try {
      let text = fs.readFileSync(file, 'utf8');
      await trees.update('doc', 1, text, 'python', opts);
      const pending: Promise<unknown>[] = [];
      let seed = 7;
      const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
      for (let version = 2; version <= 101; version++) {
        const offset = random(text.length);
        const length = random(3);
        const insert = ['x', '(', ':\n    ', '', 'def q():\n  pass\n'][random(5)];
        const change = contentChange(text, offset, length, insert);
        text = text.slice(0, offset) + insert + text.slice(offset + length);
        // Not awaited: updates pile up the way keystrokes do while a parse is running.
        pending.push(trees.update('doc', version, text, 'python', opts, [change]));
      }
      const results = (await Promise.all(pending)) as { ok: boolean; state?: { version: number } }[];
      assert.deepEqual(results.map((r) => r.ok && r.state!.version), Array.from({ length: 100 }, (_, i) => i + 2));
      const full = await parseSource(service, text, 'python', opts);
      assert.ok(full.ok);
      assert.equal(trees.get('doc')?.version, 101);
      assert.deepEqual(trees.get('doc')?.syntax, full.syntax);
    } finally {
      trees.dispose();
      service.dispose();
    }
  });

  it('an injection whose file changed on disk after it was planned is refused and nothing is written', async () => {
    const file = path.join(tmp, 'client.py');
    const original = 'import requests\n\n\ndef fetch(url):\n    return requests.get(url).json()\n';
    fs.writeFileSync(file, original);
    const service = new ParserService();
    try {
      const parsed = await parseSource(service, original, 'python', { path: 'client.py', moduleName: 'client' });
      assert.ok(parsed.ok);
      const plan = await planInjection(original, parsed.syntax, analyzeFile(parsed.syntax, analysisConfigFrom({})).recommendations, { parser: service });
      assert.ok(plan.ok && plan.edits.length);
      const edited = original.replace('json()', 'json()  # the user edited this meanwhile');
      fs.writeFileSync(file, edited);
      const refused = writeInjectedFile(file, original, plan.newText);
      assert.equal(refused.ok, false);
      assert.match(!refused.ok ? refused.reason : '', /changed on disk since the edit was planned; nothing written/);
      assert.equal(fs.readFileSync(file, 'utf8'), edited);
      fs.rmSync(file);
      const gone = writeInjectedFile(file, original, plan.newText);
      assert.match(!gone.ok ? gone.reason : '', /cannot read it again before writing \(ENOENT\)/);
      assert.ok(!fs.existsSync(file));
      fs.writeFileSync(file, `\uFEFF${original}`);
      assert.deepEqual(writeInjectedFile(file, original, plan.newText), { ok: true });
      assert.equal(fs.readFileSync(file, 'utf8'), `\uFEFF${plan.newText}`, 'the BOM is kept');
      assert.deepEqual(fs.readdirSync(tmp), ['client.py']);
    } finally {
      service.dispose();
    }
  });

  describe('a crash between writing the temporary file and renaming it leaves the old content whole', () => {
    let realRename: typeof fs.renameSync;
    let realRenameAsync: typeof fs.promises.rename;
    beforeEach(() => {
      realRename = fs.renameSync;
      realRenameAsync = fs.promises.rename;
      fs.renameSync = () => {
        throw Object.assign(new Error('simulated crash'), { code: 'EIO' });
      };
      fs.promises.rename = () => Promise.reject(Object.assign(new Error('simulated crash'), { code: 'EIO' }));
    });
    afterEach(() => {
      fs.renameSync = realRename;
      fs.promises.rename = realRenameAsync;
    });

    it('injection', () => {
      const file = path.join(tmp, 'a.py');
      fs.writeFileSync(file, 'def a():\n    return 1\n');
      const result = writeInjectedFile(file, 'def a():\n    return 1\n', 'def a():\n    return 2\n');
      assert.match(!result.ok ? result.reason : '', /cannot write it \(EIO\); nothing written/);
      assert.equal(fs.readFileSync(file, 'utf8'), 'def a():\n    return 1\n');
      assert.deepEqual(fs.readdirSync(tmp), ['a.py']);
    });

    it('the persisted call index', async () => {
      write(tmp, 'src/m.py', 'def m():\n    return n()\n\ndef n():\n    return 1\n');
      const ws = await loadWorkspace(path.join(tmp, 'src'), { grammarDir: findGrammarDir() });
      const index = await WorkspaceIndex.build(ws.files, ws.layout);
      const file = path.join(tmp, 'index', 'calls.json');
      fs.renameSync = realRename;
      index.serialize(file);
      const good = fs.readFileSync(file, 'utf8');
      fs.renameSync = () => {
        throw Object.assign(new Error('simulated crash'), { code: 'EIO' });
      };
      await index.updateFile({ ...ws.files[0], functions: [] });
      assert.throws(() => index.serialize(file), /simulated crash/);
      assert.equal(fs.readFileSync(file, 'utf8'), good);
      assert.deepEqual(fs.readdirSync(path.dirname(file)), ['calls.json']);
      assert.ok(WorkspaceIndex.load(file, { root: path.join(tmp, 'src') }));
      index.dispose();
    });

    it('the AI cache', async () => {
      const logger = new RecordingLogger();
      const cache = new LlmCache(tmp, logger);
      const usage = { llmRequests: 1, inputTokens: 10, outputTokens: 5, costUsd: 0.001 };
      fs.promises.rename = realRenameAsync;
      await cache.put('ab12', { items: [], usage });
      fs.promises.rename = () => Promise.reject(Object.assign(new Error('simulated crash'), { code: 'EIO' }));
      await cache.put('ab12', { items: [], usage: { ...usage, inputTokens: 99 } });
      assert.match(logger.text(), /AI cache: cannot write .*simulated crash/);
      assert.deepEqual(await cache.get('ab12'), { items: [], usage });
      assert.deepEqual(fs.readdirSync(path.join(tmp, 'llm', 'ab')), ['ab12.json']);
    });
  });

  it('a half-written AI cache entry is a miss, logged, and the next answer replaces it', async () => {
    const logger = new RecordingLogger();
    const cache = new LlmCache(tmp, logger);
    const usage = { llmRequests: 1, inputTokens: 10, outputTokens: 5, costUsd: 0.001 };
    await cache.put('cd34', { items: [], usage });
    const entry = path.join(tmp, 'llm', 'cd', 'cd34.json');
    const whole = fs.readFileSync(entry, 'utf8');
    fs.writeFileSync(entry, whole.slice(0, Math.floor(whole.length / 2)));
    assert.equal(await cache.get('cd34'), undefined);
    assert.match(logger.text(), /ignoring corrupt entry/);
    await cache.put('cd34', { items: [], usage });
    assert.deepEqual(await cache.get('cd34'), { items: [], usage });
  });
});

describe('reliability: search-path files', function () {
  this.timeout(60_000);
  it('obey the size limit given to the index (the maxFileSize setting), with a logged reason', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-searchpath-'));
    try {
      write(tmp, 'app/main.py', 'import biglib\n\ndef run():\n    return biglib.helper()\n');
      write(tmp, 'site/biglib.py', `def helper():\n    return 1\n${'# padding\n'.repeat(200)}`);
      const ws = await loadWorkspace(path.join(tmp, 'app'), { workerThreshold: Infinity });
      const searchPaths = [path.join(tmp, 'site')];
      const unlimited = await WorkspaceIndex.build(ws.files, ws.layout, { searchPaths });
      assert.equal(unlimited.definition('biglib.helper')?.library, true, 'the library file is indexed under the default limits');
      unlimited.dispose();
      const logger = new RecordingLogger();
      const limited = await WorkspaceIndex.build(ws.files, ws.layout, { searchPaths, logger, limits: { maxFileSize: 1024, timeoutMs: 5000 } });
      assert.equal(limited.definition('biglib.helper'), undefined, 'a library file over the limit is not indexed');
      assert.match(logger.text(), /search path file .*biglib\.py skipped: larger than the 1 KiB limit/);
      limited.dispose();
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('reliability: load', function () {
  this.timeout(900_000);
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-load-'));
    for (let d = 0; d < 200; d++) {
      const dir = path.join(root, `pkg${d}`);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, '__init__.py'), '');
      for (let f = 0; f < 99; f++) {
        fs.writeFileSync(path.join(dir, `m${f}.py`), `from pkg${d} import m${(f + 1) % 99}\n\n\ndef run_${f}(x):\n    if x:\n        return m${(f + 1) % 99}.run_${(f + 1) % 99}(x - 1)\n    return 0\n`);
      }
    }
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('a 20,000-file workspace loads in worker threads and indexes within 1.5 GB of resident memory', async () => {
    const logger = new RecordingLogger();
    let progressCalls = 0;
    const ws = await loadWorkspace(root, { grammarDir: findGrammarDir(), logger, onProgress: () => progressCalls++ });
    assert.equal(ws.files.length, 20_000);
    assert.deepEqual(ws.skipped, []);
    // Progress comes in batches answered by workers, not once per file from this thread.
    assert.ok(progressCalls > 0 && progressCalls < 20_000, `${progressCalls} progress calls`);
    const index = await WorkspaceIndex.build(ws.files, ws.layout, { logger });
    try {
      const graph = callGraph(index);
      assert.ok(graph['pkg7.m3.run_3'].includes('pkg7.m4.run_4'));
      const rss = process.memoryUsage().rss;
      assert.ok(rss < 1.5 * 1024 ** 3, `resident memory ${Math.round(rss / 1024 ** 2)} MB`);
    } finally {
      index.dispose();
    }
  });
});

/** Applies a unified diff (as unifiedDiff writes it) to the text it was made from. */
function applyUnifiedDiff(text: string, diff: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let at = 0;
  const diffLines = diff.split('\n');
  for (let k = 2; k < diffLines.length; k++) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@/.exec(diffLines[k]);
    if (!header) continue;
    const start = Number(header[1]) - (header[2] === '0' ? 0 : 1);
    out.push(...lines.slice(at, start));
    at = start;
    for (k++; k < diffLines.length && /^[ +-]/.test(diffLines[k]); k++) {
      const line = diffLines[k];
      if (line[0] !== '+') {
        assert.equal(lines[at], line.slice(1), `context mismatch at line ${at + 1}`);
        at++;
      }
      if (line[0] !== '-') out.push(line.slice(1));
    }
    k--;
  }
  out.push(...lines.slice(at));
  return out.join('\n');
}

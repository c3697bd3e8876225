// The parse service on real code and on bad input: incremental parsing gives what a full parse gives, and every
// file that cannot be analyzed is skipped with a reason instead of crashing or hanging.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { AnalysisMemo, analyzeFile, defaultAnalysisConfig } from '../../src/core/analysis';
import { RecordingLogger } from '../../src/core/log';
import { DocumentTrees, ParserService, decodeSource, findGrammarDir, parseSource, type ContentChange } from '../../src/core/parsing';
import { loadWorkspace } from '../../src/core/workspace';
import { contentChange } from './helpers';

const PY_STDLIB = '/root/.pyenv/versions/3.11.7/lib/python3.11';

function readIfExists(file: string): string | undefined {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

/** One file of the JDK's lib/src.zip (openjdk-17-source), read with unzip. */
function jdkEntry(entry: string): string | undefined {
  const zip = ['/usr/lib/jvm/java-17-openjdk-amd64/lib/src.zip', '/usr/lib/jvm/default-java/lib/src.zip'].find((z) => fs.existsSync(z));
  if (!zip) return undefined;
  try {
    return execFileSync('unzip', ['-p', zip, entry], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}

describe('parse service', () => {
  const service = new ParserService();
  const config = defaultAnalysisConfig();
  after(() => service.dispose());

  // Real files nobody here wrote, one per language, and snippets that open and close definitions, strings and blocks
  // or bind a name to what a call returns (which types receivers file-wide).
  // The Java file has a package clause, which names everything in it (an edit near it re-extracts the whole file).
  const goSrc = fs.existsSync('/usr/share') ? fs.readdirSync('/usr/share').find((d) => /^go-\d/.test(d)) : undefined;
  const editCases: { languageId: string; file: string; read: () => string | undefined; snippets: string[] }[] = [
    {
      languageId: 'python',
      file: 'textwrap.py',
      read: () => readIfExists(path.join(PY_STDLIB, 'textwrap.py')),
      snippets: ['x', '\n', '    ', 'def f(a):\n    return g(a)\n', 'try:\n', ')', '"', '# c\n', '@d\n', 'lambda: 1', 're = make()\n', ''],
    },
    {
      languageId: 'javascript',
      file: 'ast.js',
      read: () => readIfExists(path.join(__dirname, '..', '..', '..', 'node_modules', 'minimatch', 'dist', 'commonjs', 'ast.js')),
      snippets: ['x', '\n', '}', '{', 'function f(a) { return g(a); }\n', '() => h(1)', 'class C { m() {} }\n', '`', '// c\n', 'exports.y = 1;\n', 'let path = make();\n', ''],
    },
    {
      languageId: 'go',
      file: 'strings.go',
      read: () => (goSrc ? readIfExists(`/usr/share/${goSrc}/src/strings/strings.go`) : undefined),
      snippets: ['x', '\n', '}', 'func f(a int) int { return g(a) }\n', 'if err != nil {\n', 'go func() { h() }()\n', 'package q\n', ''],
    },
    {
      languageId: 'java',
      file: 'Optional.java',
      read: () => jdkEntry('java.base/java/util/Optional.java'),
      snippets: ['x', '\n', '}', 'void f() { g(); }\n', '@Override\n', '() -> h()', 'package p;\n', ''],
    },
  ];

  for (const { languageId, file, read, snippets } of editCases) {
    it(`incremental re-parse and extraction after random edits of real ${languageId} equal a full parse`, async function () {
      const original = read();
      if (original === undefined) this.skip();
      const options = { path: file, moduleName: file.replace(/\.\w+$/, '') };
      await fc.assert(
        fc.asyncProperty(
          // Each update brings one to three changes, as keystrokes typed within the debounce arrive together.
          fc.array(fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 40 }), fc.constantFrom(...snippets)), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }),
          async (updates) => {
            const docs = new DocumentTrees(service);
            const memo = new AnalysisMemo();
            try {
              let text = original!;
              let version = 1;
              const first = await docs.update('doc', version, text, languageId, options);
              assert.ok(first.ok);
              analyzeFile(first.state.syntax, config, { memo });
              for (const edits of updates) {
                const changes: ContentChange[] = [];
                for (const [where, length, insert] of edits) {
                  const offset = Math.floor(where * text.length);
                  const len = Math.min(length, text.length - offset);
                  changes.push(contentChange(text, offset, len, insert));
                  text = text.slice(0, offset) + insert + text.slice(offset + len);
                }
                const r = await docs.update('doc', ++version, text, languageId, options, changes);
                assert.ok(r.ok);
                // Every step, not only the last: each edit starts from the previous edit's kept results.
                const full = await parseSource(service, text, languageId, options);
                assert.ok(full.ok);
                assert.deepEqual(r.state.syntax, full.syntax);
                // The analysis reusing the previous one's results per function equals a fresh analysis.
                assert.deepEqual(analyzeFile(r.state.syntax, config, { memo, reused: r.state.reused }), analyzeFile(full.syntax, config));
              }
            } finally {
              docs.dispose();
            }
          },
        ),
        { numRuns: Number(process.env.EDIT_CASES ?? 15) },
      );
    });
  }

  it('a module- or class-level statement that types nothing keeps every function\'s analysis; a typed module-level binding re-analyzes the functions reading it', async function () {
    const original = readIfExists(path.join(PY_STDLIB, 'smtplib.py'));
    if (original === undefined) this.skip();
    const options = { path: 'smtplib.py', moduleName: 'smtplib' };
    const docs = new DocumentTrees(service);
    const memo = new AnalysisMemo();
    try {
      let text = original;
      let version = 1;
      const first = await docs.update('doc', version, text, 'python', options);
      assert.ok(first.ok);
      analyzeFile(first.state.syntax, config, { memo });
      // Functions before an edit keep their offsets, so a reused result is the memoized object itself.
      const step = async (insert: string, at = text.length) => {
        const before = memo.results;
        const change = contentChange(text, at, 0, insert);
        text = text.slice(0, at) + insert + text.slice(at);
        const r = await docs.update('doc', ++version, text, 'python', options, [change]);
        assert.ok(r.ok);
        const full = await parseSource(service, text, 'python', options);
        assert.ok(full.ok);
        assert.deepEqual(analyzeFile(r.state.syntax, config, { memo, reused: r.state.reused }), analyzeFile(full.syntax, config));
        const functions = r.state.syntax.functions.filter((f) => f.kind !== 'module');
        const kept = functions.filter((f) => memo.results.get(f) === before.get(r.state.reused?.get(f)?.previous as never));
        const readers = new Set(r.state.syntax.calls.filter((c) => /^socket\b/.test(c.receiver ?? '')).map((c) => c.caller));
        return { kept: kept.length, before: functions.filter((f) => f.span.endIndex < at).length, reanalyzed: functions.filter((f) => !kept.includes(f)), readers };
      };
      const all = first.state.syntax.functions.length - 1;
      assert.ok(all > 40);
      const appended = await step('trace_1 = 1\n');
      assert.deepEqual([appended.kept, appended.before], [all, all]);
      // A class-level statement is a module-level binding too: only its class is analyzed again.
      const classStart = text.indexOf('\nclass SMTP:\n');
      const inClass = await step('    trace_2 = 1\n', classStart + '\nclass SMTP:\n'.length);
      const beforeClass = memo.syntax!.functions.filter((f) => f.kind !== 'module' && f.span.endIndex < classStart).length;
      assert.ok(beforeClass >= 5);
      assert.equal(inClass.kept, beforeClass);
      // `socket` now holds what `make()` returns: the functions calling methods on `socket` are analyzed again.
      const bound = await step('socket = make()\n');
      assert.ok(bound.readers.size >= 1);
      assert.deepEqual(bound.reanalyzed.map((f) => f.qualifiedName).sort(), [...bound.readers].sort());
      assert.equal((await step('trace_3 = 1\n')).kept, all);
      // Rebinding it to nothing typed changes what `socket` resolves to again.
      const unbound = await step('socket = 1\n');
      assert.deepEqual(unbound.reanalyzed.map((f) => f.qualifiedName).sort(), [...unbound.readers].sort());
    } finally {
      docs.dispose();
    }
  });

  it('returns the cached result for a version it already holds', async () => {
    const docs = new DocumentTrees(service);
    const a = await docs.update('u', 3, 'def f():\n    pass\n', 'python', { path: 'a.py', moduleName: 'a' });
    const b = await docs.update('u', 3, 'ignored because the version is the same', 'python', { path: 'a.py', moduleName: 'a' });
    assert.ok(a.ok && b.ok);
    assert.equal(b.state.syntax, a.state.syntax);
    docs.dispose();
  });

  it('parses 5,000-deep nesting and 400 nested functions without crashing', async () => {
    const deep = `x = ${'('.repeat(5000)}1${')'.repeat(5000)}\n`;
    const r1 = await parseSource(service, deep, 'python', { path: 'deep.py', moduleName: 'deep' });
    assert.ok(r1.ok || /limit|longer/.test(r1.reason));
    let nested = '';
    for (let i = 0; i < 400; i++) nested += `${' '.repeat(i)}def f${i}():\n`;
    nested += `${' '.repeat(400)}return 1\n`;
    const r2 = await parseSource(service, nested, 'python', { path: 'nested.py', moduleName: 'nested' });
    assert.ok(r2.ok);
    assert.equal(r2.syntax.functions.filter((f) => f.kind !== 'module').length, 400);
    assert.equal(r2.syntax.functions.at(-1)!.qualifiedName.split('.').length, 401);
  });

  it('refuses a file over the size limit with a reason', async () => {
    const big = `var a=${'1+'.repeat(3 * 1024 * 1024)}1;`;
    const r = await parseSource(service, big, 'python', { path: 'big.py', moduleName: 'big' });
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.reason, /larger than the 2048 KiB limit/);
  });

  it('gives up on a parse that exceeds its time limit and stays usable', async () => {
    const big = `x = [${'1, '.repeat(2_000_000)}]\n`;
    const r = await parseSource(service, big, 'python', { path: 'slow.py', moduleName: 'slow', limits: { maxFileSize: 1e9, timeoutMs: 1 } });
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.reason, /longer than 1 ms/);
    const after = await parseSource(service, 'def ok():\n    pass\n', 'python', { path: 'ok.py', moduleName: 'ok' });
    assert.ok(after.ok && after.syntax.functions.some((f) => f.name === 'ok'));
  });

  it('decodes BOM, CRLF and refuses binary and invalid UTF-8', () => {
    const bom = decodeSource(Buffer.from('\uFEFFdef f():\r\n    pass\r\n', 'utf8'));
    assert.ok(bom.ok && bom.text.startsWith('def'));
    assert.deepEqual(decodeSource(Buffer.from([0x64, 0x65, 0x66, 0x00, 0x01])), { ok: false, reason: 'binary content (NUL bytes)' });
    assert.deepEqual(decodeSource(Buffer.from([0x64, 0xff, 0xfe, 0x41])), { ok: false, reason: 'not valid UTF-8' });
  });
});

describe('workspace loading of bad input', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-bad-'));
    const w = (rel: string, data: string | Buffer) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), data);
    };
    w('ok.py', 'def ok():\n    return 1\n');
    w('empty.py', '');
    w('blank.py', '   \n\t\n');
    w('bom.py', '\uFEFFdef bom():\r\n    return 2\r\n');
    w('mixed.py', 'def a():\r\n\treturn 1\n\ndef b():\n        return 2\r\n');
    w('binary.py', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1]));
    w('latin1.py', Buffer.from([0x23, 0x20, 0xe9, 0x0a]));
    w('minified.py', `a=${'1+'.repeat(5 * 1024 * 1024)}1`);
    fs.mkdirSync(path.join(dir, 'dir.py'));
    fs.symlinkSync(path.join(dir, 'missing.py'), path.join(dir, 'dangling.py'));
    fs.mkdirSync(path.join(dir, 'loop'));
    fs.symlinkSync(path.join(dir, 'loop'), path.join(dir, 'loop', 'again'));
    w('ignored/skip.py', 'def hidden():\n    pass\n');
    w('.gitignore', 'ignored/\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('parses what it can and gives a reason for everything else', async () => {
    const logger = new RecordingLogger();
    const ws = await loadWorkspace(dir, { logger, grammarDir: findGrammarDir() });
    assert.deepEqual(ws.files.map((f) => f.path), ['blank.py', 'bom.py', 'empty.py', 'mixed.py', 'ok.py']);
    const reasons = Object.fromEntries(ws.skipped.map((s) => [s.path, s.reason]));
    assert.equal(reasons['binary.py'], 'binary content (NUL bytes)');
    assert.equal(reasons['latin1.py'], 'not valid UTF-8');
    assert.match(reasons['minified.py'] ?? '', /larger than/);
    assert.equal(reasons['dangling.py'], 'dangling symbolic link');
    // A directory named like a source file is walked as a directory, never read as a file.
    assert.ok(!ws.files.some((f) => f.path === 'dir.py') && !('dir.py' in reasons));
    assert.match(reasons['loop/again'] ?? '', /symbolic link loop/);
    assert.ok(!('ignored/skip.py' in reasons) && !ws.files.some((f) => f.path.startsWith('ignored/')));
    // Every skip is logged for the user, with its reason.
    for (const s of ws.skipped.filter((x) => x.path.endsWith('.py') || x.path.endsWith('.js'))) {
      assert.ok(logger.lines.some((l) => l.message.includes(s.path) && l.message.includes(s.reason)), `not logged: ${s.path}`);
    }
    const bom = ws.files.find((f) => f.path === 'bom.py')!;
    assert.equal(bom.functions.find((f) => f.name === 'bom')?.span.start.column, 0);
  });

  it('reports a file deleted between listing and reading', async () => {
    const service = new ParserService();
    const { parseJob } = await import('../../src/core/workspace');
    const r = await parseJob(service, { path: 'gone.py', absPath: path.join(dir, 'gone.py'), moduleName: 'gone' }, { maxFileSize: 1e6, timeoutMs: 1000 });
    assert.deepEqual(r.skipped, { path: 'gone.py', reason: 'deleted before it could be read' });
    service.dispose();
  });

  it('parses in worker threads with the same results as in this thread', async () => {
    const files = ['smtplib.py', 'textwrap.py', 'shlex.py', 'fractions.py', 'ftplib.py', 'calendar.py'].filter((f) => fs.existsSync(path.join(PY_STDLIB, f)));
    const jobs = files.map((f) => ({ path: f, absPath: path.join(PY_STDLIB, f), moduleName: f.replace('.py', '') }));
    const grammarDir = findGrammarDir();
    const { parseFiles } = await import('../../src/core/workspace');
    const here = await parseFiles(jobs, { grammarDir, workerThreshold: Infinity });
    const workers = await parseFiles(jobs, { grammarDir, workerThreshold: 0 });
    assert.equal(here.files.length, files.length);
    assert.deepEqual(workers, here);
  });
});

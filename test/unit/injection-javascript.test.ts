// Proof that injected JavaScript still behaves the same: semver (a real npm library nobody here wrote) is copied from
// node_modules, every recommendation plus a span per function is injected into every file, and a differential
// harness calls its API on many inputs before and after. The real @opentelemetry/api with sdk-trace-base's in-memory
// exporter shows that the spans were produced.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { ParserService } from '../../src/core/parsing';
import { fixturesDir, inMemoryTracing, repoRoot, requireFromRepo } from './helpers';
import { everyInsertionPoint, injectText, injectTree } from './injection-support';

// Loaded at run time from node_modules (not bundled), so the injected copy and the test share one API instance.

const versions = ['1.2.3', 'v1.2.3', '=1.2.3', '1.2.3-alpha.1', '1.2.3-beta+build.5', ' 2.0.0 ', '1.2', 'x', '', 'not a version', '0.0.0', '10.20.30', '1.2.3-0', '999999999999999999.0.0', '1.2.3.4', '01.2.3', '1.2.3-rc.1+meta', '3.0.0-alpha.10'];
const ranges = ['^1.2.0', '~1.2', '>=1.0.0 <2.0.0', '1.x || >=3.0.0', '*', '', '>1.2.3-alpha', 'not a range', '1.2.3 - 2.3.4', '<=0.0.1', '^0.0.3', '~> 1.2'];
const releases = ['major', 'minor', 'patch', 'premajor', 'preminor', 'prepatch', 'prerelease', 'bogus'];

/** Every call of the harness, its result or its error message, as JSON. */
function exercise(semver: Record<string, (...args: unknown[]) => unknown>): string {
  const results: unknown[] = [];
  const call = (name: string, ...args: unknown[]) => {
    try {
      const value = semver[name](...args);
      results.push([name, args, value instanceof Object ? String(value) : value]);
    } catch (e) {
      results.push([name, args, 'throws', (e as Error).message]);
    }
  };
  for (const v of versions) {
    for (const name of ['valid', 'clean', 'major', 'minor', 'patch', 'prerelease', 'coerce', 'parse']) call(name, v);
    for (const r of releases) call('inc', v, r, 'beta');
    for (const r of ranges) {
      call('satisfies', v, r);
      call('satisfies', v, r, { includePrerelease: true });
    }
    for (const w of versions.slice(0, 8)) {
      call('compare', v, w);
      call('diff', v, w);
      call('gt', v, w);
    }
  }
  for (const r of ranges) {
    call('validRange', r);
    call('maxSatisfying', versions, r);
    call('minSatisfying', versions, r);
    call('minVersion', r);
    for (const s of ranges.slice(0, 6)) call('intersects', r, s);
    call('simplifyRange', versions.filter((v) => semver.valid(v)), r);
  }
  call('sort', versions.filter((v) => semver.valid(v)));
  call('rsort', versions.filter((v) => semver.valid(v)));
  return JSON.stringify(results);
}

describe('injection proof: JavaScript (semver from node_modules)', function () {
  this.timeout(120_000);
  let work: string;
  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'trace-advisor-inject-js-'));
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('keeps the API results identical and produces spans', async () => {
    const original = path.join(repoRoot, 'node_modules', 'semver');
    const copy = path.join(work, 'node_modules', 'semver');
    fs.cpSync(original, copy, { recursive: true });
    // The copy resolves @opentelemetry/api from the repository's node_modules.
    fs.symlinkSync(path.join(repoRoot, 'node_modules', '@opentelemetry'), path.join(work, 'node_modules', '@opentelemetry'));

    const parser = new ParserService();
    try {
      const totals = await injectTree(parser, copy, (f) => (f.endsWith('.js') && !f.startsWith('bin') ? 'javascript' : undefined), (rel) => `semver.${rel.replace(/\.js$/, '').split(path.sep).join('.')}`);
      assert.ok(totals.files >= 40, `only ${totals.files} files injected`);
      assert.ok(totals.applied >= 100, `only ${totals.applied} recommendations applied`);
    } finally {
      parser.dispose();
    }
    assert.match(fs.readFileSync(path.join(copy, 'functions', 'satisfies.js'), 'utf8'), /startActiveSpan\('satisfies'/);

    const { api, exporter, stop } = inMemoryTracing();
    try {
      const before = exercise(requireFromRepo('semver'));
      const injected = createRequire(path.join(work, 'index.js'))('semver');
      assert.notEqual(injected, requireFromRepo('semver'));
      const after = exercise(injected);
      assert.equal(after, before);
      const spans = exporter.getFinishedSpans() as Array<{ name: string; status: { code: number } }>;
      const names = new Set(spans.map((s) => s.name));
      for (const expected of ['satisfies', 'Range.test', 'SemVer.compare', 'parse']) assert.ok(names.has(expected), `no '${expected}' span among ${[...names].slice(0, 20).join(', ')}`);
      assert.ok(spans.some((s) => s.status.code === api.SpanStatusCode.ERROR), 'no span recorded an error (inc/parse of invalid input throws)');
    } finally {
      await stop();
    }
  });
});

describe('injection: JavaScript and TypeScript bodies whose first line is a comment', function () {
  this.timeout(60_000);
  const parser = new ParserService();
  after(() => parser.dispose());

  it('indents the inserted lines like the first statement, and the code behaves the same', async () => {
    const source = fs.readFileSync(path.join(fixturesDir, 'injection', 'comment-first', 'pricing.js'), 'utf8');
    const { text } = await injectText(parser, source, 'javascript', 'pricing.js', 'pricing', everyInsertionPoint);
    // The wrapper at the body's indentation (2), the body two levels in, whatever the comment above it.
    assert.match(text, /\nfunction total\(items\) \{\n {2}return tracer\.startActiveSpan\('total', \(span\) => \{\n {4}try \{\n {4}\/\/ A comment at column 0[^\n]*\n {6}let sum = 0;\n/);
    assert.match(text, /\n {8}if \(item\.price < 0\) \{\n {10}trace\.getActiveSpan\(\)\?\.addEvent\('branch'[^\n]*\n {12}\/\/ Deeper[^\n]*\n {10}throw /);
    assert.match(text, /\n {4}try \{\n {10}\/\* A block comment deeper[^\n]*\n {4}over two lines\. \*\/\n {6}try \{\n/);
    assert.match(text, /\} catch \(err\) \{ \/\/ a comment on the header line stays there\n {8}trace\.getActiveSpan\(\)\?\.recordException\(err\);\n[^\n]*\n {4}\/\/ Column 0[^\n]*\n {8}return null;\n/);
    // No statement: one indent unit inside the function.
    assert.match(text, /\nfunction noop\(\) \{\n {2}return tracer\.startActiveSpan\('noop'/);
    // A directive after a comment still makes the function unwrappable.
    assert.match(text, /\nfunction legacy\(\) \{\n {2}\/\/[^\n]*\n {2}'use strict';\n {2}return typeof this;\n\}/);

    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'trace-advisor-inject-js-comments-'));
    const { exporter, stop } = inMemoryTracing();
    try {
      fs.mkdirSync(path.join(work, 'node_modules'));
      fs.symlinkSync(path.join(repoRoot, 'node_modules', '@opentelemetry'), path.join(work, 'node_modules', '@opentelemetry'));
      fs.writeFileSync(path.join(work, 'before.js'), source);
      fs.writeFileSync(path.join(work, 'after.js'), text);
      const load = createRequire(path.join(work, 'index.js'));
      const exercise = (m: Record<string, (...args: unknown[]) => unknown>) => {
        const call = (f: () => unknown) => {
          try {
            return f();
          } catch (e) {
            return `throws ${(e as Error).message}`;
          }
        };
        return JSON.stringify([call(() => m.total([{ price: 2 }, { price: 3 }])), call(() => m.total([{ price: -1 }])), m.parseOrder('{"id":1}'), m.parseOrder('{'), m.legacy(), m.noop()]);
      };
      assert.equal(exercise(load('./after.js')), exercise(load('./before.js')));
      const names = (exporter.getFinishedSpans() as Array<{ name: string }>).map((s) => s.name);
      assert.deepEqual([...new Set(names)].sort(), ['noop', 'parseOrder', 'total']);
    } finally {
      await stop();
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it('does the same in a TypeScript file with tabs and CRLF', async () => {
    const source = ['export function ratio(a: number, b: number): number {', '// column 0', '\tif (b === 0) {', '    // four spaces', '\t\treturn 0;', '\t}', '\treturn a / b;', '}', ''].join('\r\n');
    const { text } = await injectText(parser, source, 'typescript', 'ratio.ts', 'ratio', everyInsertionPoint);
    assert.equal(text.split('\r\n').length, text.split('\n').length, 'a bare LF was written');
    const lines = text.split('\r\n');
    const at = (prefix: string) => lines.find((l) => l.trimStart().startsWith(prefix));
    assert.equal(at('return tracer.startActiveSpan('), "\treturn tracer.startActiveSpan('ratio', (span): number => {");
    assert.equal(at('try {'), '\t\ttry {');
    assert.equal(at('// column 0'), '\t\t// column 0');
    assert.equal(at('trace.getActiveSpan()?.addEvent('), "\t\t\t\ttrace.getActiveSpan()?.addEvent('branch', { 'code.condition': 'b === 0' });");
    assert.equal(at('return a / b;'), '\t\t\treturn a / b;');
  });
});

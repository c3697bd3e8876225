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
import { inMemoryTracing, repoRoot, requireFromRepo } from './helpers';
import { injectTree } from './injection-support';

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

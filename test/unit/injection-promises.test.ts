// Promise-returning functions that are not `async` (README "Injection"): which ones are recognised, that their span
// ends only when the promise settles (run with the real @opentelemetry/api and sdk-trace-base's in-memory exporter),
// that a rejection is recorded and still reaches the caller with the value unchanged, and that the injected
// TypeScript type-checks with the repository's compiler options.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { functionRecommendation, planInjection } from '../../src/core/injection';
import { validateCustomTemplates } from '../../src/core/injection/templates';
import { ParserService, parseSource } from '../../src/core/parsing';
import { telemetryMatch } from '../../src/extension/injection/telemetry-lines';
import { inMemoryTracing, repoRoot } from './helpers';
import { injectText } from './injection-support';

const parser = new ParserService();
after(() => parser.dispose());

/** For each named function, whether injecting it alone chose the promise template. */
async function promiseTemplated(text: string, languageId: string, names: string[]): Promise<Record<string, boolean>> {
  const parsed = await parseSource(parser, text, languageId, { path: `m.${languageId === 'javascript' ? 'js' : 'ts'}`, moduleName: 'm' });
  assert.ok(parsed.ok);
  const result: Record<string, boolean> = {};
  for (const name of names) {
    const fn = parsed.syntax.functions.find((f) => f.name === name);
    assert.ok(fn, `no function ${name}`);
    const plan = await planInjection(text, parsed.syntax, [functionRecommendation(parsed.syntax, fn)], { parser });
    assert.ok(plan.ok && plan.edits.length > 0, `${name}: ${!plan.ok ? plan.reason : plan.skipped.map((s) => s.reason).join('; ')}`);
    result[name] = /Promise\.resolve\(result\)\.then\(/.test(plan.newText);
  }
  return result;
}

const detectionJs = `
function thenChain(url) { return fetch(url).then((r) => r.json()); }
function catchChain(p) { return p.catch(() => null); }
function finallyChain(p) {
  return p
    .then((x) => x)
    .finally(() => {});
}
function constructed(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }
function all(ps) { return Promise.all(ps); }
function settled(ps) { return (Promise.allSettled(ps)); }
function resolved(v) { return Promise.resolve(v); }
function fetched(url) { return globalThis.fetch(url); }
function everyPath(p, cached) { if (cached) { return Promise.resolve(cached); } return p.then((x) => x + 1); }
function plain(x) { return x + 1; }
function mixed(p, cached) { if (cached) return cached; return p.then((x) => x); }
function promiseInside(p) { return wrap(p.then((x) => x)); }
function nestedOnly(ps) { ps.forEach((p) => { return p.then(() => 1); }); return ps.length; }
function thenProperty(obj) { return obj.then; }
async function alreadyAsync(p) { return p.then((x) => x); }
function noReturn(p) { p.then(() => 1); }
`;

const detectionTs = `
export function declared(id: string): Promise<number> { const n = Number(id); return lookup(n); }
export function declaredLike(id: string): PromiseLike<string> { return source(id); }
export function cast(p: unknown) { return (p as Promise<number>).then((n) => n * 2); }
export function numeric(id: string): number { return Number(id); }
function lookup(n: number): Promise<number> { return Promise.resolve(n); }
function source(id: string): PromiseLike<string> { return Promise.resolve(id); }
`;

describe('injection: promise-returning functions', () => {
  it('recognises a JavaScript function that returns a promise on every path, and nothing else', async () => {
    const got = await promiseTemplated(detectionJs, 'javascript', [
      'thenChain', 'catchChain', 'finallyChain', 'constructed', 'all', 'settled', 'resolved', 'fetched', 'everyPath',
      'plain', 'mixed', 'promiseInside', 'nestedOnly', 'thenProperty', 'alreadyAsync', 'noReturn',
    ]);
    assert.deepEqual(got, {
      thenChain: true, catchChain: true, finallyChain: true, constructed: true, all: true, settled: true, resolved: true, fetched: true, everyPath: true,
      plain: false, mixed: false, promiseInside: false, nestedOnly: false, thenProperty: false, alreadyAsync: false, noReturn: false,
    });
  });

  it('recognises a TypeScript function by its declared Promise/PromiseLike return type', async () => {
    const got = await promiseTemplated(detectionTs, 'typescript', ['declared', 'declaredLike', 'cast', 'numeric']);
    assert.deepEqual(got, { declared: true, declaredLike: true, cast: true, numeric: false });
  });

  it('ends the span when the promise settles, records a rejection that still propagates, and keeps values and this', async function () {
    this.timeout(30_000);
    const source = [
      "'use strict';",
      'let release;',
      'const gate = new Promise((resolve) => { release = resolve; });',
      'class Store {',
      '  constructor() { this.items = { a: 1 }; }',
      '  load(key) {',
      '    return gate.then(() => {',
      "      if (!(key in this.items)) throw new Error('missing ' + key);",
      '      return { key, value: this.items[key], args: arguments.length };',
      '    });',
      '  }',
      '  fail(reason) {',
      "    if (reason === 'sync') throw new TypeError('thrown before the promise');",
      '    return Promise.reject(new RangeError(reason));',
      '  }',
      '}',
      'function count(...xs) { return Promise.resolve(arguments.length + xs.length); }',
      'module.exports = { Store, count, release: () => release() };',
      '',
    ].join('\n');
    const injected = await injectText(parser, source, 'javascript', 'store.js', 'store');
    assert.equal((injected.text.match(/Promise\.resolve\(result\)\.then\(/g) ?? []).length, 3, injected.text);

    const dir = fs.mkdtempSync(path.join(repoRoot, '.promise-inject-'));
    const tracing = inMemoryTracing();
    try {
      fs.writeFileSync(path.join(dir, 'store.js'), injected.text);
      const mod = createRequire(path.join(dir, 'store.js'))('./store.js');
      const finished = () => tracing.exporter.getFinishedSpans().map((s: { name: string }) => s.name);
      const store = new mod.Store();
      tracing.exporter.reset();

      const pending = store.load('a', 'extra');
      const missing = store.load('zzz');
      await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(finished(), [], 'a span ended before its promise settled');
      mod.release();
      assert.deepEqual(await pending, { key: 'a', value: 1, args: 2 });
      await assert.rejects(missing, (e: Error) => e.message === 'missing zzz');
      assert.deepEqual(finished().sort(), ['Store.load', 'Store.load']);
      const failed = tracing.exporter.getFinishedSpans().find((s: { status: { code: number } }) => s.status.code === tracing.api.SpanStatusCode.ERROR);
      assert.ok(failed, 'the rejection was not recorded as an error status');
      assert.equal(failed.events[0]?.name, 'exception');
      assert.equal(failed.events[0]?.attributes['exception.message'], 'missing zzz');

      tracing.exporter.reset();
      const rejected = store.fail('bad');
      assert.ok(rejected instanceof Promise);
      await assert.rejects(rejected, RangeError);
      assert.throws(() => store.fail('sync'), TypeError, 'a synchronous throw must stay synchronous');
      const spans = tracing.exporter.getFinishedSpans();
      assert.equal(spans.length, 2);
      for (const s of spans) assert.equal(s.status.code, tracing.api.SpanStatusCode.ERROR);
      assert.deepEqual(spans.map((s: { events: Array<{ attributes: Record<string, unknown> }> }) => s.events[0].attributes['exception.type']).sort(), ['RangeError', 'TypeError']);

      assert.equal(await mod.count(1, 2, 3), 6, 'arguments must still be the function\'s own');
    } finally {
      await tracing.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves a templates file that overrides only `function` in charge of promise-returning functions too', async () => {
    const source = 'function load(url) {\n  return fetch(url).then((r) => r.json());\n}\n';
    const parsed = await parseSource(parser, source, 'javascript', { path: 'load.js', moduleName: 'load' });
    assert.ok(parsed.ok);
    const rec = [functionRecommendation(parsed.syntax, parsed.syntax.functions.find((f) => f.name === 'load' && f.kind !== 'module')!)];
    const own = { javascript: { function: { before: 'return tel.span({{spanName|sq}}, () => {', after: '});' } } };
    const plan = await planInjection(source, parsed.syntax, rec, { parser, templates: own });
    assert.ok(plan.ok);
    assert.deepEqual(plan.skipped, []);
    assert.match(plan.newText, /return tel\.span\('load', \(\) => \{\n +return fetch\(url\)/);
    const withPromise = { javascript: { ...own.javascript, promiseFunction: { before: 'return tel.promise({{spanName|sq}}, () => {', after: '});' } } };
    assert.deepEqual(validateCustomTemplates(withPromise), []);
    const plan2 = await planInjection(source, parsed.syntax, rec, { parser, templates: withPromise });
    assert.ok(plan2.ok);
    assert.match(plan2.newText, /return tel\.promise\('load'/);
  });

  it('keeps the telemetry-line patterns: span calls are telemetry, the promise plumbing and the body are not', async () => {
    const source = 'function load(url) {\n  const u = String(url);\n  return fetch(u).then((r) => r.json());\n}\n';
    const { text } = await injectText(parser, source, 'javascript', 'load.js', 'load');
    const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
    const telemetry = lines.filter((l) => telemetryMatch(l));
    assert.deepEqual(telemetry.filter((l) => /^(const u|return fetch|const result|return Promise\.resolve|return value|\}, \(e\) => \{|\}\)\(\);)/.test(l)), []);
    for (const call of ['startActiveSpan(', 'span.end()', 'span.recordException(e)', 'span.setStatus(']) {
      assert.ok(telemetry.some((l) => l.includes(call)), `no telemetry line with ${call}`);
    }
    assert.equal(lines.filter((l) => l === 'span.end();').length, 3, 'span.end() on resolve, reject and a synchronous throw');
    assert.equal(telemetry.filter((l) => l === 'span.end();').length, 3);
  });

  it('type-checks injected TypeScript: the declared Promise type holds, generics included', async function () {
    this.timeout(120_000);
    const source = [
      "import { readFile } from 'node:fs/promises';",
      '',
      'export interface User { id: string; name: string }',
      '',
      'export function loadUser(id: string): Promise<User> {',
      "  return readFile(id, 'utf8').then((text) => JSON.parse(text) as User);",
      '}',
      '',
      'export function first<T>(items: Promise<T[]>): Promise<T | undefined> {',
      '  return items.then((xs) => xs[0]);',
      '}',
      '',
      'export function settle<T>(p: Promise<T>): Promise<T> {',
      '  return p;',
      '}',
      '',
      'export function like(n: number): PromiseLike<number> {',
      '  return Promise.resolve(n);',
      '}',
      '',
      'export function delay(ms: number): Promise<void> {',
      '  return new Promise((resolve) => setTimeout(resolve, ms));',
      '}',
      '',
      'export class Repo {',
      '  private cache = new Map<string, User>();',
      '  get(id: string): Promise<User> {',
      '    const hit = this.cache.get(id);',
      '    return hit ? Promise.resolve(hit) : loadUser(id);',
      '  }',
      '  all(ids: string[]) {',
      '    return Promise.all(ids.map((id) => this.get(id)));',
      '  }',
      '}',
      '',
    ].join('\n');
    const injected = await injectText(parser, source, 'typescript', 'users.ts', 'users');
    assert.equal((injected.text.match(/Promise\.resolve\(result\)\.then\(/g) ?? []).length, 7, injected.text);
    const dir = fs.mkdtempSync(path.join(repoRoot, '.promise-inject-'));
    try {
      fs.writeFileSync(path.join(dir, 'users.ts'), injected.text);
      fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ extends: '../tsconfig.json', compilerOptions: { types: ['node'] }, files: ['users.ts'], include: [] }));
      const tsc = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '--pretty', 'false', '-p', dir], { encoding: 'utf8' });
      assert.equal(tsc.error, undefined);
      assert.equal(tsc.stdout.trim(), '', `type errors in the injected code:\n${tsc.stdout}\n${injected.text}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Inline route handlers (`app.get('/users/:id', async (req, res) => …)`, `mux.HandleFunc("GET /x", func…)`,
// `g.POST("/x", func(c *gin.Context) …)`) as entry points, end to end: extraction names them after their route and
// gives them their calls, the analyzer recommends a server span there, injection wraps their body (and the injected
// JavaScript runs and produces the span), and incremental extraction stays equal to a full one.
// Fixtures: test/fixtures/inline-handlers/ (assertion notation at the top of routes.js).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { analyzeFile, defaultAnalysisConfig } from '../../src/core/analysis';
import { languageForPath } from '../../src/core/languages';
import type { FileSyntax } from '../../src/core/model';
import { DocumentTrees, ParserService, parseSource } from '../../src/core/parsing';
import { contentChange, fixturesDir, inMemoryTracing, readAssertions, repoRoot, spanContains } from './helpers';
import { injectText } from './injection-support';

const dir = path.join(fixturesDir, 'inline-handlers');
const fixtures = ['routes.js', 'routes.ts', 'app.tsx', 'server.go'];

function moduleNameOf(file: string): string {
  return file.endsWith('.go') ? 'example.com/shop' : file.replace(/\.\w+$/, '');
}

function languageOf(file: string): string {
  const spec = languageForPath(file);
  assert.ok(spec, `no language for ${file}`);
  return spec.id;
}

describe('inline route handlers', () => {
  const parser = new ParserService();
  after(() => parser.dispose());

  async function parse(file: string, text = fs.readFileSync(path.join(dir, file), 'utf8')): Promise<FileSyntax> {
    const parsed = await parseSource(parser, text, languageOf(file), { path: file, moduleName: moduleNameOf(file) });
    assert.ok(parsed.ok, `${file}: ${!parsed.ok && parsed.reason}`);
    assert.equal(parsed.syntax.syntaxErrors, 0, `${file} has syntax errors`);
    return parsed.syntax;
  }

  describe('are entry points with their route as span name, and own their calls', () => {
    for (const file of fixtures) {
      it(file, async () => {
        const text = fs.readFileSync(path.join(dir, file), 'utf8');
        const syntax = await parse(file, text);
        const analysis = analyzeFile(syntax, defaultAnalysisConfig());
        const assertions = readAssertions(text, '//');
        assert.ok(assertions.some((a) => a.kind === 'entry'), 'the fixture has entry assertions');
        for (const a of assertions) {
          const where = `${file}:${a.sourceLine}`;
          const at = (span: FileSyntax['calls'][number]['span']) => spanContains(span, a.line, a.column);
          const fn = syntax.functions.find((f) => f.kind !== 'module' && at(f.nameSpan));
          if (a.kind === 'entry') {
            assert.ok(fn, `${where}: no function starts under the caret`);
            assert.equal(fn.name, `<${a.value}>`, where);
            const rec = analysis.recommendations.find((r) => r.rule.endsWith('.entry-point') && r.qualifiedName === fn.qualifiedName);
            assert.ok(rec, `${where}: no entry-point recommendation for ${fn.qualifiedName}; there: ${analysis.recommendations.map((r) => `${r.line} ${r.rule}`).join(', ')}`);
            assert.equal(rec.line, a.line + 1, `${where}: recommended on another line`);
            assert.equal(rec.spanKind, 'server', where);
            assert.equal(rec.spanName, a.value, where);
            const route = a.value.split(' ')[1];
            assert.ok(rec.rationale.includes(`handler for ${route}:`), `${where}: the rationale does not name the route: ${rec.rationale}`);
            assert.equal(rec.attributes['http.route'], route, where);
          } else if (a.kind === 'caller') {
            const calls = syntax.calls.filter((c) => at(c.span));
            assert.ok(calls.length, `${where}: no call under the caret`);
            assert.equal(calls[calls.length - 1].caller, a.value, where);
          } else if (a.kind === 'no-handler') {
            assert.equal(fn, undefined, `${where}: ${fn?.qualifiedName} was taken for a route handler (${a.value})`);
          } else {
            assert.fail(`${where}: unknown assertion ${a.kind}`);
          }
        }
      });
    }
  });

  it('appear in the call graph as nodes under a stable name: the route, not a line number', async () => {
    const text = fs.readFileSync(path.join(dir, 'routes.js'), 'utf8');
    const moved = `// a comment that moves every line\n\n${text}`;
    const names = (s: FileSyntax) => s.functions.map((f) => f.qualifiedName);
    assert.deepEqual(names(await parse('routes.js', moved)), names(await parse('routes.js', text)));
    assert.ok(names(await parse('routes.js', text)).includes('routes.register.<GET /users/:id>'));
  });

  describe('injection wraps the handler body in a server span, re-parses, and a second run changes nothing', () => {
    const expected: Record<string, RegExp[]> = {
      'routes.ts': [/router\.get\('\/products\/:sku', async \(ctx: Router\.RouterContext\) => \{\n  return await tracer\.startActiveSpan\('GET \/products\/:sku', \{ kind: SpanKind\.SERVER \}, async \(span\) => \{\n    try \{\n/],
      'app.tsx': [/app\.get\('\/', \(req, res\) => \{\n  return tracer\.startActiveSpan\('GET \/', \{ kind: SpanKind\.SERVER \}, \(span\) => \{/],
      'server.go': [
        /mux\.HandleFunc\("GET \/users\/\{id\}", func\(w http\.ResponseWriter, r \*http\.Request\) \{\n\t\t_, span := otel\.Tracer\("example\.com\/shop"\)\.Start\(context\.Background\(\), "GET \/users\/\{id\}"\)\n\t\tdefer span\.End\(\)\n/,
        /Start\(context\.Background\(\), "HTTP \/health"\)/,
        /Start\(context\.Background\(\), "POST \/orders"\)/,
      ],
    };
    for (const [file, patterns] of Object.entries(expected)) {
      it(file, async () => {
        const result = await injectText(parser, fs.readFileSync(path.join(dir, file), 'utf8'), languageOf(file), file, moduleNameOf(file));
        for (const p of patterns) assert.match(result.text, p);
      });
    }
  });

  describe('injected JavaScript', function () {
    this.timeout(60_000);
    let work: string;
    before(() => {
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'trace-advisor-inline-'));
      fs.mkdirSync(path.join(work, 'node_modules'));
      fs.symlinkSync(path.join(repoRoot, 'node_modules', '@opentelemetry'), path.join(work, 'node_modules', '@opentelemetry'));
    });
    after(() => fs.rmSync(work, { recursive: true, force: true }));

    it('runs the handlers as before, inside server spans named after their routes', async () => {
      const injected = await injectText(parser, fs.readFileSync(path.join(dir, 'routes.js'), 'utf8'), 'javascript', 'routes.js', 'routes');
      assert.match(injected.text, /app\.get\('\/users\/:id', async \(req, res\) => \{\n        return await tracer\.startActiveSpan\('GET \/users\/:id', \{ kind: SpanKind\.SERVER \}, async \(span\) => \{/);
      fs.writeFileSync(path.join(work, 'routes.js'), injected.text);

      const { api, exporter, stop } = inMemoryTracing();
      try {
        // A router that keeps the last handler of each route, and a database that knows user 7 and rejects bad orders.
        const handlers = new Map<string, (req: unknown, res: unknown) => unknown>();
        const app = { get: (route: string, ...fns: never[]) => handlers.set(`GET ${route}`, fns[fns.length - 1]), post: (route: string, ...fns: never[]) => handlers.set(`POST ${route}`, fns[fns.length - 1]) };
        const db = {
          query: async (_sql: string, [id]: string[]) => (id === '7' ? { id: 7, name: 'Ada' } : undefined),
          insert: (order: { qty: number }) => {
            if (!(order.qty > 0)) throw new Error('bad quantity');
          },
          connect: () => undefined,
        };
        const sent: unknown[] = [];
        const res = { status: (code: number) => (sent.push(code), res), json: (body: unknown) => sent.push(body), end: () => sent.push('end') };
        const routes = createRequire(path.join(work, 'index.js'))('./routes.js');
        routes.register(app, db, () => undefined);
        await handlers.get('GET /users/:id')!({ params: { id: '7' } }, res);
        await handlers.get('GET /users/:id')!({ params: { id: '8' } }, res);
        await handlers.get('POST /orders')!({ body: { qty: 1 } }, res);
        await handlers.get('POST /orders')!({ body: { qty: 0 } }, res);
        assert.deepEqual(sent, [{ id: 7, name: 'Ada' }, 404, 'end', 201, 'end', 400, { error: 'Error: bad quantity' }]);
        const spans = exporter.getFinishedSpans() as Array<{ name: string; kind: number }>;
        const server = spans.filter((s) => s.kind === api.SpanKind.SERVER).map((s) => s.name);
        assert.deepEqual(server, ['GET /users/:id', 'GET /users/:id', 'POST /orders', 'POST /orders']);
      } finally {
        await stop();
      }
    });
  });

  it('incremental extraction after random edits around the handlers equals a full extraction', async function () {
    this.timeout(120_000);
    const snippets: Record<string, string[]> = {
      'routes.js': ['x', '\n', '}', '{', ')', "'", "app.get('/a', (req, res) => { f(req); });\n", "router.post('/b', function (q, s) { g(); });\n", ''],
      'server.go': ['x', '\n', '}', '"', 'http.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) { f() })\n', 'r.GET("/b", func(c *gin.Context) { g() })\n', ''],
    };
    for (const [file, inserts] of Object.entries(snippets)) {
      const original = fs.readFileSync(path.join(dir, file), 'utf8');
      const languageId = languageOf(file);
      const options = { path: file, moduleName: moduleNameOf(file) };
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 30 }), fc.constantFrom(...inserts)), { minLength: 1, maxLength: 4 }), async (edits) => {
          const docs = new DocumentTrees(parser);
          try {
            let text = original;
            let version = 1;
            assert.ok((await docs.update('doc', version, text, languageId, options)).ok);
            for (const [where, length, insert] of edits) {
              const offset = Math.floor(where * text.length);
              const len = Math.min(length, text.length - offset);
              const change = contentChange(text, offset, len, insert);
              text = text.slice(0, offset) + insert + text.slice(offset + len);
              const r = await docs.update('doc', ++version, text, languageId, options, [change]);
              const full = await parseSource(parser, text, languageId, options);
              assert.ok(r.ok && full.ok);
              assert.deepEqual(r.state.syntax, full.syntax);
            }
          } finally {
            docs.dispose();
          }
        }),
        { numRuns: 15 },
      );
    }
  });
});

// The injection engine's editing rules: the file's style kept, idempotence, refusal when the result would not parse,
// custom templates that are text only, the unified diff, and the `inject` command.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/io';
import { functionRecommendation, planInjection, unifiedDiff, validateCustomTemplates, type CustomTemplates, type InjectionPlan } from '../../src/core/injection';
import type { FileSyntax, Recommendation } from '../../src/core/model';
import { ParserService, parseSource } from '../../src/core/parsing';
import { repoRoot } from './helpers';

const parser = new ParserService();
after(() => parser.dispose());

async function syntaxOf(text: string, languageId: string, file: string): Promise<FileSyntax> {
  const r = await parseSource(parser, text, languageId, { path: file, moduleName: 'shop.orders' });
  assert.ok(r.ok);
  return r.syntax;
}

/** Spans for every function, plus the handlers and branches as the analyzer would point at them. */
function recommendationsFor(syntax: FileSyntax): Recommendation[] {
  const recs = syntax.functions.filter((f) => f.kind !== 'module').map((f) => functionRecommendation(syntax, f));
  for (const c of syntax.constructs.filter((c) => c.kind === 'catch' || c.kind === 'branch' || c.kind === 'error-check')) {
    recs.push({ ...recs[0], id: `${c.kind}@${c.span.startIndex}`, priority: c.kind === 'branch' ? 'conditional_branches' : 'exception_handling', qualifiedName: c.function, span: c.span, line: c.span.start.line + 1 });
  }
  return recs;
}

async function inject(text: string, languageId: string, file: string, templates?: CustomTemplates): Promise<InjectionPlan> {
  const syntax = await syntaxOf(text, languageId, file);
  return planInjection(text, syntax, recommendationsFor(syntax), { parser, templates });
}

async function injectOk(text: string, languageId: string, file: string, templates?: CustomTemplates): Promise<string> {
  const plan = await inject(text, languageId, file, templates);
  assert.ok(plan.ok, !plan.ok ? plan.reason : '');
  const again = await inject(plan.newText, languageId, file, templates);
  assert.ok(again.ok && again.edits.length === 0, `second run changed the file: ${again.ok ? JSON.stringify(again.edits) : again.reason}`);
  return plan.newText;
}

describe('injection engine', () => {
  it('keeps tabs and CRLF line endings, and puts the span after the docstring', async () => {
    const text = ['import os', '', 'def checkout(order_id):', '\t"""Check out."""', '\ttry:', '\t\treturn os.getenv(order_id)', '\texcept KeyError:', '\t\traise', ''].join('\r\n');
    const out = await injectOk(text, 'python', 'shop/orders.py');
    assert.equal(out.split('\r\n').length, out.split('\n').length, 'a bare LF was written');
    assert.equal(
      out,
      [
        'import os',
        'from opentelemetry import trace',
        'from opentelemetry.trace import Status, StatusCode',
        'tracer = trace.get_tracer(__name__)',
        '',
        'def checkout(order_id):',
        '\t"""Check out."""',
        '\twith tracer.start_as_current_span("checkout") as span:',
        '\t\ttry:',
        '\t\t\treturn os.getenv(order_id)',
        '\t\texcept KeyError as e:',
        '\t\t\ttrace.get_current_span().record_exception(e)',
        '\t\t\ttrace.get_current_span().set_status(Status(StatusCode.ERROR, str(e)))',
        '\t\t\traise',
        '',
      ].join('\r\n'),
    );
  });

  it('never re-indents the inside of a multi-line string', async () => {
    const text = 'def text():\n    s = """a\nb\n    c"""\n    return s\n';
    const out = await injectOk(text, 'python', 'm.py');
    assert.match(out, / {8}s = """a\nb\n {4}c"""\n {8}return s\n/);
  });

  it('does not wrap a function that already has an OpenTelemetry span', async () => {
    const text = 'from opentelemetry import trace\ntracer = trace.get_tracer(__name__)\n\ndef f():\n    with tracer.start_as_current_span("f"):\n        return 1\n';
    const plan = await inject(text, 'python', 'm.py');
    assert.ok(plan.ok);
    assert.deepEqual(plan.edits, []);
    assert.deepEqual(plan.skipped.map((s) => s.reason), ['already has a span']);
  });

  it('merges into an existing import and follows the file\'s module style', async () => {
    const esm = await injectOk("import { context } from '@opentelemetry/api';\nexport function f(a) {\n  return a;\n}\n", 'javascript', 'f.js');
    assert.match(esm, /^import \{ context, SpanStatusCode, trace \} from '@opentelemetry\/api';\nconst tracer = trace\.getTracer\('shop\.orders'\);\n/);
    const cjs = await injectOk("const fs = require('fs');\nfunction f(a) {\n  return fs.existsSync(a);\n}\nmodule.exports = { f };\n", 'javascript', 'f.js');
    assert.match(cjs, /^const fs = require\('fs'\);\nconst \{ SpanStatusCode, trace \} = require\('@opentelemetry\/api'\);\n/);
    const ts = await injectOk('export async function f(a: string): Promise<number> {\n  try {\n    return a.length;\n  } catch (err) {\n    throw err;\n  }\n}\n', 'typescript', 'f.ts');
    assert.match(ts, /return await tracer\.startActiveSpan\('f', async \(span\): Promise<number> => \{/);
    assert.match(ts, /trace\.getActiveSpan\(\)\?\.recordException\(err as Error\);/);
  });

  it('says so in the title when a Go function has no context.Context parameter', async () => {
    const text = 'package shop\n\nfunc Total(xs []int) int {\n\tt := 0\n\tfor _, x := range xs {\n\t\tt += x\n\t}\n\treturn t\n}\n';
    const syntax = await syntaxOf(text, 'go', 'shop/total.go');
    const plan = await planInjection(text, syntax, [functionRecommendation(syntax, syntax.functions.find((f) => f.name === 'Total')!)], { parser });
    assert.ok(plan.ok);
    assert.equal(plan.title, "Add span 'Total' (no context.Context parameter: uses context.Background())");
    assert.match(plan.newText, /import \(\n\t"context"\n\t"go.opentelemetry.io\/otel"\n\)/);
  });


  it('sorts Go imports into the block as gofmt and goimports leave it', async function () {
    this.timeout(60_000);
    const body = '\nfunc Get(c *http.Client, u string) (*http.Response, error) {\n\tr, err := c.Get(u)\n\tif err != nil {\n\t\treturn nil, fmt.Errorf("get: %w", err)\n\t}\n\treturn r, nil\n}\n';
    const cases: Array<[string, string, string]> = [
      // Standard library only: OpenTelemetry opens a run of its own after a blank line.
      ['import (\n\t"fmt"\n\t"net/http"\n)\n', 'import (\n\t"context"\n\t"fmt"\n\t"net/http"\n\n\t"go.opentelemetry.io/otel"\n\t"go.opentelemetry.io/otel/codes"\n)\n', 'stdlib only'],
      // Two runs: context sorted into the standard library's, otel into the third-party one, between its specs.
      [
        'import (\n\t"fmt"\n\t"net/http"\n\n\t"example.com/shop/util"\n\t_ "github.com/mattn/go-sqlite3"\n\t"golang.org/x/sync/errgroup"\n)\n',
        'import (\n\t"context"\n\t"fmt"\n\t"net/http"\n\n\t"example.com/shop/util"\n\t_ "github.com/mattn/go-sqlite3"\n\t"go.opentelemetry.io/otel"\n\t"go.opentelemetry.io/otel/codes"\n\t"golang.org/x/sync/errgroup"\n)\n',
        'two runs',
      ],
      // Third-party only: the standard library's context opens a run before it.
      ['import (\n\t"github.com/x/y"\n)\n', 'import (\n\t"context"\n\n\t"github.com/x/y"\n\t"go.opentelemetry.io/otel"\n\t"go.opentelemetry.io/otel/codes"\n)\n', 'third-party only'],
    ];
    const gofmt = spawnSync('gofmt', ['-h']).error === undefined;
    for (const [imports, expected, name] of cases) {
      const text = `package shop\n\n${imports}${body}`;
      const out = await injectOk(text, 'go', 'shop/get.go');
      assert.ok(out.startsWith(`package shop\n\n${expected}`), `${name}:\n${out.slice(0, 400)}`);
      const crlf = await injectOk(text.replace(/\n/g, '\r\n'), 'go', 'shop/get.go');
      assert.equal(crlf, out.replace(/\n/g, '\r\n'), `${name} (CRLF)`);
      if (gofmt) {
        const listed = spawnSync('gofmt', ['-l'], { input: out, encoding: 'utf8' });
        assert.equal(listed.status, 0, listed.stderr);
        assert.equal(listed.stdout, '', `${name}: gofmt would change the injected file`);
      }
    }
  });
  it('refuses a result with new syntax errors and leaves the reason', async () => {
    const broken: CustomTemplates = { python: { function: { before: 'with tel.span({{qualifiedName|str}}:' } } };
    const plan = await inject('def f():\n    return 1\n', 'python', 'm.py', broken);
    assert.ok(!plan.ok);
    assert.match(plan.reason, /syntax error/);
  });

  it('renders custom templates with placeholders, per priority, as text only', async () => {
    const custom: CustomTemplates = {
      python: {
        priorities: { function_entry_exit: { function: { before: 'tel.func_entry({{qualifiedName|str}}, {{file|str}}, {{line}}, [{{parameters}}])' } } },
      },
    };
    assert.deepEqual(validateCustomTemplates(custom), []);
    const out = await injectOk('def pay(amount, currency):\n    return amount\n', 'python', 'shop/pay.py', custom);
    assert.doesNotMatch(out, /opentelemetry|tracer/);
    assert.match(out, /def pay\(amount, currency\):\n {4}tel\.func_entry\("shop\.orders\.pay", "shop\/pay\.py", 1, \[amount, currency\]\)\n {4}return amount\n/);

    const sneaky: CustomTemplates = { python: { function: { before: '# {{ "".constructor.constructor("return process")() }}' } } };
    const plan = await inject('def f():\n    return 1\n', 'python', 'm.py', sneaky);
    assert.ok(plan.ok);
    assert.ok(plan.newText.includes('{{ "".constructor.constructor("return process")() }}'), 'template text was interpreted');
    const unknown = await inject('def f():\n    return 1\n', 'python', 'm.py', { python: { function: { before: 'x({{secret}})' } } });
    assert.ok(!unknown.ok);
    assert.match(unknown.reason, /unknown placeholder 'secret'/);
    assert.deepEqual(validateCustomTemplates({ cobol: {}, python: { funtion: { before: '' } } }), [
      "'cobol': not a language injection supports (python, javascript, typescript, typescriptreact, tsx, go, java)",
      'python.funtion: unknown template key',
    ]);
  });

  it('writes a unified diff', () => {
    assert.equal(unifiedDiff('a\nb\nc\n', 'a\nB\nc\n', 'a/x', 'b/x'), '--- a/x\n+++ b/x\n@@ -1,4 +1,4 @@\n a\n-b\n+B\n c\n \n');
    assert.equal(unifiedDiff('same', 'same', 'a', 'b'), '');
  });
});

function fakeIO(cwd: string): CliIO & { out: string; err: string } {
  const io = { out: '', err: '', isTTY: false, cwd, env: {} as NodeJS.ProcessEnv, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

describe('trace-advisor inject', function () {
  this.timeout(60_000);
  let dir: string;
  const source = 'import requests\n\n\ndef fetch(url):\n    try:\n        return requests.get(url).json()\n    except ValueError:\n        return None\n';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trace-advisor-inject-cli-'));
    fs.writeFileSync(path.join(dir, 'client.py'), source, { mode: 0o640 });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('--dry-run prints a diff and writes nothing; a real run rewrites in place once', async () => {
    const dry = fakeIO(dir);
    assert.equal(await runCli(['inject', '.', '--dry-run'], dry), 0);
    assert.match(dry.out, /^--- a\/client\.py\n\+\+\+ b\/client\.py\n/);
    assert.match(dry.out, /\+ {4}with tracer\.start_as_current_span\("fetch"\) as span:/);
    assert.equal(fs.readFileSync(path.join(dir, 'client.py'), 'utf8'), source);
    assert.match(dry.err, /would change 1 file/);

    const io = fakeIO(dir);
    assert.equal(await runCli(['inject', 'client.py'], io), 0);
    const written = fs.readFileSync(path.join(dir, 'client.py'), 'utf8');
    assert.notEqual(written, source);
    assert.equal(fs.statSync(path.join(dir, 'client.py')).mode & 0o777, 0o640);
    assert.deepEqual(fs.readdirSync(dir), ['client.py']);

    const again = fakeIO(dir);
    assert.equal(await runCli(['inject', '.'], again), 0);
    assert.equal(fs.readFileSync(path.join(dir, 'client.py'), 'utf8'), written);
    assert.match(again.err, /changed 0 file/);
  });

  it('leaves a file untouched when its result would not parse, and says why', async () => {
    fs.writeFileSync(path.join(dir, 'templates.yaml'), 'python:\n  function:\n    before: "with broken(:"\n');
    const io = fakeIO(dir);
    assert.equal(await runCli(['inject', 'client.py', '--templates', 'templates.yaml'], io), 0);
    assert.equal(fs.readFileSync(path.join(dir, 'client.py'), 'utf8'), source);
    assert.match(io.err, /client\.py: not changed: the instrumented file would have \d+ syntax error/);
  });

  it('exits 2 with one line for bad usage', async () => {
    for (const args of [['inject'], ['inject', 'missing.py'], ['inject', '.', '--priority', 'everything'], ['inject', '.', '--min-score', 'high']]) {
      const io = fakeIO(dir);
      assert.equal(await runCli(args, io), 2, args.join(' '));
      assert.equal(io.err.trim().split('\n').length, 1, io.err);
    }
  });

  it('runs from the built dist/cli.js', () => {
    const out = execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'inject', '.', '--dry-run', '--priority', 'exception_handling'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.match(out, /\+ {8}trace\.get_current_span\(\)\.record_exception\(e\)/);
    assert.doesNotMatch(out, /start_as_current_span/);
  });
});

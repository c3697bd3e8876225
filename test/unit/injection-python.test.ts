// Proof that injected Python still behaves the same: pure-Python standard-library modules of the machine's CPython
// (textwrap, shlex, fractions) are injected (every recommendation plus a span per function) and CPython's own unit
// tests for them run against the injected copies, with a stand-in of the OpenTelemetry API that records spans
// (test/fixtures/injection/python-otel-standin; PyPI is not reachable here).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ParserService } from '../../src/core/parsing';
import { fixturesDir } from './helpers';
import { everyInsertionPoint, injectText } from './injection-support';

const MODULES = ['textwrap', 'shlex', 'fractions'];

function findStdlib(): string | string[] {
  const candidates = [process.env.TRACE_ADVISOR_PYTHON_STDLIB, '/root/.pyenv/versions/3.11.7/lib/python3.11'].filter((d): d is string => !!d);
  const python = spawnSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' });
  if (python.status === 0) candidates.push(python.stdout.trim());
  const dir = candidates.find((d) => MODULES.every((m) => fs.existsSync(path.join(d, `${m}.py`)) && fs.existsSync(path.join(d, 'test', `test_${m}.py`))));
  return dir ?? [`no CPython stdlib with ${MODULES.join(', ')} and their tests (python3 with its test package, e.g. apt-get install python3 libpython3-testsuite)`];
}

function runTests(pythonPath: string | undefined, env: NodeJS.ProcessEnv) {
  return spawnSync('python3', ['-m', 'unittest', ...MODULES.map((m) => `test.test_${m}`)], {
    encoding: 'utf8',
    env: { ...process.env, ...env, ...(pythonPath ? { PYTHONPATH: pythonPath } : {}), PYTHONDONTWRITEBYTECODE: '1' },
  });
}

describe('injection proof: Python (CPython stdlib + its own tests)', function () {
  this.timeout(300_000);
  const stdlib = findStdlib();
  let work: string;
  before(function () {
    if (Array.isArray(stdlib)) this.skip();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'trace-advisor-inject-py-'));
  });
  after(() => work && fs.rmSync(work, { recursive: true, force: true }));

  it('passes CPython\'s tests for the injected modules and records spans', async function () {
    if (Array.isArray(stdlib)) return this.skip();
    const lib = path.join(work, 'lib');
    fs.mkdirSync(lib);
    fs.cpSync(path.join(fixturesDir, 'injection', 'python-otel-standin', 'opentelemetry'), path.join(lib, 'opentelemetry'), { recursive: true });
    const parser = new ParserService();
    try {
      for (const m of MODULES) {
        const result = await injectText(parser, fs.readFileSync(path.join(stdlib, `${m}.py`), 'utf8'), 'python', `${m}.py`, m);
        assert.ok(result.applied >= 5, `${m}: only ${result.applied} recommendations applied`);
        fs.writeFileSync(path.join(lib, `${m}.py`), result.text);
      }
    } finally {
      parser.dispose();
    }
    assert.match(fs.readFileSync(path.join(lib, 'textwrap.py'), 'utf8'), /with tracer\.start_as_current_span\("TextWrapper\.wrap"\) as span:/);

    const baseline = runTests(undefined, {});
    assert.equal(baseline.status, 0, `the original modules' tests fail on this machine:\n${baseline.stderr.slice(-2000)}`);
    const spansFile = path.join(work, 'spans.tsv');
    const injected = runTests(lib, { OTEL_STANDIN_SPANS: spansFile });
    assert.equal(injected.status, 0, `CPython's tests fail against the injected modules:\n${injected.stderr.slice(-4000)}`);
    const ran = (r: { stderr: string }) => /Ran (\d+) tests?/.exec(r.stderr)?.[1];
    assert.equal(ran(injected), ran(baseline), 'a different number of tests ran');

    const spans = fs.readFileSync(spansFile, 'utf8').trim().split('\n').map((l) => l.split('\t'));
    const names = new Set(spans.map((s) => s[0]));
    for (const expected of ['TextWrapper.wrap', 'shlex.get_token', 'Fraction.__new__', 'dedent']) assert.ok(names.has(expected), `no '${expected}' span`);
    assert.ok(spans.some((s) => s[1] === 'ERROR'), 'no span ended in error (the tests check that bad input raises)');
  });
});

/** Leading runs of 4 spaces become tabs and line ends CRLF: the same file in the other style. */
function tabsAndCrlf(text: string): string {
  return text.replace(/^(?: {4})+/gm, (m) => '\t'.repeat(m.length / 4)).replace(/\n/g, '\r\n');
}

describe('injection: Python bodies whose first line is a comment', function () {
  this.timeout(60_000);
  const dir = path.join(fixturesDir, 'injection', 'comment-first');
  const source = fs.readFileSync(path.join(dir, 'orders.py'), 'utf8');
  const expected = fs.readFileSync(path.join(dir, 'orders.expected.py'), 'utf8');
  const parser = new ParserService();
  after(() => parser.dispose());

  it('indents the inserted lines like the first statement (after the docstring), in spaces and LF or tabs and CRLF', async () => {
    const spaces = await injectText(parser, source, 'python', 'orders.py', 'orders', everyInsertionPoint);
    assert.equal(spaces.text, expected);
    const tabs = await injectText(parser, tabsAndCrlf(source), 'python', 'orders.py', 'orders', everyInsertionPoint);
    assert.equal(tabs.text, tabsAndCrlf(expected));
  });

  it('compiles, and behaves the same, docstrings included', async function () {
    if (spawnSync('python3', ['--version']).status !== 0) return this.skip();
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'trace-advisor-inject-py-comments-'));
    try {
      fs.cpSync(path.join(fixturesDir, 'injection', 'python-otel-standin', 'opentelemetry'), path.join(work, 'opentelemetry'), { recursive: true });
      const probe = 'import orders as m; s = m.Store(); print(m.parse("[1]"), m.doubled(2), m.doubled.__doc__, s.load("a"), s.load("b"), s.pick(True), s.pick(False))';
      const run = (text: string) => {
        fs.writeFileSync(path.join(work, 'orders.py'), text);
        const r = spawnSync('python3', ['-c', probe], { cwd: work, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', OTEL_STANDIN_SPANS: path.join(work, 'spans.tsv') } });
        assert.equal(r.status, 0, r.stderr);
        return r.stdout;
      };
      const before = run(source);
      for (const original of [source, tabsAndCrlf(source)]) {
        const { text } = await injectText(parser, original, 'python', 'orders.py', 'orders', everyInsertionPoint);
        assert.equal(run(text), before);
      }
      const spans = fs.readFileSync(path.join(work, 'spans.tsv'), 'utf8');
      // The handler recorded the KeyError on the method's span; the branch added its event.
      assert.match(spans, /^Store\.load\tERROR\t0\t1$/m);
      assert.match(spans, /^Store\.pick\t\w+\t1\t0$/m);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});

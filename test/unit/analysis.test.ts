// The analyzer checked against labelled fixtures (test/fixtures/analysis/<lang>/, notation in python/orders.py),
// configuration, suppression, secrets, the CLI's JSON shape, and real code nobody here wrote (CPython's stdlib).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AnalysisMemo, analysisConfigFrom, analyzeFile, defaultAnalysisConfig, type FileAnalysis } from '../../src/core/analysis';
import { parseWorkspaceConfig } from '../../src/core/config/workspace-file';
import { languageForPath } from '../../src/core/languages';
import type { FileSyntax } from '../../src/core/model';
import { ParserService, parseSource } from '../../src/core/parsing';
import { runCli } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/io';
import { fixturesDir, listFiles, readAssertions, repoRoot } from './helpers';

const service = new ParserService();
after(() => service.dispose());

async function parse(file: string, text = fs.readFileSync(file, 'utf8')): Promise<FileSyntax> {
  const spec = languageForPath(file);
  assert.ok(spec, `no language for ${file}`);
  const result = await parseSource(service, text, spec.id, { path: path.basename(file), moduleName: path.basename(file).replace(/\.\w+$/, '') });
  assert.ok(result.ok, `parse failed: ${!result.ok && result.reason}`);
  return result.syntax;
}

function fakeIO(cwd: string): CliIO & { out: string; err: string } {
  const io = { out: '', err: '', isTTY: false, cwd, env: {}, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

describe('analyzer: labelled fixtures', () => {
  for (const file of listFiles(path.join(fixturesDir, 'analysis'))) {
    const spec = languageForPath(file);
    if (!spec?.lineComment) continue;
    it(path.relative(fixturesDir, file), async () => {
      const syntax = await parse(file);
      const analysis = analyzeFile(syntax, defaultAnalysisConfig());
      const assertions = readAssertions(fs.readFileSync(file, 'utf8'), spec.lineComment!);
      assert.ok(assertions.length > 3, 'fixture has assertions');
      for (const a of assertions) {
        const where = `${path.basename(file)}:${a.sourceLine}`;
        const onLine = analysis.recommendations.filter((r) => r.line === a.line + 1);
        if (a.kind === 'expect') {
          assert.ok(
            onLine.some((r) => r.priority === a.value),
            `${where}: expected ${a.value} on line ${a.line + 1}; there: ${onLine.map((r) => r.rule).join(', ') || 'nothing'}`,
          );
        } else if (a.kind === 'expect-none') {
          const fn = syntax.functions.find((f) => f.kind !== 'module' && f.span.start.line === a.line);
          const inFunction = fn ? analysis.recommendations.filter((r) => r.qualifiedName === fn.qualifiedName) : [];
          assert.deepEqual([...onLine, ...inFunction].map((r) => `${r.line} ${r.rule}`), [], `${where}: expected nothing (${a.value})`);
        } else {
          assert.fail(`${where}: unknown assertion ${a.kind}`);
        }
      }
    });
  }
});

describe('analyzer: details', () => {
  const fixture = path.join(fixturesDir, 'analysis', 'python', 'orders.py');
  let syntax: FileSyntax;
  let analysis: FileAnalysis;
  before(async () => {
    syntax = await parse(fixture);
    analysis = analyzeFile(syntax, defaultAnalysisConfig());
  });

  it('never proposes secret-looking parameters and says it left them out', () => {
    const entry = analysis.recommendations.find((r) => r.function === 'create_order' && r.priority === 'function_entry_exit');
    assert.ok(entry);
    assert.match(entry.rationale, /left out: password \(looks secret\)/i);
    assert.ok(entry.capture.includes('order.id'), entry.capture.join(', '));
    for (const r of analysis.recommendations) {
      assert.ok(!r.capture.some((c) => /password|token/i.test(c)), `${r.id} captures ${r.capture.join(', ')}`);
    }
  });

  it('names the API and the exception, with semantic-convention attributes, span kinds and names', () => {
    const post = analysis.recommendations.find((r) => r.rule === 'python.external-call' && r.function === 'create_order');
    assert.ok(post);
    assert.match(post.rationale, /calls requests\.post \(HTTP client\)/);
    assert.equal(post.spanKind, 'client');
    assert.equal(post.spanName, 'POST');
    assert.equal(post.attributes['http.request.method'], 'POST');
    const handler = analysis.recommendations.find((r) => r.rule === 'python.entry-point');
    assert.equal(handler?.spanKind, 'server');
    assert.equal(handler?.spanName, 'POST /orders/<order_id>');
    const caught = analysis.recommendations.find((r) => r.rule === 'python.exception-handler' && r.function === 'create_order');
    assert.match(caught!.rationale, /catches requests\.Timeout/);
    assert.ok(caught!.capture.includes('exception.type'));
    const sql = analysis.recommendations.find((r) => r.rule === 'python.external-call' && r.function === 'load_all');
    assert.equal(sql?.spanName, 'SELECT orders');
    assert.equal(sql?.attributes['db.system.name'], 'sqlite');
    assert.ok(sql?.capture.includes('db.query.text'));
    const send = analysis.recommendations.find((r) => r.rule === 'python.message-producer');
    assert.equal(send?.spanKind, 'producer');
    assert.equal(send?.spanName, 'send orders');
    for (const r of analysis.recommendations) assert.ok(r.score > 0 && r.score <= 1, `${r.id} score ${r.score}`);
  });

  it('Go: a net/http or gin handler has the handler signature; a helper taking the writer or the context is no entry point', async () => {
    const text = [
      'package api',
      '',
      'import (',
      '\t"encoding/json"',
      '\t"log"',
      '\t"net/http"',
      '',
      '\t"github.com/gin-gonic/gin"',
      ')',
      '',
      'type Server struct{}',
      '',
      'func (s *Server) Get(w http.ResponseWriter, r *http.Request) {',
      '\twriteJSON(w, 200, r.URL.Path)',
      '}',
      '',
      'func List(w http.ResponseWriter, r *http.Request) {',
      '\twriteJSON(w, 200, nil)',
      '}',
      '',
      'func writeJSON(w http.ResponseWriter, status int, body any) {',
      '\tw.Header().Set("Content-Type", "application/json")',
      '\tw.WriteHeader(status)',
      '\tif err := json.NewEncoder(w).Encode(body); err != nil {',
      '\t\tlog.Printf("write response: %v", err)',
      '\t}',
      '}',
      '',
      'func Ping(c *gin.Context) {',
      '\tc.JSON(200, nil)',
      '}',
      '',
      'func fail(c *gin.Context, status int, err error) {',
      '\tc.JSON(status, err.Error())',
      '\tif err != nil {',
      '\t\tlog.Printf("%v", err)',
      '\t}',
      '\tc.Abort()',
      '}',
      '',
    ].join('\n');
    const result = analyzeFile(await parse('api.go', text), defaultAnalysisConfig());
    const entries = result.recommendations.filter((r) => r.rule === 'go.entry-point').map((r) => r.function).sort();
    assert.deepEqual(entries, ['Get', 'List', 'Ping']);
    assert.ok(result.recommendations.filter((r) => ['writeJSON', 'fail'].includes(r.function)).every((r) => r.spanKind !== 'server'));
  });

  it('counts instrumented functions in the coverage and recommends nothing there', () => {
    assert.ok(analysis.instrumented.some((q) => q.endsWith('.traced_lookup')), analysis.instrumented.join(', '));
    assert.ok(analysis.coverage.instrumented >= 1 && analysis.coverage.functions > analysis.coverage.instrumented);
    assert.ok(!analysis.recommendations.some((r) => r.function === 'traced_lookup'));
  });

  it('reports what comments suppressed', () => {
    assert.ok(analysis.suppressed.some((s) => s.qualifiedName.endsWith('.ignored') && /ignore comment/.test(s.reason)));
    assert.ok(analysis.suppressed.some((s) => s.qualifiedName.endsWith('.partly_ignored') && /ignore-next-line/.test(s.reason)));
  });

  it('turns rules and priorities off, and weighs priorities', () => {
    const off = analyzeFile(syntax, analysisConfigFrom({ rules: { 'exception-handler': 'off', 'python.external-call': 'off' }, priorities: { message_bus: { enabled: false } } }));
    assert.ok(!off.recommendations.some((r) => r.rule === 'python.exception-handler' || r.rule === 'python.external-call' || r.priority === 'message_bus'));
    assert.ok(off.recommendations.some((r) => r.priority === 'function_entry_exit'));
    const light = analyzeFile(syntax, analysisConfigFrom({ priorities: { exception_handling: { weight: 0.1 } }, rules: { 'exception-handler': 'warning' } }));
    const before = analysis.recommendations.find((r) => r.rule === 'python.exception-handler')!;
    const after = light.recommendations.find((r) => r.id === before.id)!;
    assert.ok(after.score < before.score);
    assert.equal(after.severity, 'warning');
  });

  it('keeps trivial functions when asked to', async () => {
    const trivial = await parse('x.py', 'def helper(a, b):\n    c = a + b\n    return c\n\n\ndef spin(xs):\n    for x in xs:\n        print(x)\n');
    assert.deepEqual(analyzeFile(trivial, defaultAnalysisConfig()).recommendations, []);
  });
});

describe('analyzer: configuration file', () => {
  it('reports every mistake with its line and what is expected, and keeps the valid keys', () => {
    const text = [
      'priorities:',
      '  exception_handling: { enabled: true, weight: 3 }',
      '  state_changes: { enabled: false }',
      '  tracing_everything: { enabled: true }',
      'rules:',
      '  python.exception-handler: loud',
      '  external-call: off',
      'analysis:',
      '  minScore: 0.4',
      'colour: blue',
    ].join('\n');
    const { settings, problems } = parseWorkspaceConfig(text, '.trace-advisor.yaml');
    const byLine = new Map(problems.map((p) => [p.line, p.message]));
    assert.match(byLine.get(2) ?? '', /weight must be <= 1/);
    assert.match(byLine.get(4) ?? '', /unknown key 'priorities\.tracing_everything'; expected one of: function_entry_exit/);
    assert.match(byLine.get(6) ?? '', /expected one of: off, error, warning, information, hint/);
    assert.match(byLine.get(10) ?? '', /unknown key 'colour'/);
    assert.equal(problems.length, 4, JSON.stringify(problems));
    const config = analysisConfigFrom(settings);
    assert.equal(config.priorities.exception_handling.weight, defaultAnalysisConfig().priorities.exception_handling.weight);
    assert.equal(config.priorities.state_changes.enabled, false);
    assert.equal(config.rules['external-call'], 'off');
    assert.equal(config.rules['python.exception-handler'], undefined);
    assert.equal(config.minScore, 0.4);
  });

  it('reports YAML syntax errors and unsafe content without throwing', () => {
    const broken = parseWorkspaceConfig('priorities:\n  exception_handling: [unclosed\n', 'c.yaml');
    assert.ok(broken.problems.length && broken.problems[0].line >= 2, JSON.stringify(broken.problems));
    assert.deepEqual(broken.settings, {});
    const tagged = parseWorkspaceConfig('rules: !!js/function "function () {}"\n', 'c.yaml');
    assert.ok(tagged.problems.length, 'an unknown tag is reported');
    const top = parseWorkspaceConfig('- a\n- b\n', 'c.yaml');
    assert.match(top.problems[0].message, /mapping/);
    const huge = parseWorkspaceConfig('#'.repeat(300 * 1024), 'c.yaml');
    assert.match(huge.problems[0].message, /larger than/);
  });
});

describe('analyzer: real code (CPython stdlib)', () => {
  const stdlib = '/root/.pyenv/versions/3.11.7/lib/python3.11';
  for (const rel of ['smtplib.py', 'urllib/request.py', 'ftplib.py']) {
    it(rel, async function () {
      if (!fs.existsSync(path.join(stdlib, rel))) this.skip();
      const syntax = await parse(path.join(stdlib, rel));
      const analysis = analyzeFile(syntax, defaultAnalysisConfig());
      const priorities = new Set(analysis.recommendations.map((r) => r.priority));
      assert.ok(priorities.has('external_resource_interactions'), `no external I/O in ${rel}`);
      assert.ok(priorities.has('exception_handling'), `no exception handling in ${rel}`);
      const ids = analysis.recommendations.map((r) => r.id);
      assert.equal(new Set(ids).size, ids.length, 'ids are unique');
      for (const r of analysis.recommendations) assert.ok(r.rationale && r.spanName && r.line <= r.endLine, r.id);
    });
  }

  it('re-analyzing the same syntax with a memo (the fan-in changed) equals a fresh analysis', async function () {
    const file = path.join(stdlib, 'smtplib.py');
    if (!fs.existsSync(file)) this.skip();
    const syntax = await parse(file);
    const config = defaultAnalysisConfig();
    const memo = new AnalysisMemo();
    const first = analyzeFile(syntax, config, { memo });
    // The call graph now sees many callers of one function: its scores rise, the others' results are reused.
    const busy = first.recommendations[0].qualifiedName;
    const fanIn = (name: string) => (name === busy ? 40 : 0);
    const again = analyzeFile(syntax, config, { memo, fanIn });
    assert.deepEqual(again, analyzeFile(syntax, config, { fanIn }));
    assert.notDeepEqual(again.recommendations.filter((r) => r.qualifiedName === busy), first.recommendations.filter((r) => r.qualifiedName === busy));
  });
});

describe('analyze command', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-analyze-'));
  before(() => {
    fs.cpSync(path.join(fixturesDir, 'analysis', 'python'), path.join(dir, 'src'), { recursive: true });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the contract JSON', async () => {
    const io = fakeIO(dir);
    assert.equal(await runCli(['analyze', 'src', '--format', 'json'], io), 0, io.err);
    const report = JSON.parse(io.out);
    assert.equal(report.tool.name, 'trace-advisor');
    assert.deepEqual(Object.keys(report.usage).sort(), ['costUsd', 'inputTokens', 'llmRequests', 'outputTokens']);
    assert.equal(report.files[0].path, 'src/orders.py');
    assert.equal(report.files[0].language, 'python');
    const rec = report.files[0].recommendations[0];
    for (const key of ['id', 'rule', 'priority', 'function', 'qualifiedName', 'line', 'endLine', 'spanKind', 'score', 'rationale', 'capture', 'source']) assert.ok(key in rec, key);
    assert.equal(rec.source, 'rules');
    assert.ok(rec.qualifiedName.startsWith('orders.'));
    assert.ok(report.coverage.functions >= 1 && report.coverage.instrumented >= 1);
  });

  it('reads .trace-advisor.yaml, warns about its mistakes with the line, and still analyzes', async () => {
    fs.writeFileSync(path.join(dir, '.trace-advisor.yaml'), 'rules:\n  exception-handler: off\n  state-change: maybe\n');
    try {
      const io = fakeIO(dir);
      assert.equal(await runCli(['analyze', 'src', '--format', 'json'], io), 0, io.err);
      assert.match(io.err, /\.trace-advisor\.yaml:3:\d+: rules\.state-change is not allowed/);
      const rules = JSON.parse(io.out).files[0].recommendations.map((r: { rule: string }) => r.rule);
      assert.ok(!rules.includes('python.exception-handler') && rules.includes('python.state-change'));
    } finally {
      fs.rmSync(path.join(dir, '.trace-advisor.yaml'));
    }
  });

  it('exits 2 with one line for a missing path or an unreadable --config', async () => {
    for (const args of [['analyze', 'nowhere'], ['analyze', 'src', '--config', 'missing.yaml']]) {
      const io = fakeIO(dir);
      assert.equal(await runCli(args, io), 2);
      assert.equal(io.err.trim().split('\n').length, 1, io.err);
    }
  });

  it('exits 2 with one line for a --config that is not a YAML mapping or is binary; the same file found implicitly only warns', async () => {
    const broken = { 'unclosed.yaml': 'priorities: [exception_handling\n', 'list.yaml': '- a\n- b\n', 'binary.yaml': '\u0000\u0001\u00ff\u0000: \u0007\n\t- [' };
    try {
      for (const [name, text] of Object.entries(broken)) {
        fs.writeFileSync(path.join(dir, name), text);
        const io = fakeIO(dir);
        assert.equal(await runCli(['analyze', 'src', '--config', name, '--format', 'json'], io), 2, `${name}: ${io.err}`);
        assert.equal(io.err.trim().split('\n').length, 1, io.err);
        assert.match(io.err, new RegExp(`configuration ${name.replace('.', '\\.')} cannot be used \\(${name.replace('.', '\\.')}:\\d+:\\d+: `));
        assert.equal(io.out, '', 'no report from settings nobody chose');
      }
      fs.copyFileSync(path.join(dir, 'unclosed.yaml'), path.join(dir, '.trace-advisor.yaml'));
      const io = fakeIO(dir);
      assert.equal(await runCli(['analyze', 'src', '--format', 'json'], io), 0, io.err);
      assert.match(io.err, /warning: \.trace-advisor\.yaml:\d+:\d+: /);
      assert.ok(JSON.parse(io.out).files.length > 0);
    } finally {
      for (const name of [...Object.keys(broken), '.trace-advisor.yaml']) fs.rmSync(path.join(dir, name), { force: true });
    }
  });

  it('runs as the built command with text output', () => {
    const out = execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'analyze', 'src'], { cwd: dir, encoding: 'utf8' });
    assert.match(out, /src\/orders\.py:\d+ +\d\.\d\d +python\.external-call/);
    assert.match(out, /instrumentation coverage \d+ of \d+ functions/);
  });
});

// `analyze --llm …` through runCli in-process and through the built dist/cli.js, against the loopback server.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../../../src/cli/main';
import type { CliIO } from '../../../src/cli/io';
import { fixturesDir, repoRoot } from '../helpers';
import { FakeLlmServer, answerForShownFunction } from './fake-llm-server';

const KEY = 'sk-cli-SECRET-KEY-that-must-not-appear-42';

function fakeIO(cwd: string, env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, cwd, env };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

interface JsonRec { source: string; rule: string; qualifiedName: string; rationale: string }
interface JsonReport { files: { recommendations: JsonRec[] }[]; usage: { llmRequests: number; inputTokens: number; outputTokens: number; costUsd: number }; model?: { provider: string } }

describe('analyze --llm (command line)', function () {
  const server = new FakeLlmServer();
  let project: string;
  let cacheDir: string;

  before(async () => {
    await server.start();
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-llm-cli-'));
    fs.mkdirSync(path.join(project, 'shop'));
    fs.copyFileSync(path.join(fixturesDir, 'llm', 'orders.py'), path.join(project, 'shop', 'orders.py'));
  });
  after(async () => {
    await server.stop();
    fs.rmSync(project, { recursive: true, force: true });
  });
  beforeEach(() => {
    server.requests.length = 0;
    server.fallback = answerForShownFunction;
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-llm-cli-cache-'));
  });
  afterEach(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

  const llmArgs = () => ['--llm', 'openai-compatible', '--model', 'llama3.1', '--base-url', `${server.url}/v1`, '--cache-dir', cacheDir];

  it('adds AI recommendations merged with the rules, reports usage, and a second run is served from the cache', async () => {
    const first = fakeIO(project, { TRACE_ADVISOR_API_KEY: KEY });
    assert.equal(await runCli(['analyze', 'shop', '--format', 'json', ...llmArgs()], first.io), 0, first.stderr());
    const report = JSON.parse(first.stdout()) as JsonReport;
    const recs = report.files.flatMap((f) => f.recommendations);
    assert.ok(server.requests.length >= 2);
    assert.equal(report.usage.llmRequests, server.requests.length);
    assert.equal(report.usage.inputTokens, 1000 * server.requests.length);
    assert.equal(report.usage.costUsd, 0);
    assert.deepEqual(report.model, { provider: 'openai-compatible', name: 'llama3.1' });
    assert.ok(recs.some((r) => r.source === 'rules'), 'the rules still report');
    assert.ok(recs.some((r) => r.source === 'llm' || r.source === 'both'), 'the model added or confirmed some');
    const both = recs.find((r) => r.source === 'both');
    if (both) assert.match(both.rationale, / AI: An operation worth a span/);
    assert.equal(server.requests[0].headers.authorization, `Bearer ${KEY}`);
    assert.equal(first.stderr(), '');

    const requestsBefore = server.requests.length;
    const second = fakeIO(project, { TRACE_ADVISOR_API_KEY: KEY });
    assert.equal(await runCli(['analyze', 'shop', '--format', 'json', ...llmArgs()], second.io), 0);
    assert.equal(server.requests.length, requestsBefore, 'no request for unchanged code');
    const again = JSON.parse(second.stdout()) as JsonReport;
    assert.deepEqual(again.usage, { llmRequests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 });
    assert.deepEqual(again.files, report.files);
    for (const t of [first.stdout(), first.stderr(), second.stdout(), second.stderr()]) assert.ok(!t.includes(KEY));

    // `cache clear` empties that cache: the next run asks the model again.
    const cleared = fakeIO(project, {});
    assert.equal(await runCli(['cache', 'clear', '--cache-dir', cacheDir], cleared.io), 0, cleared.stderr());
    assert.match(cleared.stderr(), /^cache: removed [1-9]\d* cached AI answer\(s\) from /);
    const third = fakeIO(project, { TRACE_ADVISOR_API_KEY: KEY });
    assert.equal(await runCli(['analyze', 'shop', '--format', 'json', ...llmArgs()], third.io), 0);
    assert.equal(server.requests.length, 2 * requestsBefore, 'a cleared cache answers nothing');
    const wrong = fakeIO(project, {});
    assert.equal(await runCli(['cache', 'purge'], wrong.io), 2);
    assert.equal(wrong.stderr().trim().split('\n').length, 1);
  });

  it('a missing key is exit 2 with one line naming the variable', async () => {
    const run = fakeIO(project, {});
    assert.equal(await runCli(['analyze', 'shop', '--llm', 'openai'], run.io), 2);
    assert.equal(run.stderr().trim().split('\n').length, 1);
    assert.match(run.stderr(), /OPENAI_API_KEY/);
    assert.equal(server.requests.length, 0);
  });

  it('a failing provider never fails the run: rules results, one warning line, exit 0, no key', async () => {
    // Retry-After 0 keeps the real backoff (the CLI's own policy) from making the test wait.
    server.fallback = { status: 500, headers: { 'retry-after': '0' }, message: `upstream exploded; your key was ${KEY}` };
    const run = fakeIO(project, { TRACE_ADVISOR_API_KEY: KEY, TRACE_ADVISOR_BASE_URL: 'http://127.0.0.1:9/unused' });
    assert.equal(await runCli(['analyze', 'shop', '--format', 'json', ...llmArgs()], run.io), 0);
    const report = JSON.parse(run.stdout()) as JsonReport;
    assert.ok(report.files.flatMap((f) => f.recommendations).every((r) => r.source === 'rules'));
    assert.ok(report.files.flatMap((f) => f.recommendations).length > 0);
    assert.equal(report.usage.llmRequests, 0);
    const lines = run.stderr().trim().split('\n');
    assert.equal(lines.length, 1, run.stderr());
    assert.match(lines[0], /^trace-advisor: warning: AI .*HTTP 500.*; 0 of \d+ functions analyzed by AI/);
    assert.ok(!run.stderr().includes(KEY) && !run.stdout().includes(KEY));
  });

  it('a workspace configuration file cannot turn AI on or redirect the key', async () => {
    fs.writeFileSync(path.join(project, '.trace-advisor.yaml'), `ai.provider: openai\nai.baseUrl: ${server.url}/v1\n`);
    try {
      const run = fakeIO(project, { OPENAI_API_KEY: KEY });
      assert.equal(await runCli(['analyze', 'shop', '--format', 'json'], run.io), 0);
      assert.equal(server.requests.length, 0);
    } finally {
      fs.rmSync(path.join(project, '.trace-advisor.yaml'));
    }
  });

  it('the built dist/cli.js talks to an OpenAI-compatible server', async () => {
    const cli = path.join(repoRoot, 'dist', 'cli.js');
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, 'analyze', 'shop', '--format', 'json', ...llmArgs()], {
      cwd: project,
      env: { PATH: process.env.PATH, HOME: os.tmpdir(), TRACE_ADVISOR_API_KEY: KEY },
    });
    const report = JSON.parse(stdout) as JsonReport;
    assert.ok(report.usage.llmRequests > 0);
    assert.equal(report.usage.llmRequests, server.requests.length);
    assert.ok(report.files.flatMap((f) => f.recommendations).some((r) => r.source !== 'rules'));
    assert.ok(!stdout.includes(KEY) && !stderr.includes(KEY));
  });
});

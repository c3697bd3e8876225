// Safety (README "Reliability and safety"): with AI off nothing opens a socket; a hostile workspace — a YAML
// configuration with code tags, report and injection templates trying to reach the Function constructor or include
// /etc/passwd, a tsconfig.json pointing outside, Python and JavaScript files that write a marker when imported — is
// analyzed, graphed, injected and reported without anything in it being evaluated or anything outside it being read.
// Also covered elsewhere: secrets redacted (llm/llm-engine.test.ts "redact removes the run's secrets…", "an
// authentication error stops the run at once, redacted…"), YAML tags and size limit (analysis.test.ts "reports YAML
// syntax errors and unsafe content without throwing").
import assert from 'node:assert/strict';
import dns from 'node:dns';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/io';
import { repoRoot } from './helpers';

function fakeIO(cwd: string): CliIO & { out: string; err: string } {
  const io = { out: '', err: '', isTTY: false, cwd, env: {} as NodeJS.ProcessEnv, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

/** Records (and blocks) every way this process could reach the network while installed. */
class NetworkGuard {
  readonly attempts: string[] = [];
  private readonly restore: Array<() => void> = [];

  install(): void {
    const block = <T extends object, K extends keyof T>(owner: T, name: K, label: string) => {
      const original = owner[name];
      (owner as Record<K, unknown>)[name] = (...args: unknown[]) => {
        this.attempts.push(`${label}(${String(args[0] && typeof args[0] === 'object' ? JSON.stringify(args[0]).slice(0, 80) : args[0])})`);
        throw new Error(`network access blocked by the test: ${label}`);
      };
      this.restore.push(() => ((owner as Record<K, unknown>)[name] = original));
    };
    block(net.Socket.prototype, 'connect', 'net.Socket.connect');
    block(http, 'request', 'http.request');
    block(http, 'get', 'http.get');
    block(https, 'request', 'https.request');
    block(https, 'get', 'https.get');
    block(dns, 'lookup', 'dns.lookup');
    block(globalThis, 'fetch', 'fetch');
  }

  uninstall(): void {
    for (const r of this.restore.splice(0).reverse()) r();
  }
}

/** Records every file path this thread opens or reads while installed. */
class ReadRecorder {
  readonly paths = new Set<string>();
  private readonly restore: Array<() => void> = [];

  install(): void {
    const record = <T extends object, K extends keyof T>(owner: T, name: K) => {
      const original = owner[name] as unknown as (...args: unknown[]) => unknown;
      (owner as Record<K, unknown>)[name] = (...args: unknown[]) => {
        if (typeof args[0] === 'string') this.paths.add(path.resolve(args[0]));
        return original.apply(owner, args);
      };
      this.restore.push(() => ((owner as Record<K, unknown>)[name] = original));
    };
    record(fs, 'readFileSync');
    record(fs, 'openSync');
    record(fs, 'readFile');
    record(fs.promises, 'readFile');
    record(fs.promises, 'open');
  }

  uninstall(): void {
    for (const r of this.restore.splice(0).reverse()) r();
  }
}

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

describe('safety: a hostile workspace, with AI off', function () {
  this.timeout(120_000);
  let tmp: string;
  let ws: string;
  let marker: string;
  const guard = new NetworkGuard();
  const reads = new ReadRecorder();

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-hostile-'));
    ws = path.join(tmp, 'workspace');
    marker = path.join(tmp, 'EVALUATED');
    const writeMarker = (how: string) => `require('fs').writeFileSync('${marker}', '${how}')`;
    const pyMarker = (how: string) => `open('${marker}', 'w').write('${how}')`;
    write(ws, '.trace-advisor.yaml', [
      `exclude: !!js/function "function () { ${writeMarker('yaml function')} }"`,
      `analysis.minScore: !!js/eval "${writeMarker('yaml eval')}"`,
      'priorities:',
      '  exception_handling: { enabled: true, weight: 1 }',
      '',
    ].join('\n'));
    write(ws, 'report.njk', [
      `{{ range.constructor("return global.process.mainModule.require('fs').writeFileSync('${marker}', 'njk range')")() }}`,
      `{{ "".constructor.constructor("${writeMarker('njk string')}")() }}`,
      '{% include "/etc/passwd" %}',
      '',
    ].join('\n'));
    write(ws, 'templates.yaml', [
      'python:',
      '  function:',
      '    before: |',
      `      {{ "".constructor.constructor("${pyMarker('tpl')}")() }}`,
      '',
    ].join('\n'));
    write(ws, 'tsconfig.json', JSON.stringify({ extends: '../../../../../../etc/passwd', compilerOptions: { baseUrl: '../../../../../..', paths: { '*': ['/etc/*', '../../../../../../etc/*'] } } }));
    write(ws, 'pkg/__init__.py', `${pyMarker('python import')}\n\n\ndef hello():\n    return 1\n`);
    write(ws, 'setup.py', `${pyMarker('setup.py')}\n`);
    write(ws, 'conftest.py', `${pyMarker('conftest')}\n`);
    write(ws, 'pkg/service.py', 'import requests\nfrom pkg import hello\n\n\ndef fetch(url):\n    try:\n        return requests.get(url).json()\n    except ValueError:\n        return hello()\n');
    write(ws, 'index.js', `${writeMarker('js import')};\nimport passwd from 'passwd';\nexport function main() {\n  try {\n    return passwd.read();\n  } catch (e) {\n    return null;\n  }\n}\n`);
    write(ws, 'package.json', JSON.stringify({ name: 'hostile', scripts: { preinstall: writeMarker('npm script') } }));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  beforeEach(() => {
    guard.install();
    reads.install();
  });
  afterEach(() => {
    reads.uninstall();
    guard.uninstall();
  });

  it('the guard is real: it catches a request made through fetch and through http', async () => {
    await assert.rejects(async () => fetch('http://127.0.0.1:9/'), /network access blocked/);
    assert.throws(() => http.get('http://127.0.0.1:9/'), /network access blocked/);
    assert.equal(guard.attempts.length, 2);
    guard.attempts.length = 0;
  });

  const runs: Array<{ args: string[]; exit: number; err?: RegExp }> = [
    { args: ['analyze', '.', '--format', 'json', '--out', 'analysis.json'], exit: 0, err: /\.trace-advisor\.yaml:1:\d+: .*tag/i },
    { args: ['analyze', '.', '--format', 'sarif'], exit: 0 },
    { args: ['callgraph', '.'], exit: 0 },
    { args: ['calltree', 'index.js', '--entry', 'main', '--root', '.'], exit: 0 },
    { args: ['calltree', 'pkg/service.py', '--entry', 'fetch', '--root', '.', '--format', 'json'], exit: 0 },
    { args: ['inject', '.', '--dry-run'], exit: 0 },
    { args: ['inject', '.', '--dry-run', '--templates', 'templates.yaml'], exit: 0 },
    { args: ['report', 'analysis.json', '--template', 'report.njk'], exit: 2, err: /^trace-advisor: report: template report\.njk: .*templates cannot read 'constructor'\n$/ },
    { args: ['analyze', '.', '--format', 'md', '--template', 'report.njk'], exit: 2, err: /templates cannot read 'constructor'/ },
    { args: ['inject', '.'], exit: 0 },
  ];
  for (const run of runs) {
    it(`${run.args.join(' ')}: exit ${run.exit}, no network, nothing evaluated, nothing outside read`, async () => {
      const io = fakeIO(ws);
      assert.equal(await runCli(run.args, io), run.exit, io.err);
      if (run.err) assert.match(io.err, run.err);
      assert.doesNotMatch(io.err, /^\s+at /m, 'stack trace');
      assert.deepEqual(guard.attempts, []);
      assert.ok(!fs.existsSync(marker), `evaluated: ${fs.existsSync(marker) && fs.readFileSync(marker, 'utf8')}`);
      assert.doesNotMatch(io.out + io.err, /root:x:0:0/, '/etc/passwd leaked into the output');
      assert.ok([...reads.paths].some((p) => p.startsWith(ws + path.sep)), 'the read recorder saw no workspace file: it is not recording');
      const outside = [...reads.paths].filter((p) => !p.startsWith(ws + path.sep) && !p.startsWith(repoRoot + path.sep));
      assert.deepEqual(outside, [], 'read outside the workspace');
    });
  }

  it('the injected workspace holds no evaluated template text and still parses', () => {
    const service = fs.readFileSync(path.join(ws, 'pkg', 'service.py'), 'utf8');
    assert.match(service, /start_as_current_span/);
    assert.doesNotMatch(service, /constructor/);
  });
});

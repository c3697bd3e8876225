// Proof that injected Java still compiles and behaves the same. The OpenTelemetry Java API is not installable here,
// so the injected code compiles against a stand-in with the API's signatures (test/fixtures/injection/java-otel-stub,
// see README "Injection"); the program's output is compared before and after, and the stand-in counts spans.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ParserService } from '../../src/core/parsing';
import { fixturesDir } from './helpers';
import { injectTree } from './injection-support';

function javaFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.java')).map((f) => path.join(dir, f));
}

function compileAndRun(sources: string[], out: string): { stdout: string; stderr: string } {
  const javac = spawnSync('javac', ['-d', out, ...sources], { encoding: 'utf8' });
  assert.equal(javac.status, 0, `javac:\n${javac.stderr}`);
  const run = spawnSync('java', ['-cp', out, 'shop.Main'], { encoding: 'utf8' });
  assert.equal(run.status, 0, `java:\n${run.stderr}`);
  return run;
}

describe('injection proof: Java (fixture program, javac against an API stand-in)', function () {
  this.timeout(300_000);
  let work: string;
  before(function () {
    if (spawnSync('javac', ['-version']).status !== 0) {
      console.log('    skipped: no javac (apt-get install openjdk-17-jdk-headless)');
      this.skip();
    }
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'trace-advisor-inject-java-'));
  });
  after(() => work && fs.rmSync(work, { recursive: true, force: true }));

  it('compiles after injection and prints the same output, producing spans', async () => {
    const src = path.join(work, 'src');
    fs.cpSync(path.join(fixturesDir, 'injection', 'java', 'src'), src, { recursive: true });
    const before = compileAndRun(javaFiles(src), path.join(work, 'before'));

    const parser = new ParserService();
    try {
      const totals = await injectTree(parser, src, (f) => (f.endsWith('.java') ? 'java' : undefined), (rel) => rel.replace(/\.java$/, '').split(path.sep).join('.'));
      assert.ok(totals.applied >= 10, `only ${totals.applied} recommendations applied`);
    } finally {
      parser.dispose();
    }
    const ledger = fs.readFileSync(path.join(src, 'shop', 'Ledger.java'), 'utf8');
    assert.match(ledger, /private static final Tracer tracer = GlobalOpenTelemetry\.getTracer\("shop\.Ledger"\);/);
    assert.match(ledger, /try \(Scope scope = span\.makeCurrent\(\)\) \{/);
    // The constructor delegating to this(...) keeps it first: it is not wrapped.
    assert.match(ledger, /public Ledger\(\) \{\n {8}this\("EUR"\);\n {4}\}/);

    const after = compileAndRun([...javaFiles(src), ...javaFiles(path.join(fixturesDir, 'injection', 'java-otel-stub'))], path.join(work, 'after'));
    assert.equal(after.stdout, before.stdout);
    const m = /SPANS ended=(\d+) errors=(\d+) events=(\d+)/.exec(after.stderr);
    assert.ok(m, `no span summary in:\n${after.stderr}`);
    assert.ok(Number(m[1]) >= 10, `only ${m[1]} spans ended`);
    assert.ok(Number(m[2]) >= 1, 'no span recorded an error');
  });
});

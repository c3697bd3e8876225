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
import { everyInsertionPoint, injectText, injectTree } from './injection-support';

function javaFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.java')).map((f) => path.join(dir, f));
}

function compileAndRun(sources: string[], out: string, mainClass = 'shop.Main'): { stdout: string; stderr: string } {
  const javac = spawnSync('javac', ['-d', out, ...sources], { encoding: 'utf8' });
  assert.equal(javac.status, 0, `javac:\n${javac.stderr}`);
  const run = spawnSync('java', ['-cp', out, mainClass], { encoding: 'utf8' });
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

describe('injection: Java bodies whose first line is a comment', function () {
  this.timeout(300_000);
  const parser = new ParserService();
  let work: string;
  before(function () {
    if (spawnSync('javac', ['-version']).status !== 0) this.skip();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'trace-advisor-inject-java-comments-'));
  });
  after(() => {
    parser.dispose();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('indents the inserted lines like the first statement, compiles and prints the same', async () => {
    const source = fs.readFileSync(path.join(fixturesDir, 'injection', 'comment-first', 'Accounts.java'), 'utf8');
    const { text } = await injectText(parser, source, 'java', 'Accounts.java', 'Accounts', everyInsertionPoint);
    // The field goes at the members' indentation (8 here), not the comment's (0).
    assert.match(text, /public class Accounts \{\n {8}private static final Tracer tracer = GlobalOpenTelemetry\.getTracer\("Accounts"\);\n\/\/ Column 0/);
    assert.match(text, /public Accounts\(\) \{\n {8}\/\/[^\n]*\n {8}this\(0\);\n {4}\}/);
    assert.match(text, /public Accounts\(int opening\) \{\n {8}Span span = [^\n]*\n {8}try \(Scope scope = span\.makeCurrent\(\)\) \{\n {4}\/\/ Column 0[^\n]*\n {12}balances\.put/);
    assert.match(text, /\n {12}if \(amount == null\) \{\n {16}Span\.current\(\)\.addEvent\("branch"\);\n {4}\/\/ Column 0 in the branch\.\n/);
    assert.match(text, /catch \(NumberFormatException e\) \{ \/\/ a comment on the header line stays there\n {16}Span\.current\(\)\.recordException\(e\);\n/);
    // No statement: one indent unit inside the method (the signature's line is at 4).
    assert.match(text, /public void audit\(\) \{\n {8}Span span = /);

    const before = path.join(work, 'before');
    const after = path.join(work, 'after');
    fs.mkdirSync(before);
    fs.mkdirSync(after);
    fs.writeFileSync(path.join(before, 'Accounts.java'), source);
    fs.writeFileSync(path.join(after, 'Accounts.java'), text);
    const original = compileAndRun([path.join(before, 'Accounts.java')], path.join(work, 'classes-before'), 'Accounts');
    const injected = compileAndRun([path.join(after, 'Accounts.java'), ...javaFiles(path.join(fixturesDir, 'injection', 'java-otel-stub'))], path.join(work, 'classes-after'), 'Accounts');
    assert.equal(injected.stdout, original.stdout);
    // main, the delegated constructor, audit, balance ×2, parse ×2; parse("x")'s handler set the error; one branch event.
    assert.match(injected.stderr, /SPANS ended=7 errors=1 events=1\n/);
  });
});

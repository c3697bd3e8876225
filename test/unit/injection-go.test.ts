// Proof that injected Go still builds, vets and passes its tests: the fixture package test/fixtures/injection/go is
// injected and `go vet` / `go test` run against Debian's golang-opentelemetry-otel-dev sources, offline, through
// `replace` directives. An extra test file installs the OpenTelemetry SDK's in-memory exporter and prints the spans.
// Needs: apt-get install golang-go golang-opentelemetry-otel-dev (which brings golang-golang-x-sys-dev).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ParserService } from '../../src/core/parsing';
import { fixturesDir } from './helpers';
import { everyInsertionPoint, injectText, injectTree } from './injection-support';

const GOCODE = '/usr/share/gocode/src';
const OTEL = path.join(GOCODE, 'go.opentelemetry.io/otel');
const XSYS = path.join(GOCODE, 'golang.org/x/sys');

function unavailable(): string | undefined {
  if (spawnSync('go', ['version']).status !== 0) return 'no go toolchain (apt-get install golang-go)';
  if (!fs.existsSync(path.join(OTEL, 'go.mod'))) return `no ${OTEL} (apt-get install golang-opentelemetry-otel-dev)`;
  if (!fs.existsSync(path.join(XSYS, 'go.mod'))) return `no ${XSYS} (apt-get install golang-golang-x-sys-dev)`;
  return undefined;
}

const spansTest = `package inventory

import (
	"fmt"
	"os"
	"testing"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

func TestMain(m *testing.M) {
	exporter := tracetest.NewInMemoryExporter()
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSyncer(exporter)))
	code := m.Run()
	errored := 0
	for _, s := range exporter.GetSpans() {
		if s.Status.Code.String() == "Error" {
			errored++
		}
	}
	fmt.Printf("SPANS %d ERRORED %d\\n", len(exporter.GetSpans()), errored)
	os.Exit(code)
}
`;

/** Module stubs: Debian ships otel as one tree (no nested go.mod), and its go.mod names modules only its tests use. */
function offlineGoMod(work: string): string {
  const stub = (module: string) => {
    const dir = path.join(work, 'stubs', module.replace(/\//g, '_'));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'go.mod'), `module ${module}\n`);
    return dir;
  };
  return [
    'require (',
    '\tgo.opentelemetry.io/otel v1.1.0',
    '\tgo.opentelemetry.io/otel/trace v1.1.0',
    '\tgolang.org/x/sys v0.0.0',
    ')',
    `replace go.opentelemetry.io/otel => ${OTEL}`,
    `replace go.opentelemetry.io/otel/trace => ${stub('go.opentelemetry.io/otel/trace')}`,
    `replace golang.org/x/sys => ${XSYS}`,
    `replace github.com/google/go-cmp => ${stub('github.com/google/go-cmp')}`,
    `replace github.com/stretchr/testify => ${stub('github.com/stretchr/testify')}`,
    '',
  ].join('\n');
}

describe('injection proof: Go (fixture package against Debian golang-opentelemetry-otel-dev)', function () {
  this.timeout(300_000);
  const reason = unavailable();
  let work: string;
  before(function () {
    if (reason) {
      console.log(`    skipped: ${reason}`);
      this.skip();
    }
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'trace-advisor-inject-go-'));
  });
  after(() => work && fs.rmSync(work, { recursive: true, force: true }));

  it('vets and passes its tests after injection, and produces spans', async () => {
    const pkg = path.join(work, 'inventory');
    fs.cpSync(path.join(fixturesDir, 'injection', 'go'), pkg, { recursive: true });
    const env = { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local', GOCACHE: path.join(work, 'cache'), GOPATH: path.join(work, 'gopath') };
    const before = spawnSync('go', ['test', './...'], { cwd: pkg, env, encoding: 'utf8' });
    assert.equal(before.status, 0, `the fixture's own tests fail:\n${before.stdout}${before.stderr}`);

    const parser = new ParserService();
    try {
      const totals = await injectTree(parser, pkg, (f) => (f.endsWith('.go') ? 'go' : undefined), () => 'example.com/inventory');
      assert.ok(totals.applied >= 8, `only ${totals.applied} recommendations applied`);
    } finally {
      parser.dispose();
    }
    const source = fs.readFileSync(path.join(pkg, 'inventory.go'), 'utf8');
    assert.match(source, /ctx, span := otel\.Tracer\("example\.com\/inventory"\)\.Start\(ctx, "Store\.Reserve"\)\n\tdefer span\.End\(\)/);
    assert.match(source, /span\.RecordError\(err\)\n\t\tspan\.SetStatus\(codes\.Error, err\.Error\(\)\)/);
    assert.match(source, /_, span := otel\.Tracer\("example\.com\/inventory"\)\.Start\(context\.Background\(\), "normalize"\)/);
    // An inline route handler gets a server span named after its route.
    assert.match(fs.readFileSync(path.join(pkg, 'routes.go'), 'utf8'), /mux\.HandleFunc\("\/report", func\(w http\.ResponseWriter, r \*http\.Request\) \{\n\t\t_, span := otel\.Tracer\("example\.com\/inventory"\)\.Start\(context\.Background\(\), "HTTP \/report"\)\n\t\tdefer span\.End\(\)\n/);

    fs.appendFileSync(path.join(pkg, 'go.mod'), `\n${offlineGoMod(work)}`);
    fs.writeFileSync(path.join(pkg, 'zz_spans_test.go'), spansTest);
    const vet = spawnSync('go', ['vet', './...'], { cwd: pkg, env, encoding: 'utf8' });
    assert.equal(vet.status, 0, `go vet:\n${vet.stdout}${vet.stderr}`);
    const test = spawnSync('go', ['test', '-v', './...'], { cwd: pkg, env, encoding: 'utf8' });
    assert.equal(test.status, 0, `go test:\n${test.stdout}${test.stderr}`);
    const m = /SPANS (\d+) ERRORED (\d+)/.exec(test.stdout);
    assert.ok(m, `no span summary in:\n${test.stdout}`);
    assert.ok(Number(m[1]) >= 5, `only ${m[1]} spans`);
    assert.ok(Number(m[2]) >= 1, 'no span recorded an error');
  });
});

describe('injection: Go bodies whose first line is a comment', function () {
  this.timeout(300_000);
  const dir = path.join(fixturesDir, 'injection', 'comment-first');
  const source = fs.readFileSync(path.join(dir, 'ledger.go'), 'utf8');
  const expected = fs.readFileSync(path.join(dir, 'ledger.expected.go'), 'utf8');
  const parser = new ParserService();
  after(() => parser.dispose());

  it('indents the inserted lines like the first statement, in LF and CRLF files', async () => {
    const lf = await injectText(parser, source, 'go', 'ledger.go', 'example.com/ledger', everyInsertionPoint);
    assert.equal(lf.text, expected);
    const crlf = await injectText(parser, source.replace(/\n/g, '\r\n'), 'go', 'ledger.go', 'example.com/ledger', everyInsertionPoint);
    assert.equal(crlf.text, expected.replace(/\n/g, '\r\n'));
  });

  it('builds and vets the injected file', async function () {
    const reason = unavailable();
    if (reason) return this.skip();
    const { text } = await injectText(parser, source, 'go', 'ledger.go', 'example.com/ledger', everyInsertionPoint);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'trace-advisor-inject-go-comments-'));
    try {
      const pkg = path.join(work, 'ledger');
      fs.mkdirSync(pkg);
      fs.writeFileSync(path.join(pkg, 'go.mod'), `module example.com/ledger\n\ngo 1.19\n\n${offlineGoMod(work)}`);
      fs.writeFileSync(path.join(pkg, 'ledger.go'), text);
      const env = { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local', GOCACHE: path.join(work, 'cache'), GOPATH: path.join(work, 'gopath') };
      const vet = spawnSync('go', ['vet', './...'], { cwd: pkg, env, encoding: 'utf8' });
      assert.equal(vet.status, 0, `go vet:\n${vet.stdout}${vet.stderr}`);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});

// Go code outside the workspace's own packages, against real sources nobody here wrote (the OpenTelemetry Go API and
// Masterminds/semver from Debian's /usr/share/gocode): a vendor/ tree is library code reached through the vendor
// lookup, in the CLI as in the extension, never a second copy of workspace code; a module cache (`<module>@<version>`
// directories, upper case escaped as `!x`) resolves imports in the version go.mod requires, else the highest.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CliIO } from '../../src/cli/io';
import { runCli } from '../../src/cli/main';
import { WorkspaceIndex, type CallTarget, type CallTreeNode } from '../../src/core/callgraph';
import { compareSemver, goModRequirements } from '../../src/core/callgraph/resolvers/go-packages';
import { RecordingLogger } from '../../src/core/log';
import { loadWorkspace } from '../../src/core/workspace';
import { repoRoot } from './helpers';

const gocode = '/usr/share/gocode/src';
const otelDir = path.join(gocode, 'go.opentelemetry.io', 'otel');
const semverDir = path.join(gocode, 'github.com', 'Masterminds', 'semver');

function writeTree(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
}

/** Copies a package's .go files (tests left behind, as `go mod vendor` does) and, when asked, its go.mod. */
function copyPackage(from: string, to: string, withGoMod = false): void {
  fs.mkdirSync(to, { recursive: true });
  for (const n of fs.readdirSync(from)) {
    if ((n.endsWith('.go') && !n.endsWith('_test.go')) || (withGoMod && n === 'go.mod')) fs.copyFileSync(path.join(from, n), path.join(to, n));
  }
}

function skipWithReason(ctx: Mocha.Context, reason: string): void {
  console.log(`    skipped: ${reason}`);
  ctx.skip();
}

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, cwd, env: {} };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

function targetsOf(index: WorkspaceIndex, caller: string, callee: string): CallTarget[] {
  const calls = index.callees(caller).filter((c) => c.call.callee === callee);
  assert.ok(calls.length, `${caller} makes no call ${callee}; calls: ${index.callees(caller).map((c) => c.call.callee).join(', ')}`);
  return calls.flatMap((c) => c.targets);
}

const goMain = `package main

import (
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

func run(name string) {
	tracer := otel.Tracer("app")
	tracer.Start(nil, name)
	trace.SpanFromContext(nil)
}
`;

describe('Go vendor/ as library code', () => {
  let tmp: string;
  let app: string;
  before(function () {
    if (!fs.existsSync(path.join(otelDir, 'trace.go'))) skipWithReason(this, `no ${otelDir} (apt-get install golang-opentelemetry-otel-dev)`);
  });
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-govendor-'));
    app = path.join(tmp, 'app');
    writeTree(app, {
      'go.mod': 'module example.com/app\n\ngo 1.19\n\nrequire go.opentelemetry.io/otel v1.1.0\n',
      'main.go': goMain,
      'vendor/modules.txt': '# go.opentelemetry.io/otel v1.1.0\n## explicit\ngo.opentelemetry.io/otel\ngo.opentelemetry.io/otel/trace\n',
    });
    copyPackage(otelDir, path.join(app, 'vendor', 'go.opentelemetry.io', 'otel'));
    copyPackage(path.join(otelDir, 'trace'), path.join(app, 'vendor', 'go.opentelemetry.io', 'otel', 'trace'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('callgraph (in-process) lists vendored packages once, as callees named by import path, not as workspace functions', async () => {
    const { code, stdout, stderr } = await cli(['callgraph', '.'], app);
    assert.equal(code, 0, stderr);
    const graph = JSON.parse(stdout) as Record<string, string[]>;
    assert.deepEqual(Object.keys(graph).filter((k) => k.includes('vendor') || k.startsWith('go.opentelemetry.io')), []);
    assert.deepEqual(Object.keys(graph), ['example.com/app', 'example.com/app.run']);
    // The vendored library resolved the call and the interface it returns (trace.Tracer, implemented by the vendored
    // noopTracer).
    assert.deepEqual(graph['example.com/app.run'], ['go.opentelemetry.io/otel.Tracer', 'go.opentelemetry.io/otel/trace.SpanFromContext', 'go.opentelemetry.io/otel/trace.noopTracer.Start']);
    // --exclude still adds to the default excludes.
    const excluded = await cli(['callgraph', '.', '--exclude', 'main.go'], app);
    assert.deepEqual(JSON.parse(excluded.stdout), {});
  });

  it('calltree (in-process) shows vendored callees as library nodes in vendor/', async () => {
    const { code, stdout, stderr } = await cli(['calltree', 'main.go', '--entry', 'run', '--depth', '1', '--format', 'json'], app);
    assert.equal(code, 0, stderr);
    const tree = JSON.parse(stdout) as CallTreeNode;
    const tracer = tree.children.find((c) => c.qualifiedName === 'go.opentelemetry.io/otel.Tracer');
    assert.deepEqual(tracer && [tracer.kind, tracer.library, tracer.file], ['function', true, path.join(app, 'vendor', 'go.opentelemetry.io', 'otel', 'trace.go')]);
  });

  it('callgraph through the built dist/cli.js gives the same graph', async function () {
    const bundle = path.join(repoRoot, 'dist', 'cli.js');
    if (!fs.existsSync(bundle)) return skipWithReason(this, 'dist/cli.js not built (node scripts/build.mjs)');
    const out = execFileSync(process.execPath, [bundle, 'callgraph', app, '--format', 'json'], { cwd: tmp, encoding: 'utf8' });
    const inProcess = await cli(['callgraph', '.'], app);
    assert.deepEqual(JSON.parse(out), JSON.parse(inProcess.stdout));
    assert.ok(!out.includes('/vendor/'), out);
  });

  it('names vendored files by their import path when vendor/ is indexed after all, so nothing is loaded twice', async () => {
    const ws = await loadWorkspace(app, { workerThreshold: Infinity });
    assert.ok(ws.files.some((f) => f.path === 'vendor/go.opentelemetry.io/otel/trace.go'));
    assert.equal(ws.layout.moduleName('vendor/go.opentelemetry.io/otel/trace/noop.go'), 'go.opentelemetry.io/otel/trace');
    assert.equal(ws.layout.moduleName('main.go'), 'example.com/app');
    const index = await WorkspaceIndex.build(ws.files, ws.layout, { logger: new RecordingLogger() });
    assert.equal(index.size.libraryFiles, 0);
    assert.equal(index.definition('go.opentelemetry.io/otel.Tracer')?.file, 'vendor/go.opentelemetry.io/otel/trace.go');
    assert.deepEqual(targetsOf(index, 'example.com/app.run', 'otel.Tracer'), [{ kind: 'internal', qualifiedName: 'go.opentelemetry.io/otel.Tracer' }]);
    assert.equal(index.allDefinitions().filter((d) => d.qualifiedName.includes('/vendor/')).length, 0);
    index.dispose();
  });
});

describe('Go module cache as a search path', () => {
  let tmp: string;
  let app: string;
  let cache: string;
  const otelVersions = ['v1.9.0', 'v1.10.0'];
  before(function () {
    if (!fs.existsSync(path.join(otelDir, 'trace.go'))) skipWithReason(this, `no ${otelDir} (apt-get install golang-opentelemetry-otel-dev)`);
    if (!fs.existsSync(path.join(semverDir, 'version.go'))) skipWithReason(this, `no ${semverDir} (apt-get install golang-github-masterminds-semver-dev)`);
  });
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-gomodcache-'));
    app = path.join(tmp, 'app');
    cache = path.join(tmp, 'gopath', 'pkg', 'mod');
    // The layout `go mod download` leaves: one directory per module version, trace both inside otel (as Debian ships
    // it) and as its own module, which is the longer module path and wins.
    for (const v of otelVersions) {
      copyPackage(otelDir, path.join(cache, 'go.opentelemetry.io', `otel@${v}`), true);
      copyPackage(path.join(otelDir, 'trace'), path.join(cache, 'go.opentelemetry.io', `otel@${v}`, 'trace'));
    }
    copyPackage(path.join(otelDir, 'trace'), path.join(cache, 'go.opentelemetry.io', 'otel', 'trace@v1.9.0'));
    for (const v of ['v3.1.1', 'v3.2.0']) copyPackage(semverDir, path.join(cache, 'github.com', '!masterminds', 'semver', `v3@${v}`), true);
    fs.mkdirSync(path.join(cache, 'cache', 'download', 'go.opentelemetry.io', 'otel', '@v'), { recursive: true });
    writeTree(app, {
      'main.go': goMain,
      'ver/ver.go': 'package ver\n\nimport "github.com/Masterminds/semver/v3"\n\nfunc Parse(s string) {\n\tsemver.NewVersion(s)\n}\n',
    });
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  async function indexWith(goMod: string, searchPaths: string[]): Promise<WorkspaceIndex> {
    fs.writeFileSync(path.join(app, 'go.mod'), goMod);
    const ws = await loadWorkspace(app, { workerThreshold: Infinity });
    return WorkspaceIndex.build(ws.files, ws.layout, { searchPaths, logger: new RecordingLogger() });
  }
  const otelFile = (version: string, ...rest: string[]) => path.join(cache, 'go.opentelemetry.io', `otel@${version}`, ...rest);

  it('resolves into the version go.mod requires, names library code by import path, and unescapes upper case', async () => {
    const index = await indexWith('module example.com/app\n\ngo 1.19\n\nrequire (\n\tgithub.com/Masterminds/semver/v3 v3.1.1 // indirect\n\tgo.opentelemetry.io/otel v1.9.0\n)\n', [cache]);
    assert.deepEqual(targetsOf(index, 'example.com/app.run', 'otel.Tracer'), [{ kind: 'internal', qualifiedName: 'go.opentelemetry.io/otel.Tracer' }]);
    assert.equal(index.definition('go.opentelemetry.io/otel.Tracer')?.file, otelFile('v1.9.0', 'trace.go'));
    assert.equal(index.definition('go.opentelemetry.io/otel.Tracer')?.library, true);
    assert.equal(index.definition('go.opentelemetry.io/otel/trace.SpanFromContext')?.file, path.join(cache, 'go.opentelemetry.io', 'otel', 'trace@v1.9.0', 'context.go'));
    // Inside the cached package, calls resolve like workspace ones.
    assert.deepEqual(targetsOf(index, 'go.opentelemetry.io/otel.Tracer', 'GetTracerProvider'), [{ kind: 'internal', qualifiedName: 'go.opentelemetry.io/otel.GetTracerProvider' }]);
    assert.deepEqual(targetsOf(index, 'example.com/app/ver.Parse', 'semver.NewVersion'), [{ kind: 'internal', qualifiedName: 'github.com/Masterminds/semver/v3.NewVersion' }]);
    assert.equal(index.definition('github.com/Masterminds/semver/v3.NewVersion')?.file, path.join(cache, 'github.com', '!masterminds', 'semver', 'v3@v3.1.1', 'version.go'));
    assert.equal(index.allDefinitions().filter((d) => d.qualifiedName.includes('@') || d.qualifiedName.includes('!')).length, 0);
    index.dispose();
  });

  it('takes the highest version when go.mod requires none, or one the cache lacks; a GOPATH finds its pkg/mod', async () => {
    for (const [goMod, searchPath] of [
      ['module example.com/app\n', cache],
      ['module example.com/app\n\nrequire go.opentelemetry.io/otel v1.8.0\n', path.join(tmp, 'gopath')],
    ]) {
      const index = await indexWith(goMod, [searchPath]);
      assert.equal(index.definition('go.opentelemetry.io/otel.Tracer')?.file, otelFile('v1.10.0', 'trace.go'), `${goMod} via ${searchPath}`);
      assert.equal(index.definition('github.com/Masterminds/semver/v3.NewVersion')?.file, path.join(cache, 'github.com', '!masterminds', 'semver', 'v3@v3.2.0', 'version.go'));
      index.dispose();
    }
  });

  it('calltree --search-path (in-process) shows module cache callees as library nodes', async () => {
    fs.writeFileSync(path.join(app, 'go.mod'), 'module example.com/app\n\nrequire go.opentelemetry.io/otel v1.9.0\n');
    const { code, stdout, stderr } = await cli(['calltree', 'main.go', '--entry', 'run', '--depth', '2', '--search-path', cache, '--format', 'json'], app);
    assert.equal(code, 0, stderr);
    const tree = JSON.parse(stdout) as CallTreeNode;
    const tracer = tree.children.find((c) => c.qualifiedName === 'go.opentelemetry.io/otel.Tracer');
    assert.deepEqual(tracer && [tracer.kind, tracer.library, tracer.file], ['function', true, otelFile('v1.9.0', 'trace.go')]);
    assert.ok(tracer!.children.some((c) => c.qualifiedName === 'go.opentelemetry.io/otel.GetTracerProvider' && c.library));
  });

  it('orders versions as semantic versions and reads go.mod require lines and blocks', () => {
    const sorted = ['v1.10.0', 'v1.9.0', 'v1.10.0-rc.1', 'v1.10.0-beta.2', 'v1.10.0-beta.11', 'v0.0.0-20230101000000-abcdef123456', 'v2.0.0+incompatible', 'latest'];
    assert.deepEqual(sorted.sort(compareSemver), ['latest', 'v0.0.0-20230101000000-abcdef123456', 'v1.9.0', 'v1.10.0-beta.2', 'v1.10.0-beta.11', 'v1.10.0-rc.1', 'v1.10.0', 'v2.0.0+incompatible']);
    const goMod = 'module m\n\nrequire golang.org/x/sys v0.3.0 // indirect\nrequire (\n\t"gopkg.in/yaml.v2" v2.4.0\n\t// a comment\n)\nreplace golang.org/x/sys => ../sys\n';
    assert.deepEqual([...goModRequirements(goMod)], [['golang.org/x/sys', 'v0.3.0'], ['gopkg.in/yaml.v2', 'v2.4.0']]);
  });
});

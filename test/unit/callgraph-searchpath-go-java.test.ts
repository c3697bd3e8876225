// Search paths for Go and Java against real code nobody here wrote: Debian's Go standard library sources, the
// OpenTelemetry Go API from golang-opentelemetry-otel-dev, and the JDK's own sources (src.zip). Imports resolve into
// them as library nodes; only what the workspace imports (or names, for Java) is parsed; earlier paths win; the
// workspace's vendor/ comes first for Go; the persisted index keeps them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/io';
import { WorkspaceIndex, buildCallTree, type CallTarget, type CallTreeNode } from '../../src/core/callgraph';
import { evaluateConstraint } from '../../src/core/callgraph/resolvers/go-packages';
import { RecordingLogger } from '../../src/core/log';
import { loadWorkspace } from '../../src/core/workspace';
import { repoRoot } from './helpers';

/** GOROOT of an installed Go source tree (its `src/strings` holds the package), if any. */
function findGoRoot(): string | undefined {
  for (const parent of ['/usr/share', '/usr/lib']) {
    let names: string[] = [];
    try {
      names = fs.readdirSync(parent).filter((n) => /^go-\d/.test(n)).sort().reverse();
    } catch {
      continue;
    }
    for (const n of names) if (fs.existsSync(path.join(parent, n, 'src', 'strings', 'strings.go'))) return path.join(parent, n);
  }
  return undefined;
}

const goRoot = findGoRoot();
const goPath = '/usr/share/gocode';
const otelDir = path.join(goPath, 'src', 'go.opentelemetry.io', 'otel');
const jdkSources = '/usr/lib/jvm/java-17-openjdk-amd64/lib/src.zip';

function writeTree(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
}

async function indexOf(root: string, searchPaths: string[], logger = new RecordingLogger()): Promise<WorkspaceIndex> {
  // The extension's default excludes leave vendor/ out of the workspace, as here.
  const ws = await loadWorkspace(root, { workerThreshold: Infinity, exclude: ['**/vendor/**'] });
  assert.deepEqual(ws.skipped, []);
  return WorkspaceIndex.build(ws.files, ws.layout, { searchPaths, logger });
}

function targetsOf(index: WorkspaceIndex, caller: string, callee: string): CallTarget[] {
  const calls = index.callees(caller).filter((c) => c.call.callee === callee);
  assert.ok(calls.length, `${caller} makes no call ${callee}; calls: ${index.callees(caller).map((c) => c.call.callee).join(', ')}`);
  return calls.flatMap((c) => c.targets);
}

function libraryFiles(index: WorkspaceIndex): string[] {
  return [...new Set(index.allDefinitions().filter((d) => d.library).map((d) => d.file))].sort();
}

function skipWithReason(ctx: Mocha.Context, reason: string): void {
  console.log(`    skipped: ${reason}`);
  ctx.skip();
}

const goMain = `package main

import (
	"os"
	"strings"

	"go.opentelemetry.io/otel"
)

func run(name string) string {
	tracer := otel.Tracer("app")
	tracer.Start(nil, name)
	os.Executable()
	return strings.ToUpper(strings.TrimSpace(name))
}
`;

describe('Go search paths and vendor/', () => {
  let tmp: string;
  before(function () {
    if (!goRoot) skipWithReason(this, 'no Go sources in /usr/share/go-*/src (apt-get install golang-go)');
    if (!fs.existsSync(path.join(otelDir, 'trace.go'))) skipWithReason(this, `no ${otelDir} (apt-get install golang-opentelemetry-otel-dev)`);
  });
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-gosp-'));
    writeTree(tmp, { 'app/go.mod': 'module example.com/app\n\ngo 1.19\n', 'app/main.go': goMain });
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('resolves the standard library (GOROOT) and otel (GOPATH) as library nodes, parsing only the imported packages', async () => {
    const index = await indexOf(path.join(tmp, 'app'), [goRoot!, goPath]);
    const tree = buildCallTree(index, 'example.com/app.run', { depth: 1 })!;
    const node = (q: string) => tree.children.find((c) => c.qualifiedName === q);
    assert.equal(node('go.opentelemetry.io/otel.Tracer')?.library, true);
    assert.equal(node('go.opentelemetry.io/otel.Tracer')?.file, path.join(otelDir, 'trace.go'));
    assert.equal(node('strings.ToUpper')?.file, path.join(goRoot!, 'src', 'strings', 'strings.go'));
    assert.equal(node('strings.TrimSpace')?.kind, 'function');
    assert.equal(node('os.Executable')?.library, true);
    // What the otel call returns is an interface of a package the workspace does not import: named, not parsed.
    assert.deepEqual(targetsOf(index, 'example.com/app.run', 'tracer.Start'), [{ kind: 'external', name: 'go.opentelemetry.io/otel/trace.Tracer.Start' }]);

    // Inside a library package, calls resolve like workspace ones; calls out of it stay external.
    assert.ok(targetsOf(index, 'strings.ToUpper', 'b.Grow').some((t) => t.kind === 'internal' && t.qualifiedName === 'strings.Builder.Grow'));
    assert.deepEqual(targetsOf(index, 'go.opentelemetry.io/otel.Tracer', 'GetTracerProvider'), [{ kind: 'internal', qualifiedName: 'go.opentelemetry.io/otel.GetTracerProvider' }]);
    assert.deepEqual(targetsOf(index, 'go.opentelemetry.io/otel.Tracer', 'GetTracerProvider().Tracer'), [
      { kind: 'external', name: 'go.opentelemetry.io/otel/trace.TracerProvider.Tracer' },
    ]);

    // Only the imported packages' directories were read (no tests among them), and those of the types their
    // structs embed: os embeds io.Writer and sync.Mutex, whose methods are promoted.
    const dirs = new Set(libraryFiles(index).map((f) => path.dirname(f)));
    const std = (p: string) => path.join(goRoot!, 'src', p);
    assert.deepEqual([...dirs].sort(), [std('io'), std('os'), std('strings'), std('sync'), otelDir].sort());
    assert.ok(libraryFiles(index).every((f) => !f.endsWith('_test.go')));
    assert.equal(index.definition('go.opentelemetry.io/otel/trace.SpanFromContext'), undefined, 'otel/trace is not imported by the workspace');
    const otelSources = fs.readdirSync(otelDir).filter((n) => n.endsWith('.go') && !n.endsWith('_test.go'));
    assert.equal(libraryFiles(index).filter((f) => path.dirname(f) === otelDir).length, otelSources.length);
    index.dispose();
  });

  it('reads only the files built for the host: file-name suffixes and //go:build lines', async function () {
    if (process.platform !== 'linux' || process.arch !== 'x64') return skipWithReason(this, 'expectations written for linux/amd64');
    const index = await indexOf(path.join(tmp, 'app'), [goRoot!]);
    const osFiles = libraryFiles(index).filter((f) => path.dirname(f).endsWith(`${path.sep}os`)).map((f) => path.basename(f));
    assert.ok(osFiles.includes('file_unix.go') && osFiles.includes('stat_linux.go'));
    assert.deepEqual(osFiles.filter((f) => /_(windows|plan9|darwin|aix)\.go$/.test(f)), []);
    // executable_path.go (`//go:build aix || openbsd`) sorts first and defines executable() too: it must not win.
    assert.ok(!osFiles.includes('executable_path.go') && !osFiles.includes('readfrom_stub.go'));
    assert.equal(path.basename(index.definition('os.executable')!.file), 'executable_procfs.go');
    assert.deepEqual(targetsOf(index, 'os.Executable', 'executable'), [{ kind: 'internal', qualifiedName: 'os.executable' }]);
    assert.equal(evaluateConstraint('linux && (amd64 || arm64) && !windows'), true);
    assert.equal(evaluateConstraint('unix && go1.18 && !purego'), true);
    assert.equal(evaluateConstraint('linux &&'), undefined, 'an expression it cannot read');
    index.dispose();
  });

  it('lets the earlier search path win, a package being one directory', async () => {
    const shadow = path.join(tmp, 'shadow');
    writeTree(shadow, { 'strings/upper.go': 'package strings\n\nfunc ToUpper(s string) string { return s }\n\nfunc TrimSpace(s string) string { return s }\n' });
    const first = await indexOf(path.join(tmp, 'app'), [shadow, goRoot!, goPath]);
    assert.equal(first.definition('strings.ToUpper')?.file, path.join(shadow, 'strings', 'upper.go'));
    assert.equal(first.definition('strings.Builder.Grow'), undefined, 'the GOROOT package is not merged in');
    first.dispose();
    const last = await indexOf(path.join(tmp, 'app'), [goRoot!, shadow, goPath]);
    assert.equal(last.definition('strings.ToUpper')?.file, path.join(goRoot!, 'src', 'strings', 'strings.go'));
    last.dispose();
  });

  it("uses the workspace's vendor/ first, with or without search paths", async () => {
    const vendored = path.join(tmp, 'app', 'vendor', 'go.opentelemetry.io', 'otel');
    fs.mkdirSync(vendored, { recursive: true });
    for (const n of fs.readdirSync(otelDir)) if (n.endsWith('.go')) fs.copyFileSync(path.join(otelDir, n), path.join(vendored, n));
    for (const searchPaths of [[], [goPath]]) {
      const index = await indexOf(path.join(tmp, 'app'), searchPaths);
      assert.deepEqual(targetsOf(index, 'example.com/app.run', 'otel.Tracer'), [{ kind: 'internal', qualifiedName: 'go.opentelemetry.io/otel.Tracer' }]);
      assert.equal(index.definition('go.opentelemetry.io/otel.Tracer')?.file, path.join(vendored, 'trace.go'), `search paths ${searchPaths.join()}`);
      assert.equal(index.definition('go.opentelemetry.io/otel.Tracer')?.library, true);
      assert.deepEqual(targetsOf(index, 'example.com/app.run', 'strings.ToUpper'), [{ kind: 'external', name: 'strings.ToUpper' }], 'not vendored, not in a search path');
      index.dispose();
    }
  });

  it('keeps library packages in the persisted index, and looks them up again when the search paths change', async () => {
    const root = path.join(tmp, 'app');
    const index = await indexOf(root, [goRoot!, goPath]);
    const file = path.join(tmp, 'index.json');
    index.serialize(file);
    const loaded = WorkspaceIndex.load(file, { root, searchPaths: [goRoot!, goPath] })!;
    assert.equal(loaded.size.libraryFiles, index.size.libraryFiles);
    await loaded.loadLibraries();
    assert.equal(loaded.size.libraryFiles, index.size.libraryFiles, 'nothing re-parsed');
    assert.deepEqual(loaded.callees('example.com/app.run').map((c) => c.targets), index.callees('example.com/app.run').map((c) => c.targets));
    const otherPaths = WorkspaceIndex.load(file, { root, searchPaths: [goPath] })!;
    assert.equal(otherPaths.size.libraryFiles, 0);
    await otherPaths.loadLibraries();
    assert.equal(otherPaths.definition('go.opentelemetry.io/otel.Tracer')?.library, true);
    assert.equal(otherPaths.definition('strings.ToUpper'), undefined);
    for (const i of [index, loaded, otherPaths]) i.dispose();
  });

  it('warns once about a search path that is not a directory and resolves through the others', async () => {
    const logger = new RecordingLogger();
    const missing = path.join(tmp, 'no-such-dir');
    const index = await indexOf(path.join(tmp, 'app'), [missing, goRoot!], logger);
    assert.equal(logger.lines.filter((l) => l.level === 'warn' && l.message.includes(missing)).length, 1, logger.text());
    assert.match(logger.text(), /is not a directory: no imports are resolved through it/);
    assert.equal(index.definition('strings.ToUpper')?.library, true);
    await index.loadLibraries();
    assert.equal(logger.lines.filter((l) => l.level === 'warn').length, 1, 'not repeated on updates');
    index.dispose();
  });

  it('calltree --search-path through the built CLI shows library nodes', function () {
    const cli = path.join(repoRoot, 'dist', 'cli.js');
    if (!fs.existsSync(cli)) return skipWithReason(this, 'dist/cli.js not built (node scripts/build.mjs)');
    const root = path.join(tmp, 'app');
    const out = execFileSync(process.execPath, [cli, 'calltree', 'main.go', '--entry', 'run', '--depth', '1', '--search-path', goRoot!, '--search-path', goPath, '--format', 'json'], { cwd: root, encoding: 'utf8' });
    const tree = JSON.parse(out) as CallTreeNode;
    const tracer = tree.children.find((c) => c.qualifiedName === 'go.opentelemetry.io/otel.Tracer');
    assert.deepEqual(tracer && [tracer.kind, tracer.library, tracer.file], ['function', true, path.join(otelDir, 'trace.go')]);
    assert.ok(tree.children.some((c) => c.qualifiedName === 'strings.ToUpper' && c.library));
  });
});

const greeter = `package com.example;

import java.util.*;
import java.util.Objects;

public class Greeter {
    private final List<String> names = new ArrayList<>();

    public String greet(String name, Runnable after) {
        Objects.requireNonNull(name);
        names.add(name);
        after.run();
        Helper.help();
        java.util.Collections.emptyList();
        return String.join(", ", names) + Math.max(1, 2);
    }
}
`;

describe('Java search paths', () => {
  let tmp: string;
  let jdk: string;
  before(function () {
    if (!fs.existsSync(jdkSources)) return skipWithReason(this, `no ${jdkSources} (apt-get install openjdk-17-source)`);
    jdk = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-jdk-'));
    try {
      execFileSync('unzip', ['-q', jdkSources, 'java.base/java/lang/*', 'java.base/java/util/*', 'java.base/java/io/*', '-d', jdk]);
    } catch (e) {
      return skipWithReason(this, `could not extract ${jdkSources} with unzip: ${(e as Error).message}`);
    }
  });
  after(() => jdk && fs.rmSync(jdk, { recursive: true, force: true }));
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-javasp-'));
    writeTree(tmp, {
      'app/src/com/example/Greeter.java': greeter,
      // A same-package class that only a search path has.
      'extra/com/example/Helper.java': 'package com.example;\n\npublic class Helper {\n    public static void help() {}\n}\n',
    });
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const javaBase = () => path.join(jdk, 'java.base');
  const greet = 'com.example.Greeter.greet';

  it('resolves imported, wildcard, java.lang, same-package and fully qualified classes to library nodes', async () => {
    const index = await indexOf(path.join(tmp, 'app'), [path.join(tmp, 'extra'), javaBase()]);
    assert.deepEqual(targetsOf(index, greet, 'Objects.requireNonNull'), [{ kind: 'internal', qualifiedName: 'java.util.Objects.requireNonNull' }]);
    assert.equal(index.definition('java.util.Objects.requireNonNull')?.file, path.join(javaBase(), 'java', 'util', 'Objects.java'));
    assert.deepEqual(targetsOf(index, greet, 'Math.max'), [{ kind: 'internal', qualifiedName: 'java.lang.Math.max' }]);
    assert.deepEqual(targetsOf(index, greet, 'String.join'), [{ kind: 'internal', qualifiedName: 'java.lang.String.join' }]);
    assert.deepEqual(targetsOf(index, greet, 'Helper.help'), [{ kind: 'internal', qualifiedName: 'com.example.Helper.help' }]);
    assert.deepEqual(targetsOf(index, greet, 'java.util.Collections.emptyList'), [{ kind: 'internal', qualifiedName: 'java.util.Collections.emptyList' }]);
    // `new ArrayList<>()` through the wildcard import, and List.add to what implements it among the loaded classes.
    assert.ok(index.callsIn('src/com/example/Greeter.java').some((c) => c.targets.some((t) => t.kind === 'internal' && t.qualifiedName === 'java.util.ArrayList.ArrayList')));
    assert.ok(targetsOf(index, greet, 'names.add').some((t) => t.kind === 'internal' && t.qualifiedName === 'java.util.ArrayList.add' && t.dynamic));
    // Runnable is loaded but nothing loaded implements it: the call stays named, not unresolved.
    assert.deepEqual(targetsOf(index, greet, 'after.run'), [{ kind: 'external', name: 'java.lang.Runnable.run' }]);

    const tree = buildCallTree(index, greet, { depth: 1 })!;
    assert.ok(tree.children.filter((c) => c.kind !== 'external').every((c) => c.library), 'every callee is library code');

    // Loaded on demand: the named classes and their ancestors, not the rest of java.util or what Objects uses.
    const loaded = libraryFiles(index).map((f) => path.relative(javaBase(), f));
    for (const f of ['java/util/Objects.java', 'java/util/ArrayList.java', 'java/util/AbstractList.java', 'java/util/AbstractCollection.java', 'java/lang/Math.java']) {
      assert.ok(loaded.includes(f), `${f} loaded; got ${loaded.join(', ')}`);
    }
    assert.ok(!loaded.includes('java/util/HashMap.java') && !loaded.includes('java/util/Arrays.java'), loaded.join(', '));
    assert.ok(loaded.length < 30, `${loaded.length} files loaded: ${loaded.join(', ')}`);
    index.dispose();
  });

  it('lets the earlier search path win for a class', async () => {
    const shadow = path.join(tmp, 'shadow');
    writeTree(shadow, { 'java/util/Objects.java': 'package java.util;\n\npublic final class Objects {\n    public static <T> T requireNonNull(T o) { return o; }\n}\n' });
    const first = await indexOf(path.join(tmp, 'app'), [shadow, javaBase()]);
    assert.equal(first.definition('java.util.Objects.requireNonNull')?.file, path.join(shadow, 'java', 'util', 'Objects.java'));
    first.dispose();
    const last = await indexOf(path.join(tmp, 'app'), [javaBase(), shadow]);
    assert.equal(last.definition('java.util.Objects.requireNonNull')?.file, path.join(javaBase(), 'java', 'util', 'Objects.java'));
    last.dispose();
  });

  it('round-trips library classes through the persisted index', async () => {
    const root = path.join(tmp, 'app');
    const searchPaths = [path.join(tmp, 'extra'), javaBase()];
    const index = await indexOf(root, searchPaths);
    const file = path.join(tmp, 'index.json');
    index.serialize(file);
    const loaded = WorkspaceIndex.load(file, { root, searchPaths })!;
    await loaded.loadLibraries();
    assert.equal(loaded.size.libraryFiles, index.size.libraryFiles);
    assert.deepEqual(loaded.callees(greet).map((c) => c.targets), index.callees(greet).map((c) => c.targets));
    index.dispose();
    loaded.dispose();
  });

  it('calltree --search-path (in-process) shows library nodes for a Java entry', async () => {
    let stdout = '';
    let stderr = '';
    const io: CliIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, cwd: path.join(tmp, 'app'), env: {} };
    const code = await runCli(['calltree', 'src/com/example/Greeter.java', '--entry', 'greet', '--depth', '1', '--search-path', javaBase(), '--format', 'json'], io);
    assert.equal(code, 0, stderr);
    const tree = JSON.parse(stdout) as CallTreeNode;
    const objects = tree.children.find((c) => c.qualifiedName === 'java.util.Objects.requireNonNull');
    assert.deepEqual(objects && [objects.kind, objects.library], ['method', true]);
    assert.ok(tree.children.some((c) => c.kind === 'unresolved' && c.name.includes('Helper.help')), 'Helper is in no search path given here');
  });
});

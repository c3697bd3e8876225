// Real code nobody here wrote parses cleanly and yields definitions: sources that system packages put on the
// machine (CI installs them; see README "Tests"). A set whose sources are missing skips with the reason, it does not
// fail. One entry per set; append yours to the table.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ParserService, parseSource } from '../../src/core/parsing';
import { repoRoot } from './helpers';

interface RealCodeSet {
  language: string;
  name: string;
  /** The module name files of this set get (Go: the package import path); languages naming modules themselves ignore it. */
  moduleName: string;
  /** Absolute paths of the files, or a string saying why they are not on this machine. */
  files: () => string[] | string;
  /** Qualified names that must be among the functions and classes found. */
  defines?: string[];
  /** Fewest functions each file must give, the module itself counting as one (2 unless said: one real function). */
  minFunctionsPerFile?: number;
  /** Totals over the whole set that must be reached (a plausibility floor, not an exact count). */
  totals?: { functions?: number; calls?: number; classes?: number };
}

/** Files under node_modules/<dir> (recursively) ending in `suffix`, or why there are none. */
function nodeModuleFiles(dir: string, suffix: string, names?: string[]): string[] | string {
  const full = path.join(repoRoot, 'node_modules', dir);
  if (!fs.existsSync(full)) return `node_modules/${dir} is not installed (npm ci)`;
  if (names) {
    const missing = names.filter((n) => !fs.existsSync(path.join(full, n)));
    return missing.length ? `node_modules/${dir} lacks ${missing.join(', ')} (another version?)` : names.map((n) => path.join(full, n));
  }
  return (fs.readdirSync(full, { recursive: true }) as string[]).filter((f) => f.endsWith(suffix)).sort().map((f) => path.join(full, f));
}

/** The first directory matching `<parent>/<prefix>*<rest>` that exists, newest version first. */
function findVersioned(parent: string, prefix: string, rest: string): string | undefined {
  if (!fs.existsSync(parent)) return undefined;
  const dirs = fs.readdirSync(parent).filter((d) => d.startsWith(prefix)).sort().reverse();
  return dirs.map((d) => path.join(parent, d, rest)).find((p) => fs.existsSync(p));
}

const tempDirs: string[] = [];

/** Extracts entries of the JDK's lib/src.zip into a temp dir (openjdk-17-source ships it; unzip reads it). */
function jdkSources(entries: string[]): string[] | string {
  const homes = [process.env.JAVA_HOME, ...(fs.existsSync('/usr/lib/jvm') ? fs.readdirSync('/usr/lib/jvm').map((d) => path.join('/usr/lib/jvm', d)) : [])];
  const zip = homes.filter((h): h is string => !!h).map((h) => path.join(h, 'lib', 'src.zip')).find((z) => fs.existsSync(z));
  if (!zip) return 'no JDK lib/src.zip (apt-get install openjdk-17-source)';
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'trace-advisor-jdk-'));
  tempDirs.push(out);
  try {
    execFileSync('unzip', ['-q', '-o', zip, ...entries, '-d', out], { stdio: 'pipe' });
  } catch (e) {
    return `cannot unzip ${zip} (apt-get install unzip): ${(e as Error).message.split('\n')[0]}`;
  }
  return entries.map((e) => path.join(out, e));
}

const sets: RealCodeSet[] = [
  {
    language: 'go',
    name: 'Go standard library net/http (golang-src)',
    moduleName: 'net/http',
    files: () => {
      const dir = findVersioned('/usr/share', 'go-', 'src/net/http') ?? findVersioned('/usr/lib', 'go-', 'src/net/http');
      if (!dir) return 'no Go sources under /usr/share/go-*/src (apt-get install golang-src)';
      return ['server.go', 'client.go', 'request.go', 'transport.go', 'fs.go', 'header.go'].map((f) => path.join(dir, f));
    },
    defines: ['net/http.Server.ListenAndServe', 'net/http.Client.Do', 'net/http.Server', 'net/http.Handler', 'net/http.Get'],
  },
  {
    language: 'go',
    name: 'Go standard library sync/atomic generics (golang-src)',
    moduleName: 'sync/atomic',
    files: () => {
      const file = findVersioned('/usr/share', 'go-', 'src/sync/atomic/type.go') ?? findVersioned('/usr/lib', 'go-', 'src/sync/atomic/type.go');
      return file ? [file] : 'no Go sources under /usr/share/go-*/src (apt-get install golang-src)';
    },
    defines: ['sync/atomic.Pointer.Load', 'sync/atomic.Pointer'],
  },
  {
    language: 'java',
    name: 'JDK java.util sources (openjdk-17-source)',
    moduleName: '',
    files: () =>
      jdkSources([
        'java.base/java/util/ArrayList.java',
        'java.base/java/util/HashMap.java',
        'java.base/java/util/Optional.java',
        'java.base/java/util/concurrent/CompletableFuture.java',
        'java.base/java/util/stream/Collectors.java',
      ]),
    defines: ['java.util.ArrayList.add', 'java.util.ArrayList', 'java.util.HashMap.HashMap', 'java.util.Optional.map', 'java.util.concurrent.CompletableFuture.supplyAsync'],
  },
  {
    // Every compiled JavaScript file of the yaml package (CommonJS, classes, generators); some are re-export hubs.
    language: 'javascript',
    name: 'yaml package dist/**/*.js (npm dependency)',
    moduleName: 'yaml',
    files: () => nodeModuleFiles('yaml/dist', '.js'),
    minFunctionsPerFile: 1,
    totals: { functions: 300, calls: 1500, classes: 20 },
    defines: ['yaml.Lexer', 'yaml.Lexer.lex', 'yaml.Parser.parse', 'yaml.parseDocument', 'yaml.Document'],
  },
  {
    // Declaration files: interfaces, namespaces and signatures only (no bodies, so no functions or calls).
    language: 'typescript',
    name: 'typescript package lib/*.d.ts (npm dependency)',
    moduleName: 'lib',
    files: () => nodeModuleFiles('typescript/lib', '.d.ts', ['lib.es5.d.ts', 'lib.es2015.core.d.ts', 'typescript.d.ts']),
    minFunctionsPerFile: 1,
    totals: { classes: 800 },
    defines: ['lib.Array', 'lib.PromiseLike', 'lib.ArrayConstructor'],
  },
  {
    // TypeScript sources shipped by @azure/msal-common (a dependency of @vscode/vsce): classes, async methods, generics.
    language: 'typescript',
    name: '@azure/msal-common src/**/*.ts (npm dev dependency)',
    moduleName: 'msal',
    files: () => nodeModuleFiles('@azure/msal-common/src', '.ts', [
      'authority/Authority.ts',
      'cache/CacheManager.ts',
      'client/RefreshTokenClient.ts',
      'client/AuthorizationCodeClient.ts',
      'request/RequestParameterBuilder.ts',
      'telemetry/performance/PerformanceClient.ts',
    ]),
    totals: { functions: 150, calls: 500 },
    defines: ['msal.Authority.resolveEndpointsAsync', 'msal.CacheManager', 'msal.RefreshTokenClient.acquireToken'],
  },
];

describe('real code parses cleanly', () => {
  const service = new ParserService();
  after(() => {
    service.dispose();
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const set of sets) {
    it(`${set.language}: ${set.name}`, async function () {
      this.timeout(60_000);
      const files = set.files();
      if (typeof files === 'string') {
        console.log(`      skipped: ${files}`);
        this.skip();
      }
      const defined = new Set<string>();
      const totals = { functions: 0, calls: 0, classes: 0 };
      for (const file of files) {
        const text = fs.readFileSync(file, 'utf8');
        const result = await parseSource(service, text, set.language, { path: path.basename(file), moduleName: set.moduleName });
        assert.ok(result.ok, `${file}: ${result.ok ? '' : result.reason}`);
        assert.equal(result.syntax.syntaxErrors, 0, `${file} has syntax errors`);
        assert.ok(result.syntax.functions.length >= (set.minFunctionsPerFile ?? 2), `${file}: no functions found`);
        totals.functions += result.syntax.functions.length;
        totals.calls += result.syntax.calls.length;
        totals.classes += result.syntax.classes.length;
        for (const f of result.syntax.functions) defined.add(f.qualifiedName);
        for (const c of result.syntax.classes) defined.add(c.qualifiedName);
      }
      for (const name of set.defines ?? []) assert.ok(defined.has(name), `${name} not found`);
      for (const [key, floor] of Object.entries(set.totals ?? {})) {
        const got = totals[key as keyof typeof totals];
        assert.ok(got >= floor, `${key}: ${got} found, at least ${floor} expected`);
      }
    });
  }
});

// One build for every bundle: the extension, the command line, the parse worker, the tests and the benchmark.
// Usage: node scripts/build.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const dist = path.join(root, 'dist');

/**
 * Grammar files: the runtime, and the grammar each language's language.json names (nothing else, so the VSIX holds
 * only grammars that run), from @vscode/tree-sitter-wasm where it ships the language, else from tree-sitter-wasms.
 */
function copyWasm() {
  const out = path.join(dist, 'grammars');
  fs.mkdirSync(out, { recursive: true });
  const runtime = path.join(path.dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm');
  const sources = [
    path.join(path.dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm'),
    path.join(path.dirname(require.resolve('tree-sitter-wasms/package.json')), 'out'),
  ];
  const languagesDir = path.join(root, 'src/core/languages');
  const grammars = new Set(fs.readdirSync(languagesDir)
    .filter((d) => fs.existsSync(path.join(languagesDir, d, 'language.json')))
    .map((d) => JSON.parse(fs.readFileSync(path.join(languagesDir, d, 'language.json'), 'utf8')).grammar));
  for (const f of fs.readdirSync(out)) if (f.endsWith('.wasm') && f !== 'tree-sitter.wasm' && !grammars.has(f)) fs.rmSync(path.join(out, f));
  fs.copyFileSync(runtime, path.join(out, 'tree-sitter.wasm'));
  for (const f of grammars) {
    const from = sources.map((dir) => path.join(dir, f)).find((file) => fs.existsSync(file));
    if (!from) throw new Error(`grammar ${f} (named in a language.json) is in neither ${sources.join(' nor ')}`);
    fs.copyFileSync(from, path.join(out, f));
  }
}

function entries(dir, suffix) {
  const full = path.join(root, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { recursive: true })
    .filter((f) => f.endsWith(suffix))
    .map((f) => path.join(dir, f));
}

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  loader: { '.scm': 'text', '.njk': 'text' },
  // The ESM build of web-tree-sitter needs import.meta.url, which a CJS bundle lacks: use its CJS build.
  alias: { 'web-tree-sitter': require.resolve('web-tree-sitter') },
  define: { __VERSION__: JSON.stringify(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version) },
};

const builds = [
  { ...common, entryPoints: { extension: 'src/extension/main.ts' }, outdir: dist },
  { ...common, entryPoints: { cli: 'src/cli/main.ts' }, outdir: dist, banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: { worker: 'src/core/workspace/worker.ts' }, outdir: dist },
  { ...common, entryPoints: entries('test/unit', '.test.ts'), outdir: path.join(dist, 'test/unit'), outbase: 'test/unit' },
  // mocha runs from node_modules inside the test host; bundling it breaks its worker lookups.
  { ...common, entryPoints: entries('test/host/suite', '.ts'), outdir: path.join(dist, 'test/host/suite'), outbase: 'test/host/suite', external: ['vscode', 'mocha'] },
  { ...common, entryPoints: { 'test/host/showcase': 'test/host/showcase.ts', 'test/host/activation-probe': 'test/host/activation-probe.ts' }, outdir: dist, external: ['vscode'] },
  { ...common, entryPoints: entries('bench', '.ts'), outdir: path.join(dist, 'bench'), outbase: 'bench' },
].filter((b) => {
  const eps = Array.isArray(b.entryPoints) ? b.entryPoints : Object.values(b.entryPoints);
  return eps.length > 0 && eps.every((e) => fs.existsSync(path.join(root, e)));
});

process.chdir(root);
copyWasm();
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('[watch] build finished, watching for changes');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  fs.chmodSync(path.join(dist, 'cli.js'), 0o755);
}

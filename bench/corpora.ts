// Real code already on the machine, nobody's fixtures: the benchmark's corpora. A corpus that is not installed is
// reported as missing, with what would install it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { languageForPath } from '../src/core/languages';

export interface CorpusFile {
  /** Path relative to the corpus root. */
  path: string;
  absPath: string;
  languageId: string;
  text: string;
}

export interface Corpus {
  name: string;
  root: string;
  files: CorpusFile[];
  lines: number;
  bytes: number;
}

export type CorpusResult = { ok: true; corpus: Corpus } | { ok: false; name: string; missing: string };

function walk(dir: string, keep: (rel: string) => boolean, root = dir, out: string[] = []): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const abs = path.join(dir, e.name);
    const rel = path.relative(root, abs).split(path.sep).join('/');
    if (e.isDirectory()) walk(abs, keep, root, out);
    else if (e.isFile() && keep(rel)) out.push(rel);
  }
  return out;
}

function load(name: string, root: string, rels: string[], maxBytes = 2 * 1024 * 1024): Corpus {
  const files: CorpusFile[] = [];
  let lines = 0;
  let bytes = 0;
  for (const rel of rels.sort()) {
    const absPath = path.join(root, rel);
    const spec = languageForPath(rel);
    if (!spec) continue;
    const buf = fs.readFileSync(absPath);
    if (buf.length > maxBytes || buf.includes(0)) continue;
    const text = buf.toString('utf8');
    files.push({ path: rel, absPath, languageId: spec.id, text });
    lines += text.split('\n').length;
    bytes += buf.length;
  }
  return { name, root, files, lines, bytes };
}

function firstExisting(candidates: string[]): string | undefined {
  return candidates.find((c) => fs.existsSync(c));
}

export function pythonStdlib(): CorpusResult {
  const exe = (() => {
    try {
      return execFileSync('python3', ['-c', 'import sysconfig;print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
    } catch {
      return undefined;
    }
  })();
  if (!exe || !fs.existsSync(exe)) return { ok: false, name: 'python-stdlib', missing: 'python3 (the CPython standard library)' };
  const rels = walk(exe, (rel) => rel.endsWith('.py') && !/^(test|site-packages|idlelib\/idle_test)\/|\/tests?\//.test(rel));
  return { ok: true, corpus: load('python-stdlib', exe, rels) };
}

export function nodeModulesJs(repoRoot: string): CorpusResult {
  const packages = ['openai', '@anthropic-ai/sdk', 'ajv', 'yaml', 'nunjucks', 'mocha', 'fast-check', 'minimatch', '@typescript-eslint/typescript-estree', 'web-tree-sitter'];
  const rels: string[] = [];
  const root = path.join(repoRoot, 'node_modules');
  for (const p of packages) {
    const dir = path.join(root, p);
    if (!fs.existsSync(dir)) continue;
    for (const rel of walk(dir, (r) => /\.(c|m)?js$/.test(r) && !/\.min\.js$/.test(r) && !/(^|\/)node_modules\//.test(r))) rels.push(`${p}/${rel}`);
  }
  if (!rels.length) return { ok: false, name: 'node_modules-js', missing: 'npm ci' };
  return { ok: true, corpus: load('node_modules-js', root, rels) };
}

export function goStdlib(): CorpusResult {
  const goRoot = firstExisting(fs.existsSync('/usr/share') ? fs.readdirSync('/usr/share').filter((d) => /^go-\d/.test(d)).map((d) => `/usr/share/${d}/src`) : []);
  if (!goRoot) return { ok: false, name: 'go-stdlib', missing: "Debian's golang-src (apt-get install golang-src)" };
  const rels = walk(goRoot, (rel) => rel.endsWith('.go') && !rel.endsWith('_test.go') && !/(^|\/)testdata\//.test(rel) && /^(net|go|crypto|encoding|database|text|html)\//.test(rel));
  return { ok: true, corpus: load('go-stdlib', goRoot, rels) };
}

export function javaJdk(): CorpusResult {
  const zip = firstExisting(['/usr/lib/jvm/java-17-openjdk-amd64/lib/src.zip', '/usr/lib/jvm/default-java/lib/src.zip']);
  if (!zip) return { ok: false, name: 'java-jdk', missing: "the JDK's src.zip (apt-get install openjdk-17-source)" };
  const dir = path.join(os.tmpdir(), 'trace-advisor-bench-jdk');
  if (!fs.existsSync(path.join(dir, 'java.base'))) {
    fs.mkdirSync(dir, { recursive: true });
    try {
      execFileSync('unzip', ['-q', '-o', zip, 'java.base/java/util/*', 'java.base/java/lang/*', 'java.base/java/io/*', 'java.net.http/*', '-d', dir]);
    } catch {
      return { ok: false, name: 'java-jdk', missing: 'unzip (apt-get install unzip)' };
    }
  }
  const rels = walk(dir, (rel) => rel.endsWith('.java'));
  return { ok: true, corpus: load('java-jdk', dir, rels) };
}

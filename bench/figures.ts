// Figures beyond parsing (call graph, analysis, edits, memory, AI cache, VSIX, peers). Each is a function from the
// shared bench context to rows; a figure that cannot run here throws with the reason.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Parser } from 'web-tree-sitter';
import { AnalysisMemo, analyzeFile, analyzePaths, defaultAnalysisConfig } from '../src/core/analysis';
import { silentLogger } from '../src/core/log';
import { WorkspaceIndex, buildCallTree, callGraph } from '../src/core/callgraph';
import { LlmCache, SignatureIndex, analyzeWithLlm, createProvider, unitsForFile } from '../src/core/llm';
import { PRIORITIES } from '../src/core/model';
import { DocumentTrees, parseSource, type ContentChange, type ParserService } from '../src/core/parsing';
import { WorkspaceLayout, endIdleWorkers, parseFiles } from '../src/core/workspace';
import { FakeLlmServer } from '../test/unit/llm/fake-llm-server';
import type { Corpus } from './corpora';
import { median, percentile, spread, type Row } from './stats';

export interface BenchContext {
  runs: number;
  repoRoot: string;
  grammarDir: string;
  service: ParserService;
  corpora: Corpus[];
}

export interface Figure {
  name: string;
  run(ctx: BenchContext): Promise<Row[]>;
}

function corpus(ctx: BenchContext, name: string): Corpus {
  const c = ctx.corpora.find((k) => k.name === name);
  if (!c) throw new Error(`corpus ${name} is not available`);
  return c;
}

/** A deterministic pseudo-random sequence, so every run asks for the same entry functions. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** CPU time of this process in ms: unlike wall time it does not count the time other users' processes hold a core. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

async function bareParseMs(ctx: BenchContext, c: Corpus): Promise<number> {
  await ctx.service.load(c.files[0].languageId); // initializes the runtime when no parse figure ran before (--only)
  const parser = new Parser();
  try {
    const t = performance.now();
    for (const f of c.files) {
      parser.setLanguage((await ctx.service.load(f.languageId)).language);
      parser.parse(f.text)?.delete();
    }
    return performance.now() - t;
  } finally {
    parser.delete();
  }
}

const callGraphFigure: Figure = {
  name: 'call graph',
  async run(ctx) {
    const c = corpus(ctx, 'python-stdlib');
    const layout = WorkspaceLayout.scan(c.root, c.files.map((f) => f.path));
    const jobs = c.files.map((f) => ({ path: f.path, absPath: f.absPath, moduleName: layout.moduleName(f.path) }));
    const parsed = await parseFiles(jobs, { grammarDir: ctx.grammarDir });
    const rows: Row[] = [];
    const builds: number[] = [];
    const graphs: number[] = [];
    let index: WorkspaceIndex | undefined;
    for (let i = 0; i < Math.min(ctx.runs, 3); i++) {
      index?.dispose();
      const built = await timed(() => WorkspaceIndex.build(parsed.files, layout, { root: c.root }));
      index = built.value;
      builds.push(built.ms);
      graphs.push((await timed(() => callGraph(index!))).ms);
    }
    const functions = index!.functions();
    rows.push({
      figure: 'whole-project call graph (index build + callGraph)',
      corpus: c.name,
      median: median(builds) + median(graphs),
      spread: spread(builds),
      unit: 'ms',
      detail: `${parsed.files.length} files, ${c.lines} lines, ${functions.length} functions; build ${median(builds).toFixed(0)} ms + resolve and graph ${median(graphs).toFixed(0)} ms (parsing not included)`,
    });
    const random = seeded(42);
    const trees: number[] = [];
    let nodes = 0;
    for (let i = 0; i < 200; i++) {
      const entry = functions[Math.floor(random() * functions.length)];
      const t = performance.now();
      const tree = buildCallTree(index!, entry.qualifiedName, { depth: 8 });
      trees.push(performance.now() - t);
      const stack = tree ? [tree] : [];
      while (stack.length) {
        nodes++;
        stack.push(...stack.pop()!.children);
      }
    }
    const p95 = percentile(trees, 0.95);
    rows.push({
      figure: 'call tree from a random entry function (depth 8)',
      corpus: c.name,
      median: median(trees),
      spread: spread(trees),
      unit: 'ms',
      target: 'p95 < 50 ms',
      pass: p95 < 50,
      detail: `p95 ${p95.toFixed(1)} ms, max ${Math.max(...trees).toFixed(1)} ms; 200 entries, ${Math.round(nodes / 200)} nodes per tree on average`,
    });
    const file = path.join(os.tmpdir(), `trace-advisor-bench-index-${process.pid}.json`);
    index!.serialize(file);
    const size = fs.statSync(file).size;
    const reopen: number[] = [];
    const loads: number[] = [];
    for (let i = 0; i < Math.min(ctx.runs, 3); i++) {
      const t = performance.now();
      const loaded = WorkspaceIndex.load(file, { root: c.root });
      if (!loaded) throw new Error('the persisted index did not load');
      loads.push(performance.now() - t);
      // Ready means answering: the first call tree resolves the loaded files' calls.
      buildCallTree(loaded, functions[0].qualifiedName, { depth: 8 });
      reopen.push(performance.now() - t);
      loaded.dispose();
    }
    fs.rmSync(file, { force: true });
    index!.dispose();
    const per100k = median(reopen) * (100_000 / c.lines);
    rows.push({
      figure: 'reopen from the persisted index (load + first call tree)',
      corpus: c.name,
      median: median(reopen),
      spread: spread(reopen),
      unit: 'ms',
      target: '< 1 s per 100,000 lines',
      pass: per100k < 1000,
      detail: `${c.lines} lines, index file ${(size / 1e6).toFixed(1)} MB; ${per100k.toFixed(0)} ms per 100,000 lines; WorkspaceIndex.load ${median(loads).toFixed(0)} ms, the rest resolving calls for the first tree`,
    });
    return rows;
  },
};

const coldAnalysisFigure: Figure = {
  name: 'cold analysis',
  async run(ctx) {
    const rows: Row[] = [];
    for (const c of ctx.corpora) {
      const bare: number[] = [];
      const analysis: number[] = [];
      let recommendations = 0;
      // The first run starts fresh workers (as a CLI run does); the later ones reuse them warm (as back-to-back work in
      // the extension does): both are reported.
      await endIdleWorkers();
      for (let i = 0; i < Math.min(ctx.runs, 3); i++) {
        bare.push(await bareParseMs(ctx, c));
        const r = await timed(() => analyzePaths(c.files.map((f) => f.absPath), { baseDir: c.root, grammarDir: ctx.grammarDir }));
        analysis.push(r.ms);
        recommendations = r.value.files.reduce((n, f) => n + f.recommendations.length, 0);
      }
      const linesPerSec = c.lines / (median(analysis) / 1000);
      const ratio = median(bare) / median(analysis);
      rows.push({
        figure: 'cold analysis: read + parse + extract + rules (analyzePaths, workers)',
        corpus: c.name,
        median: median(analysis),
        spread: spread(analysis),
        unit: 'ms',
        ratio,
        reference: 'bare parse (1 thread)',
        target: '≥ 100,000 lines/s, ≥ 0.60 of bare parse',
        pass: linesPerSec >= 100_000 && ratio >= 0.6,
        detail: `${Math.round(linesPerSec)} lines/s; ${recommendations} recommendations; first run (fresh workers) ${analysis[0].toFixed(0)} ms, ${Math.round(c.lines / (analysis[0] / 1000))} lines/s`,
      });
    }
    return rows;
  },
};

/**
 * A Python file of `lines` to 1.1 × `lines` lines of real code: whole stdlib files concatenated (no file cut in two),
 * skipping files that would overshoot so the figure is measured at the size it names.
 */
function pythonFileOf(c: Corpus, lines: number): string {
  const out: string[] = [];
  for (const f of c.files) {
    if (out.length >= lines) break;
    const fileLines = f.text.split('\n');
    if (out.length + fileLines.length <= lines * 1.1) out.push(...fileLines);
  }
  return out.join('\n');
}

const editFigure: Figure = {
  name: 'edit to diagnostics',
  async run(ctx) {
    const c = corpus(ctx, 'python-stdlib');
    const config = defaultAnalysisConfig();
    const rows: Row[] = [];
    for (const size of [1000, 5000, 20000]) {
      let text = pythonFileOf(c, size);
      const options = { path: 'big.py', moduleName: 'big' };
      const docs = new DocumentTrees(ctx.service, { maxFileSize: 1e8, timeoutMs: 60_000 });
      // The same path as the extension's live analysis: DocumentTrees.update with the change event, then analyzeFile
      // reusing the previous analysis for the functions the edit left alone.
      const first = await docs.update('doc', 0, text, 'python', options);
      if (!first.ok) throw new Error(first.reason);
      const memo = new AnalysisMemo();
      analyzeFile(first.state.syntax, config, { memo });
      // The re-parse alone, on a tree of its own edited the same way.
      let tree = (await ctx.service.parse(text, 'python', { maxFileSize: 1e8, timeoutMs: 60_000 })).tree;
      const reparse: number[] = [];
      const update: number[] = [];
      const analysis: number[] = [];
      const wall: number[] = [];
      const cpu: number[] = [];
      const random = seeded(size);
      for (let i = 1; i <= 60; i++) {
        // Typing a statement on a new line, at that line's indentation.
        const all = text.split('\n');
        const line = 1 + Math.floor(random() * (all.length - 2));
        const offset = all.slice(0, line).join('\n').length + 1;
        const insert = `${/^\s*/.exec(all[line])![0]}trace_${i} = 1\n`;
        const change: ContentChange = { rangeOffset: offset, rangeLength: 0, text: insert, range: { start: { line, character: 0 }, end: { line, character: 0 } } };
        text = text.slice(0, offset) + insert + text.slice(offset);
        const t = performance.now();
        const c0 = cpuMs();
        const r = await docs.update('doc', i, text, 'python', options, [change]);
        if (!r.ok) throw new Error(r.reason);
        update.push(performance.now() - t);
        const a = performance.now();
        analyzeFile(r.state.syntax, config, { memo, reused: r.state.reused });
        analysis.push(performance.now() - a);
        cpu.push(cpuMs() - c0);
        wall.push(performance.now() - t);
        tree.edit({ startIndex: offset, oldEndIndex: offset, newEndIndex: offset + insert.length, startPosition: { row: line, column: 0 }, oldEndPosition: { row: line, column: 0 }, newEndPosition: { row: line + 1, column: 0 } });
        const p = performance.now();
        const next = (await ctx.service.parse(text, 'python', { maxFileSize: 1e8, timeoutMs: 60_000 }, tree)).tree;
        reparse.push(performance.now() - p);
        tree.delete();
        tree = next;
      }
      tree.delete();
      docs.dispose();
      const p95 = percentile(wall, 0.95);
      rows.push({
        figure: `one-line edit → updated diagnostics (${size.toLocaleString('en')}-line file)`,
        corpus: c.name,
        median: median(wall),
        spread: spread(wall),
        unit: 'ms',
        target: size === 5000 ? 'p95 < 20 ms' : undefined,
        pass: size === 5000 ? p95 < 20 : undefined,
        detail: `${text.split('\n').length} lines; p95 ${p95.toFixed(1)} ms (CPU p50 ${median(cpu).toFixed(1)} / p95 ${percentile(cpu, 0.95).toFixed(1)} ms); of which DocumentTrees.update (re-parse + extraction) p50 ${median(update).toFixed(1)} / p95 ${percentile(update, 0.95).toFixed(1)} ms and analyzeFile p50 ${median(analysis).toFixed(1)} / p95 ${percentile(analysis, 0.95).toFixed(1)} ms; re-parse alone p50 ${median(reparse).toFixed(1)} / p95 ${percentile(reparse, 0.95).toFixed(1)} ms${size === 5000 ? ' (target < 10 ms)' : ''}`,
      });
    }
    return rows;
  },
};

const memoryFigure: Figure = {
  name: 'memory',
  async run(ctx) {
    // A fresh process that never holds the corpora's texts, so the peak is indexing's own: memory.js indexes every
    // corpus (about 1.2M lines) from the file list written here.
    const list = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trace-advisor-bench-memory-')), 'jobs.json');
    const jobs = ctx.corpora.flatMap((c) => c.files.map((f) => ({ path: `${c.name}/${f.path}`, absPath: f.absPath, moduleName: 'bench' })));
    fs.writeFileSync(list, JSON.stringify({ lines: ctx.corpora.reduce((n, c) => n + c.lines, 0), jobs }));
    const r = spawnSync(process.execPath, ['--expose-gc', path.join(__dirname, 'memory.js'), list], { encoding: 'utf8', maxBuffer: 1 << 24 });
    fs.rmSync(path.dirname(list), { recursive: true, force: true });
    if (r.status !== 0) throw new Error(`memory.js failed: ${r.stderr.trim().split('\n').pop()}`);
    const m = JSON.parse(r.stdout) as { lines: number; files: number; ms: number; rssBefore: number; rssPeak: number; heapPeak: number; externalPeak: number; rssAfter: number };
    const mb = (b: number) => `${(b / 1e6).toFixed(0)} MB`;
    return [{
      figure: 'peak memory while indexing (workers, results kept)',
      corpus: 'all corpora',
      median: m.rssPeak / 1e6,
      spread: 0,
      unit: 'MB RSS',
      target: '< 400 MB',
      pass: m.rssPeak < 400e6,
      detail: `${m.files} files, ${m.lines} lines in ${(m.ms / 1000).toFixed(1)} s; RSS before ${mb(m.rssBefore)}, after ${mb(m.rssAfter)}; main-thread peaks: JS heap ${mb(m.heapPeak)}, external (incl. this thread's WASM memory) ${mb(m.externalPeak)}. web-tree-sitter has no heap getter: the workers' WASM heaps are inside RSS`,
    }];
  },
};

const aiCacheFigure: Figure = {
  name: 'AI cache',
  async run(ctx) {
    const c = corpus(ctx, 'python-stdlib');
    const picked = c.files.filter((f) => /^(textwrap|shlex|fnmatch|glob|bisect)\.py$/.test(f.path));
    const sources = [];
    for (const f of picked) {
      const r = await parseSource(ctx.service, f.text, f.languageId, { path: f.path, moduleName: f.path.replace(/\.py$/, '') });
      if (r.ok) sources.push({ syntax: r.syntax, text: f.text });
    }
    const signatures = new SignatureIndex(sources.map((s) => s.syntax));
    const units = sources.flatMap((s) => unitsForFile(s, [], signatures));
    const server = await new FakeLlmServer().start();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trace-advisor-bench-ai-'));
    try {
      const provider = createProvider({ provider: 'openai', model: 'gpt-4.1-mini', apiKey: 'bench-key', baseUrl: `${server.url}/v1` });
      const run = () => analyzeWithLlm(units, {
        provider, secrets: ['bench-key'], priorities: PRIORITIES, customPriorities: [], temperature: 0.2, maxOutputTokens: 1000, maxInputTokens: 8000,
        maxRetries: 1, requestTimeoutMs: 5000, concurrency: 2, budgetUsd: 100, cache: new LlmCache(dir, silentLogger),
      });
      const first = await timed(run);
      const firstRequests = server.requests.length;
      const second = await timed(run);
      const secondRequests = server.requests.length - firstRequests;
      return [{
        figure: 'AI analysis re-run over unchanged code (requests made)',
        corpus: `${picked.length} stdlib files, fake LLM server`,
        median: secondRequests,
        spread: 0,
        unit: 'requests',
        target: '0',
        pass: secondRequests === 0,
        detail: `${units.length} units: first run ${firstRequests} requests in ${first.ms.toFixed(0)} ms; second run ${second.value.cacheHits} cache hits in ${second.ms.toFixed(0)} ms`,
      }];
    } finally {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

const vsixFigure: Figure = {
  name: 'VSIX',
  async run(ctx) {
    const vsix = fs.readdirSync(ctx.repoRoot).filter((f) => f.endsWith('.vsix')).map((f) => path.join(ctx.repoRoot, f));
    if (!vsix.length) throw new Error('no .vsix in the repository root (npm run package)');
    const newest = vsix.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
    const stat = fs.statSync(newest);
    return [{
      figure: 'VSIX size',
      corpus: path.basename(newest),
      median: stat.size / 1e6,
      spread: 0,
      unit: 'MB',
      target: '< 10 MB',
      pass: stat.size < 10e6,
      detail: `built ${stat.mtime.toISOString()} by npm run package`,
    }];
  },
};

const activationFigure: Figure = {
  name: 'activation',
  async run(ctx) {
    // Each run starts a fresh VS Code host (code-server + chromium, installed by the test tier) and reads the time
    // activate() itself measured; grammars load lazily, so this is what opening a Python file first costs to wait for.
    const out = spawnSync(process.execPath, [path.join(ctx.repoRoot, 'scripts/host/measure-activation.mjs'), '--runs', String(Math.min(ctx.runs, 3))], {
      encoding: 'utf8',
      timeout: 10 * 60_000,
    });
    const line = out.stdout.trim().split('\n').find((l) => l.startsWith('{"runs"'));
    if (out.status !== 0 || !line) throw new Error(`the test host did not run (${out.stderr.trim().split('\n').at(-1) ?? `exit ${out.status}`})`);
    const times = (JSON.parse(line) as { runs: number[] }).runs;
    return [{
      figure: 'activation in the real VS Code host (activate())',
      corpus: 'examples/',
      median: median(times),
      spread: spread(times),
      unit: 'ms',
      target: '< 100 ms',
      pass: median(times) < 100,
      detail: `${times.length} fresh hosts: ${times.map((t) => t.toFixed(1)).join(', ')} ms`,
    }];
  },
};

const astGrepFigure: Figure = {
  name: 'ast-grep',
  async run(ctx) {
    const bin = path.join(ctx.repoRoot, 'node_modules', '.bin', 'ast-grep');
    if (!fs.existsSync(bin)) throw new Error('@ast-grep/cli is not installed (npm ci)');
    const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
    const rows: Row[] = [];
    const langs: Record<string, string> = { python: 'python', javascript: 'javascript', go: 'go', java: 'java' };
    for (const c of ctx.corpora) {
      const lang = langs[c.files[0].languageId];
      if (!lang) continue;
      // A comparable rule: every call, with the callee and arguments captured, over the same files on 2 threads.
      const pattern = lang === 'go' || lang === 'python' || lang === 'javascript' ? '$F($$$A)' : '$R.$F($$$A)';
      const times: number[] = [];
      let matches = 0;
      for (let i = 0; i < Math.min(ctx.runs, 3); i++) {
        const t = performance.now();
        const out = spawnSync(bin, ['run', '--pattern', pattern, '--lang', lang, '--json=stream', '--threads', '2', ...c.files.map((f) => f.absPath)], { encoding: 'utf8', maxBuffer: 1 << 30 });
        times.push(performance.now() - t);
        if (out.status !== 0 && out.status !== 1) throw new Error(`ast-grep failed: ${out.stderr.trim().split('\n')[0]}`);
        matches = out.stdout.split('\n').filter(Boolean).length;
      }
      rows.push({
        figure: `peer: ${version} scan for calls (native tree-sitter, 2 threads)`,
        corpus: c.name,
        median: median(times),
        spread: spread(times),
        unit: 'ms',
        detail: `${Math.round(c.lines / (median(times) / 1000))} lines/s; ${matches} matches of ${pattern}`,
      });
    }
    return rows;
  },
};

export const extraFigures: Figure[] = [editFigure, coldAnalysisFigure, callGraphFigure, memoryFigure, aiCacheFigure, astGrepFigure, vsixFigure, activationFigure];

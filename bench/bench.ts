// `npm run bench`: performance on real code, as ratios to a reference measured in the same run (absolute times drift
// on shared machines; ratios hold). Prints a table and writes bench-results/latest.json.
// Options: --runs N (default 5), --only NAME (substring of a figure name), --quick (fewer runs, smaller corpora).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Parser } from 'web-tree-sitter';
import { ParserService, findGrammarDir, parseSource } from '../src/core/parsing';
import { endIdleWorkers, parseFiles } from '../src/core/workspace';
import { goStdlib, javaJdk, nodeModulesJs, pythonStdlib, type Corpus, type CorpusResult } from './corpora';
import { extraFigures } from './figures';
import { median, spread, type Row } from './stats';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || (args.includes('--quick') ? 2 : 5);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const repoRoot = path.resolve(__dirname, '..', '..');
const grammarDir = findGrammarDir();

async function timeRuns(n: number, fn: () => Promise<void> | void): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times;
}

async function bareParse(service: ParserService, corpus: Corpus): Promise<void> {
  await service.load(corpus.files[0].languageId); // initializes the runtime
  const parser = new Parser();
  try {
    for (const f of corpus.files) {
      const { language } = await service.load(f.languageId);
      parser.setLanguage(language);
      parser.parse(f.text)?.delete();
    }
  } finally {
    parser.delete();
  }
}

async function parseAndExtract(service: ParserService, corpus: Corpus): Promise<void> {
  for (const f of corpus.files) {
    const r = await parseSource(service, f.text, f.languageId, { path: f.path, moduleName: 'bench' });
    if (!r.ok) throw new Error(`${f.path}: ${r.reason}`);
  }
}

async function corpusFigures(service: ParserService, corpus: Corpus, rows: Row[]): Promise<void> {
  // Warm-up of both sides: grammars loaded, the query compiled, JIT warm; every timed run is then a steady one.
  await bareParse(service, corpus);
  await parseAndExtract(service, corpus);
  const bare = await timeRuns(runs, () => bareParse(service, corpus));
  const ours = await timeRuns(runs, () => parseAndExtract(service, corpus));
  const linesPerSec = (ms: number) => corpus.lines / (ms / 1000);
  rows.push({
    figure: 'bare tree-sitter parse (1 thread)',
    corpus: corpus.name,
    median: median(bare),
    spread: spread(bare),
    unit: 'ms',
    detail: `${corpus.files.length} files, ${corpus.lines} lines, ${(corpus.bytes / 1e6).toFixed(1)} MB; ${Math.round(linesPerSec(median(bare)))} lines/s`,
  });
  rows.push({
    figure: 'parse + extraction (1 thread)',
    corpus: corpus.name,
    median: median(ours),
    spread: spread(ours),
    unit: 'ms',
    ratio: median(bare) / median(ours),
    reference: 'bare parse',
    target: '≥ 0.60 of bare parse',
    pass: median(bare) / median(ours) >= 0.6,
    detail: `${Math.round(linesPerSec(median(ours)))} lines/s, ${((corpus.bytes / 1e6) / (median(ours) / 1000)).toFixed(1)} MB/s`,
  });
  const jobs = corpus.files.map((f) => ({ path: f.path, absPath: f.absPath, moduleName: 'bench' }));
  // The first run starts fresh workers (a CLI run); the later ones reuse them warm (back-to-back work in the extension).
  await endIdleWorkers();
  const pool = await timeRuns(runs, async () => {
    const r = await parseFiles(jobs, { grammarDir, workerThreshold: 0 });
    if (r.files.length !== corpus.files.length) throw new Error(`worker parse lost files: ${r.skipped.map((s) => s.reason).join('; ')}`);
  });
  rows.push({
    figure: 'read + parse + extraction (worker threads)',
    corpus: corpus.name,
    median: median(pool),
    spread: spread(pool),
    unit: 'ms',
    ratio: median(bare) / median(pool),
    reference: 'bare parse',
    target: '≥ 100,000 lines/s',
    pass: linesPerSec(median(pool)) >= 100_000,
    detail: `${Math.round(linesPerSec(median(pool)))} lines/s; first run (fresh workers) ${pool[0].toFixed(0)} ms, ${Math.round(linesPerSec(pool[0]))} lines/s`,
  });
}

function printTable(rows: Row[]): void {
  const header = ['figure', 'corpus', 'median', 'spread', 'ratio', 'target', 'ok', 'detail'];
  const body = rows.map((r) => [
    r.figure,
    r.corpus,
    `${r.median.toFixed(1)} ${r.unit}`,
    `±${r.spread.toFixed(0)}%`,
    r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}× ${r.reference ?? ''}`.trim(),
    r.target ?? '',
    r.pass === undefined ? '' : r.pass ? 'yes' : 'NO',
    r.detail ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const b of body) console.log(line(b));
}

async function main(): Promise<void> {
  const service = new ParserService(grammarDir);
  const rows: Row[] = [];
  const missing: string[] = [];
  const corpora: CorpusResult[] = [pythonStdlib(), nodeModulesJs(repoRoot), goStdlib(), javaJdk()];
  for (const c of corpora) {
    if (!c.ok) {
      missing.push(`${c.name}: needs ${c.missing}`);
      continue;
    }
    if (only && !`parse ${c.corpus.name}`.includes(only)) continue;
    process.stderr.write(`bench: ${c.corpus.name} (${c.corpus.files.length} files, ${c.corpus.lines} lines)\n`);
    await corpusFigures(service, c.corpus, rows);
  }
  const available = corpora.filter((c): c is { ok: true; corpus: Corpus } => c.ok).map((c) => c.corpus);
  for (const figure of extraFigures) {
    if (only && !figure.name.includes(only)) continue;
    process.stderr.write(`bench: ${figure.name}\n`);
    try {
      rows.push(...(await figure.run({ runs, repoRoot, grammarDir, service, corpora: available })));
    } catch (e) {
      missing.push(`${figure.name}: ${(e as Error).message}`);
    }
  }
  service.dispose();
  printTable(rows);
  // Other users' processes share the cores: the load average says how much the absolute times are to be trusted.
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`\n${os.availableParallelism()} cores, load average ${load} (1/5/15 min) at the end; ${runs} runs per figure`);
  for (const m of missing) console.log(`not measured: ${m}`);
  const outDir = path.join(repoRoot, 'bench-results');
  fs.mkdirSync(outDir, { recursive: true });
  const result = { date: new Date().toISOString(), node: process.version, cores: os.availableParallelism(), loadAverage: os.loadavg(), runs, rows, missing };
  fs.writeFileSync(path.join(outDir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), path.join(outDir, 'latest.json'))}`);
}

main().catch((e) => {
  console.error(`bench failed: ${(e as Error).stack}`);
  process.exitCode = 1;
});

// Run by the bench's memory figure in a fresh process (node --expose-gc dist/bench/memory.js): indexes every corpus
// through parseFiles (worker threads), keeping the results as loadWorkspace does, and prints the memory peaks as JSON.
import path from 'node:path';
import { findGrammarDir } from '../src/core/parsing';
import { parseFiles } from '../src/core/workspace';
import { goStdlib, javaJdk, nodeModulesJs, pythonStdlib } from './corpora';

async function main(): Promise<void> {
  const repoRoot = path.resolve(__dirname, '..', '..');
  let lines = 0;
  const jobs = [];
  for (const c of [pythonStdlib(), nodeModulesJs(repoRoot), goStdlib(), javaJdk()]) {
    if (!c.ok) continue;
    lines += c.corpus.lines;
    for (const f of c.corpus.files) jobs.push({ path: `${c.corpus.name}/${f.path}`, absPath: f.absPath, moduleName: 'bench' });
  }
  // The corpora's texts were read to count lines; drop them so the peak is indexing's own.
  (globalThis as { gc?: () => void }).gc?.();
  const rssBefore = process.memoryUsage.rss();
  let rssPeak = rssBefore;
  let heapPeak = 0;
  let externalPeak = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rssPeak = Math.max(rssPeak, m.rss);
    heapPeak = Math.max(heapPeak, m.heapUsed);
    externalPeak = Math.max(externalPeak, m.external);
  };
  const timer = setInterval(sample, 20);
  const t = performance.now();
  const result = await parseFiles(jobs, { grammarDir: findGrammarDir(__dirname) });
  const ms = performance.now() - t;
  sample();
  clearInterval(timer);
  const rssAfter = process.memoryUsage.rss();
  process.stdout.write(JSON.stringify({ lines, files: result.files.length, ms, rssBefore, rssPeak, heapPeak, externalPeak, rssAfter }));
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exitCode = 1;
});

// Run by the bench's memory figure in a fresh process (node --expose-gc dist/bench/memory.js JOBS.json): indexes the
// files listed in JOBS.json through parseFiles (worker threads), keeping the results as loadWorkspace does (the call
// graph's part of each file, see CallGraphSyntax), and prints
// the memory peaks as JSON. The list comes from the parent so this process never holds the corpora's texts.
import fs from 'node:fs';
import { findGrammarDir } from '../src/core/parsing';
import { parseFiles, type ParseJob } from '../src/core/workspace';

async function main(): Promise<void> {
  const { lines, jobs } = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as { lines: number; jobs: ParseJob[] };
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
  const result = await parseFiles(jobs, { grammarDir: findGrammarDir(__dirname), callGraphOnly: true });
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

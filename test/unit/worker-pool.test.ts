// Parse workers are kept warm between job sets (src/core/workspace/worker-pool.ts): reused when they answered
// everything, never when they still hold work, and ended on request. A stand-in worker script names its thread in
// every answer so the tests can see which worker served which file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { endIdleWorkers, parseFiles, type ParseJob } from '../../src/core/workspace';
import { WORKER_IDLE_MS } from '../../src/core/workspace/worker-pool';
import { findGrammarDir } from '../../src/core/parsing';

const PY_STDLIB = '/root/.pyenv/versions/3.11.7/lib/python3.11';

describe('parse worker pool', () => {
  let tmp: string;
  let grammarDir: string;

  /** A worker script (next to a grammars/ folder, where parseFiles looks for it) that answers after `delayMs`. */
  function standInWorker(delayMs: number): void {
    fs.writeFileSync(path.join(tmp, 'worker.js'), [
      "const { parentPort, threadId } = require('node:worker_threads');",
      'parentPort.on("message", (msg) => {',
      '  if (msg.type !== "parse") return;',
      `  setTimeout(() => parentPort.postMessage({ type: "result", files: [], reports: [], skipped: msg.jobs.map((j) => ({ path: j.path, reason: "thread " + threadId })) }), ${delayMs});`,
      '});',
    ].join('\n'));
  }

  const jobs: ParseJob[] = Array.from({ length: 256 }, (_, i) => ({ path: `f${i}.py`, absPath: `/nonexistent/f${i}.py`, moduleName: `f${i}` }));
  const threadsOf = (parsed: { skipped: { reason: string }[] }) => new Set(parsed.skipped.map((s) => s.reason));

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-pool-'));
    grammarDir = path.join(tmp, 'grammars');
    fs.mkdirSync(grammarDir);
  });
  afterEach(async () => {
    await endIdleWorkers();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a second job set is served by the workers of the first, and endIdleWorkers ends them', async () => {
    standInWorker(0);
    const first = threadsOf(await parseFiles(jobs, { grammarDir, workerThreshold: 0 }));
    const second = threadsOf(await parseFiles(jobs, { grammarDir, workerThreshold: 0 }));
    assert.ok(first.size >= 1);
    assert.deepEqual(second, first, 'the same threads answered');
    await endIdleWorkers();
    const third = threadsOf(await parseFiles(jobs, { grammarDir, workerThreshold: 0 }));
    for (const t of third) assert.ok(!first.has(t), `${t} outlived endIdleWorkers`);
  });

  it('a worker still holding batches when its job set is aborted is not reused', async () => {
    standInWorker(300);
    const controller = new AbortController();
    const aborted = parseFiles(jobs, { grammarDir, workerThreshold: 0, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await aborted;
    const next = await parseFiles(jobs, { grammarDir, workerThreshold: 0 });
    assert.equal(next.skipped.length, jobs.length, 'every file of the next set is answered once');
    assert.ok(next.skipped.every((s, i, all) => all.findIndex((o) => o.path === s.path) === i), 'no file answered twice');
  });

  it('a reused real worker gives the same syntax as a fresh one, its grammars kept loaded', async function () {
    const realDir = findGrammarDir(__dirname);
    const files = ['json/decoder.py', 'json/encoder.py', 'shlex.py', 'textwrap.py'].map((f) => path.join(PY_STDLIB, f)).filter((f) => fs.existsSync(f));
    if (!files.length) return this.skip();
    const realJobs = files.map((absPath) => ({ path: path.basename(absPath), absPath, moduleName: path.basename(absPath, '.py') }));
    const fresh = await parseFiles(realJobs, { grammarDir: realDir, workerThreshold: 0 });
    const reused = await parseFiles(realJobs, { grammarDir: realDir, workerThreshold: 0 });
    assert.equal(fresh.files.length, files.length);
    assert.deepEqual(reused, fresh);
  });

  it('idle workers do not keep a process alive', function () {
    // The CLI analyzing 100 files goes through workers; it must exit when done, not when its idle workers end.
    const dir = path.join(PY_STDLIB, 'lib2to3');
    if (!fs.existsSync(dir)) return this.skip();
    this.timeout(WORKER_IDLE_MS);
    const started = Date.now();
    const out = execFileSync(process.execPath, [path.join(__dirname, '..', '..', 'cli.js'), 'analyze', dir, '--format', 'json'], { encoding: 'utf8', timeout: WORKER_IDLE_MS - 2_000 });
    assert.ok((JSON.parse(out) as { files: unknown[] }).files.length >= 64, 'enough files for workers');
    assert.ok(Date.now() - started < WORKER_IDLE_MS - 2_000);
  });
});

// Parsing many files: in this thread for a few, in worker threads for many, so the extension host's main thread
// stays free and both cores work. Results are plain FileSyntax; skipped files come back with their reason.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import type { FileSyntax, SkippedFile } from '../model';
import { languageForPath } from '../languages';
import { ParserService, defaultParseLimits, parseSource, readSource, type ParseLimits } from '../parsing';

export interface ParseJob {
  /** Path relative to the root, `/`-separated. */
  path: string;
  absPath: string;
  moduleName: string;
}

export interface ParseFilesOptions {
  limits?: ParseLimits;
  grammarDir?: string;
  /** Use worker threads when there are at least this many files (default 64). 0 forces workers, Infinity forbids. */
  workerThreshold?: number;
  signal?: AbortSignal;
  logger?: Logger;
  onProgress?: (done: number, total: number) => void;
}

export interface ParsedFiles {
  files: FileSyntax[];
  skipped: SkippedFile[];
}

/** Parses one job: read, decode, parse, extract. Never throws for a bad file. */
export async function parseJob(service: ParserService, job: ParseJob, limits: ParseLimits): Promise<{ syntax?: FileSyntax; skipped?: SkippedFile }> {
  const spec = languageForPath(job.path);
  if (!spec) return { skipped: { path: job.path, reason: 'not a supported language' } };
  const read = await readSource(job.absPath, limits.maxFileSize);
  if (!read.ok) return { skipped: { path: job.path, reason: read.reason } };
  try {
    const result = await parseSource(service, read.text, spec.id, { path: job.path, moduleName: job.moduleName, limits });
    return result.ok ? { syntax: result.syntax } : { skipped: { path: job.path, reason: result.reason } };
  } catch (e) {
    return { skipped: { path: job.path, reason: `parser failure: ${(e as Error).message}` } };
  }
}

export async function parseFiles(jobs: ParseJob[], options: ParseFilesOptions = {}): Promise<ParsedFiles> {
  const limits = options.limits ?? defaultParseLimits;
  const logger = options.logger ?? silentLogger;
  const threshold = options.workerThreshold ?? 64;
  const workerScript = options.grammarDir ? path.join(path.dirname(options.grammarDir), 'worker.js') : undefined;
  const useWorkers = jobs.length >= threshold && workerScript && fs.existsSync(workerScript);
  const result = useWorkers
    ? await parseInWorkers(jobs, workerScript, options.grammarDir!, limits, options)
    : await parseHere(jobs, limits, options);
  for (const s of result.skipped) logger.info(`skipped ${s.path}: ${s.reason}`);
  result.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return result;
}

async function parseHere(jobs: ParseJob[], limits: ParseLimits, options: ParseFilesOptions): Promise<ParsedFiles> {
  const service = new ParserService(options.grammarDir);
  const out: ParsedFiles = { files: [], skipped: [] };
  try {
    for (const [i, job] of jobs.entries()) {
      if (options.signal?.aborted) break;
      const r = await parseJob(service, job, limits);
      if (r.syntax) out.files.push(r.syntax);
      if (r.skipped) out.skipped.push(r.skipped);
      options.onProgress?.(i + 1, jobs.length);
    }
  } finally {
    service.dispose();
  }
  return out;
}

/** Messages between this thread and a parse worker (src/core/workspace/worker.ts). */
export type WorkerRequest = { type: 'init'; grammarDir: string; limits: ParseLimits } | { type: 'parse'; jobs: ParseJob[] };
export type WorkerResponse = { type: 'result'; files: FileSyntax[]; skipped: SkippedFile[] } | { type: 'fatal'; message: string };

const BATCH = 16;

async function parseInWorkers(jobs: ParseJob[], script: string, grammarDir: string, limits: ParseLimits, options: ParseFilesOptions): Promise<ParsedFiles> {
  const out: ParsedFiles = { files: [], skipped: [] };
  const count = Math.max(1, Math.min(os.availableParallelism?.() ?? os.cpus().length, 4, Math.ceil(jobs.length / BATCH)));
  let next = 0;
  let done = 0;
  const runWorker = () =>
    new Promise<void>((resolve) => {
      const worker = new Worker(script);
      let current: ParseJob[] = [];
      const finish = () => {
        options.signal?.removeEventListener('abort', abort);
        void worker.terminate();
        resolve();
      };
      const abort = () => finish();
      options.signal?.addEventListener('abort', abort);
      const send = () => {
        if (options.signal?.aborted || next >= jobs.length) return finish();
        current = jobs.slice(next, next + BATCH);
        next += current.length;
        worker.postMessage({ type: 'parse', jobs: current } satisfies WorkerRequest);
      };
      worker.on('message', (msg: WorkerResponse) => {
        if (msg.type === 'result') {
          out.files.push(...msg.files);
          out.skipped.push(...msg.skipped);
          done += current.length;
          options.onProgress?.(done, jobs.length);
          send();
        } else {
          for (const j of current) out.skipped.push({ path: j.path, reason: `parser worker failed: ${msg.message}` });
          finish();
        }
      });
      // A worker that dies (WASM abort, out of memory) loses only its current batch, which is reported.
      worker.on('error', (e) => {
        for (const j of current) out.skipped.push({ path: j.path, reason: `parser worker failed: ${e.message}` });
        current = [];
        finish();
      });
      worker.postMessage({ type: 'init', grammarDir, limits } satisfies WorkerRequest);
      send();
    });
  await Promise.all(Array.from({ length: count }, runWorker));
  return out;
}

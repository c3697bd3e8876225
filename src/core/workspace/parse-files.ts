// Parsing many files: in this thread for a few, in worker threads for many, so the extension host's main thread
// stays free and both cores work. Results are plain FileSyntax; skipped files come back with their reason.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import { callGraphCall, callGraphFunction, callGraphSyntax, isCallGraphOnly, type CallGraphSyntax, type FileSyntax, type SkippedFile, type Span } from '../model';
import type { AnalysisConfig } from '../analysis/config';
import type { FileReport } from '../analysis/analyze-paths';
import { languageForPath } from '../languages';
import { ParserService, defaultParseLimits, parseSource, readSource, type ParseLimits, type SourceRead } from '../parsing';
import { giveBackWorker, takeWorker } from './worker-pool';

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
  /**
   * Return only what the call index keeps (CallGraphSyntax: no constructs, comments, argument texts, function bodies
   * or class and import spans). Workers strip the rest before sending, so it is neither cloned across threads nor
   * held here.
   */
  callGraphOnly?: boolean;
}

export interface ParsedFiles<S extends CallGraphSyntax = FileSyntax> {
  files: S[];
  skipped: SkippedFile[];
}

/** Parses one job: read, decode, parse, extract. Never throws for a bad file. */
export async function parseJob(
  service: ParserService,
  job: ParseJob,
  limits: ParseLimits,
  readFile: (absPath: string, maxBytes: number) => SourceRead | Promise<SourceRead> = readSource,
): Promise<{ syntax?: FileSyntax; skipped?: SkippedFile }> {
  const spec = languageForPath(job.path);
  if (!spec) return { skipped: { path: job.path, reason: 'not a supported language' } };
  const read = await readFile(job.absPath, limits.maxFileSize);
  if (!read.ok) return { skipped: { path: job.path, reason: read.reason } };
  try {
    const result = await parseSource(service, read.text, spec.id, { path: job.path, moduleName: job.moduleName, limits });
    return result.ok ? { syntax: result.syntax } : { skipped: { path: job.path, reason: result.reason } };
  } catch (e) {
    return { skipped: { path: job.path, reason: `parser failure: ${(e as Error).message}` } };
  }
}

export interface AnalyzedFiles {
  reports: FileReport[];
  skipped: SkippedFile[];
}

/** The worker script next to the grammars, when these jobs are many enough to go to workers. */
function workerScriptFor(jobs: ParseJob[], options: ParseFilesOptions): string | undefined {
  const threshold = options.workerThreshold ?? 64;
  const script = options.grammarDir ? path.join(path.dirname(options.grammarDir), 'worker.js') : undefined;
  return jobs.length >= threshold && script && fs.existsSync(script) ? script : undefined;
}

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

export async function parseFiles(jobs: ParseJob[], options: ParseFilesOptions & { callGraphOnly: true }): Promise<ParsedFiles<CallGraphSyntax>>;
export async function parseFiles(jobs: ParseJob[], options?: ParseFilesOptions & { callGraphOnly?: false }): Promise<ParsedFiles>;
export async function parseFiles(jobs: ParseJob[], options?: ParseFilesOptions): Promise<ParsedFiles<CallGraphSyntax>>;
export async function parseFiles(jobs: ParseJob[], options: ParseFilesOptions = {}): Promise<ParsedFiles<CallGraphSyntax>> {
  const limits = options.limits ?? defaultParseLimits;
  const logger = options.logger ?? silentLogger;
  const workerScript = workerScriptFor(jobs, options);
  let result: ParsedFiles<CallGraphSyntax>;
  if (workerScript) {
    result = { files: [], skipped: [] };
    // One copy of each name across the files of this call (the same callee, receiver or caller recurs in many files).
    const names = new Map<string, string>();
    await runInWorkers(jobs, workerScript, { type: 'init', grammarDir: options.grammarDir!, limits, callGraphOnly: options.callGraphOnly }, options, (msg) => {
      for (const file of msg.files) result.files.push(compactReceived(file, names));
      result.skipped.push(...msg.skipped);
    }, result.skipped);
  } else {
    result = await parseHere(jobs, limits, options);
  }
  for (const s of result.skipped) logger.info(`skipped ${s.path}: ${s.reason}`);
  result.files.sort(byPath);
  return result;
}

/**
 * Parses the files and runs the rules on them in the worker threads, so only the small reports cross threads and
 * this thread neither deserializes nor keeps any syntax. Undefined when the jobs are too few for workers (or there is
 * no worker script): the caller then parses and analyzes in this thread, with the same results.
 */
export async function analyzeFilesInWorkers(jobs: ParseJob[], config: AnalysisConfig, options: ParseFilesOptions = {}): Promise<AnalyzedFiles | undefined> {
  const workerScript = workerScriptFor(jobs, options);
  if (!workerScript) return undefined;
  const limits = options.limits ?? defaultParseLimits;
  const logger = options.logger ?? silentLogger;
  const result: AnalyzedFiles = { reports: [], skipped: [] };
  await runInWorkers(jobs, workerScript, { type: 'init', grammarDir: options.grammarDir!, limits, analysis: config }, options, (msg) => {
    result.reports.push(...msg.reports);
    result.skipped.push(...msg.skipped);
  }, result.skipped);
  for (const s of result.skipped) logger.info(`skipped ${s.path}: ${s.reason}`);
  result.reports.sort(byPath);
  return result;
}

/**
 * A FileSyntax or CallGraphSyntax from a worker, laid out to take less memory in an index of many files. Names
 * repeated across its records and across files (the caller and callee of each call, the function of each construct)
 * arrive as separate string copies: each now points at one copy (`names`, shared by the files of one parseFiles
 * call). Objects that arrive by structured clone are laid out for properties added one at a time: the points of
 * spans, the most numerous objects, are rebuilt as literals (measured: 54 → 40 bytes each; main-thread heap after
 * indexing all bench corpora 299 → 275 MB), and so are the calls of a CallGraphSyntax.
 */
function compactReceived(file: CallGraphSyntax, names: Map<string, string>): CallGraphSyntax {
  const shared = (name: string) => {
    const known = names.get(name);
    if (known !== undefined) return known;
    names.set(name, name);
    return name;
  };
  for (const f of file.functions) {
    f.qualifiedName = shared(f.qualifiedName);
    f.name = shared(f.name);
    if (f.container !== undefined) f.container = shared(f.container);
    if (f.parent !== undefined) f.parent = shared(f.parent);
  }
  for (const c of file.calls) {
    c.caller = shared(c.caller);
    c.callee = shared(c.callee);
    c.name = shared(c.name);
    if (c.receiver !== undefined) c.receiver = shared(c.receiver);
  }
  for (const l of file.locals ?? []) {
    l.function = shared(l.function);
    l.name = shared(l.name);
    if (l.callee !== undefined) l.callee = shared(l.callee);
  }
  if (isCallGraphOnly(file)) {
    // Functions and calls hold a CallGraphSyntax's only spans; as literals, ~5 MB less for the bench corpora.
    file.functions = file.functions.map(callGraphFunction);
    file.calls = file.calls.map(callGraphCall);
    return file;
  }
  for (const c of (file as FileSyntax).constructs) c.function = shared(c.function);
  for (const records of Object.values(file)) {
    if (!Array.isArray(records)) continue;
    for (const record of records as Record<string, unknown>[]) {
      if (typeof record !== 'object' || record === null) continue;
      for (const key of Object.keys(record)) {
        const value = record[key];
        if (isSpan(value)) record[key] = literalSpan(value);
      }
    }
  }
  return file;
}

function literalSpan(s: Span): Span {
  return { start: { line: s.start.line, column: s.start.column }, end: { line: s.end.line, column: s.end.column }, startIndex: s.startIndex, endIndex: s.endIndex };
}

function isSpan(value: unknown): value is Span {
  return typeof value === 'object' && value !== null && 'startIndex' in value && 'start' in value;
}

async function parseHere(jobs: ParseJob[], limits: ParseLimits, options: ParseFilesOptions): Promise<ParsedFiles<CallGraphSyntax>> {
  const service = new ParserService(options.grammarDir);
  const out: ParsedFiles<CallGraphSyntax> = { files: [], skipped: [] };
  try {
    for (const [i, job] of jobs.entries()) {
      if (options.signal?.aborted) break;
      const r = await parseJob(service, job, limits);
      if (r.syntax) out.files.push(options.callGraphOnly ? callGraphSyntax(r.syntax) : r.syntax);
      if (r.skipped) out.skipped.push(r.skipped);
      options.onProgress?.(i + 1, jobs.length);
    }
  } finally {
    service.dispose();
  }
  return out;
}

/**
 * Messages between this thread and a parse worker (src/core/workspace/worker.ts). Initialized with `analysis`, the
 * worker runs the rules and answers with reports instead of syntax; with `callGraphOnly`, it sends each file's
 * CallGraphSyntax.
 */
export type WorkerInit = { type: 'init'; grammarDir: string; limits: ParseLimits; analysis?: AnalysisConfig; callGraphOnly?: boolean };
export type WorkerRequest = WorkerInit | { type: 'parse'; jobs: ParseJob[] };
export type WorkerResult = { type: 'result'; files: CallGraphSyntax[]; reports: FileReport[]; skipped: SkippedFile[] };
export type WorkerResponse = WorkerResult | { type: 'fatal'; message: string };

/**
 * Files go to workers in batches of about this many bytes (small files travel together, a big file alone), and each
 * worker holds two batches so it parses the next while this thread receives the last one's results.
 */
const BATCH_BYTES = 256 * 1024;
const BATCH_FILES_MAX = 64;
const BATCHES_IN_FLIGHT = 2;

async function batchesBySize(jobs: ParseJob[]): Promise<ParseJob[][]> {
  const sizes = await Promise.all(jobs.map((j) => fs.promises.stat(j.absPath).then((s) => s.size, () => 0)));
  const batches: ParseJob[][] = [];
  let current: ParseJob[] = [];
  let bytes = 0;
  for (const [i, job] of jobs.entries()) {
    if (current.length && (bytes + sizes[i] > BATCH_BYTES || current.length >= BATCH_FILES_MAX)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(job);
    bytes += sizes[i];
  }
  if (current.length) batches.push(current);
  return batches;
}

async function runInWorkers(
  jobs: ParseJob[],
  script: string,
  init: WorkerInit,
  options: ParseFilesOptions,
  onResult: (msg: WorkerResult) => void,
  skipped: SkippedFile[],
): Promise<void> {
  const batches = await batchesBySize(jobs);
  const count = Math.max(1, Math.min(os.availableParallelism?.() ?? os.cpus().length, 4, Math.ceil(batches.length / BATCHES_IN_FLIGHT)));
  let next = 0;
  let done = 0;
  const runWorker = () =>
    new Promise<void>((resolve) => {
      const worker = takeWorker(script);
      // Batches sent and not answered yet, oldest first (a worker answers in order).
      const inFlight: ParseJob[][] = [];
      let finished = false;
      let dead = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        options.signal?.removeEventListener('abort', abort);
        // A worker that answered everything stays warm for the next job set; one still holding batches (aborted) or
        // dead ends here.
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (inFlight.length || dead) void worker.terminate();
        else giveBackWorker(script, worker);
        resolve();
      };
      const abort = () => finish();
      options.signal?.addEventListener('abort', abort);
      const fill = () => {
        while (inFlight.length < BATCHES_IN_FLIGHT && next < batches.length && !options.signal?.aborted) {
          const batch = batches[next++];
          inFlight.push(batch);
          worker.postMessage({ type: 'parse', jobs: batch } satisfies WorkerRequest);
        }
        if (!inFlight.length || options.signal?.aborted) finish();
      };
      const fail = (message: string) => {
        if (finished) return;
        dead = true;
        for (const j of inFlight.flat()) skipped.push({ path: j.path, reason: `parser worker failed: ${message}` });
        const lost = inFlight.length;
        inFlight.length = 0;
        finish();
        // A new worker takes over the batches not sent yet (they would otherwise be lost without a word). Each death
        // costs the batches it held, so replacements end; a worker that dies before taking any is not replaced.
        if (lost && next < batches.length && !options.signal?.aborted) replacements.push(runWorker());
      };
      const onMessage = (msg: WorkerResponse) => {
        if (msg.type !== 'result') return fail(msg.message);
        const batch = inFlight.shift() ?? [];
        onResult(msg);
        done += batch.length;
        options.onProgress?.(done, jobs.length);
        fill();
      };
      // A worker that dies (WASM abort, out of memory) loses only its unanswered batches, which are reported.
      const onError = (e: Error) => fail(e.message);
      const onExit = (code: number) => fail(`exited with code ${code}`);
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage(init satisfies WorkerRequest);
      fill();
    });
  const replacements: Promise<void>[] = [];
  await Promise.all(Array.from({ length: count }, runWorker));
  while (replacements.length) await replacements.shift();
}

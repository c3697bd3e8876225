// A parse worker: receives batches of files, answers with their FileSyntax (only its call-graph tables when initialized
// with callGraphOnly) — or, when initialized with an analysis configuration, with each file's rule report (far smaller
// to send back). One ParserService per worker, so each grammar loads once per thread.
import { parentPort } from 'node:worker_threads';
import { callGraphSyntax, type CallGraphSyntax, type SkippedFile } from '../model';
import { ParserService, readSourceSync, type ParseLimits } from '../parsing';
import type { AnalysisConfig } from '../analysis/config';
import { reportFile, type FileReport } from '../analysis/analyze-paths';
import { parseJob, type WorkerRequest, type WorkerResponse } from './parse-files';

let service: ParserService | undefined;
let limits: ParseLimits | undefined;
let analysis: AnalysisConfig | undefined;
let callGraphOnly = false;

async function handle(msg: WorkerRequest): Promise<void> {
  try {
    if (msg.type === 'init') {
      // A worker is initialized again for each job set it serves (worker-pool.ts): its grammars and compiled queries stay.
      if (service?.grammarDir !== msg.grammarDir) {
        service?.dispose();
        service = new ParserService(msg.grammarDir);
      }
      limits = msg.limits;
      analysis = msg.analysis;
      callGraphOnly = !!msg.callGraphOnly;
      return;
    }
    const files: CallGraphSyntax[] = [];
    const reports: FileReport[] = [];
    const skipped: SkippedFile[] = [];
    for (const job of msg.jobs) {
      const r = await parseJob(service!, job, limits!, readSourceSync);
      if (r.syntax && analysis) reports.push(reportFile(r.syntax, analysis));
      else if (r.syntax) files.push(callGraphOnly ? callGraphSyntax(r.syntax) : r.syntax);
      if (r.skipped) skipped.push(r.skipped);
    }
    parentPort!.postMessage({ type: 'result', files, reports, skipped } satisfies WorkerResponse);
  } catch (e) {
    parentPort!.postMessage({ type: 'fatal', message: (e as Error).message } satisfies WorkerResponse);
  }
}

// Batches queue up (the sender keeps a second one waiting); they run one after another so each is answered as soon
// as it is done, in the order sent.
let queue: Promise<void> = Promise.resolve();
parentPort?.on('message', (msg: WorkerRequest) => {
  queue = queue.then(() => handle(msg));
});

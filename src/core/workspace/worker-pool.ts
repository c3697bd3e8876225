// Parse workers outlive one job set: a fresh worker runs its first pass over a corpus 1.3–1.9× slower than its later
// ones (its JIT and the WASM tier-up start cold), and back-to-back work is common (an index build per workspace folder,
// then a report over the workspace). Idle workers wait, unreferenced so they never keep a process alive, and end
// after a short while so an idle extension host does not hold their memory.
import { Worker } from 'node:worker_threads';

/** How long an idle worker waits for the next job set before it ends. */
export const WORKER_IDLE_MS = 20_000;

/**
 * Heap limits of a parse worker. A small young generation: each batch's garbage is short-lived, and V8's default (tens
 * of MB per worker) is memory given up for no speed. An explicit old-generation limit makes V8 collect before the
 * heap grows far past what is live (measured on all bench corpora: ~70 MB less peak RSS for two workers with 128–256
 * MB). 256 MB is far above what the largest file allowed (maxFileSize) keeps live; a worker that still runs out of
 * memory dies and its files are reported as skipped, like any dead worker's.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 256 };

interface IdleWorker {
  worker: Worker;
  timer: ReturnType<typeof setTimeout>;
  /** The pool's own listener for the death of an idle worker (Node's listeners on a Worker must stay). */
  forget: () => void;
}

const idleByScript = new Map<string, IdleWorker[]>();

/** An idle worker of this script, or a new one. The caller owns it until it gives it back or terminates it. */
export function takeWorker(script: string): Worker {
  const idle = idleByScript.get(script)?.pop();
  if (!idle) return new Worker(script, { resourceLimits: WORKER_LIMITS });
  clearTimeout(idle.timer);
  idle.worker.off('error', idle.forget).off('exit', idle.forget);
  idle.worker.ref();
  return idle.worker;
}

/**
 * Takes back a worker that answered everything it was sent (one still holding work would answer its next owner with
 * the previous owner's results), its owner's listeners removed. It ends after WORKER_IDLE_MS unless taken again.
 */
export function giveBackWorker(script: string, worker: Worker): void {
  const list = idleByScript.get(script) ?? [];
  idleByScript.set(script, list);
  const forget = () => {
    const i = list.indexOf(entry);
    if (i < 0) return;
    list.splice(i, 1);
    clearTimeout(entry.timer);
  };
  const entry: IdleWorker = {
    worker,
    forget,
    timer: setTimeout(() => {
      forget();
      void worker.terminate();
    }, WORKER_IDLE_MS),
  };
  entry.timer.unref();
  // An idle worker that dies is simply forgotten; without an 'error' listener its death would throw in this thread.
  worker.on('error', forget);
  worker.on('exit', forget);
  worker.unref();
  list.push(entry);
}

/** Ends every idle worker now (extension deactivation, tests). */
export async function endIdleWorkers(): Promise<void> {
  const all = [...idleByScript.values()].flat();
  idleByScript.clear();
  await Promise.all(
    all.map(({ worker, timer }) => {
      clearTimeout(timer);
      return worker.terminate();
    }),
  );
}

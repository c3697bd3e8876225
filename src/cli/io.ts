// What a command needs from the terminal, as an interface so tests can run commands in-process.
import type { Logger } from '../core/log';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Bad usage or unusable input: one clear line on stderr, exit code 2. */
export class UsageError extends Error {}

/** A gate the user set (e.g. --fail-under) failed: exit code 1. */
export class GateFailed extends Error {}

/** The core's Logger onto stderr: warnings and errors only, unless --verbose. */
export function stderrLogger(io: CliIO, verbose: boolean): Logger {
  const write = (level: string) => (m: string) => io.stderr(`trace-advisor: ${level}: ${m}\n`);
  const quiet = () => {};
  return {
    trace: quiet,
    debug: verbose ? write('debug') : quiet,
    info: verbose ? write('info') : quiet,
    warn: write('warning'),
    error: write('error'),
  };
}

/** A progress bar on a terminal; nothing when stderr is not a TTY. */
export function progressBar(io: CliIO, label: string): { update(done: number, total: number): void; done(): void } {
  if (!io.isTTY) return { update() {}, done() {} };
  let last = -1;
  return {
    update(done, total) {
      const pct = total ? Math.floor((done / total) * 100) : 100;
      if (pct === last) return;
      last = pct;
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      io.stderr(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}% (${done}/${total})`);
    },
    done() {
      if (last >= 0) io.stderr('\n');
    },
  };
}

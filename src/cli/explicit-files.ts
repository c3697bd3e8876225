// A file the user named on the command line that cannot be analyzed (binary, not UTF-8, too large, not a regular file) is
// unusable input: exit 2 with one line saying why, instead of a quiet "skipped" in a report. Files found by walking a
// directory are still skipped with a logged reason.
import fs from 'node:fs';
import path from 'node:path';
import type { SkippedFile } from '../core/model';
import { toPosix } from '../core/workspace';
import { UsageError } from './io';

export function rejectUnusableFiles(command: string, given: readonly string[], skipped: readonly SkippedFile[], cwd: string): void {
  for (const arg of given) {
    const abs = path.resolve(cwd, arg);
    // A directory is walked; anything else named explicitly (a file, a FIFO, a device) must be analyzable.
    if (fs.statSync(abs, { throwIfNoEntry: false })?.isDirectory() ?? true) continue;
    const rel = toPosix(path.relative(cwd, abs));
    const skip = skipped.find((s) => s.path === rel);
    if (skip) throw new UsageError(`${command}: ${arg}: cannot be analyzed: ${skip.reason}`);
  }
}

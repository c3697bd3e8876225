// Reading source files from disk safely: every file that cannot be analyzed gives a reason instead of an exception.
import fsSync from 'node:fs';
import fs from 'node:fs/promises';

export type SourceRead = { ok: true; text: string } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes file bytes as UTF-8 source text; binary content and invalid UTF-8 are refused with a reason. */
export function decodeSource(bytes: Uint8Array): SourceRead {
  // A NUL byte in the first 8 KiB is the usual sign of a binary file (git uses the same heuristic).
  if (bytes.subarray(0, 8192).includes(0)) return { ok: false, reason: 'binary content (NUL bytes)' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: 'not valid UTF-8' };
  }
  // TextDecoder drops a leading BOM by default, so offsets match what an editor shows.
  return { ok: true, text };
}

export async function readSource(absPath: string, maxBytes: number): Promise<SourceRead> {
  try {
    const stat = await fs.stat(absPath);
    return checkStat(stat, maxBytes) ?? decodeSource(await fs.readFile(absPath));
  } catch (e) {
    return unreadable(e);
  }
}

/**
 * readSource for a thread that only parses (a parse worker): blocking reads skip the thread-pool round trips, which
 * cost more than the read itself on small files. The path is checked before it is opened (a FIFO would block).
 */
export function readSourceSync(absPath: string, maxBytes: number): SourceRead {
  try {
    return checkStat(fsSync.statSync(absPath), maxBytes) ?? decodeSource(fsSync.readFileSync(absPath));
  } catch (e) {
    return unreadable(e);
  }
}

function checkStat(stat: { isFile(): boolean; size: number }, maxBytes: number): SourceRead | undefined {
  if (!stat.isFile()) return { ok: false, reason: 'not a regular file' };
  if (stat.size > maxBytes) {
    return { ok: false, reason: `larger than the ${Math.round(maxBytes / 1024)} KiB limit (${Math.round(stat.size / 1024)} KiB)` };
  }
  return undefined;
}

function unreadable(e: unknown): SourceRead {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { ok: false, reason: 'deleted before it could be read' };
  if (code === 'EACCES' || code === 'EPERM') return { ok: false, reason: 'not readable (permission denied)' };
  if (code === 'ELOOP') return { ok: false, reason: 'symbolic link loop' };
  return { ok: false, reason: `unreadable (${code ?? (e as Error).message})` };
}

// Writing an injection's result to disk. The plan was computed from one text (shown as a preview, or read a moment
// ago); if the file no longer holds exactly that text, someone changed it in between and writing would lose their
// change, so the write is refused. Otherwise the new text replaces the file atomically, keeping its mode and BOM.
import fs from 'node:fs';
import path from 'node:path';
import { decodeSource } from '../parsing';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export type WriteResult = { ok: true } | { ok: false; reason: string };

/** Replaces `absPath`'s content with `newText` only if it still holds `plannedFrom` (the text the plan was made from). */
export function writeInjectedFile(absPath: string, plannedFrom: string, newText: string): WriteResult {
  let bytes: Buffer;
  let mode: number;
  try {
    bytes = fs.readFileSync(absPath);
    mode = fs.statSync(absPath).mode & 0o7777;
  } catch (e) {
    return { ok: false, reason: `cannot read it again before writing (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); nothing written` };
  }
  const current = decodeSource(bytes);
  if (!current.ok || current.text !== plannedFrom) return { ok: false, reason: 'changed on disk since the edit was planned; nothing written (run again)' };
  const bom = bytes.subarray(0, 3).equals(BOM);
  // A temporary file in the same directory, then a rename: a reader never sees half a file.
  const temp = path.join(path.dirname(absPath), `.${path.basename(absPath)}.trace-advisor-${process.pid}.tmp`);
  try {
    fs.writeFileSync(temp, bom ? Buffer.concat([BOM, Buffer.from(newText, 'utf8')]) : newText, { mode });
    fs.chmodSync(temp, mode);
    fs.renameSync(temp, absPath);
    return { ok: true };
  } catch (e) {
    fs.rmSync(temp, { force: true });
    return { ok: false, reason: `cannot write it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); nothing written` };
  }
}

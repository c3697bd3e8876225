// Text helpers for editing source files without disturbing their style: line tables, indentation and line-ending
// detection, applying edits, and a unified diff for dry runs.

export interface TextEdit {
  /** UTF-16 offsets into the original text; edits never overlap and are sorted by position. */
  startIndex: number;
  endIndex: number;
  newText: string;
}

export class LineTable {
  readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  get count(): number {
    return this.starts.length;
  }
  /** The line's text without its line ending. */
  line(n: number): string {
    const end = n + 1 < this.starts.length ? this.starts[n + 1] - 1 : this.text.length;
    return this.text.slice(this.starts[n], end).replace(/\r$/, '');
  }
  /** Offset just past the line's content (before `\r\n` / `\n`). */
  lineEnd(n: number): number {
    return this.starts[n] + this.line(n).length;
  }
  lineOf(index: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  indentation(n: number): string {
    return /^[ \t]*/.exec(this.line(n))![0];
  }
  isBlank(n: number): boolean {
    return this.line(n).trim() === '';
  }
}

/** The line ending the file mostly uses. */
export function detectEol(text: string): '\n' | '\r\n' {
  const crlf = text.split('\r\n').length - 1;
  const lf = text.split('\n').length - 1 - crlf;
  return crlf > lf ? '\r\n' : '\n';
}

/**
 * The file's indent unit: a tab when most indented lines start with one, otherwise the most common step between
 * consecutive indentation levels of space-indented lines. `fallback` when the file has no indented lines.
 */
export function detectIndentUnit(lines: LineTable, fallback: string, skipLine: (n: number) => boolean = () => false): string {
  let tabs = 0;
  let spaces = 0;
  const steps = new Map<number, number>();
  let previous = 0;
  for (let n = 0; n < lines.count; n++) {
    if (skipLine(n) || lines.isBlank(n)) continue;
    const indent = lines.indentation(n);
    if (indent.startsWith('\t')) {
      tabs++;
      continue;
    }
    const width = indent.length;
    if (width > 0) spaces++;
    const step = width - previous;
    if (step >= 2 && step <= 8) steps.set(step, (steps.get(step) ?? 0) + 1);
    previous = width;
  }
  if (tabs === 0 && spaces === 0) return fallback;
  if (tabs >= spaces) return '\t';
  const best = [...steps.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
  return ' '.repeat(best ? best[0] : 4);
}

/** Applies non-overlapping edits (any order) to `text`. Throws when two edits overlap: that is a bug of the caller. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.startIndex - b.startIndex || a.endIndex - b.endIndex);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.startIndex < at || e.endIndex < e.startIndex || e.endIndex > text.length) {
      throw new Error(`overlapping or out-of-range edit at ${e.startIndex}..${e.endIndex}`);
    }
    out += text.slice(at, e.startIndex) + e.newText;
    at = e.endIndex;
  }
  return out + text.slice(at);
}

/** A unified diff (3 lines of context) between two texts; empty when they are equal. */
export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string, context = 3): string {
  if (oldText === newText) return '';
  const a = oldText.split('\n');
  const b = newText.split('\n');
  // Trim the common head and tail, then diff what is left.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  type Op = { kind: ' ' | '-' | '+'; text: string; aLine: number; bLine: number };
  const ops: Op[] = [];
  for (let k = 0; k < head; k++) ops.push({ kind: ' ', text: a[k], aLine: k, bLine: k });
  let i = 0;
  let j = 0;
  for (const kind of middleKinds(am, bm)) {
    ops.push({ kind, text: kind === '+' ? bm[j] : am[i], aLine: head + i, bLine: head + j });
    if (kind !== '+') i++;
    if (kind !== '-') j++;
  }
  for (let k = 0; k < tail; k++) ops.push({ kind: ' ', text: a[a.length - tail + k], aLine: a.length - tail + k, bLine: b.length - tail + k });

  const out = [`--- ${oldName}`, `+++ ${newName}`];
  let k = 0;
  while (k < ops.length) {
    if (ops[k].kind === ' ') {
      k++;
      continue;
    }
    const start = Math.max(0, k - context);
    let end = k;
    // Extend the hunk while the next change is within 2*context unchanged lines.
    for (;;) {
      while (end < ops.length && ops[end].kind !== ' ') end++;
      let next = end;
      while (next < ops.length && ops[next].kind === ' ') next++;
      if (next < ops.length && next - end <= 2 * context) end = next;
      else break;
    }
    const stop = Math.min(ops.length, end + context);
    const slice = ops.slice(start, stop);
    const aCount = slice.filter((o) => o.kind !== '+').length;
    const bCount = slice.filter((o) => o.kind !== '-').length;
    const aStart = slice[0].aLine + (aCount ? 1 : 0);
    const bStart = slice[0].bLine + (bCount ? 1 : 0);
    out.push(`@@ -${aStart},${aCount} +${bStart},${bCount} @@`);
    for (const o of slice) out.push(`${o.kind}${o.text.replace(/\r$/, '')}`);
    k = stop;
  }
  return `${out.join('\n')}\n`;
}

/** Above this many LCS cells (16 MB), the diff of the changed middle is found greedily instead of minimally. */
const MAX_LCS_CELLS = 4 * 1024 * 1024;
/** How far ahead the greedy diff looks for the next common line. */
const GREEDY_WINDOW = 400;

/**
 * The line operations turning `am` into `bm`: a minimal diff (LCS table) when the middle is small, else a greedy one
 * (O(n·window)) — a 50,000-line file with edits spread all over must not need an n×m table (gigabytes).
 */
function middleKinds(am: readonly string[], bm: readonly string[]): Array<' ' | '-' | '+'> {
  const kinds: Array<' ' | '-' | '+'> = [];
  let i = 0;
  let j = 0;
  if ((am.length + 1) * (bm.length + 1) <= MAX_LCS_CELLS) {
    const width = bm.length + 1;
    const lcs = new Uint32Array((am.length + 1) * width);
    for (let x = am.length - 1; x >= 0; x--) {
      for (let y = bm.length - 1; y >= 0; y--) {
        lcs[x * width + y] = am[x] === bm[y] ? lcs[(x + 1) * width + y + 1] + 1 : Math.max(lcs[(x + 1) * width + y], lcs[x * width + y + 1]);
      }
    }
    while (i < am.length || j < bm.length) {
      if (i < am.length && j < bm.length && am[i] === bm[j]) {
        kinds.push(' ');
        i++;
        j++;
      } else if (i < am.length && (j === bm.length || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])) {
        kinds.push('-');
        i++;
      } else {
        kinds.push('+');
        j++;
      }
    }
    return kinds;
  }
  const find = (lines: readonly string[], from: number, text: string) => {
    for (let k = from; k < Math.min(lines.length, from + GREEDY_WINDOW); k++) if (lines[k] === text) return k - from;
    return -1;
  };
  while (i < am.length || j < bm.length) {
    if (i < am.length && j < bm.length && am[i] === bm[j]) {
      kinds.push(' ');
      i++;
      j++;
      continue;
    }
    const inserted = i < am.length ? find(bm, j, am[i]) : -1;
    const deleted = j < bm.length ? find(am, i, bm[j]) : -1;
    if (inserted > 0 && (deleted < 0 || inserted <= deleted)) {
      for (let k = 0; k < inserted; k++) kinds.push('+');
      j += inserted;
    } else if (deleted > 0) {
      for (let k = 0; k < deleted; k++) kinds.push('-');
      i += deleted;
    } else {
      if (i < am.length) {
        kinds.push('-');
        i++;
      }
      if (j < bm.length) {
        kinds.push('+');
        j++;
      }
    }
  }
  return kinds;
}

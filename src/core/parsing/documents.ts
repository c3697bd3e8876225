// Open documents keep their syntax tree between edits so a keystroke costs an incremental re-parse, not a full one.
// The host feeds content changes as plain data (VS Code's TextDocumentContentChangeEvent has this shape).
import type { Tree } from 'web-tree-sitter';
import type { FileSyntax, FunctionDef, FunctionShift } from '../model';
import { extractIncremental, extractSegments, type Extraction, type TextEdit } from './extract';
import { ParseError, defaultParseLimits, type ParseLimits, type ParserService } from './parser';

export interface ContentChange {
  rangeOffset: number;
  rangeLength: number;
  text: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface DocumentState {
  version: number;
  languageId: string;
  syntax: FileSyntax;
  /** Functions carried over unchanged from the version parsed before this one (after an incremental update). */
  reused?: ReadonlyMap<FunctionDef, FunctionShift>;
}

export type DocumentResult = { ok: true; state: DocumentState } | { ok: false; reason: string };

interface Entry {
  version: number;
  languageId: string;
  tree: Tree;
  /** The text parsed, to place the next update's edits in it. */
  text: string;
  syntax: FileSyntax;
  /** Kept so the next edit re-extracts only the top-level definitions it touched. */
  extraction: Extraction;
}

/** End point of text inserted at `start` (rows and UTF-16 columns, as tree-sitter counts them). */
function endPointOf(start: { row: number; column: number }, text: string): { row: number; column: number } {
  let row = start.row;
  let lineStart = -1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i;
  }
  return lineStart < 0 ? { row, column: start.column + text.length } : { row, column: text.length - lineStart - 1 };
}

/** Row and UTF-16 column of `offset` in `text`. */
function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/**
 * One edit covering several applied in sequence (each in the coordinates the previous ones left): from the first
 * character any of them touched to the last, in the old text and in the new one. Several keystrokes within the
 * debounce arrive as several changes; extraction then still re-extracts only the stretch they touched.
 */
function coveringEdit(edits: readonly TextEdit[], oldText: string, newText: string): TextEdit {
  let { startIndex: start, oldEndIndex: oldEnd, newEndIndex: newEnd } = edits[0];
  for (const e of edits.slice(1)) {
    const end = Math.max(newEnd, e.oldEndIndex);
    oldEnd = end === newEnd ? oldEnd : oldEnd + (end - newEnd);
    newEnd = end + (e.newEndIndex - e.oldEndIndex);
    start = Math.min(start, e.startIndex);
  }
  return { startIndex: start, oldEndIndex: oldEnd, newEndIndex: newEnd, startPosition: pointAt(newText, start), oldEndPosition: pointAt(oldText, oldEnd), newEndPosition: pointAt(newText, newEnd) };
}

export class DocumentTrees {
  private readonly entries = new Map<string, Entry>();
  /** Updates run one at a time: an update edits and then frees the tree the previous one stored. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly service: ParserService,
    private readonly limits: ParseLimits = defaultParseLimits,
  ) {}

  get(uri: string): DocumentState | undefined {
    const e = this.entries.get(uri);
    return e && { version: e.version, languageId: e.languageId, syntax: e.syntax };
  }

  /**
   * Brings a document to `version`. With `changes` (the edits since the version held) the old tree is edited and
   * re-parsed incrementally; without them, or when the held version is not the one before, it parses from scratch.
   */
  update(
    uri: string,
    version: number,
    text: string,
    languageId: string,
    options: { path: string; moduleName: string },
    changes?: readonly ContentChange[],
  ): Promise<DocumentResult> {
    const run = this.queue.then(() => this.updateNow(uri, version, text, languageId, options, changes));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async updateNow(
    uri: string,
    version: number,
    text: string,
    languageId: string,
    options: { path: string; moduleName: string },
    changes?: readonly ContentChange[],
  ): Promise<DocumentResult> {
    const previous = this.entries.get(uri);
    // A result for an older version arriving after a newer one (a slow update overtaken) must not replace it.
    if (previous && previous.version > version) {
      return { ok: false, reason: `version ${version} is older than the version ${previous.version} already parsed; dropped` };
    }
    if (previous && previous.version === version && previous.languageId === languageId) {
      return { ok: true, state: { version, languageId, syntax: previous.syntax } };
    }
    const incremental = previous && changes && previous.languageId === languageId && previous.version < version;
    const edits: TextEdit[] = [];
    if (incremental) {
      for (const c of changes) {
        const startPosition = { row: c.range.start.line, column: c.range.start.character };
        const edit = {
          startIndex: c.rangeOffset,
          oldEndIndex: c.rangeOffset + c.rangeLength,
          newEndIndex: c.rangeOffset + c.text.length,
          startPosition,
          oldEndPosition: { row: c.range.end.line, column: c.range.end.character },
          newEndPosition: endPointOf(startPosition, c.text),
        };
        previous.tree.edit(edit);
        edits.push(edit);
      }
    }
    let parsed;
    try {
      parsed = await this.service.parse(text, languageId, this.limits, incremental ? previous.tree : undefined);
    } catch (e) {
      this.close(uri);
      if (e instanceof ParseError) return { ok: false, reason: e.message };
      throw e;
    }
    // Re-extract only the stretch the edits touched (one keystroke, or all those typed within the debounce).
    let extraction: Extraction;
    try {
      extraction = incremental && edits.length
        ? extractIncremental(parsed.tree, parsed.loaded, options, previous.extraction, edits.length === 1 ? edits[0] : coveringEdit(edits, previous.text, text), previous.tree.getChangedRanges(parsed.tree))
        : extractSegments(parsed.tree, parsed.loaded, options);
    } catch (e) {
      parsed.tree.delete();
      this.close(uri);
      throw e;
    }
    previous?.tree.delete();
    const syntax = extraction.syntax;
    this.entries.set(uri, { version, languageId, tree: parsed.tree, text, syntax, extraction });
    return { ok: true, state: { version, languageId, syntax, reused: extraction.reused } };
  }

  close(uri: string): void {
    this.entries.get(uri)?.tree.delete();
    this.entries.delete(uri);
  }

  dispose(): void {
    for (const e of this.entries.values()) e.tree.delete();
    this.entries.clear();
  }
}

// Which lines of a file are telemetry (OpenTelemetry calls on tracers and spans, and their imports), from the same
// patterns the TextMate injection grammar is generated from. Plain TypeScript (no vscode) so unit tests can use it.
import patternData from './data/telemetry-patterns.json';

export const TELEMETRY_SCOPE = patternData.scope;

const patterns = patternData.patterns.map((p) => ({ name: p.name, regex: new RegExp(p.match, 'g') }));

/** The first telemetry pattern match in a line, or undefined; `skip(column)` drops matches starting in a comment. */
export function telemetryMatch(line: string, skip?: (column: number) => boolean): { pattern: string; column: number } | undefined {
  for (const { name, regex } of patterns) {
    regex.lastIndex = 0;
    for (let m = regex.exec(line); m; m = regex.exec(line)) {
      if (!skip?.(m.index)) return { pattern: name, column: m.index };
      if (m[0].length === 0) regex.lastIndex++;
    }
  }
  return undefined;
}

/** 0-based numbers of the lines of `text` with a telemetry call; `inComment(offset)` excludes comment text. */
export function telemetryLines(text: string, inComment?: (offset: number) => boolean): number[] {
  const lines: number[] = [];
  const lineBreak = /\r\n|\r|\n/g;
  let start = 0;
  let number = 0;
  for (;;) {
    const m = lineBreak.exec(text);
    const end = m ? m.index : text.length;
    const lineStart = start;
    if (telemetryMatch(text.slice(start, end), inComment && ((column) => inComment(lineStart + column)))) lines.push(number);
    if (!m) return lines;
    start = m.index + m[0].length;
    number++;
  }
}

// Shared by the unit tests: where the repository is, and the fixture-assertion reader.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Span } from '../../src/core/model';
import type { ContentChange } from '../../src/core/parsing';

/** The repository root, found from the bundled test's location (dist/test/unit). */
export const repoRoot: string = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || !fs.existsSync(path.join(dir, 'src'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`repository root not found above ${__dirname}`);
    dir = up;
  }
  return dir;
})();

export const fixturesDir = path.join(repoRoot, 'test', 'fixtures');

/**
 * An assertion written in a fixture as a comment under the code it checks (the stack-graphs style):
 *
 *     def helper(x):
 *     #   ^ defines: function pkg.mod.helper
 *
 * The caret's column points into the nearest line above that is not itself an assertion.
 */
export interface FixtureAssertion {
  /** 0-based line and column of the caret's target. */
  line: number;
  column: number;
  kind: string;
  value: string;
  /** 1-based line of the assertion comment, for failure messages. */
  sourceLine: number;
}

export function readAssertions(text: string, lineComment: string): FixtureAssertion[] {
  const escaped = lineComment.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const pattern = new RegExp(`^(\\s*${escaped}\\s*)\\^\\s*([\\w-]+):\\s*(.*?)\\s*$`);
  const lines = text.split(/\r?\n/);
  const result: FixtureAssertion[] = [];
  let target = -1;
  lines.forEach((line, i) => {
    const m = pattern.exec(line);
    if (!m) {
      target = i;
      return;
    }
    if (target < 0) throw new Error(`assertion on line ${i + 1} has no code line above it`);
    result.push({ line: target, column: line.indexOf('^'), kind: m[2], value: m[3], sourceLine: i + 1 });
  });
  return result;
}

export function spanContains(span: Span, line: number, column: number): boolean {
  const afterStart = line > span.start.line || (line === span.start.line && column >= span.start.column);
  const beforeEnd = line < span.end.line || (line === span.end.line && column < span.end.column);
  return afterStart && beforeEnd;
}

/** Lists fixture files under a folder, recursively, sorted. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile())
    .sort();
}

/** The change event an editor sends for replacing `length` characters at `offset` of `text` with `insert`. */
export function contentChange(text: string, offset: number, length: number, insert: string): ContentChange {
  const pos = (i: number) => {
    const before = text.slice(0, i);
    const line = before.split('\n').length - 1;
    return { line, character: i - (before.lastIndexOf('\n') + 1) };
  };
  return { rangeOffset: offset, rangeLength: length, text: insert, range: { start: pos(offset), end: pos(offset + length) } };
}

/** Loads a package from the repository's node_modules (the real OpenTelemetry API and SDK, npm packages as test material). */
export const requireFromRepo = createRequire(path.join(repoRoot, 'package.json'));

/**
 * The real OpenTelemetry API with an SDK tracer provider that keeps finished spans in memory, installed globally;
 * `stop` uninstalls it.
 */
export function inMemoryTracing() {
  const api = requireFromRepo('@opentelemetry/api');
  const sdk = requireFromRepo('@opentelemetry/sdk-trace-base');
  const exporter = new sdk.InMemorySpanExporter();
  const provider = new sdk.BasicTracerProvider({ spanProcessors: [new sdk.SimpleSpanProcessor(exporter)] });
  api.trace.setGlobalTracerProvider(provider);
  return {
    api,
    exporter,
    stop: async () => {
      api.trace.disable();
      await provider.shutdown();
    },
  };
}

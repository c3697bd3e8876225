// Figures beyond parsing (call graph, analysis, memory, activation, VSIX, AI cache, peers). Each is a function
// from the shared bench context to rows; a figure that cannot run here throws with the reason.
import type { ParserService } from '../src/core/parsing';
import type { Corpus } from './corpora';
import type { Row } from './stats';

export interface BenchContext {
  runs: number;
  repoRoot: string;
  grammarDir: string;
  service: ParserService;
  corpora: Corpus[];
}

export interface Figure {
  name: string;
  run(ctx: BenchContext): Promise<Row[]>;
}

export const extraFigures: Figure[] = [];

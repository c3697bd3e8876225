// One module per command; each parses its own options and returns the exit code.
import type { CliIO } from '../io';
import { analyzeCommand } from './analyze';
import { cacheCommand } from './cache';
import { callgraphCommand } from './callgraph';
import { calltreeCommand } from './calltree';
import { injectCommand } from './inject';
import { reportCommand } from './report';

export type Command = (args: string[], io: CliIO) => Promise<number>;

export const commands: Record<string, Command> = {
  analyze: analyzeCommand,
  cache: cacheCommand,
  callgraph: callgraphCommand,
  calltree: calltreeCommand,
  inject: injectCommand,
  report: reportCommand,
};

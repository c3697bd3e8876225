// One module per command; each parses its own options and returns the exit code.
import type { CliIO } from '../io';

export type Command = (args: string[], io: CliIO) => Promise<number>;

export const commands: Record<string, Command> = {};

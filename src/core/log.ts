// The engine logs through this interface; each host supplies the sink (a LogOutputChannel in VS Code, stderr for the
// command line, a recorder in tests). Messages never contain secrets: see `redact` in llm/.
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/** Keeps what was logged, for tests and for reports of skipped files. */
export class RecordingLogger implements Logger {
  readonly lines: { level: string; message: string }[] = [];
  trace(message: string) { this.lines.push({ level: 'trace', message }); }
  debug(message: string) { this.lines.push({ level: 'debug', message }); }
  info(message: string) { this.lines.push({ level: 'info', message }); }
  warn(message: string) { this.lines.push({ level: 'warn', message }); }
  error(message: string) { this.lines.push({ level: 'error', message }); }
  text(): string { return this.lines.map((l) => `${l.level}: ${l.message}`).join('\n'); }
}

// The `trace-advisor` command: the same engine as the extension, for terminals and CI.
// Forms and JSON shapes are a contract (README "Command line"); keep them stable, add freely.
import { GateFailed, UsageError, type CliIO } from './io';
import { commands } from './commands';

const USAGE = `Usage: trace-advisor <command> [options]

Commands:
  callgraph <root> [--format json|dot|mermaid] [--exclude GLOB]... [--verbose]
  calltree  <file> --entry <name> [--root DIR] [--search-path DIR]... [--depth N] [--format text|json|mermaid|dot]
            [--hide-external] [--hide-unresolved] [--verbose]
  analyze   <path>... [--format text|json|md|sarif] [--config FILE] [--out FILE] [--template FILE] [--exclude GLOB]...
            [--fail-under PCT] [--changed-since REF] [--verbose]
            [--llm none|openai|anthropic|openai-compatible|bedrock] [--model M] [--base-url URL] [--budget USD]
            [--openai-api chat-completions|responses] [--cache-dir DIR]
  inject    <path>... [--dry-run] [--priority ID]... [--min-score N] [--config FILE] [--templates FILE]
            [--exclude GLOB]... [--verbose]
  report    <analysis.json> [--format md|json|sarif] [--template FILE] [--out FILE] [--base-dir DIR] [--fail-under PCT]
  cache     clear [--cache-dir DIR]

Exit codes: 0 success, 1 a gate you set failed, 2 bad usage or unusable input.
AI keys come from OPENAI_API_KEY, ANTHROPIC_API_KEY or TRACE_ADVISOR_API_KEY (never from files).`;

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`trace-advisor: unknown command '${name}' (try --help)\n`);
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`trace-advisor: ${e.message}\n`);
      return 2;
    }
    if (e instanceof GateFailed) {
      io.stderr(`trace-advisor: ${e.message}\n`);
      return 1;
    }
    // A bug of ours, not the user's: one line, and the stack only when asked for.
    io.stderr(`trace-advisor: internal error: ${(e as Error).message}${io.env.TRACE_ADVISOR_DEBUG ? `\n${(e as Error).stack}` : ' (set TRACE_ADVISOR_DEBUG=1 for details)'}\n`);
    return 2;
  }
}

declare const __VERSION__: string | undefined;
export const VERSION: string = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

if (require.main === module) {
  const io: CliIO = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: !!process.stderr.isTTY,
    cwd: process.cwd(),
    env: process.env,
  };
  runCli(process.argv.slice(2), io).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`trace-advisor: internal error: ${(e as Error).message}\n`);
      process.exitCode = 2;
    },
  );
}

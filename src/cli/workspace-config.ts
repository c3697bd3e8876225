// The `.trace-advisor.yaml` a command reads: `--config FILE`, else the one in the current directory, else none.
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAME, ConfigUnreadable, readWorkspaceConfig, type WorkspaceConfig } from '../core/config/workspace-file';
import { UsageError, type CliIO } from './io';

/**
 * Reads the configuration (and says which file, as given); an unreadable file is a usage error (exit 2), and so is a
 * `--config` file that cannot be used at all (not YAML, not a mapping): a CI gate must not pass on settings nobody
 * chose. Each mistake inside a usable file is one warning line, and its key falls back to the default: the command
 * goes on. The implicit `.trace-advisor.yaml` is not explicit input: if it is unusable, its problem is a warning.
 */
export async function commandConfig(command: string, configOption: string | undefined, io: CliIO): Promise<WorkspaceConfig & { file?: string }> {
  const configFile = configOption ?? (fs.existsSync(path.join(io.cwd, CONFIG_FILE_NAME)) ? CONFIG_FILE_NAME : undefined);
  if (configFile === undefined) return { settings: {}, problems: [] };
  let config: WorkspaceConfig;
  try {
    config = await readWorkspaceConfig(path.resolve(io.cwd, configFile));
  } catch (e) {
    if (e instanceof ConfigUnreadable) throw new UsageError(`${command}: ${e.message}`);
    throw e;
  }
  const where = (p: { file: string; line: number; column: number }) => `${path.relative(io.cwd, p.file) || p.file}:${p.line}:${p.column}`;
  if (config.unusable && configOption !== undefined) {
    const first = config.problems[0];
    throw new UsageError(`${command}: configuration ${configOption} cannot be used${first ? ` (${where(first)}: ${first.message})` : ''}`);
  }
  for (const p of config.problems) io.stderr(`trace-advisor: warning: ${where(p)}: ${p.message}\n`);
  return { ...config, file: configFile };
}

// `trace-advisor cache clear [--cache-dir DIR]`: empties the on-disk cache of AI answers (README "AI analysis"), the
// one `analyze --llm` reads and writes (same default directory, same --cache-dir and TRACE_ADVISOR_CACHE_DIR).
import path from 'node:path';
import { clearCache, defaultCacheDir } from '../../core/llm';
import { parseOptions } from '../args';
import { UsageError, type CliIO } from '../io';
import { systemReason } from '../report-output';

export async function cacheCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseOptions('cache', args, { 'cache-dir': { type: 'string' } });
  if (positionals.length !== 1 || positionals[0] !== 'clear') throw new UsageError('cache: expected the action clear (cache clear [--cache-dir DIR])');
  const dir = values['cache-dir'] !== undefined ? path.resolve(io.cwd, values['cache-dir']) : defaultCacheDir(io.env);
  let count: number;
  try {
    count = await clearCache(dir);
  } catch (e) {
    throw new UsageError(`cache: cannot clear ${dir}: ${systemReason(e)}`);
  }
  io.stderr(`cache: removed ${count} cached AI answer(s) from ${dir}\n`);
  return 0;
}

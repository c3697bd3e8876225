// Answers cached on disk by content: the key is a hash of everything that shaped the request (the prompt holds the
// function's text, its context and the priorities; plus provider, model, settings and prompt version). A second
// run over unchanged code sends nothing. Entries are JSON written atomically; a corrupt one is a miss, then rewritten.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../log';
import { validateAnswerShape, type AnswerItem } from './schema';
import type { LlmUsage } from './types';

export interface CacheKeyParts {
  promptVersion: number;
  provider: string;
  model: string;
  baseUrl?: string;
  temperature: number;
  maxOutputTokens: number;
  system: string;
  user: string;
}

export interface CachedAnswer {
  items: AnswerItem[];
  /** What the answer cost when it was fetched (not charged again). */
  usage: LlmUsage;
}

const ENTRY_VERSION = 1;

export function cacheKey(parts: CacheKeyParts): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** `$TRACE_ADVISOR_CACHE_DIR`, else `$XDG_CACHE_HOME/trace-advisor`, else `~/.cache/trace-advisor`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv, home: string = os.homedir()): string {
  if (env.TRACE_ADVISOR_CACHE_DIR) return env.TRACE_ADVISOR_CACHE_DIR;
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'trace-advisor');
}

function entryPath(dir: string, key: string): string {
  return path.join(dir, 'llm', key.slice(0, 2), `${key}.json`);
}

export class LlmCache {
  constructor(readonly dir: string, private readonly logger: Logger) {}

  async get(key: string): Promise<CachedAnswer | undefined> {
    const file = entryPath(this.dir, key);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entry = JSON.parse(text) as { version?: number; key?: string; items?: unknown; usage?: LlmUsage };
      if (entry.version !== ENTRY_VERSION || entry.key !== key || !validateAnswerShape({ recommendations: entry.items }) || typeof entry.usage?.inputTokens !== 'number') {
        throw new Error('unexpected content');
      }
      return { items: entry.items as AnswerItem[], usage: entry.usage };
    } catch (e) {
      this.logger.debug(`AI cache: ignoring corrupt entry ${file} (${(e as Error).message})`);
      return undefined;
    }
  }

  async put(key: string, answer: CachedAnswer): Promise<void> {
    const file = entryPath(this.dir, key);
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(temp, JSON.stringify({ version: ENTRY_VERSION, key, items: answer.items, usage: answer.usage }), 'utf8');
      await fs.rename(temp, file);
    } catch (e) {
      // A cache that cannot be written costs money on the next run, but never fails this one.
      this.logger.warn(`AI cache: cannot write ${file}: ${(e as Error).message}`);
      await fs.rm(temp, { force: true }).catch(() => undefined);
    }
  }
}

/** Deletes every cached AI answer under `dir`; returns how many there were. */
export async function clearCache(dir: string): Promise<number> {
  const root = path.join(dir, 'llm');
  let count = 0;
  try {
    for (const entry of await fs.readdir(root, { recursive: true })) if (String(entry).endsWith('.json')) count++;
  } catch {
    return 0;
  }
  await fs.rm(root, { recursive: true, force: true });
  return count;
}

// Finding the source files under a root: supported extensions, .gitignore files at every level, include and
// exclude globs, symlink loops and vanished entries. Every file left out for a reason other than "not source"
// is reported as skipped with that reason.
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { minimatch } from 'minimatch';
import { languageForPath } from '../languages';
import type { SkippedFile } from '../model';

export interface DiscoverOptions {
  include?: string[];
  exclude?: string[];
  /** Stop after this many files (a guard for pathological trees). */
  maxFiles?: number;
  signal?: AbortSignal;
}

export interface Discovered {
  /** Paths relative to the root, `/`-separated, sorted. */
  files: string[];
  skipped: SkippedFile[];
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

export function globMatch(relPath: string, patterns: string[] | undefined): boolean {
  return !!patterns?.some((p) => minimatch(relPath, p, { dot: true, matchBase: !p.includes('/') }));
}

export async function discoverFiles(root: string, options: DiscoverOptions = {}): Promise<Discovered> {
  const files: string[] = [];
  const skipped: SkippedFile[] = [];
  const seenDirs = new Set<string>();
  const maxFiles = options.maxFiles ?? 200_000;

  async function readIgnore(dir: string): Promise<Ignore | undefined> {
    try {
      return ignore().add(await fs.readFile(path.join(dir, '.gitignore'), 'utf8'));
    } catch {
      return undefined;
    }
  }

  async function walk(dir: string, rules: { base: string; ig: Ignore }[]): Promise<void> {
    if (options.signal?.aborted || files.length >= maxFiles) return;
    let real: string;
    try {
      real = await fs.realpath(dir);
    } catch (e) {
      skipped.push({ path: toPosix(path.relative(root, dir)) || '.', reason: `unreadable directory (${(e as NodeJS.ErrnoException).code})` });
      return;
    }
    if (seenDirs.has(real)) {
      skipped.push({ path: toPosix(path.relative(root, dir)), reason: 'symbolic link loop (directory already visited)' });
      return;
    }
    seenDirs.add(real);
    const own = await readIgnore(dir);
    const active = own ? [...rules, { base: dir, ig: own }] : rules;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (e) {
      skipped.push({ path: toPosix(path.relative(root, dir)) || '.', reason: `unreadable directory (${(e as NodeJS.ErrnoException).code})` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name === '.git') continue;
      const abs = path.join(dir, entry.name);
      const rel = toPosix(path.relative(root, abs));
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const st = await fs.stat(abs);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (languageForPath(entry.name) || code === 'ELOOP') {
            skipped.push({ path: rel, reason: code === 'ELOOP' ? 'symbolic link loop' : 'dangling symbolic link' });
          }
          continue;
        }
      }
      const ignored = active.some(({ base, ig }) => {
        const r = toPosix(path.relative(base, abs));
        return r && !r.startsWith('..') && ig.ignores(isDir ? `${r}/` : r);
      });
      if (ignored || globMatch(rel, options.exclude) || (isDir && globMatch(`${rel}/`, options.exclude))) continue;
      if (isDir) {
        await walk(abs, active);
      } else if (isFile && languageForPath(entry.name)) {
        if (options.include?.length && !globMatch(rel, options.include)) continue;
        files.push(rel);
        if (files.length >= maxFiles) {
          skipped.push({ path: rel, reason: `file limit of ${maxFiles} reached; the rest of the tree is not indexed` });
          return;
        }
      } else if (!isFile && languageForPath(entry.name)) {
        skipped.push({ path: rel, reason: 'named like a source file but not a regular file' });
      }
    }
  }

  await walk(root, []);
  files.sort();
  return { files, skipped };
}

/** Why a path the user named cannot be followed (`stat` failed with `error`), in a few words for a one-line message. */
export function unusablePathReason(absPath: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return 'symbolic link loop';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT' && fsSync.lstatSync(absPath, { throwIfNoEntry: false })?.isSymbolicLink()) return 'dangling symbolic link';
  return 'no such file or directory';
}

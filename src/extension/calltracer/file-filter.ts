// Whether one workspace file belongs in the call index, by the same rules discoverFiles applies to a whole walk
// (supported language, include/exclude globs, .gitignore files from the root down). Used for files that appear
// after the index was built: created on disk, or opened and edited. Plain Node: no vscode.
import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { languageForPath } from '../../core/languages';
import { globMatch } from '../../core/workspace';

export interface FileFilterOptions {
  include: string[];
  exclude: string[];
}

/** `files.exclude`-style settings (glob → true/false/{when}) as plain globs: only the unconditional `true` ones. */
export function excludeGlobs(filesExclude: Record<string, unknown> | undefined): string[] {
  return Object.entries(filesExclude ?? {})
    .filter(([, on]) => on === true)
    .map(([glob]) => glob);
}

export class FileFilter {
  /** .gitignore rules per directory (relative, '' for the root); undefined when the directory has none. */
  private readonly gitignores = new Map<string, Ignore | undefined>();

  constructor(
    readonly root: string,
    private readonly options: FileFilterOptions,
  ) {}

  /** Why a file (root-relative, `/`-separated) is not indexed, or undefined when it is. */
  rejection(relPath: string): string | undefined {
    if (!relPath || relPath.startsWith('../') || path.isAbsolute(relPath)) return 'outside the workspace folder';
    if (!languageForPath(relPath)) return 'not a supported language';
    if (this.options.include.length && !globMatch(relPath, this.options.include)) return 'not matched by traceAdvisor.include';
    if (relPath.split('/').includes('.git')) return 'inside .git';
    if (this.excluded(relPath)) return 'excluded (traceAdvisor.exclude or files.exclude)';
    if (this.gitIgnored(relPath)) return 'ignored by .gitignore';
    return undefined;
  }

  accepts(relPath: string): boolean {
    return this.rejection(relPath) === undefined;
  }

  /** Forget cached .gitignore rules (one changed on disk). */
  clearCache(): void {
    this.gitignores.clear();
  }

  /** The file or one of its directories matches an exclude glob (`**\/build` excludes everything below it). */
  private excluded(relPath: string): boolean {
    if (globMatch(relPath, this.options.exclude)) return true;
    const parts = relPath.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (globMatch(dir, this.options.exclude) || globMatch(`${dir}/`, this.options.exclude)) return true;
    }
    return false;
  }

  private gitIgnored(relPath: string): boolean {
    const parts = relPath.split('/');
    for (let i = 0; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      const rules = this.rulesOf(dir);
      if (!rules) continue;
      // Each .gitignore speaks about paths relative to its own directory; a directory match hides all below it.
      const below = parts.slice(i);
      for (let j = 1; j <= below.length; j++) {
        const candidate = below.slice(0, j).join('/') + (j < below.length ? '/' : '');
        if (rules.ignores(candidate)) return true;
      }
    }
    return false;
  }

  private rulesOf(dir: string): Ignore | undefined {
    if (this.gitignores.has(dir)) return this.gitignores.get(dir);
    let rules: Ignore | undefined;
    try {
      rules = ignore().add(fs.readFileSync(path.join(this.root, dir, '.gitignore'), 'utf8'));
    } catch {
      rules = undefined;
    }
    this.gitignores.set(dir, rules);
    return rules;
  }
}

// A workspace read from disk for the call index: its files, their module names, and their call-graph syntax.
import path from 'node:path';
import type { CallGraphSyntax, SkippedFile } from '../model';
import { discoverFiles, type DiscoverOptions } from './files';
import { WorkspaceLayout } from './layout';
import { parseFiles, type ParseFilesOptions } from './parse-files';

export { discoverFiles, globMatch, toPosix, unusablePathReason, type DiscoverOptions } from './files';
export { WorkspaceLayout, type GoModule } from './layout';
export { endIdleWorkers } from './worker-pool';
export { analyzeFilesInWorkers, parseFiles, parseJob, type AnalyzedFiles, type ParseJob, type ParseFilesOptions, type ParsedFiles } from './parse-files';

export interface LoadedWorkspace {
  root: string;
  layout: WorkspaceLayout;
  /** What the call index keeps of each file (see CallGraphSyntax). */
  files: CallGraphSyntax[];
  skipped: SkippedFile[];
}

/** Discovers and parses every supported file under `root`, keeping what the call index reads. */
export async function loadWorkspace(root: string, options: DiscoverOptions & ParseFilesOptions = {}): Promise<LoadedWorkspace> {
  const absRoot = path.resolve(root);
  const discovered = await discoverFiles(absRoot, options);
  for (const s of discovered.skipped) options.logger?.info(`skipped ${s.path}: ${s.reason}`);
  const layout = WorkspaceLayout.scan(absRoot, discovered.files);
  const jobs = discovered.files.map((rel) => ({ path: rel, absPath: path.join(absRoot, rel), moduleName: layout.moduleName(rel) }));
  const parsed = await parseFiles(jobs, { ...options, callGraphOnly: true });
  return { root: absRoot, layout, files: parsed.files, skipped: [...discovered.skipped, ...parsed.skipped] };
}

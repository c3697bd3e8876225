// `trace-advisor inject <path>... [--dry-run] [--priority ID]... [--min-score N]`: applies the analyzer's
// recommendations as OpenTelemetry instrumentation, in place (README "Injection").
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { analysisConfigFrom, analyzeFile, type AnalysisSettings } from '../../core/analysis';
import { settingDefaults } from '../../core/config/settings';
import { planInjection, unifiedDiff, validateCustomTemplates, writeInjectedFile, type CustomTemplates } from '../../core/injection';
import { PRIORITIES, type Priority } from '../../core/model';
import { ParserService, decodeSource, findGrammarDir } from '../../core/parsing';
import { WorkspaceLayout, discoverFiles, parseFiles, toPosix, unusablePathReason, type ParseJob } from '../../core/workspace';
import { numberOption, parseOptions } from '../args';
import type { Logger } from '../../core/log';
import { UsageError, progressBar, stderrLogger, type CliIO } from '../io';
import { rejectUnusableFiles } from '../explicit-files';
import { commandConfig } from '../workspace-config';

export async function injectCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseOptions('inject', args, {
    'dry-run': { type: 'boolean', default: false },
    priority: { type: 'string', multiple: true },
    'min-score': { type: 'string' },
    config: { type: 'string' },
    templates: { type: 'string' },
    exclude: { type: 'string', multiple: true },
    verbose: { type: 'boolean', default: false },
  });
  if (!positionals.length) throw new UsageError('inject: expected at least one file or directory (inject <path>... [--dry-run] [--priority ID]... [--min-score N])');
  const priorities = values.priority ?? [];
  for (const p of priorities) {
    if (!(PRIORITIES as readonly string[]).includes(p)) throw new UsageError(`inject: --priority must be one of ${PRIORITIES.join(', ')}, got '${p}'`);
  }
  const minScore = numberOption('inject', 'min-score', values['min-score'], 0);
  const logger = stderrLogger(io, values.verbose!);

  const workspaceConfig = await commandConfig('inject', values.config, io);
  const settings = workspaceConfig.settings as AnalysisSettings & { include?: string[]; exclude?: string[]; 'injection.templatesFile'?: string };
  const templatesFile = values.templates ?? (settings['injection.templatesFile'] || undefined);
  const templates = templatesFile ? readTemplates(path.resolve(io.cwd, templatesFile), templatesFile) : undefined;

  const jobs = await collectJobs(positionals, io.cwd, settings.include, [...(settings.exclude ?? settingDefaults.exclude), ...(values.exclude ?? [])], logger);
  const grammarDir = findGrammarDir();
  const bar = progressBar(io, 'inject');
  const parsed = await parseFiles(jobs, { grammarDir, logger, onProgress: (d, t) => bar.update(d, t) });
  bar.done();
  rejectUnusableFiles('inject', positionals, parsed.skipped, io.cwd);

  const config = analysisConfigFrom(settings);
  const parser = new ParserService(grammarDir);
  const absOf = new Map(jobs.map((j) => [j.path, j.absPath]));
  const totals = { changed: 0, applied: 0, skipped: 0, refused: 0 };
  try {
    for (const syntax of parsed.files.sort((a, b) => a.path.localeCompare(b.path))) {
      const recommendations = analyzeFile(syntax, config).recommendations.filter((r) => (!priorities.length || priorities.includes(r.priority as Priority)) && r.score >= minScore);
      if (!recommendations.length) continue;
      const absPath = absOf.get(syntax.path)!;
      const bytes = fs.readFileSync(absPath);
      const read = decodeSource(bytes);
      if (!read.ok) {
        io.stderr(`trace-advisor: ${syntax.path}: not changed: ${read.reason}\n`);
        totals.refused++;
        continue;
      }
      const plan = await planInjection(read.text, syntax, recommendations, { parser, templates });
      totals.skipped += plan.skipped.length;
      for (const s of plan.skipped) logger.info(`${syntax.path}: skipped ${s.recommendationId}: ${s.reason}`);
      if (!plan.ok) {
        io.stderr(`trace-advisor: ${syntax.path}: not changed: ${plan.reason}\n`);
        totals.refused++;
        continue;
      }
      if (!plan.edits.length) continue;
      if (values['dry-run']) {
        io.stdout(unifiedDiff(read.text, plan.newText, `a/${syntax.path}`, `b/${syntax.path}`));
      } else {
        const written = writeInjectedFile(absPath, read.text, plan.newText);
        if (!written.ok) {
          io.stderr(`trace-advisor: ${syntax.path}: not changed: ${written.reason}\n`);
          totals.refused++;
          continue;
        }
      }
      totals.changed++;
      totals.applied += plan.recommendationIds.length;
    }
  } finally {
    parser.dispose();
  }
  const verb = values['dry-run'] ? 'would change' : 'changed';
  io.stderr(
    `inject: ${verb} ${totals.changed} file(s), ${totals.applied} recommendation(s) applied, ${totals.skipped} skipped` +
      `${totals.refused ? `, ${totals.refused} file(s) left unchanged (see above)` : ''}${totals.skipped && !values.verbose ? ' (--verbose lists why)' : ''}\n`,
  );
  return 0;
}

function readTemplates(absPath: string, given: string): CustomTemplates {
  let value: unknown;
  try {
    value = parseYaml(fs.readFileSync(absPath, 'utf8'), { schema: 'core', maxAliasCount: 100 });
  } catch (e) {
    throw new UsageError(`inject: cannot read templates ${given}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message.split('\n')[0]}`);
  }
  const problems = validateCustomTemplates(value);
  if (problems.length) throw new UsageError(`inject: templates ${given}: ${problems.join('; ')}`);
  return value as CustomTemplates;
}

/** The files to inject into; files a directory walk skips (symlink loops, dangling links) are logged with their reason. */
async function collectJobs(paths: string[], cwd: string, include: string[] | undefined, exclude: string[], logger: Logger): Promise<ParseJob[]> {
  const jobs: ParseJob[] = [];
  const seen = new Set<string>();
  for (const given of paths) {
    const abs = path.resolve(cwd, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch (e) {
      throw new UsageError(`inject: ${unusablePathReason(abs, e)}: ${given}`);
    }
    const root = stat.isDirectory() ? abs : path.dirname(abs);
    let files = [path.basename(abs)];
    if (stat.isDirectory()) {
      const found = await discoverFiles(abs, { include, exclude });
      for (const s of found.skipped) logger.info(`skipped ${toPosix(path.relative(cwd, path.join(abs, s.path)))}: ${s.reason}`);
      files = found.files;
    }
    const layout = WorkspaceLayout.scan(root, files);
    for (const rel of files) {
      const absPath = path.join(root, rel);
      if (seen.has(absPath)) continue;
      seen.add(absPath);
      jobs.push({ path: toPosix(path.relative(cwd, absPath)), absPath, moduleName: layout.moduleName(rel) });
    }
  }
  return jobs;
}

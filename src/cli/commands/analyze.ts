// `trace-advisor analyze <path>...`: rule-based trace-point recommendations for files and folders (README "Analyzer").
// The analysis is src/core/analysis; output in every format but text goes through report-output (md, json, sarif,
// templates, --out, --fail-under).
import fs from 'node:fs';
import path from 'node:path';
import { analysisConfigFrom, analyzePaths, formatText, PathNotFound, type AnalysisSettings } from '../../core/analysis';
import { settingDefaults } from '../../core/config/settings';
import { parseOptions } from '../args';
import { progressBar, stderrLogger, UsageError, type CliIO } from '../io';
import { rejectUnusableFiles } from '../explicit-files';
import { enrichWithLlm, llmOptionSpec, llmRunFromOptions, type LlmSettings } from '../llm-options';
import type { FileSyntax } from '../../core/model';
import { emitAnalysis, enforceCoverageGate, filesChangedSince, parseFailUnder, reportOptionSpec, systemReason } from '../report-output';
import { commandConfig } from '../workspace-config';

declare const __VERSION__: string | undefined;

export async function analyzeCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseOptions('analyze', args, {
    format: { type: 'string', default: 'text' },
    config: { type: 'string' },
    exclude: { type: 'string', multiple: true },
    'changed-since': { type: 'string' },
    verbose: { type: 'boolean', default: false },
    ...reportOptionSpec,
    ...llmOptionSpec,
  });
  if (!positionals.length) throw new UsageError('analyze: expected at least one file or directory (analyze <path>... [--format text|json|md|sarif])');
  parseFailUnder('analyze', values['fail-under']);
  const logger = stderrLogger(io, values.verbose);

  const workspaceConfig = await commandConfig('analyze', values.config, io);
  const settings = workspaceConfig.settings as AnalysisSettings & { include?: string[]; exclude?: string[] };
  const llm = llmRunFromOptions('analyze', values, io, workspaceConfig.settings as LlmSettings);
  let parsedFiles: readonly FileSyntax[] = [];

  let paths = positionals;
  if (values['changed-since'] !== undefined) {
    paths = await filesChangedSince('analyze', positionals, values['changed-since'], io.cwd);
    if (!paths.length) logger.info(`no files changed since ${values['changed-since']}`);
  }

  const bar = progressBar(io, 'analyze');
  let report;
  try {
    report = await analyzePaths(paths, {
      baseDir: io.cwd,
      config: analysisConfigFrom(settings),
      configFile: workspaceConfig.file,
      configProblems: workspaceConfig.problems,
      include: settings.include,
      exclude: [...(settings.exclude ?? settingDefaults.exclude), ...(values.exclude ?? [])],
      toolVersion: typeof __VERSION__ === 'string' ? __VERSION__ : undefined,
      logger,
      onProgress: (done, total) => bar.update(done, total),
      // Only AI analysis needs the syntax back; without it the rules run inside the parse workers.
      onParsed: llm ? (files) => (parsedFiles = files) : undefined,
    });
  } catch (e) {
    if (e instanceof PathNotFound) throw new UsageError(`analyze: ${e.message}`);
    throw e;
  } finally {
    bar.done();
  }
  if (values['changed-since'] === undefined) rejectUnusableFiles('analyze', positionals, report.skipped, io.cwd);
  if (llm) await enrichWithLlm(report, parsedFiles, llm, io, analysisConfigFrom(settings));

  if (values.format === 'text') {
    if (values.template !== undefined) throw new UsageError('analyze: --template renders Markdown; use it with --format md');
    const text = formatText(report);
    if (values.out === undefined) io.stdout(text);
    else {
      try {
        fs.writeFileSync(path.resolve(io.cwd, values.out), text);
      } catch (e) {
        throw new UsageError(`analyze: cannot write --out ${values.out}: ${systemReason(e)}`);
      }
    }
    enforceCoverageGate(report, parseFailUnder('analyze', values['fail-under']));
    return 0;
  }
  return emitAnalysis('analyze', report, { format: values.format, out: values.out, template: values.template, 'fail-under': values['fail-under'], baseDir: io.cwd }, io);
}

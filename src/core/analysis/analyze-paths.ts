// Batch analysis for the command line and "analyze workspace": discover and parse the given files and folders,
// run analyzeFile on each, and assemble the report whose JSON form is the CLI contract.
import fs from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../log';
import type { FileSyntax, SkippedFile } from '../model';
import { analyzeFilesInWorkers, discoverFiles, parseFiles, toPosix, unusablePathReason, WorkspaceLayout, type ParseJob } from '../workspace';
import { findGrammarDir, type ParseLimits } from '../parsing';
import type { ConfigProblem } from '../config/workspace-file';
import type { AnalysisReport, AnalyzedFile } from '../report/types';
import { analyzeFile, type AnalysisContext, type AnalyzedRecommendation, type FileCoverage, type SuppressedRecommendation } from './engine';
import { defaultAnalysisConfig, type AnalysisConfig } from './config';

/** A recommendation in the report: the analyzer's, without offsets (lines say where). */
export type ReportedRecommendation = Omit<AnalyzedRecommendation, 'span'>;

export interface FileReport extends AnalyzedFile {
  recommendations: ReportedRecommendation[];
  coverage: FileCoverage;
  /** Qualified names of the functions that already carry OpenTelemetry instrumentation. */
  instrumented: string[];
  suppressed: SuppressedRecommendation[];
}

/** One analysis run: the `analyze --format json` contract (src/core/report/types.ts) plus per-file details. */
export interface AnalysisRun extends AnalysisReport {
  root: string;
  files: FileReport[];
  skipped: SkippedFile[];
  configProblems: ConfigProblem[];
}

export interface AnalyzePathsOptions {
  config?: AnalysisConfig;
  /** Problems found while reading the configuration, carried into the report. */
  configProblems?: ConfigProblem[];
  /** The configuration file the settings came from, named in reports. */
  configFile?: string;
  /** Paths in the report are relative to this directory (default: the process's working directory). */
  baseDir?: string;
  include?: string[];
  exclude?: string[];
  toolVersion?: string;
  context?: AnalysisContext;
  grammarDir?: string;
  limits?: ParseLimits;
  logger?: Logger;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Receives the parsed files (the AI analysis works on their syntax after the rules). */
  onParsed?: (files: readonly FileSyntax[]) => void;
}

/** Runs the rules on one file and shapes the result as the report's entry for it. */
export function reportFile(syntax: FileSyntax, config: AnalysisConfig, context?: AnalysisContext): FileReport {
  const result = analyzeFile(syntax, config, context);
  return {
    path: syntax.path,
    language: syntax.languageId,
    ...result,
    recommendations: result.recommendations.map(({ span: _span, ...rec }) => rec),
  };
}

/** A path given to analyze does not exist: a usage error for the CLI. */
export class PathNotFound extends Error {}

export async function analyzePaths(paths: string[], options: AnalyzePathsOptions = {}): Promise<AnalysisRun> {
  const baseDir = path.resolve(options.baseDir ?? process.cwd());
  const config = options.config ?? defaultAnalysisConfig();
  const jobs: ParseJob[] = [];
  const skipped: SkippedFile[] = [];
  const seen = new Set<string>();
  for (const given of paths) {
    const abs = path.resolve(baseDir, given);
    let stat: Stats;
    try {
      stat = await fs.stat(abs);
    } catch (e) {
      throw new PathNotFound(`${unusablePathReason(abs, e)}: ${given}`);
    }
    const root = stat.isDirectory() ? abs : path.dirname(abs);
    let files: string[];
    if (stat.isDirectory()) {
      const found = await discoverFiles(abs, { include: options.include, exclude: options.exclude, signal: options.signal });
      files = found.files;
      for (const s of found.skipped) {
        const skip = { ...s, path: toPosix(path.relative(baseDir, path.join(abs, s.path))) };
        // Parse-time skips are logged by parseFiles; these (symlink loops, dangling links, FIFOs) are logged here.
        options.logger?.info(`skipped ${skip.path}: ${skip.reason}`);
        skipped.push(skip);
      }
    } else {
      files = [path.basename(abs)];
    }
    const layout = WorkspaceLayout.scan(root, files);
    for (const rel of files) {
      const absPath = path.join(root, rel);
      if (seen.has(absPath)) continue;
      seen.add(absPath);
      jobs.push({ path: toPosix(path.relative(baseDir, absPath)), absPath, moduleName: layout.moduleName(rel) });
    }
  }
  const parseOptions = { grammarDir: options.grammarDir ?? findGrammarDir(), limits: options.limits, logger: options.logger, signal: options.signal, onProgress: options.onProgress };
  // The rules run in the worker threads unless this thread needs the syntax (onParsed) or a context function that
  // cannot cross threads (fanIn); the reports are the same either way.
  const inWorkers = !options.onParsed && !options.context ? await analyzeFilesInWorkers(jobs, config, parseOptions) : undefined;
  let files: FileReport[];
  if (inWorkers) {
    files = inWorkers.reports;
    skipped.push(...inWorkers.skipped);
  } else {
    const parsed = await parseFiles(jobs, parseOptions);
    skipped.push(...parsed.skipped);
    options.onParsed?.(parsed.files);
    files = parsed.files.map((syntax) => reportFile(syntax, config, options.context));
  }
  const coverage = files.reduce((sum, f) => ({ functions: sum.functions + f.coverage.functions, instrumented: sum.instrumented + f.coverage.instrumented }), { functions: 0, instrumented: 0 });
  return {
    tool: { name: 'trace-advisor', version: options.toolVersion ?? '0.0.0-dev' },
    root: baseDir,
    configuration: {
      file: options.configFile,
      priorities: Object.fromEntries(Object.entries(config.priorities).filter(([, p]) => p.enabled).map(([id, p]) => [id, p.weight])),
      minScore: config.minScore,
    },
    files,
    coverage,
    usage: { llmRequests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 },
    skipped,
    configProblems: options.configProblems ?? [],
  };
}

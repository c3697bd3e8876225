// Report output shared by `analyze` and `report`: the md/json/sarif/template formats, --out, the --fail-under
// coverage gate, and --changed-since (which files a pull request touched). Kept apart from analyze.ts so that the
// analysis and its output can change independently.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ParserService } from '../core/parsing';
import { TemplateError, coveragePercent, isReportFormat, renderTemplate, reportFormatters, suggestFixes, type AnalysisReport, type SuggestedFix } from '../core/report';
import { GateFailed, UsageError, type CliIO } from './io';

const run = promisify(execFile);

/** Options to spread into a command's parseOptions spec. */
export const reportOptionSpec = {
  out: { type: 'string' },
  template: { type: 'string' },
  'fail-under': { type: 'string' },
} as const;

export interface ReportOutputOptions {
  format: string;
  out?: string;
  template?: string;
  /** Directory the analysis paths are relative to, for code excerpts. */
  baseDir?: string;
}

/**
 * Everything after the analysis, for `report` and `analyze` alike, given the parsed options: write the report (the
 * gate's threshold is checked first so that a typo fails fast), then apply the coverage gate.
 */
export async function emitAnalysis(
  command: string,
  report: AnalysisReport,
  values: { format: string; out?: string; template?: string; 'fail-under'?: string; baseDir?: string },
  io: CliIO,
): Promise<number> {
  const failUnder = parseFailUnder(command, values['fail-under']);
  await writeReport(command, report, { format: values.format, out: values.out, template: values.template, baseDir: values.baseDir }, io);
  enforceCoverageGate(report, failUnder);
  return 0;
}

/** Renders the analysis in the chosen format (or template) and writes it to --out or stdout. */
export async function writeReport(command: string, report: AnalysisReport, options: ReportOutputOptions, io: CliIO): Promise<void> {
  // SARIF carries the suggested instrumentation as fixes: re-read and re-plan each file (fixes.ts says why).
  const fixes = options.format === 'sarif' && options.template === undefined ? await fixesFor(report, options.baseDir ?? report.root ?? io.cwd) : undefined;
  const text = renderReport(command, report, options, io, fixes);
  if (options.out === undefined) {
    io.stdout(text);
    return;
  }
  const out = path.resolve(io.cwd, options.out);
  try {
    fs.writeFileSync(out, text);
  } catch (e) {
    throw new UsageError(`${command}: cannot write --out ${options.out}: ${systemReason(e)}`);
  }
}

async function fixesFor(report: AnalysisReport, baseDir: string): Promise<ReadonlyMap<string, SuggestedFix>> {
  const parser = new ParserService();
  try {
    return await suggestFixes(report, baseDir, parser);
  } finally {
    parser.dispose();
  }
}

function renderReport(command: string, report: AnalysisReport, options: ReportOutputOptions, io: CliIO, fixes?: ReadonlyMap<string, SuggestedFix>): string {
  const baseDir = options.baseDir ?? report.root ?? io.cwd;
  if (options.template !== undefined) {
    if (options.format !== 'md') throw new UsageError(`${command}: --template renders Markdown; it cannot be combined with --format ${options.format}`);
    const templatePath = path.resolve(io.cwd, options.template);
    let template: string;
    try {
      template = fs.readFileSync(templatePath, 'utf8');
    } catch (e) {
      throw new UsageError(`${command}: cannot read --template ${options.template}: ${systemReason(e)}`);
    }
    try {
      return renderTemplate(report, template, { baseDir }, options.template);
    } catch (e) {
      if (e instanceof TemplateError) throw new UsageError(`${command}: template ${e.message}`);
      throw e;
    }
  }
  if (!isReportFormat(options.format)) throw new UsageError(`${command}: unknown --format '${options.format}' (expected ${Object.keys(reportFormatters).join(', ')})`);
  return reportFormatters[options.format](report, { baseDir, fixes });
}

/** Parses --fail-under; undefined when not given. */
export function parseFailUnder(command: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const pct = Number(value.replace(/%$/, ''));
  if (value.trim() === '' || !Number.isFinite(pct) || pct < 0 || pct > 100) throw new UsageError(`${command}: --fail-under must be a percentage from 0 to 100, got '${value}'`);
  return pct;
}

/** Throws GateFailed (exit 1) when instrumentation coverage is below the threshold. */
export function enforceCoverageGate(report: AnalysisReport, failUnder: number | undefined): void {
  if (failUnder === undefined) return;
  const pct = coveragePercent(report);
  if (pct < failUnder) {
    throw new GateFailed(`instrumentation coverage ${pct.toFixed(1)}% (${report.coverage.instrumented} of ${report.coverage.functions} functions) is below --fail-under ${failUnder}%`);
  }
}

/**
 * The files under `paths` that changed since `ref`: committed since the merge base with HEAD (what a pull request
 * changes, like `git diff <ref>...`), plus uncommitted and untracked ones, so a local run sees work in progress.
 * Returns absolute paths of files that still exist. Runs git without a shell, in each path's repository.
 */
export async function filesChangedSince(command: string, paths: string[], ref: string, cwd: string): Promise<string[]> {
  if (ref.startsWith('-')) throw new UsageError(`${command}: --changed-since expects a git ref, got '${ref}'`);
  const changed = new Set<string>();
  const repos = new Map<string, string[]>();
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    if (!fs.existsSync(abs)) throw new UsageError(`${command}: ${p}: no such file or directory`);
    const dir = fs.statSync(abs).isDirectory() ? abs : path.dirname(abs);
    const top = await git(command, dir, ['rev-parse', '--show-toplevel'], `${p} is not inside a git repository`);
    const root = fs.realpathSync(top.trim());
    repos.set(root, [...(repos.get(root) ?? []), fs.realpathSync(abs)]);
  }
  for (const [root, wanted] of repos) {
    const base = (await git(command, root, ['merge-base', ref, 'HEAD'], `--changed-since: '${ref}' is not a commit known to the repository at ${root}`)).trim();
    const diff = await git(command, root, ['diff', '--name-only', '-z', base, '--'], `git diff failed in ${root}`);
    const untracked = await git(command, root, ['ls-files', '--others', '--exclude-standard', '-z'], `git ls-files failed in ${root}`);
    for (const rel of [...diff.split('\0'), ...untracked.split('\0')]) {
      if (!rel) continue;
      const abs = path.join(root, rel);
      const inside = wanted.some((w) => abs === w || abs.startsWith(w + path.sep));
      if (inside && fs.existsSync(abs) && fs.statSync(abs).isFile()) changed.add(abs);
    }
  }
  return [...changed].sort();
}

async function git(command: string, cwd: string, args: string[], failure: string): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
    return stdout;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`${command}: --changed-since needs git, which was not found on PATH`);
    throw new UsageError(`${command}: ${failure}`);
  }
}

/** A file-system error as a few words for a one-line message. */
export function systemReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return (e as Error).message;
}

// What the Markdown report shows, computed once: the coded Markdown formatter and the templates render the same
// view, so the default template can reproduce the coded report exactly and user templates get ready-made pieces.
import fs from 'node:fs';
import path from 'node:path';
import { PRIORITIES, type Priority } from '../model';
import type { SuggestedFix } from './fixes';
import prioritiesData from './priorities.json';
import { coveragePercent, type AnalysisReport, type CallTreeNode, type ReportRecommendation } from './types';

const priorityInfo: Record<Priority, { title: string; help: string }> = prioritiesData;

/** Longest code excerpt quoted per recommendation; longer constructs are cut with a marker line. */
const MAX_EXCERPT_LINES = 12;
/** Call-tree excerpt limits: deeper or wider parts are summarized. */
const MAX_TREE_DEPTH = 4;
const MAX_TREE_LINES = 40;

export interface ViewRecommendation extends ReportRecommendation {
  path: string;
  language: string;
  /** `path:line` or `path:line-endLine`. */
  location: string;
  /** The recommended lines, read from the file when it is readable; absent otherwise. */
  excerpt?: string;
  /** A Markdown code fence longer than any backtick run inside the excerpt. */
  fence: string;
  scoreText: string;
  /** The capture keys as inline code, comma-separated; empty when there are none. */
  captureText: string;
}

export interface PriorityGroup {
  priority: Priority;
  title: string;
  help: string;
  recommendations: ViewRecommendation[];
}

export interface ReportView {
  report: AnalysisReport;
  toolName: string;
  toolVersion: string;
  fileCount: number;
  recommendationCount: number;
  coverage: { functions: number; instrumented: number; percentText: string };
  /** "rules only" or the provider and model name. */
  modelText: string;
  configurationFile?: string;
  /** The configuration file as inline code, or `defaults`. */
  configurationText: string;
  /** Priority weights as configured, in the priorities' canonical order. */
  weights: { priority: Priority; title: string; weight: number }[];
  /** The weights as `Title weight, …`; empty when none were configured. */
  weightsText: string;
  minScore?: number;
  groups: PriorityGroup[];
  /** The call tree drawn as indented text lines, when the analysis started from a tree. */
  callTreeText?: string;
  skipped: { path: string; reason: string }[];
  usage: { llmRequests: number; inputTokens: number; outputTokens: number; costText: string };
}

export interface ViewOptions {
  /** Directory the report's file paths are relative to; defaults to the report's `root`. Excerpts need it. */
  baseDir?: string;
  /** Suggested instrumentation per recommendation id (see fixes.ts), for formats that carry fixes. */
  fixes?: ReadonlyMap<string, SuggestedFix>;
}

export function buildView(report: AnalysisReport, options: ViewOptions = {}): ReportView {
  const baseDir = options.baseDir ?? report.root;
  const readLines = linesReader(baseDir);
  const groups: PriorityGroup[] = [];
  for (const priority of PRIORITIES) {
    const recommendations: ViewRecommendation[] = [];
    for (const file of report.files) {
      for (const rec of file.recommendations) {
        if (rec.priority !== priority) continue;
        recommendations.push({
          ...rec,
          path: file.path,
          language: file.language,
          location: rec.endLine > rec.line ? `${file.path}:${rec.line}-${rec.endLine}` : `${file.path}:${rec.line}`,
          ...excerptAndFence(readLines(file.path), rec.line, rec.endLine),
          scoreText: rec.score.toFixed(2),
          captureText: rec.capture.map((c) => `\`${c}\``).join(', '),
        });
      }
    }
    recommendations.sort((a, b) => b.score - a.score || a.location.localeCompare(b.location, 'en'));
    if (recommendations.length) groups.push({ priority, ...priorityInfo[priority], recommendations });
  }
  const provider = report.model?.provider;
  const weights = PRIORITIES.filter((p) => report.configuration?.priorities?.[p] !== undefined).map((p) => ({
    priority: p,
    title: priorityInfo[p].title,
    weight: report.configuration!.priorities![p]!,
  }));
  return {
    report,
    toolName: report.tool.name,
    toolVersion: report.tool.version,
    fileCount: report.files.length,
    recommendationCount: groups.reduce((n, g) => n + g.recommendations.length, 0),
    coverage: { ...report.coverage, percentText: `${coveragePercent(report).toFixed(1)}%` },
    modelText: !provider || provider === 'none' ? 'rules only' : [provider, report.model?.name].filter(Boolean).join(' '),
    configurationFile: report.configuration?.file,
    configurationText: report.configuration?.file ? `\`${report.configuration.file}\`` : 'defaults',
    weights,
    weightsText: weights.map((w) => `${w.title} ${w.weight}`).join(', '),
    minScore: report.configuration?.minScore,
    groups,
    callTreeText: report.callTree ? drawTree(report.callTree) : undefined,
    skipped: report.skipped ?? [],
    usage: {
      llmRequests: report.usage.llmRequests,
      inputTokens: report.usage.inputTokens,
      outputTokens: report.usage.outputTokens,
      costText: `$${report.usage.costUsd.toFixed(4)}`,
    },
  };
}

export function priorityTitle(priority: Priority): string {
  return priorityInfo[priority]?.title ?? priority;
}

export function priorityHelp(priority: Priority): string {
  return priorityInfo[priority]?.help ?? '';
}

/** Reads each file at most once; an unreadable or vanished file gives no excerpt rather than an error. */
function linesReader(baseDir: string | undefined): (relPath: string) => string[] | undefined {
  const cache = new Map<string, string[] | undefined>();
  return (relPath) => {
    if (!baseDir) return undefined;
    if (!cache.has(relPath)) {
      let lines: string[] | undefined;
      try {
        lines = fs.readFileSync(path.resolve(baseDir, relPath), 'utf8').split(/\r?\n/);
      } catch {
        lines = undefined;
      }
      cache.set(relPath, lines);
    }
    return cache.get(relPath);
  };
}

function excerptAndFence(lines: string[] | undefined, line: number, endLine: number): { excerpt?: string; fence: string } {
  const text = excerpt(lines, line, endLine);
  const longestRun = Math.max(0, ...(text?.match(/`+/g) ?? []).map((run) => run.length));
  return { excerpt: text, fence: '`'.repeat(Math.max(3, longestRun + 1)) };
}

function excerpt(lines: string[] | undefined, line: number, endLine: number): string | undefined {
  if (!lines || line < 1 || line > lines.length) return undefined;
  const last = Math.min(Math.max(endLine, line), lines.length, line + MAX_EXCERPT_LINES - 1);
  const picked = lines.slice(line - 1, last);
  // Dedent so that a method deep in a class reads naturally.
  const indent = Math.min(...picked.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length));
  const body = picked.map((l) => l.slice(Number.isFinite(indent) ? indent : 0).trimEnd());
  if (endLine > last) body.push(`… (${endLine - last} more lines)`);
  return body.join('\n');
}

function drawTree(root: CallTreeNode): string {
  const out: string[] = [];
  let truncated = false;
  const label = (n: CallTreeNode) => {
    const where = n.file ? ` (${n.file}${n.line ? `:${n.line}` : ''})` : '';
    const kind = n.kind === 'function' || n.kind === 'method' ? '' : ` [${n.kind}]`;
    return `${n.qualifiedName}${where}${kind}`;
  };
  const walk = (node: CallTreeNode, prefix: string, depth: number) => {
    node.children.forEach((child, i) => {
      if (out.length >= MAX_TREE_LINES) {
        truncated = true;
        return;
      }
      const lastChild = i === node.children.length - 1;
      out.push(`${prefix}${lastChild ? '└─ ' : '├─ '}${label(child)}`);
      const childPrefix = prefix + (lastChild ? '   ' : '│  ');
      if (depth + 1 >= MAX_TREE_DEPTH) {
        if (child.children.length) out.push(`${childPrefix}└─ … ${child.children.length} more calls`);
      } else {
        walk(child, childPrefix, depth + 1);
      }
    });
  };
  out.push(label(root));
  walk(root, '', 0);
  if (truncated) out.push('…');
  return out.join('\n');
}

// Generate Report: the analysis of the current file, a folder or file from the explorer, the workspace or the current
// call tree, as the core's Markdown report. It is written to a temporary file (no unsaved editor left behind) and
// opened in the Markdown preview; "Save As…" copies it where the user wants.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { reportFormatters, type AnalysisReport } from '../../core/report';
import { toPosix } from '../../core/workspace';
import type { FeatureContext } from '../context';
import { currentCallTree, analyzeTree } from './call-tree-analysis';
import type { LiveAnalysis } from './live-analysis';
import type { AnalysisResults } from './results';
import type { DiskAnalysis } from './workspace-analysis';
import type { WorkspaceConfigs } from './workspace-config';

export type ReportScope = 'file' | 'workspace' | 'callTree';

export interface ReportDeps {
  ctx: FeatureContext;
  configs: WorkspaceConfigs;
  live: LiveAnalysis;
  results: AnalysisResults;
  disk: DiskAnalysis;
}

interface Rendered {
  title: string;
  markdown: string;
  folder?: vscode.WorkspaceFolder;
}

/**
 * The command. `target` is the explorer's selection (a file or folder); `scope` lets callers (and tests) skip the
 * picker. Returns the report file's URI, or undefined when there was nothing to report or the user cancelled.
 */
export async function generateReport(deps: ReportDeps, target?: unknown, scope?: unknown): Promise<vscode.Uri | undefined> {
  let rendered: Rendered | undefined;
  if (target instanceof vscode.Uri) rendered = await reportForPath(deps, target);
  else {
    const chosen = typeof scope === 'string' ? (scope as ReportScope) : await pickScope(deps);
    if (chosen === 'file') rendered = await reportForActiveFile(deps);
    else if (chosen === 'workspace') rendered = await reportForWorkspace(deps);
    else if (chosen === 'callTree') rendered = await reportForCallTree(deps);
  }
  if (!rendered) return undefined;
  const dir = path.join(os.tmpdir(), 'trace-advisor-reports');
  await fs.mkdir(dir, { recursive: true });
  const file = vscode.Uri.file(path.join(dir, `${rendered.title.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'report'}.md`));
  await fs.writeFile(file.fsPath, rendered.markdown, 'utf8');
  try {
    await vscode.commands.executeCommand('markdown.showPreview', file);
  } catch {
    await vscode.window.showTextDocument(file, { preview: true });
  }
  void offerSaveAs(file, rendered.folder);
  return file;
}

async function pickScope(deps: ReportDeps): Promise<ReportScope | undefined> {
  const items: (vscode.QuickPickItem & { scope: ReportScope })[] = [];
  const editor = vscode.window.activeTextEditor;
  if (editor && deps.results.get(editor.document.uri)) items.push({ label: 'Current file', description: vscode.workspace.asRelativePath(editor.document.uri), scope: 'file' });
  if (vscode.workspace.workspaceFolders?.length) items.push({ label: 'Workspace', description: 'every supported file', scope: 'workspace' });
  const tree = currentCallTree(deps.ctx);
  if (tree) items.push({ label: 'Current call tree', description: tree.entry, scope: 'callTree' });
  if (!items.length) {
    void vscode.window.showInformationMessage('Trace Advisor: open a supported file or a folder to generate a report.');
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title: 'Generate a tracing report for…' }))?.scope;
}

function render(report: AnalysisReport, baseDir: string | undefined): string {
  return reportFormatters.md(report, { baseDir });
}

async function reportForActiveFile(deps: ReportDeps): Promise<Rendered | undefined> {
  const document = vscode.window.activeTextEditor?.document;
  if (!document) return undefined;
  let result = deps.results.current(document);
  if (!result) {
    const syntax = await deps.ctx.documents.syntaxOf(document);
    result = syntax && deps.live.analyze(document, document.version, syntax);
  }
  if (!result) {
    void vscode.window.showInformationMessage(`Trace Advisor: ${vscode.workspace.asRelativePath(document.uri)} is not a file it can analyze.`);
    return undefined;
  }
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  const root = folder?.uri.fsPath ?? path.dirname(document.uri.fsPath);
  const rel = toPosix(path.relative(root, document.uri.fsPath));
  const { config, configFile } = result.folderConfig;
  const report: AnalysisReport = {
    tool: { name: 'trace-advisor', version: String(deps.ctx.extension.extension.packageJSON.version) },
    root,
    configuration: {
      file: configFile && path.relative(root, configFile),
      priorities: Object.fromEntries(Object.entries(config.priorities).filter(([, p]) => p.enabled).map(([id, p]) => [id, p.weight])),
      minScore: config.minScore,
    },
    files: [{ path: rel, language: result.languageId, recommendations: result.recommendations.map(({ span: _span, ...rec }) => rec) }],
    coverage: result.coverage,
    usage: { llmRequests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 },
  };
  return { title: `trace-advisor-${path.basename(rel)}`, markdown: render(report, root), folder };
}

async function reportForPath(deps: ReportDeps, target: vscode.Uri): Promise<Rendered | undefined> {
  const folder = vscode.workspace.getWorkspaceFolder(target);
  if (!folder || target.scheme !== 'file') {
    void vscode.window.showInformationMessage('Trace Advisor: reports cover files and folders inside the workspace.');
    return undefined;
  }
  const run = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Trace Advisor: analyzing ${vscode.workspace.asRelativePath(target)}`, cancellable: true },
    (_progress, token) => deps.disk.analyze(folder, [target.fsPath], token).then((r) => (token.isCancellationRequested ? undefined : r)),
  );
  if (!run) return undefined;
  return { title: `trace-advisor-${path.basename(target.fsPath)}`, markdown: render(run.run, folder.uri.fsPath), folder };
}

async function reportForWorkspace(deps: ReportDeps): Promise<Rendered | undefined> {
  const runs = await deps.disk.analyzeWorkspace();
  if (!runs?.length) return undefined;
  // One report per folder: paths and excerpts are relative to each folder's root.
  const markdown = runs.map((r) => (runs.length > 1 ? `<!-- ${r.folder.name} -->\n${render(r.run, r.folder.uri.fsPath)}` : render(r.run, r.folder.uri.fsPath))).join('\n\n');
  return { title: `trace-advisor-${vscode.workspace.name ?? 'workspace'}`, markdown, folder: runs[0].folder };
}

async function reportForCallTree(deps: ReportDeps): Promise<Rendered | undefined> {
  const tree = currentCallTree(deps.ctx);
  if (!tree) {
    void vscode.window.showInformationMessage('Trace Advisor: no call tree. Trace a function first, or put the cursor in one.');
    return undefined;
  }
  const analysis = await analyzeTree(deps.ctx, deps.configs, deps.live, deps.results, tree);
  return { title: `trace-advisor-${tree.entry}`, markdown: render(analysis.report, tree.folder.uri.fsPath), folder: tree.folder };
}

async function offerSaveAs(file: vscode.Uri, folder: vscode.WorkspaceFolder | undefined): Promise<void> {
  const choice = await vscode.window.showInformationMessage('Trace Advisor: report ready.', 'Save As…');
  if (choice !== 'Save As…') return;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder.uri, path.basename(file.fsPath)) : undefined,
    filters: { Markdown: ['md'] },
    saveLabel: 'Save Report',
  });
  if (!target) return;
  await vscode.workspace.fs.copy(file, target, { overwrite: true });
  void vscode.window.showInformationMessage(`Trace Advisor: report saved to ${vscode.workspace.asRelativePath(target)}.`);
}

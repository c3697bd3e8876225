// Analyze Call Tree: every function on the current call tree (the Call Tree view's, else the tree of the function at
// the cursor) analyzed with its file, and the tree's coverage. Open files are read from the editor (unsaved edits
// included), others from disk with the names the index uses.
import path from 'node:path';
import * as vscode from 'vscode';
import { analyzeFile, type FileCoverage } from '../../core/analysis';
import { buildCallTree, type CallTreeNode } from '../../core/callgraph';
import { languageForPath } from '../../core/languages';
import type { FileSyntax } from '../../core/model';
import { parseSource, readSource } from '../../core/parsing';
import type { AnalysisReport } from '../../core/report';
import { WorkspaceLayout, toPosix } from '../../core/workspace';
import type { FeatureContext } from '../context';
import { openDocument } from './diagnostics';
import { fanInFor } from './fan-in';
import type { LiveAnalysis } from './live-analysis';
import type { AnalysisResults, FileResult } from './results';
import type { WorkspaceConfigs } from './workspace-config';

export interface TreeAnalysis {
  entry: string;
  folder: vscode.WorkspaceFolder;
  report: AnalysisReport;
  coverage: FileCoverage;
}

/** The tree to analyze: the Call Tree view's, else the outgoing tree of the function at the cursor. */
export function currentCallTree(ctx: FeatureContext): { entry: string; folder: vscode.WorkspaceFolder; root: CallTreeNode } | undefined {
  const shown = ctx.callTree.current();
  if (shown?.root) return { entry: shown.entry, folder: shown.folder, root: shown.root };
  const editor = vscode.window.activeTextEditor;
  const folder = editor && vscode.workspace.getWorkspaceFolder(editor.document.uri);
  const index = editor && ctx.index.indexFor(editor.document.uri);
  if (!editor || !folder || !index) return undefined;
  const rel = toPosix(path.relative(folder.uri.fsPath, editor.document.uri.fsPath));
  const fn = index.functionAt(rel, editor.selection.active.line);
  const settings = ctx.settings();
  const root = fn && buildCallTree(index, fn.qualifiedName, { depth: settings['callTree.maxDepth'], hideExternal: true, hideUnresolved: true });
  return root && { entry: fn.qualifiedName, folder, root };
}

function treeFunctions(root: CallTreeNode): { names: Set<string>; files: Set<string> } {
  const names = new Set<string>();
  const files = new Set<string>();
  const visit = (node: CallTreeNode) => {
    if ((node.kind === 'function' || node.kind === 'method') && node.file && !node.library) {
      names.add(node.qualifiedName);
      files.add(node.file);
    }
    node.children.forEach(visit);
  };
  visit(root);
  return { names, files };
}

export async function analyzeTree(
  ctx: FeatureContext,
  configs: WorkspaceConfigs,
  live: LiveAnalysis,
  results: AnalysisResults,
  tree: { entry: string; folder: vscode.WorkspaceFolder; root: CallTreeNode },
): Promise<TreeAnalysis> {
  const { names, files } = treeFunctions(tree.root);
  const folderConfig = configs.configFor(tree.folder.uri);
  const fresh: FileResult[] = [];
  const reportFiles: AnalysisReport['files'] = [];
  const coverage: FileCoverage = { functions: 0, instrumented: 0 };
  for (const rel of [...files].sort()) {
    const uri = vscode.Uri.file(path.join(tree.folder.uri.fsPath, rel));
    const result = await analyzeOne(ctx, live, folderConfig, tree.folder, rel, uri);
    if (!result) continue;
    fresh.push(result);
    const onTree = result.recommendations.filter((r) => names.has(r.qualifiedName));
    const instrumented = result.instrumented.filter((q) => names.has(q));
    coverage.functions += new Set([...onTree.map((r) => r.qualifiedName), ...instrumented]).size;
    coverage.instrumented += instrumented.length;
    reportFiles.push({ path: rel, language: result.languageId, recommendations: onTree.map(({ span: _span, ...rec }) => rec) });
  }
  results.set(fresh);
  const report: AnalysisReport = {
    tool: { name: 'trace-advisor', version: String(ctx.extension.extension.packageJSON.version) },
    root: tree.folder.uri.fsPath,
    configuration: {
      file: folderConfig.configFile && path.relative(tree.folder.uri.fsPath, folderConfig.configFile),
      priorities: Object.fromEntries(Object.entries(folderConfig.config.priorities).filter(([, p]) => p.enabled).map(([id, p]) => [id, p.weight])),
      minScore: folderConfig.config.minScore,
    },
    callTree: tree.root,
    files: reportFiles,
    coverage,
    usage: { llmRequests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 },
  };
  return { entry: tree.entry, folder: tree.folder, report, coverage };
}

async function analyzeOne(
  ctx: FeatureContext,
  live: LiveAnalysis,
  folderConfig: ReturnType<WorkspaceConfigs['configFor']>,
  folder: vscode.WorkspaceFolder,
  rel: string,
  uri: vscode.Uri,
): Promise<FileResult | undefined> {
  const document = openDocument(uri);
  if (document) {
    const syntax = await ctx.documents.syntaxOf(document);
    return syntax && live.analyze(document, document.version, syntax);
  }
  const syntax = await parseFromDisk(ctx, folder, rel, folderConfig.settings.maxFileSize, folderConfig.settings.parseTimeoutMs);
  if (!syntax) return undefined;
  const analysis = analyzeFile(syntax, folderConfig.config, { fanIn: fanInFor(ctx.index, uri) });
  return { uri, languageId: syntax.languageId, ...analysis, folderConfig };
}

async function parseFromDisk(ctx: FeatureContext, folder: vscode.WorkspaceFolder, rel: string, maxFileSize: number, timeoutMs: number): Promise<FileSyntax | undefined> {
  const language = languageForPath(rel);
  if (!language) return undefined;
  const source = await readSource(path.join(folder.uri.fsPath, rel), maxFileSize);
  if (!source.ok) {
    ctx.log.info(`call tree analysis skipped ${rel}: ${source.reason}`);
    return undefined;
  }
  const moduleName = WorkspaceLayout.forFile(folder.uri.fsPath, rel).moduleName(rel);
  const parsed = await parseSource(ctx.parser, source.text, language.id, { path: rel, moduleName, limits: { maxFileSize, timeoutMs } });
  if (!parsed.ok) ctx.log.info(`call tree analysis skipped ${rel}: ${parsed.reason}`);
  return parsed.ok ? parsed.syntax : undefined;
}

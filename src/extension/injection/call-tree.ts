// "Instrument call tree": every function on the Call Tracer's current tree, across files, as ONE WorkspaceEdit that
// VS Code shows in the refactor preview before applying it. Open files are planned on their editor text; the others
// are read from disk, parsed, analyzed and planned. Each file's state is remembered (document version, or the disk
// content's hash, size and mtime) and checked again right before the edit is handed to VS Code: a file that changed
// in between refuses the whole edit.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { CallTreeNode } from '../../core/callgraph';
import type { InjectionPlan } from '../../core/injection';
import { languageForPath } from '../../core/languages';
import type { FileSyntax, FunctionDef } from '../../core/model';
import { decodeSource, parseSource } from '../../core/parsing';
import { WorkspaceLayout } from '../../core/workspace';
import type { AnalyzerApi } from '../analyzer';
import type { FeatureContext } from '../context';
import { addEdits, functionRecommendations, planFor, positionsOf, withSpan } from './planning';

type FileState = { kind: 'document'; version: number } | { kind: 'disk'; sha256: string; size: number; mtimeMs: number };

export interface PlannedFile {
  uri: vscode.Uri;
  /** Workspace-relative path, `/`-separated. */
  rel: string;
  /** What the plan was computed from, checked again before applying. */
  state: FileState;
  plan: Extract<InjectionPlan, { ok: true }>;
}

export interface CallTreeInjection {
  entry: string;
  /** One edit over every file with something to add; each entry needs confirmation (the refactor preview). */
  edit: vscode.WorkspaceEdit;
  files: PlannedFile[];
  /** Files left out, and why (their result would not parse, unreadable, …). */
  refused: Array<{ rel: string; reason: string }>;
  /** Files whose functions on the tree are instrumented already. */
  unchanged: string[];
}

function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
}

/** The tree's functions (not library, external or unresolved nodes), per definition file. */
function functionsByFile(root: CallTreeNode): Map<string, Array<{ qualifiedName: string; line: number }>> {
  const byFile = new Map<string, Array<{ qualifiedName: string; line: number }>>();
  const seen = new Set<string>();
  const visit = (node: CallTreeNode) => {
    const key = `${node.file}:${node.line}:${node.qualifiedName}`;
    if ((node.kind === 'function' || node.kind === 'method') && node.file && !node.library && !seen.has(key)) {
      seen.add(key);
      byFile.set(node.file, [...(byFile.get(node.file) ?? []), { qualifiedName: node.qualifiedName, line: node.line }]);
    }
    node.children.forEach(visit);
  };
  visit(root);
  return byFile;
}

async function diskState(absPath: string): Promise<{ bytes: Buffer; state: FileState }> {
  const [bytes, stat] = await Promise.all([fs.readFile(absPath), fs.stat(absPath)]);
  return { bytes, state: { kind: 'disk', sha256: createHash('sha256').update(bytes).digest('hex'), size: stat.size, mtimeMs: stat.mtimeMs } };
}

/** Plans the instrumentation of the current call tree; a string says why there is nothing to plan. */
export async function planCallTree(ctx: FeatureContext, analyzer: AnalyzerApi): Promise<CallTreeInjection | string> {
  const tree = ctx.callTree.current();
  if (!tree?.root) return 'no call tree. Trace a function first (Trace from here in the editor, or Trace a Function).';
  const folder = tree.folder;
  const result: CallTreeInjection = { entry: tree.entry, edit: new vscode.WorkspaceEdit(), files: [], refused: [], unchanged: [] };
  for (const [rel, wanted] of [...functionsByFile(tree.root)].sort(([a], [b]) => a.localeCompare(b))) {
    const uri = vscode.Uri.joinPath(folder.uri, ...rel.split('/'));
    const read = await readForPlanning(ctx, analyzer, folder, rel, uri);
    if (typeof read === 'string') {
      result.refused.push({ rel, reason: read });
      continue;
    }
    const { text, syntax, state } = read;
    const fns = wanted
      .map((w) => functionNamed(syntax, w.qualifiedName, w.line))
      .filter((fn): fn is FunctionDef => fn !== undefined);
    const analyzed = withSpan(read.analyzed);
    const recommendations = fns.flatMap((fn) => functionRecommendations(syntax, fn, analyzed));
    const plan = await planFor(ctx, analyzer, uri, text, syntax, recommendations);
    if (!plan.ok) {
      result.refused.push({ rel, reason: plan.reason });
      continue;
    }
    if (plan.edits.length === 0) {
      result.unchanged.push(rel);
      continue;
    }
    addEdits(result.edit, uri, positionsOf(text), plan.edits, { needsConfirmation: true, label: plan.title, description: rel });
    result.files.push({ uri, rel, state, plan });
  }
  return result;
}

function functionNamed(syntax: FileSyntax, qualifiedName: string, line: number): FunctionDef | undefined {
  const named = syntax.functions.filter((f) => f.qualifiedName === qualifiedName && f.kind !== 'module');
  return named.find((f) => f.span.start.line + 1 === line) ?? named[0];
}

async function readForPlanning(
  ctx: FeatureContext,
  analyzer: AnalyzerApi,
  folder: vscode.WorkspaceFolder,
  rel: string,
  uri: vscode.Uri,
): Promise<{ text: string; syntax: FileSyntax; state: FileState; analyzed: Parameters<typeof withSpan>[0] } | string> {
  const document = openDocument(uri);
  if (document) {
    const version = document.version;
    const syntax = await ctx.documents.syntaxOf(document);
    if (!syntax) return 'not parsed (unsupported language or too large)';
    if (document.version !== version) return 'changed while it was being planned';
    const analyzed = analyzer.latestAnalysis(document)?.recommendations ?? analyzer.analyzeSyntax(uri, syntax);
    return { text: document.getText(), syntax, state: { kind: 'document', version }, analyzed };
  }
  const language = languageForPath(rel);
  if (!language) return 'not in a language Trace Advisor reads';
  const settings = analyzer.configFor(uri).settings;
  let disk: Awaited<ReturnType<typeof diskState>>;
  try {
    disk = await diskState(uri.fsPath);
  } catch (e) {
    return `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
  if (disk.bytes.length > settings.maxFileSize) return `larger than the ${Math.round(settings.maxFileSize / 1024)} KiB limit`;
  const decoded = decodeSource(disk.bytes);
  if (!decoded.ok) return decoded.reason;
  const moduleName = WorkspaceLayout.forFile(folder.uri.fsPath, rel).moduleName(rel);
  const parsed = await parseSource(ctx.parser, decoded.text, language.id, { path: rel, moduleName, limits: { maxFileSize: settings.maxFileSize, timeoutMs: settings.parseTimeoutMs } });
  if (!parsed.ok) return parsed.reason;
  return { text: decoded.text, syntax: parsed.syntax, state: disk.state, analyzed: analyzer.analyzeSyntax(uri, parsed.syntax) };
}

/** The planned files that are no longer what the plan was computed from (edited, saved or changed on disk). */
export async function changedSincePlanning(planned: CallTreeInjection): Promise<string[]> {
  const changed: string[] = [];
  for (const file of planned.files) {
    const document = openDocument(file.uri);
    if (file.state.kind === 'document') {
      if (!document || document.version !== file.state.version) changed.push(file.rel);
      continue;
    }
    if (document?.isDirty) {
      changed.push(file.rel);
      continue;
    }
    try {
      const now = await diskState(file.uri.fsPath);
      const was = file.state;
      if (now.state.kind !== 'disk' || now.state.sha256 !== was.sha256 || now.state.size !== was.size || now.state.mtimeMs !== was.mtimeMs) changed.push(file.rel);
    } catch {
      changed.push(file.rel);
    }
  }
  return changed;
}

/**
 * Hands the edit to VS Code (refactor preview first) unless a planned file changed since planning. Resolves when
 * the user applied or discarded the preview.
 */
export async function applyCallTree(planned: CallTreeInjection): Promise<{ applied: boolean; changed: string[] }> {
  const changed = await changedSincePlanning(planned);
  if (changed.length) return { applied: false, changed };
  return { applied: await vscode.workspace.applyEdit(planned.edit, { isRefactoring: true }), changed };
}

export function describeRefusals(planned: CallTreeInjection): string {
  return planned.refused.map((r) => `${path.posix.basename(r.rel)}: ${r.reason}`).join('; ');
}

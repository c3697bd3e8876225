// The Call Tree shows, for each function on it, how many trace points the rules recommend there and whether it
// already has a span. Open documents use their live analysis. Other files are parsed from disk (the call index keeps
// only the call graph's part of a file) and analyzed, one file at a time in the background, once until the index, the
// configuration or the settings change; the tree is repainted as results arrive. A file that cannot be read or parsed
// gets no annotation.
import path from 'node:path';
import * as vscode from 'vscode';
import { analyzeFile } from '../../core/analysis';
import { parseJob } from '../../core/workspace';
import type { NodeAnnotation } from '../calltracer/tree-items';
import type { FeatureContext } from '../context';
import { openDocument } from './diagnostics';
import { fanInFor } from './fan-in';
import type { AnalysisResults } from './results';
import type { WorkspaceConfigs } from './workspace-config';

type FileAnnotations = Map<string, NodeAnnotation>;

/** Results arriving within this time repaint the tree once. */
const REPAINT_DELAY_MS = 50;

function summarize(recommendations: readonly { qualifiedName: string }[], instrumented: readonly string[]): FileAnnotations {
  const byFunction: FileAnnotations = new Map();
  const entry = (q: string) => byFunction.get(q) ?? byFunction.set(q, { recommendations: 0, instrumented: false }).get(q)!;
  for (const r of recommendations) entry(r.qualifiedName).recommendations++;
  for (const q of instrumented) entry(q).instrumented = true;
  return byFunction;
}

export function annotateCallTree(ctx: FeatureContext, configs: WorkspaceConfigs, results: AnalysisResults): vscode.Disposable {
  /** Per file (URI): its functions' annotations, or 'pending' while it waits to be parsed. */
  const fromDisk = new Map<string, FileAnnotations | 'pending'>();
  /** Bumped when cached results go stale, so parses started before are dropped. */
  let generation = 0;
  /** Files are parsed one after another, so the host's thread is never held for more than one file. */
  let queue: Promise<void> = Promise.resolve();
  let repaintTimer: ReturnType<typeof setTimeout> | undefined;
  const repaintSoon = () => {
    repaintTimer ??= setTimeout(() => {
      repaintTimer = undefined;
      ctx.callTree.repaint();
    }, REPAINT_DELAY_MS);
  };
  const forget = () => {
    generation++;
    fromDisk.clear();
    ctx.callTree.repaint();
  };

  const analyzeFromDisk = async (folder: vscode.WorkspaceFolder, file: string, uri: vscode.Uri, started: number): Promise<void> => {
    const moduleName = ctx.index.indexOfFolder(folder)?.syntaxOf(file)?.moduleName;
    let annotations: FileAnnotations = new Map();
    if (moduleName !== undefined && started === generation) {
      const settings = ctx.settings();
      const limits = { maxFileSize: settings.maxFileSize, timeoutMs: settings.parseTimeoutMs };
      try {
        const parsed = await parseJob(ctx.parser, { path: file, absPath: uri.fsPath, moduleName }, limits);
        if (parsed.syntax && started === generation) {
          const analysis = analyzeFile(parsed.syntax, configs.configFor(uri).config, { fanIn: fanInFor(ctx.index, uri) });
          annotations = summarize(analysis.recommendations, analysis.instrumented);
        } else if (parsed.skipped) {
          ctx.log.debug(`call tree annotations: ${file} not analyzed: ${parsed.skipped.reason}`);
        }
      } catch (e) {
        ctx.log.debug(`call tree annotations: ${file} not analyzed: ${(e as Error).message}`);
      }
    }
    if (started !== generation) return;
    fromDisk.set(uri.toString(), annotations);
    if (annotations.size) repaintSoon();
  };

  const annotate = (folder: vscode.WorkspaceFolder, node: { file: string; qualifiedName: string }): NodeAnnotation | undefined => {
    if (!node.file) return undefined;
    // Library files are named by absolute path, workspace files relative to the folder.
    const uri = vscode.Uri.file(path.resolve(folder.uri.fsPath, node.file));
    const document = openDocument(uri);
    const live = document && results.current(document);
    if (live) return summarize(live.recommendations, live.instrumented).get(node.qualifiedName);
    const key = uri.toString();
    const perFile = fromDisk.get(key);
    if (perFile === undefined) {
      fromDisk.set(key, 'pending');
      const started = generation;
      queue = queue.then(() => analyzeFromDisk(folder, node.file, uri, started));
    }
    return perFile === undefined || perFile === 'pending' ? undefined : perFile.get(node.qualifiedName);
  };
  return vscode.Disposable.from(
    ctx.callTree.setAnnotations(annotate),
    ctx.index.onDidChange(forget),
    configs.onDidChange(forget),
    ctx.onDidChangeSettings(forget),
    results.onDidChange(() => ctx.callTree.repaint()),
    {
      dispose: () => {
        generation++;
        if (repaintTimer) clearTimeout(repaintTimer);
      },
    },
  );
}

// The Call Tree shows, for each function on it, how many trace points the rules recommend there and whether it
// already has a span. Open documents use their live analysis; other files are analyzed from the index's syntax,
// once, until the index or the configuration changes.
import path from 'node:path';
import * as vscode from 'vscode';
import { analyzeFile } from '../../core/analysis';
import type { NodeAnnotation } from '../calltracer/tree-items';
import type { FeatureContext } from '../context';
import { openDocument } from './diagnostics';
import { fanInFor } from './fan-in';
import type { AnalysisResults } from './results';
import type { WorkspaceConfigs } from './workspace-config';

type FileAnnotations = Map<string, NodeAnnotation>;

function summarize(recommendations: readonly { qualifiedName: string }[], instrumented: readonly string[]): FileAnnotations {
  const byFunction: FileAnnotations = new Map();
  const entry = (q: string) => byFunction.get(q) ?? byFunction.set(q, { recommendations: 0, instrumented: false }).get(q)!;
  for (const r of recommendations) entry(r.qualifiedName).recommendations++;
  for (const q of instrumented) entry(q).instrumented = true;
  return byFunction;
}

export function annotateCallTree(ctx: FeatureContext, configs: WorkspaceConfigs, results: AnalysisResults): vscode.Disposable {
  const fromIndex = new Map<string, FileAnnotations>();
  const forget = () => {
    fromIndex.clear();
    ctx.callTree.repaint();
  };
  const annotate = (folder: vscode.WorkspaceFolder, node: { file: string; qualifiedName: string }): NodeAnnotation | undefined => {
    if (!node.file) return undefined;
    const uri = vscode.Uri.file(path.join(folder.uri.fsPath, node.file));
    const document = openDocument(uri);
    const live = document && results.current(document);
    if (live) return summarize(live.recommendations, live.instrumented).get(node.qualifiedName);
    const key = uri.toString();
    let perFile = fromIndex.get(key);
    if (!perFile) {
      const syntax = ctx.index.indexOfFolder(folder)?.syntaxOf(node.file);
      if (!syntax) return undefined;
      const analysis = analyzeFile(syntax, configs.configFor(uri).config, { fanIn: fanInFor(ctx.index, uri) });
      perFile = summarize(analysis.recommendations, analysis.instrumented);
      fromIndex.set(key, perFile);
    }
    return perFile.get(node.qualifiedName);
  };
  return vscode.Disposable.from(
    ctx.callTree.setAnnotations(annotate),
    ctx.index.onDidChange(forget),
    configs.onDidChange(forget),
    results.onDidChange(() => ctx.callTree.repaint()),
  );
}

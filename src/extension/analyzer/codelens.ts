// CodeLens above each function with recommendations: "3 trace points" (clicking lists them in a quick pick and
// choosing one reveals it) and, where the function has no span yet, "Add span" (injection's Instrument This
// Function). A provider of its own, so the Call Tracer's "Trace from here" lens shows beside it.
import * as vscode from 'vscode';
import { injectableLanguages } from '../../core/injection';
import { priorityTitle } from '../../core/report/view';
import type { FeatureContext } from '../context';
import { INSTRUMENT_FUNCTION } from '../injection/document-actions';
import { openDocument, recommendationRange } from './diagnostics';
import { lensTitle, type ShownRecommendation } from './presentation';
import type { AnalysisResults } from './results';

export const SHOW_TRACE_POINTS = 'traceAdvisor.showTracePoints';

export class TracePointLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly ctx: FeatureContext,
    private readonly results: AnalysisResults,
  ) {
    this.disposables.push(
      results.onDidChange(() => this.changed.fire()),
      ctx.onDidChangeSettings(() => this.changed.fire()),
    );
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const result = this.results.current(document);
    if (!result?.syntax || !result.folderConfig.settings['codeLens.enable']) return [];
    const byFunction = new Map<string, ShownRecommendation[]>();
    for (const rec of result.recommendations) byFunction.set(rec.qualifiedName, [...(byFunction.get(rec.qualifiedName) ?? []), rec]);
    const lenses: vscode.CodeLens[] = [];
    for (const fn of result.syntax.functions) {
      const recs = byFunction.get(fn.qualifiedName);
      if (!recs) continue;
      const line = fn.span.start.line;
      lenses.push(
        new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
          title: lensTitle(recs.length),
          tooltip: `Trace Advisor: where ${fn.name} needs tracing, and why`,
          command: SHOW_TRACE_POINTS,
          arguments: [document.uri, fn.qualifiedName],
        }),
      );
      if (this.ctx.trust.isTrusted() && injectableLanguages.includes(result.languageId) && !result.instrumented.includes(fn.qualifiedName)) {
        const at = new vscode.Position(fn.nameSpan.start.line, fn.nameSpan.start.column);
        lenses.push(
          new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
            title: 'Add span',
            tooltip: `Trace Advisor: wrap ${fn.name} in an OpenTelemetry span (validated, one undo step)`,
            command: INSTRUMENT_FUNCTION,
            arguments: [document.uri, at],
          }),
        );
      }
    }
    return lenses;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** The quick pick behind the lens: a function's recommendations; the chosen one is revealed. */
export async function showTracePoints(results: AnalysisResults, uri: vscode.Uri, qualifiedName?: string): Promise<void> {
  const result = results.get(uri);
  const recs = (result?.recommendations ?? []).filter((r) => !qualifiedName || r.qualifiedName === qualifiedName);
  if (!recs.length) {
    void vscode.window.showInformationMessage('Trace Advisor: no trace points recommended here.');
    return;
  }
  const picked = await vscode.window.showQuickPick(
    recs.map((rec) => ({
      label: `$(pulse) ${priorityTitle(rec.priority)}`,
      description: `line ${rec.line} · ${rec.spanKind} span ${rec.spanName} · score ${rec.score.toFixed(2)}`,
      detail: rec.rationale,
      rec,
    })),
    { title: qualifiedName ? `Trace points in ${qualifiedName}` : 'Trace points', matchOnDetail: true },
  );
  if (picked) await revealRecommendation(uri, picked.rec);
}

export async function revealRecommendation(uri: vscode.Uri, rec: ShownRecommendation): Promise<void> {
  const document = openDocument(uri) ?? (await vscode.workspace.openTextDocument(uri));
  const range = recommendationRange(rec, document);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(range.start, range.start), preserveFocus: false });
}

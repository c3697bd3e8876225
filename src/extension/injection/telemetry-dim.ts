// Dims telemetry lines (see telemetry-lines.ts) in visible editors while `traceAdvisor.telemetry.dim` is on, so the
// business logic stands out. Matches that start inside a comment do not count, as in the TextMate grammar.
import * as vscode from 'vscode';
import { isSupported } from '../documents';
import type { FeatureContext } from '../context';
import { telemetryLines } from './telemetry-lines';

const DIMMED_OPACITY = '0.45';

export class TelemetryDimmer implements vscode.Disposable {
  private readonly decoration = vscode.window.createTextEditorDecorationType({ opacity: DIMMED_OPACITY, isWholeLine: true });
  private readonly disposables: vscode.Disposable[] = [this.decoration];

  constructor(private readonly ctx: FeatureContext) {
    this.disposables.push(
      ctx.onDidChangeSettings(() => void this.refresh(vscode.window.visibleTextEditors)),
      vscode.window.onDidChangeVisibleTextEditors((editors) => void this.refresh(editors)),
      // After each (debounced) parse, not on every keystroke.
      ctx.documents.onDidParse(({ document }) => void this.refresh(vscode.window.visibleTextEditors.filter((e) => e.document === document))),
    );
    void this.refresh(vscode.window.visibleTextEditors);
  }

  get enabled(): boolean {
    return this.ctx.settings()['telemetry.dim'];
  }

  /** The lines dimmed in an editor now (0-based), for tests and the toggle's message. */
  async dimmedLines(document: vscode.TextDocument): Promise<number[]> {
    if (!this.enabled || !isSupported(document)) return [];
    const syntax = await this.ctx.documents.syntaxOf(document);
    const comments = syntax?.comments.map((c) => [c.span.startIndex, c.span.endIndex] as const) ?? [];
    return telemetryLines(document.getText(), (offset) => comments.some(([start, end]) => start <= offset && offset < end));
  }

  private async refresh(editors: readonly vscode.TextEditor[]): Promise<void> {
    for (const editor of editors) {
      const lines = await this.dimmedLines(editor.document);
      editor.setDecorations(this.decoration, lines.map((line) => new vscode.Range(line, 0, line, 0)));
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** Flips `traceAdvisor.telemetry.dim` where it is set (workspace or user settings). */
export async function toggleDim(ctx: FeatureContext): Promise<boolean> {
  const config = vscode.workspace.getConfiguration('traceAdvisor');
  const inspected = config.inspect<boolean>('telemetry.dim');
  const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  const next = !ctx.settings()['telemetry.dim'];
  await config.update('telemetry.dim', next, target);
  return next;
}

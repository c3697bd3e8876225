// Recommendations as diagnostics in the Problems panel: source "Trace Advisor", the rule id as code linked to its
// README entry, severity from the rule or `traceAdvisor.diagnostics.severity` (off: none).
import * as vscode from 'vscode';
import { diagnosticMessage, diagnosticRange, diagnosticSeverity, ruleUrl, type PlainRange, type ShownRecommendation } from './presentation';
import type { AnalysisResults, FileResult } from './results';

export const DIAGNOSTIC_SOURCE = 'Trace Advisor';

const severities: Record<string, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toRange(r: PlainRange): vscode.Range {
  return new vscode.Range(r.startLine, r.startColumn, r.endLine, r.endColumn);
}

/** The open document of a result, for line lengths; undefined for a closed file. */
export function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
}

export function recommendationRange(rec: ShownRecommendation, document: vscode.TextDocument | undefined): vscode.Range {
  return toRange(diagnosticRange(rec, (line) => (document && line < document.lineCount ? document.lineAt(line).text.length : undefined)));
}

export class AnalyzerDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('trace-advisor');
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly results: AnalysisResults,
    private readonly readme: string | undefined,
  ) {
    this.subscription = results.onDidChange((uris) => {
      for (const uri of uris) this.update(uri);
    });
  }

  private update(uri: vscode.Uri): void {
    const result = this.results.get(uri);
    if (!result) this.collection.delete(uri);
    else this.collection.set(uri, this.diagnosticsOf(result));
  }

  private diagnosticsOf(result: FileResult): vscode.Diagnostic[] {
    const document = openDocument(result.uri);
    const out: vscode.Diagnostic[] = [];
    for (const rec of result.recommendations) {
      const severity = diagnosticSeverity(rec, result.folderConfig.config, result.folderConfig.settings['diagnostics.severity']);
      if (!severity) continue;
      const d = new vscode.Diagnostic(recommendationRange(rec, document), diagnosticMessage(rec), severities[severity]);
      d.source = DIAGNOSTIC_SOURCE;
      d.code = this.readme ? { value: rec.rule, target: vscode.Uri.parse(ruleUrl(this.readme, rec.rule)) } : rec.rule;
      out.push(d);
    }
    return out;
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }
}

/** The rule id of one of our diagnostics, or undefined for anyone else's. */
export function ruleOf(diagnostic: vscode.Diagnostic): string | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const code = diagnostic.code;
  if (typeof code === 'string') return code;
  if (code && typeof code === 'object') return String(code.value);
  return undefined;
}

// The "Don't recommend here" quick fix on each Trace Advisor diagnostic: inserts a `trace-advisor: ignore-next-line
// <rule>` comment above the construct. Offered only for the document version the diagnostics were computed on
// (as vscode-eslint does): on an older version the lines may have moved.
import * as vscode from 'vscode';
import { recommendationRange, ruleOf } from './diagnostics';
import type { AnalysisResults } from './results';
import { suppressionInsert } from './suppression';

export class SuppressActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly results: AnalysisResults) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const result = this.results.current(document);
    if (!result) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      const rule = ruleOf(diagnostic);
      if (!rule) continue;
      const rec = result.recommendations.find((r) => r.rule === rule && recommendationRange(r, document).isEqual(diagnostic.range));
      if (!rec) continue;
      const line = diagnostic.range.start.line;
      const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
      const insert = suppressionInsert(document.languageId, line, document.lineAt(line).text, rule, eol);
      if (!insert) continue;
      const action = new vscode.CodeAction(`Don't recommend here (${rule})`, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      action.edit = new vscode.WorkspaceEdit();
      action.edit.insert(document.uri, new vscode.Position(insert.line, 0), insert.text);
      actions.push(action);
    }
    return actions;
  }
}

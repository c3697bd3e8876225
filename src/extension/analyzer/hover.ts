// Hover over a recommended construct (its first line, where the squiggle is): why, the span name and kind, and what
// to capture — including which secret-looking parameters were left out.
import * as vscode from 'vscode';
import { recommendationRange } from './diagnostics';
import { hoverMarkdown } from './presentation';
import type { AnalysisResults } from './results';

export function hoverProvider(results: AnalysisResults, readme: string | undefined): vscode.HoverProvider {
  return {
    provideHover(document, position) {
      const result = results.current(document);
      if (!result) return undefined;
      const ranges = result.recommendations.map((rec) => ({ rec, range: recommendationRange(rec, document) })).filter((x) => x.range.contains(position));
      if (!ranges.length) return undefined;
      const markdown = new vscode.MarkdownString(hoverMarkdown(ranges.map((x) => x.rec), readme));
      return new vscode.Hover(markdown, ranges[0].range);
    },
  };
}

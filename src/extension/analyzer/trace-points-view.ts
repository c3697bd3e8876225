// The Trace Points view: the active editor's recommendations grouped by function or by priority (a toggle in the
// view's title bar), each revealing its construct; the file's coverage in the view's description. Elements are
// plain data; the view refreshes only while visible.
import * as vscode from 'vscode';
import type { FeatureContext } from '../context';
import { sourceLabel } from '../ai/carry';
import { revealRecommendation } from './codelens';
import { coverageText, genericRuleId, groupRecommendations, type Grouping, type RecommendationGroup, type ShownRecommendation } from './presentation';
import type { AnalysisResults } from './results';

export const TRACE_POINTS_VIEW = 'traceAdvisor.tracePoints';
const GROUPING_CONTEXT = 'traceAdvisor.tracePoints.grouping';

type Element = { kind: 'group'; uri: vscode.Uri; group: RecommendationGroup } | { kind: 'recommendation'; uri: vscode.Uri; rec: ShownRecommendation; parent: Element };

class TracePointsProvider implements vscode.TreeDataProvider<Element> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  grouping: Grouping = 'function';
  private roots: Element[] = [];
  /** The file shown: the active editor's, kept while the focus is on an output or other non-file editor. */
  private uri: vscode.Uri | undefined;

  constructor(private readonly results: AnalysisResults) {}

  /** Recomputes the elements from the active editor's results. */
  refresh(): void {
    const active = vscode.window.activeTextEditor?.document.uri;
    if (!active || active.scheme === 'file' || active.scheme === 'untitled') this.uri = active;
    const result = this.uri ? this.results.get(this.uri) : undefined;
    this.roots = result ? groupRecommendations(result.recommendations, this.grouping).map((group) => ({ kind: 'group', uri: result.uri, group })) : [];
    this.changed.fire();
  }

  /** Shows the file's coverage, or nothing. */
  description(): string | undefined {
    const result = this.uri ? this.results.get(this.uri) : undefined;
    return result ? coverageText(result.coverage) : undefined;
  }

  shows(uri: vscode.Uri): boolean {
    return this.uri?.toString() === uri.toString();
  }

  getTreeItem(element: Element): vscode.TreeItem {
    if (element.kind === 'group') {
      const { group } = element;
      const item = new vscode.TreeItem(group.label, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${group.recommendations.length}`;
      item.iconPath = new vscode.ThemeIcon(this.grouping === 'function' ? 'symbol-method' : 'list-ordered');
      return item;
    }
    const { rec } = element;
    const item = new vscode.TreeItem(this.grouping === 'function' ? `${genericRuleId(rec.rule)} · line ${rec.line}` : `${rec.function} · line ${rec.line}`);
    item.description = [rec.score.toFixed(2), rec.spanKind, sourceLabel(rec.source)].filter(Boolean).join(' · ');
    item.tooltip = new vscode.MarkdownString().appendText(rec.rationale).appendMarkdown(`\n\nSpan \`${rec.spanName}\` (${rec.spanKind})`);
    item.iconPath = new vscode.ThemeIcon('pulse');
    item.command = { command: 'traceAdvisor.revealTracePoint', title: 'Reveal', arguments: [element.uri, rec] };
    return item;
  }

  getChildren(element?: Element): Element[] {
    if (!element) return this.roots;
    if (element.kind === 'group') return element.group.recommendations.map((rec) => ({ kind: 'recommendation', uri: element.uri, rec, parent: element }));
    return [];
  }

  getParent(element: Element): Element | undefined {
    return element.kind === 'recommendation' ? element.parent : undefined;
  }
}

export function activateTracePointsView(ctx: FeatureContext, results: AnalysisResults): void {
  const provider = new TracePointsProvider(results);
  const view = vscode.window.createTreeView(TRACE_POINTS_VIEW, { treeDataProvider: provider });
  let stale = true;
  const refresh = () => {
    if (!view.visible) {
      stale = true;
      return;
    }
    stale = false;
    provider.refresh();
    view.description = provider.description();
  };
  const setGrouping = (grouping: Grouping) => {
    provider.grouping = grouping;
    void vscode.commands.executeCommand('setContext', GROUPING_CONTEXT, grouping);
    refresh();
  };
  void vscode.commands.executeCommand('setContext', GROUPING_CONTEXT, provider.grouping);
  ctx.subscriptions.push(
    view,
    view.onDidChangeVisibility(() => view.visible && stale && refresh()),
    vscode.window.onDidChangeActiveTextEditor(refresh),
    results.onDidChange((uris) => {
      const active = vscode.window.activeTextEditor?.document.uri;
      if (uris.some((u) => provider.shows(u) || u.toString() === active?.toString())) refresh();
    }),
    vscode.commands.registerCommand('traceAdvisor.tracePoints.groupByPriority', () => setGrouping('priority')),
    vscode.commands.registerCommand('traceAdvisor.tracePoints.groupByFunction', () => setGrouping('function')),
    vscode.commands.registerCommand('traceAdvisor.revealTracePoint', (uri: vscode.Uri, rec: ShownRecommendation) => revealRecommendation(uri, rec)),
  );
  refresh();
}

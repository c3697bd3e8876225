// The current call tree (what the Call Tree view and the graph show) and the view's data provider. Elements are
// the core's plain CallTreeNode objects. The tree is rebuilt from the index when the index changes, but only when
// someone looks: while the view is hidden it is just marked stale and rebuilt on the next read.
import path from 'node:path';
import * as vscode from 'vscode';
import { buildCallTree, buildIncomingTree, expandNode, type CallTreeNode, type CallTreeOptions } from '../../core/callgraph';
import type { Settings } from '../../core/config/settings';
import type { CallIndexService } from './index-service';
import { describeNode, findNodes, parentMap, type NodeAnnotation } from './tree-items';

/** Recommendation count and span state of a tree function; given by the analyzer (it owns the rules). */
export type NodeAnnotator = (folder: vscode.WorkspaceFolder, node: CallTreeNode) => NodeAnnotation | undefined;

export type CallTreeDirection = 'outgoing' | 'incoming';

export interface CurrentCallTree {
  /** Qualified name of the entry function. */
  entry: string;
  direction: CallTreeDirection;
  folder: vscode.WorkspaceFolder;
  /** Undefined when the entry is no longer in the index (deleted or renamed). */
  root: CallTreeNode | undefined;
}

export class CallTreeProvider implements vscode.TreeDataProvider<CallTreeNode>, vscode.Disposable {
  private readonly treeData = new vscode.EventEmitter<CallTreeNode | undefined>();
  private readonly treeChanged = new vscode.EventEmitter<CurrentCallTree | undefined>();
  private readonly shown = new vscode.EventEmitter<CurrentCallTree>();
  private readonly disposables: vscode.Disposable[] = [this.treeData, this.treeChanged, this.shown];
  private tree: CurrentCallTree | undefined;
  private parents = new Map<CallTreeNode, CallTreeNode>();
  /** Nodes the user expanded past the depth limit (`id|qualifiedName`), expanded again after a rebuild. */
  private readonly expandedPastLimit = new Set<string>();
  private stale = false;
  private watchers = 0;
  private annotate: NodeAnnotator | undefined;

  readonly onDidChangeTreeData = this.treeData.event;
  /** Fires after the current tree was replaced or rebuilt (undefined: cleared). */
  readonly onDidChangeTree = this.treeChanged.event;
  /** Fires when show() put a new tree up (the view reveals it). */
  readonly onDidShow = this.shown.event;

  constructor(
    private readonly index: CallIndexService,
    private readonly settings: () => Settings,
    onDidChangeSettings: vscode.Event<Settings>,
  ) {
    this.disposables.push(
      index.onDidChange((change) => {
        if (this.tree && change.folder.uri.toString() === this.tree.folder.uri.toString()) this.invalidate();
      }),
      onDidChangeSettings(() => this.tree && this.invalidate()),
    );
  }

  /** Shows the tree of `entry` (replacing the current one) and returns its root, or undefined when not indexed. */
  show(entry: string, direction: CallTreeDirection, folder: vscode.WorkspaceFolder): CallTreeNode | undefined {
    this.expandedPastLimit.clear();
    this.tree = { entry, direction, folder, root: undefined };
    this.rebuild(true);
    this.shown.fire(this.tree);
    return this.tree.root;
  }

  /** The current tree, rebuilt first if the index changed since. */
  current(): CurrentCallTree | undefined {
    if (this.stale) this.rebuild();
    return this.tree;
  }

  /** Shows each function's recommendation count and whether it is instrumented; refreshes the view. */
  setAnnotations(annotator: NodeAnnotator): vscode.Disposable {
    this.annotate = annotator;
    this.treeData.fire(undefined);
    return { dispose: () => void (this.annotate = undefined) };
  }

  /** Repaints the nodes (after the analysis changed) without rebuilding the tree. */
  repaint(): void {
    if (this.tree?.root) this.treeData.fire(undefined);
  }

  private annotationOf(node: CallTreeNode): NodeAnnotation | undefined {
    const folder = this.tree?.folder;
    return folder && this.annotate && (node.kind === 'function' || node.kind === 'method') ? this.annotate(folder, node) : undefined;
  }

  clear(): void {
    this.tree = undefined;
    this.parents = new Map();
    this.treeData.fire(undefined);
    this.treeChanged.fire(undefined);
  }

  /** Something displays the tree (the view while visible, an open graph): index changes rebuild it at once. */
  watch(): vscode.Disposable {
    this.watchers++;
    if (this.stale) this.rebuild();
    return { dispose: () => void this.watchers-- };
  }

  options(): CallTreeOptions {
    const s = this.settings();
    return { depth: s['callTree.maxDepth'], hideExternal: s['callTree.hideExternal'], hideUnresolved: s['callTree.hideUnresolved'] };
  }

  private invalidate(): void {
    this.stale = true;
    if (this.watchers > 0) this.rebuild();
  }

  refresh(): void {
    if (this.tree) this.rebuild(true);
  }

  private rebuild(fresh = false): void {
    this.stale = false;
    const tree = this.tree;
    if (!tree) return;
    const index = this.index.indexOfFolder(tree.folder);
    const build = tree.direction === 'incoming' ? buildIncomingTree : buildCallTree;
    const options = this.options();
    const previous = tree.root;
    const root = index ? build(index, tree.entry, options) : undefined;
    if (root && index && this.expandedPastLimit.size) {
      for (const node of findNodes(root)) {
        if (node.truncated && this.expandedPastLimit.has(nodeKey(node))) expandNode(index, node, options);
      }
    }
    // Most index changes (a file opened, an unrelated edit) leave this tree as it was: keep the nodes the view holds.
    if (!fresh && previous && root && JSON.stringify(previous) === JSON.stringify(root)) return;
    tree.root = root;
    this.parents = tree.root ? parentMap(tree.root) : new Map();
    this.treeData.fire(undefined);
    this.treeChanged.fire(tree);
  }

  getTreeItem(node: CallTreeNode): vscode.TreeItem {
    const look = describeNode(node, node === this.tree?.root, this.annotationOf(node));
    const item = new vscode.TreeItem(
      look.label,
      look.collapsible === 'none' ? vscode.TreeItemCollapsibleState.None : look.collapsible === 'expanded' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = nodeKey(node);
    item.description = look.description;
    item.iconPath = new vscode.ThemeIcon(look.icon);
    item.contextValue = look.contextValue;
    item.command = { command: 'traceAdvisor.callTree.open', title: 'Open', arguments: [node] };
    return item;
  }

  resolveTreeItem(item: vscode.TreeItem, node: CallTreeNode): vscode.TreeItem {
    const [name, ...rest] = describeNode(node, node === this.tree?.root, this.annotationOf(node)).tooltip;
    const md = new vscode.MarkdownString();
    md.appendMarkdown('**').appendText(name).appendMarkdown('**');
    for (const line of rest) md.appendMarkdown('\n\n').appendText(line);
    item.tooltip = md;
    return item;
  }

  getChildren(element?: CallTreeNode): CallTreeNode[] {
    if (!element) {
      if (this.stale) this.rebuild();
      return this.tree?.root ? [this.tree.root] : [];
    }
    const node = this.currentNode(element);
    if (!node) return [];
    if (node.truncated && this.tree) {
      const index = this.index.indexOfFolder(this.tree.folder);
      if (index) {
        expandNode(index, node, this.options());
        this.expandedPastLimit.add(nodeKey(node));
        parentMap(node, this.parents);
        this.treeChanged.fire(this.tree);
      }
    }
    return node.kind === 'cycle' ? [] : node.children;
  }

  getParent(element: CallTreeNode): CallTreeNode | undefined {
    const node = this.currentNode(element);
    return node && this.parents.get(node);
  }

  /**
   * The node itself while it is on the current tree; after a rebuild, the node that took its place (same tree item
   * id, as VS Code sees it); undefined once its tree was replaced. The view and `reveal` may still hold nodes of an
   * earlier tree: VS Code refreshes, and resolves a reveal, some time after the tree changed.
   */
  currentNode(node: CallTreeNode): CallTreeNode | undefined {
    const root = this.tree?.root;
    if (!root) return undefined;
    if (node === root || this.parents.has(node)) return node;
    const key = nodeKey(node);
    return findNodes(root, (n) => nodeKey(n) === key)[0];
  }

  /** The node with this id in the current tree. */
  nodeById(id: string): CallTreeNode | undefined {
    const root = this.tree?.root;
    return root ? findNodes(root, (n) => n.id === id)[0] : undefined;
  }

  /** Where a node's function is defined, when it has a definition. */
  definitionUri(node: CallTreeNode): vscode.Uri | undefined {
    if (!node.file || !this.tree) return undefined;
    return vscode.Uri.file(path.isAbsolute(node.file) ? node.file : path.join(this.tree.folder.uri.fsPath, node.file));
  }

  definitionLocation(node: CallTreeNode): vscode.Location | undefined {
    const uri = this.definitionUri(node);
    return uri && node.line > 0 ? new vscode.Location(uri, new vscode.Position(node.line - 1, 0)) : undefined;
  }

  /** The call that led to a node from its parent. */
  callSiteLocation(node: CallTreeNode): vscode.Location | undefined {
    const site = node.callSite;
    if (!site || !this.tree) return undefined;
    const uri = vscode.Uri.file(path.isAbsolute(site.file) ? site.file : path.join(this.tree.folder.uri.fsPath, site.file));
    return new vscode.Location(uri, new vscode.Position(site.line - 1, site.column - 1));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** A tree item id that stays the same across rebuilds while the tree keeps its shape. */
function nodeKey(node: CallTreeNode): string {
  return `${node.id}|${node.qualifiedName}`;
}

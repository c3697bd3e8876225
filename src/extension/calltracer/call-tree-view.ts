// The Call Tree view: registration, its title and message, and the commands on its title bar and items (open,
// open call site, refresh, filters, reveal, switch direction, copy as Mermaid or JSON).
import * as vscode from 'vscode';
import { toMermaid, type CallTreeNode } from '../../core/callgraph';
import type { FeatureContext } from '../context';
import type { CurrentCallTree } from './call-tree';
import { functionAtPosition } from './locate';
import { findNodes, nodeLabel, treeToJson } from './tree-items';
import { isCallTreeNode } from './trace-commands';

export function activateCallTreeView(ctx: FeatureContext): void {
  const provider = ctx.callTree;
  const view = vscode.window.createTreeView('traceAdvisor.callTree', { treeDataProvider: provider, showCollapseAll: true });
  let watching: vscode.Disposable | undefined;
  const followVisibility = () => {
    if (view.visible && !watching) watching = provider.watch();
    if (!view.visible && watching) {
      watching.dispose();
      watching = undefined;
    }
  };
  const describe = (tree: CurrentCallTree | undefined) => {
    const incoming = tree?.direction === 'incoming';
    view.title = incoming ? 'Call Tree: Callers' : 'Call Tree';
    view.description = tree ? (incoming ? `who calls ${shortName(tree.entry)}` : `calls from ${shortName(tree.entry)}`) : undefined;
    view.message = tree && !tree.root ? `${tree.entry} is no longer in the index (deleted or renamed). Trace again from the editor.` : undefined;
    void vscode.commands.executeCommand('setContext', 'traceAdvisor.callTree.hasTree', !!tree?.root);
    void vscode.commands.executeCommand('setContext', 'traceAdvisor.callTree.direction', tree?.direction ?? '');
  };
  const filtersToContext = () => {
    void vscode.commands.executeCommand('setContext', 'traceAdvisor.callTree.hideExternal', ctx.settings()['callTree.hideExternal']);
    void vscode.commands.executeCommand('setContext', 'traceAdvisor.callTree.hideUnresolved', ctx.settings()['callTree.hideUnresolved']);
  };
  filtersToContext();
  describe(undefined);
  followVisibility();

  // Reveals run one at a time, each on the tree current when its turn comes: VS Code resolves a reveal only after
  // its pending refresh, and by then the tree may have been rebuilt (the node is found again by id) or replaced by
  // another trace (nothing to reveal: that trace reveals its own root). Settles with the node revealed, never rejects.
  let revealing: Promise<unknown> = Promise.resolve();
  const reveal = (node: CallTreeNode, options: Parameters<typeof view.reveal>[1]): Promise<CallTreeNode | undefined> => {
    const turn = revealing.then(async () => {
      const target = provider.currentNode(node);
      if (!target) return undefined;
      try {
        await view.reveal(target, options);
        return target;
      } catch (e) {
        if (provider.currentNode(target)) ctx.log.error(`Call Tree: cannot reveal ${target.qualifiedName}: ${(e as Error).message}`);
        else ctx.log.debug(`Call Tree: ${target.qualifiedName} was not revealed: its tree was replaced meanwhile`);
        return undefined;
      }
    });
    revealing = turn;
    return turn;
  };

  const nodeArg = (arg: unknown): CallTreeNode | undefined => (isCallTreeNode(arg) ? arg : view.selection[0]);
  const open = async (location: vscode.Location | undefined, preserveFocus = true) => {
    if (!location) return;
    await vscode.window.showTextDocument(location.uri, { selection: location.range, preserveFocus, preview: true });
  };
  const setFilter = (key: 'callTree.hideExternal' | 'callTree.hideUnresolved', hide: boolean) =>
    vscode.workspace.getConfiguration('traceAdvisor').update(key, hide, vscode.ConfigurationTarget.Global);
  const copy = async (render: (root: CallTreeNode) => string, what: string) => {
    const root = provider.current()?.root;
    if (!root) return void vscode.window.showInformationMessage('There is no call tree to copy: trace a function first.');
    await vscode.env.clipboard.writeText(render(root));
    void vscode.window.setStatusBarMessage(`Call tree copied as ${what}`, 3000);
  };

  ctx.subscriptions.push(
    view,
    { dispose: () => watching?.dispose() },
    view.onDidChangeVisibility(followVisibility),
    provider.onDidChangeTree(describe),
    provider.onDidShow((tree) => {
      if (tree.root) void reveal(tree.root, { select: false, focus: false, expand: true });
    }),
    ctx.onDidChangeSettings(filtersToContext),
    vscode.commands.registerCommand('traceAdvisor.callTree.open', (arg?: unknown) => {
      const node = nodeArg(arg);
      // Calls into code we cannot open (external, unresolved) show where they are made instead.
      return node && open(provider.definitionLocation(node) ?? provider.callSiteLocation(node));
    }),
    vscode.commands.registerCommand('traceAdvisor.callTree.openCallSite', (arg?: unknown) => {
      const node = nodeArg(arg);
      return node && open(provider.callSiteLocation(node), false);
    }),
    vscode.commands.registerCommand('traceAdvisor.callTree.refresh', () => provider.refresh()),
    vscode.commands.registerCommand('traceAdvisor.callTree.hideExternal', () => setFilter('callTree.hideExternal', true)),
    vscode.commands.registerCommand('traceAdvisor.callTree.showExternal', () => setFilter('callTree.hideExternal', false)),
    vscode.commands.registerCommand('traceAdvisor.callTree.hideUnresolved', () => setFilter('callTree.hideUnresolved', true)),
    vscode.commands.registerCommand('traceAdvisor.callTree.showUnresolved', () => setFilter('callTree.hideUnresolved', false)),
    vscode.commands.registerCommand('traceAdvisor.callTree.switchDirection', () => {
      const tree = provider.current();
      if (tree) provider.show(tree.entry, tree.direction === 'incoming' ? 'outgoing' : 'incoming', tree.folder);
    }),
    vscode.commands.registerCommand('traceAdvisor.callTree.revealCurrent', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!provider.current()?.root || !editor) return undefined;
      const syntax = await ctx.documents.syntaxOf(editor.document);
      const position = editor.selection.active;
      const fn = syntax && functionAtPosition(syntax, position.line, position.character);
      // Searched after the wait for the syntax: the tree may have changed meanwhile.
      const root = provider.current()?.root;
      const node = fn && root && findNodes(root, (n) => n.qualifiedName === fn.qualifiedName)[0];
      if (!node) {
        void vscode.window.showInformationMessage(fn ? `${fn.name} is not in the current call tree.` : 'Place the cursor in a function to reveal it in the Call Tree.');
        return undefined;
      }
      return reveal(node, { select: true, focus: true, expand: true });
    }),
    vscode.commands.registerCommand('traceAdvisor.callTree.copyMermaid', () => copy(toMermaid, 'Mermaid')),
    vscode.commands.registerCommand('traceAdvisor.callTree.copyJson', () => copy(treeToJson, 'JSON')),
  );
}

function shortName(qualifiedName: string): string {
  // An inline route handler's own name holds dots and slashes: `mod.<GET /users/:id>` ends at the `.` before `<`.
  const end = qualifiedName.endsWith('>') ? qualifiedName.lastIndexOf('<') - 1 : qualifiedName.length;
  const name = qualifiedName.slice(Math.max(qualifiedName.lastIndexOf('.', end), qualifiedName.lastIndexOf('/', end)) + 1);
  return nodeLabel({ id: '', name, qualifiedName, file: '', line: 0, kind: 'method', children: [] });
}

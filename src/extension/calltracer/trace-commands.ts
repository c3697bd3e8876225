// Starting a trace: Trace from here and Who calls this? (editor context menu, CodeLens, Call Tree items), and
// Trace a Function… (a quick pick over the indexed functions, or a qualified name as argument). Each command
// returns the root of the tree it showed, so other features and tests can use it.
import * as vscode from 'vscode';
import { findEntry, type CallTreeNode, type DefinitionInfo } from '../../core/callgraph';
import { supportedLanguageIds } from '../../core/languages';
import type { FeatureContext } from '../context';
import type { CallTreeDirection } from './call-tree';
import { functionAtPosition, traceableFunctions } from './locate';
import { nodeIcon, nodeLabel } from './tree-items';

export function isCallTreeNode(value: unknown): value is CallTreeNode {
  const v = value as CallTreeNode | undefined;
  return !!v && typeof v === 'object' && typeof v.id === 'string' && typeof v.qualifiedName === 'string' && Array.isArray(v.children);
}

export function activateTraceCommands(ctx: FeatureContext): void {
  const codeLensChanged = new vscode.EventEmitter<void>();
  const selector = supportedLanguageIds().flatMap((language) => [{ language, scheme: 'file' }, { language, scheme: 'untitled' }]);
  void vscode.commands.executeCommand('setContext', 'traceAdvisor.supportedLanguages', supportedLanguageIds());

  ctx.subscriptions.push(
    codeLensChanged,
    ctx.onDidChangeSettings(() => codeLensChanged.fire()),
    vscode.commands.registerCommand('traceAdvisor.traceFromHere', (arg?: unknown, position?: vscode.Position) => traceAt(ctx, 'outgoing', arg, position)),
    vscode.commands.registerCommand('traceAdvisor.whoCallsThis', (arg?: unknown, position?: vscode.Position) => traceAt(ctx, 'incoming', arg, position)),
    vscode.commands.registerCommand('traceAdvisor.traceFunction', (name?: unknown) => traceFunction(ctx, typeof name === 'string' ? name : undefined)),
    vscode.languages.registerCodeLensProvider(selector, {
      onDidChangeCodeLenses: codeLensChanged.event,
      // Cheap by design: from the open document's syntax only, never waiting for the index.
      async provideCodeLenses(document) {
        if (!ctx.settings()['codeLens.enable'] || !ctx.settings().enable) return [];
        const syntax = await ctx.documents.syntaxOf(document);
        if (!syntax) return [];
        return traceableFunctions(syntax).map((fn) => {
          const at = new vscode.Position(fn.nameSpan.start.line, fn.nameSpan.start.column);
          return new vscode.CodeLens(new vscode.Range(at, at), {
            title: 'Trace from here',
            tooltip: `Show what ${fn.name} calls, across files, in the Call Tree`,
            command: 'traceAdvisor.traceFromHere',
            arguments: [document.uri, at],
          });
        });
      },
    }),
  );
}

/** Waits for a running index build, with a spinner in the status bar while it lasts. */
async function indexReady(ctx: FeatureContext): Promise<void> {
  if (ctx.index.state.phase !== 'indexing') return ctx.index.whenReady();
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Waiting for the call index' }, () => ctx.index.whenReady());
}

/** Shows a tree and returns its root. */
function show(ctx: FeatureContext, qualifiedName: string, direction: CallTreeDirection, folder: vscode.WorkspaceFolder): CallTreeNode | undefined {
  const root = ctx.callTree.show(qualifiedName, direction, folder);
  if (!root) void vscode.window.showWarningMessage(`${qualifiedName} is not in the call index.`);
  return root;
}

async function traceAt(ctx: FeatureContext, direction: CallTreeDirection, arg?: unknown, position?: vscode.Position): Promise<CallTreeNode | undefined> {
  if (isCallTreeNode(arg)) {
    const folder = ctx.callTree.current()?.folder;
    if (!folder || arg.kind === 'external' || arg.kind === 'unresolved') return undefined;
    return show(ctx, arg.qualifiedName, direction, folder);
  }
  const editor = vscode.window.activeTextEditor;
  const uri = arg instanceof vscode.Uri ? arg : editor?.document.uri;
  if (!uri) {
    void vscode.window.showInformationMessage('Open a source file and place the cursor in a function to trace it.');
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  const at = position ?? (editor && editor.document.uri.toString() === uri.toString() ? editor.selection.active : undefined);
  const syntax = await ctx.documents.syntaxOf(document);
  if (!syntax) {
    void vscode.window.showInformationMessage(`Trace Advisor cannot trace ${document.languageId} files (see the log for parse problems).`);
    return undefined;
  }
  const fn = at && functionAtPosition(syntax, at.line, at.character);
  if (!fn) {
    void vscode.window.showInformationMessage('Place the cursor on a function name or inside a function body to trace it.');
    return undefined;
  }
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) {
    void vscode.window.showInformationMessage('Trace from here needs the file to be in an open workspace folder.');
    return undefined;
  }
  const rejection = ctx.index.rejection(uri);
  if (rejection) {
    void vscode.window.showInformationMessage(`${fn.name} is not traced: ${document.fileName} is not indexed (${rejection}).`);
    return undefined;
  }
  await indexReady(ctx);
  const index = ctx.index.indexOfFolder(folder);
  if (!index) {
    void vscode.window.showInformationMessage(`The call index is not available (${ctx.index.state.phase === 'idle' ? ctx.index.state.reason : 'still building'}).`);
    return undefined;
  }
  // The editor may be ahead of the index (a function typed a moment ago): its live syntax is authoritative.
  if (!index.definition(fn.qualifiedName)) await index.updateFile(syntax);
  return show(ctx, fn.qualifiedName, direction, folder);
}

interface FunctionPick extends vscode.QuickPickItem {
  definition: DefinitionInfo;
  folder: vscode.WorkspaceFolder;
}

function pickItem(def: DefinitionInfo, folder: vscode.WorkspaceFolder, multiRoot: boolean): FunctionPick {
  const look = { id: '', name: def.name, qualifiedName: def.qualifiedName, file: def.file, line: def.line + 1, kind: def.kind === 'function' ? 'function' : 'method', children: [] } as CallTreeNode;
  return {
    label: `$(${nodeIcon(look)}) ${nodeLabel(look)}`,
    description: def.qualifiedName,
    detail: `${multiRoot ? `${folder.name}: ` : ''}${def.file}:${def.line + 1}`,
    definition: def,
    folder,
  };
}

async function traceFunction(ctx: FeatureContext, name?: string): Promise<CallTreeNode | undefined> {
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  if (name !== undefined) {
    await indexReady(ctx);
    const found: FunctionPick[] = [];
    const suggestions: string[] = [];
    for (const { folder, index } of ctx.index.all()) {
      const lookup = findEntry(index, name);
      if ('found' in lookup) found.push(pickItem(lookup.found, folder, multiRoot));
      else if ('ambiguous' in lookup) found.push(...lookup.ambiguous.map((d) => pickItem(d, folder, multiRoot)));
      else suggestions.push(...lookup.suggestions);
    }
    if (!found.length) {
      const hint = suggestions.length ? ` Did you mean ${suggestions.slice(0, 3).join(', ')}?` : '';
      void vscode.window.showWarningMessage(`No function named ${name} in the call index.${hint}`);
      return undefined;
    }
    const chosen = found.length === 1 ? found[0] : await vscode.window.showQuickPick(found, { placeHolder: `Several functions are named ${name}`, matchOnDescription: true });
    return chosen && show(ctx, chosen.definition.qualifiedName, 'outgoing', chosen.folder);
  }

  const quickPick = vscode.window.createQuickPick<FunctionPick>();
  quickPick.placeholder = 'Trace a function: type part of its name';
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = true;
  const fill = () => {
    quickPick.items = ctx.index.all().flatMap(({ folder, index }) => index.functions().map((d) => pickItem(d, folder, multiRoot)));
  };
  quickPick.busy = ctx.index.state.phase === 'indexing';
  fill();
  const subscriptions: vscode.Disposable[] = [];
  const chosen = await new Promise<FunctionPick | undefined>((resolve) => {
    subscriptions.push(
      ctx.index.onDidChangeState((state) => {
        quickPick.busy = state.phase === 'indexing';
        if (state.phase !== 'indexing') fill();
      }),
      quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0])),
      quickPick.onDidHide(() => resolve(undefined)),
    );
    quickPick.show();
  });
  for (const d of subscriptions) d.dispose();
  quickPick.dispose();
  return chosen && show(ctx, chosen.definition.qualifiedName, 'outgoing', chosen.folder);
}

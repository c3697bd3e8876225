// Injection in VS Code: quick fixes on the analyzer's diagnostics, the source actions and commands Instrument this
// function / Instrument all recommendations in this file / Instrument call tree, and dimming of telemetry lines.
// The edits themselves come from the core (src/core/injection); this folder plans them for editor text and applies
// them as WorkspaceEdits after checking nothing changed since planning.
import * as vscode from 'vscode';
import { supportedLanguageIds } from '../../core/languages';
import type { AnalyzerApi } from '../analyzer';
import type { FeatureContext } from '../context';
import { reported } from '../reported';
import { applyCallTree, describeRefusals, planCallTree, type CallTreeInjection } from './call-tree';
import {
  APPLY_COMMAND,
  INSTRUMENT_CALL_TREE,
  INSTRUMENT_FILE,
  INSTRUMENT_FUNCTION,
  InjectionActions,
  applyPlanned,
  planFile,
  planFunction,
  type PlannedDocument,
} from './document-actions';
import { TelemetryDimmer, toggleDim } from './telemetry-dim';

/** The planning steps the host tests drive without clicking through the refactor preview. */
export interface InjectionApi {
  planCallTree(): Promise<CallTreeInjection | string>;
  /** Applies a call-tree plan (preview first) unless a file changed since; `changed` names those that did. */
  applyCallTree(planned: CallTreeInjection): Promise<{ applied: boolean; changed: string[] }>;
  dimmedLines(document: vscode.TextDocument): Promise<number[]>;
}

export function activateInjection(ctx: FeatureContext, analyzer: AnalyzerApi): InjectionApi {
  const actions = new InjectionActions(ctx, analyzer);
  const dimmer = new TelemetryDimmer(ctx);
  const selector = supportedLanguageIds().flatMap((language) => [
    { language, scheme: 'file' },
    { language, scheme: 'untitled' },
  ]);
  const documentFor = (uri: unknown): vscode.TextDocument | undefined =>
    uri instanceof vscode.Uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) : vscode.window.activeTextEditor?.document;
  // Restricted Mode is read-only: analysis and the call tree work, nothing edits the workspace's files.
  const editing = (name: string, edit: () => Promise<unknown>) =>
    reported(ctx, name, async () => {
      if (ctx.trust.isTrusted()) return edit();
      void vscode.window.showInformationMessage(`Trace Advisor: ${name} changes files, which Restricted Mode does not allow. Trust this workspace to add instrumentation.`);
      return false;
    });
  const run = async (name: string, planned: Promise<PlannedDocument | string>) => {
    const result = await planned;
    if (typeof result === 'string') {
      void vscode.window.showInformationMessage(`Trace Advisor: ${name}: ${result}`);
      return false;
    }
    return applyPlanned(ctx, result);
  };

  ctx.subscriptions.push(
    dimmer,
    vscode.languages.registerCodeActionsProvider(selector, actions, InjectionActions.metadata),
    vscode.workspace.onDidCloseTextDocument((d) => actions.forget(d.uri)),
    vscode.commands.registerCommand(APPLY_COMMAND, (planned: PlannedDocument) => editing('Add instrumentation', () => applyPlanned(ctx, planned))),
    vscode.commands.registerCommand(INSTRUMENT_FUNCTION, (uri?: unknown, position?: unknown) =>
      editing('Instrument this function', async () => {
        const document = documentFor(uri);
        if (!document) return noEditor('Instrument this function');
        const at = position instanceof vscode.Position ? position : (vscode.window.activeTextEditor?.selection.active ?? new vscode.Position(0, 0));
        return run('Instrument this function', planFunction(ctx, analyzer, document, at));
      }),
    ),
    vscode.commands.registerCommand(INSTRUMENT_FILE, (uri?: unknown) =>
      editing('Instrument all recommendations in this file', async () => {
        const document = documentFor(uri);
        if (!document) return noEditor('Instrument all recommendations in this file');
        return run('Instrument all recommendations in this file', planFile(ctx, analyzer, document));
      }),
    ),
    vscode.commands.registerCommand(INSTRUMENT_CALL_TREE, () => editing('Instrument call tree', () => instrumentCallTree(ctx, analyzer))),
    vscode.commands.registerCommand('traceAdvisor.toggleDimTelemetry', () =>
      reported(ctx, 'Toggle Dim Telemetry Lines', async () => {
        const on = await toggleDim(ctx);
        vscode.window.setStatusBarMessage(`Trace Advisor: telemetry lines ${on ? 'dimmed' : 'shown normally'}`, 3000);
        return on;
      }),
    ),
  );
  return {
    planCallTree: () => planCallTree(ctx, analyzer),
    applyCallTree,
    dimmedLines: (document) => dimmer.dimmedLines(document),
  };
}

async function instrumentCallTree(ctx: FeatureContext, analyzer: AnalyzerApi): Promise<boolean> {
  const planned = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Trace Advisor: planning the call tree instrumentation' }, () =>
    planCallTree(ctx, analyzer),
  );
  if (typeof planned === 'string') {
    void vscode.window.showInformationMessage(`Trace Advisor: Instrument call tree: ${planned}`);
    return false;
  }
  if (planned.refused.length) {
    ctx.log.warn(`Instrument call tree of ${planned.entry}: left out ${planned.refused.map((r) => `${r.rel} (${r.reason})`).join(', ')}`);
    void vscode.window.showWarningMessage(`Trace Advisor: left out of the call tree instrumentation: ${describeRefusals(planned)}. The log has the details.`);
  }
  if (!planned.files.length) {
    void vscode.window.showInformationMessage(`Trace Advisor: the call tree of ${planned.entry} has nothing to add${planned.unchanged.length ? ` (${planned.unchanged.length} file(s) already instrumented)` : ''}.`);
    return false;
  }
  const { applied, changed } = await applyCallTree(planned);
  if (changed.length) {
    void vscode.window.showWarningMessage(`Trace Advisor: not applied: ${changed.join(', ')} changed since the call tree instrumentation was planned. Run Instrument call tree again.`);
  } else if (applied) {
    ctx.log.info(`Instrument call tree of ${planned.entry}: ${planned.files.map((f) => `${f.rel} (${f.plan.edits.length} edit(s))`).join(', ')}`);
  }
  return applied;
}

function noEditor(name: string): false {
  void vscode.window.showInformationMessage(`Trace Advisor: ${name}: open a source file first.`);
  return false;
}

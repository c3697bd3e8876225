// Injection into one open document: the quick fix on each Trace Advisor diagnostic, and the source actions
// "Instrument this function" and "Instrument all recommendations in this file". Plans are computed for one document
// version; applying re-checks that version (as vscode-eslint does) and applies the plan as one WorkspaceEdit, so one
// undo takes it back. A plan the core refused (its result would not parse) is never applied: the user gets the reason.
import path from 'node:path';
import * as vscode from 'vscode';
import type { InjectionPlan } from '../../core/injection';
import type { AnalyzerApi } from '../analyzer';
import { recommendationRange, ruleOf } from '../analyzer/diagnostics';
import type { FeatureContext } from '../context';
import { addEdits, functionAt, functionRecommendations, planFor, withSpan } from './planning';

export const APPLY_COMMAND = 'traceAdvisor.injection.apply';
export const INSTRUMENT_FUNCTION = 'traceAdvisor.instrumentFunction';
export const INSTRUMENT_FILE = 'traceAdvisor.instrumentFile';
export const INSTRUMENT_CALL_TREE = 'traceAdvisor.instrumentCallTree';

export const SOURCE_FUNCTION = vscode.CodeActionKind.Source.append('traceAdvisor.instrumentFunction');
export const SOURCE_FILE = vscode.CodeActionKind.Source.append('traceAdvisor.instrumentFile');
export const SOURCE_CALL_TREE = vscode.CodeActionKind.Source.append('traceAdvisor.instrumentCallTree');

/** A plan for one version of one open document, and what it is for (named in messages). */
export interface PlannedDocument {
  uri: vscode.Uri;
  version: number;
  plan: InjectionPlan;
  what: string;
}

function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
}

/**
 * Applies a planned injection if the document is still at the planned version. Returns whether the edit was applied;
 * every refusal is explained to the user in one line, with the details in the log.
 */
export async function applyPlanned(ctx: FeatureContext, planned: PlannedDocument): Promise<boolean> {
  const name = path.basename(planned.uri.fsPath);
  const { plan } = planned;
  if (!plan.ok) {
    ctx.log.warn(`injection into ${plan.path} refused (${planned.what}): ${plan.reason}${plan.skipped.map((s) => `\n  skipped ${s.recommendationId}: ${s.reason}`).join('')}`);
    void vscode.window.showErrorMessage(`Trace Advisor: ${planned.what} was not applied to ${name}: ${plan.reason}. Nothing was changed; the log has the details.`);
    return false;
  }
  const document = openDocument(planned.uri);
  if (!document || document.version !== planned.version) {
    void vscode.window.showWarningMessage(`Trace Advisor: ${name} changed since "${planned.what}" was computed; nothing was changed. Try again on the current text.`);
    return false;
  }
  if (plan.edits.length === 0) {
    const reasons = plan.skipped.map((s) => s.reason);
    void vscode.window.showInformationMessage(`Trace Advisor: nothing to add in ${name}${reasons.length ? `: ${reasons[0]}` : ' (already instrumented)'}.`);
    return false;
  }
  const edit = new vscode.WorkspaceEdit();
  addEdits(edit, document.uri, (offset) => document.positionAt(offset), plan.edits);
  const applied = await vscode.workspace.applyEdit(edit);
  if (!applied) void vscode.window.showErrorMessage(`Trace Advisor: VS Code did not apply "${planned.what}" to ${name} (the file changed meanwhile?).`);
  else ctx.log.info(`${planned.what}: ${plan.edits.length} edit(s) in ${plan.path}${plan.skipped.length ? `; skipped: ${plan.skipped.map((s) => s.reason).join('; ')}` : ''}`);
  return applied;
}

export class InjectionActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, SOURCE_FUNCTION, SOURCE_FILE, SOURCE_CALL_TREE],
  };

  /** Quick-fix plans of the latest version of each document, by recommendation id (the lightbulb asks often). */
  private readonly plans = new Map<string, { version: number; byRecommendation: Map<string, Promise<InjectionPlan>> }>();

  constructor(
    private readonly ctx: FeatureContext,
    private readonly analyzer: AnalyzerApi,
  ) {}

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    // Restricted Mode is read-only: no action that edits files is offered.
    if (!this.ctx.trust.isTrusted()) return [];
    const wants = (kind: vscode.CodeActionKind) => !context.only || context.only.contains(kind) || kind.contains(context.only);
    const actions: vscode.CodeAction[] = [];
    if (wants(vscode.CodeActionKind.QuickFix)) actions.push(...(await this.quickFixes(document, context)));
    if (wants(SOURCE_FUNCTION)) {
      const syntax = await this.ctx.documents.syntaxOf(document);
      const fn = syntax && functionAt(syntax, range.start.line, range.start.character);
      if (fn) actions.push(commandAction(`Instrument this function ('${fn.qualifiedName}')`, SOURCE_FUNCTION, INSTRUMENT_FUNCTION, [document.uri, range.start]));
    }
    if (wants(SOURCE_FILE) && this.analyzer.latestAnalysis(document)?.recommendations.length) {
      actions.push(commandAction('Instrument all recommendations in this file', SOURCE_FILE, INSTRUMENT_FILE, [document.uri]));
    }
    const tree = wants(SOURCE_CALL_TREE) ? this.ctx.callTree.current() : undefined;
    if (tree?.root) actions.push(commandAction(`Instrument call tree of '${tree.entry}'…`, SOURCE_CALL_TREE, INSTRUMENT_CALL_TREE, []));
    return actions;
  }

  /** One fix per Trace Advisor diagnostic whose recommendation still needs an edit, for the analyzed version only. */
  private async quickFixes(document: vscode.TextDocument, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const result = this.analyzer.latestAnalysis(document);
    if (!result?.syntax || result.version === undefined) return [];
    const { syntax, version } = result;
    const recommendations = withSpan(result.recommendations);
    const fixes: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      const rule = ruleOf(diagnostic);
      const rec = rule && recommendations.find((r) => r.rule === rule && recommendationRange(r, document).isEqual(diagnostic.range));
      if (!rec) continue;
      const plan = await this.planOnce(document, version, rec.id, () => planFor(this.ctx, this.analyzer, document.uri, document.getText(), syntax, [rec]));
      if (document.version !== version) return [];
      if (plan.ok && plan.edits.length === 0) continue;
      const title = plan.ok ? plan.title : `Instrument '${rec.spanName}' (cannot be applied: see why)`;
      const planned: PlannedDocument = { uri: document.uri, version, plan, what: plan.ok ? plan.title : `Instrument '${rec.spanName}'` };
      const fix = commandAction(title, vscode.CodeActionKind.QuickFix, APPLY_COMMAND, [planned]);
      fix.diagnostics = [diagnostic];
      fix.isPreferred = plan.ok;
      fixes.push(fix);
    }
    return fixes;
  }

  private planOnce(document: vscode.TextDocument, version: number, id: string, plan: () => Promise<InjectionPlan>): Promise<InjectionPlan> {
    const key = document.uri.toString();
    let entry = this.plans.get(key);
    if (!entry || entry.version !== version) {
      entry = { version, byRecommendation: new Map() };
      this.plans.set(key, entry);
    }
    let planned = entry.byRecommendation.get(id);
    if (!planned) {
      planned = plan();
      entry.byRecommendation.set(id, planned);
    }
    return planned;
  }

  /** Forgets a closed document's plans. */
  forget(uri: vscode.Uri): void {
    this.plans.delete(uri.toString());
  }
}

function commandAction(title: string, kind: vscode.CodeActionKind, command: string, args: unknown[]): vscode.CodeAction {
  const action = new vscode.CodeAction(title, kind);
  action.command = { title, command, arguments: args };
  return action;
}

/** "Instrument this function": the function at `position` (the cursor), with or without a recommendation. */
export async function planFunction(ctx: FeatureContext, analyzer: AnalyzerApi, document: vscode.TextDocument, position: vscode.Position): Promise<PlannedDocument | string> {
  const version = document.version;
  const syntax = await ctx.documents.syntaxOf(document);
  if (!syntax) return `${path.basename(document.uri.fsPath)} is not in a language Trace Advisor reads (or is too large to parse).`;
  if (document.version !== version) return `${path.basename(document.uri.fsPath)} changed while the instrumentation was planned; try again.`;
  const fn = functionAt(syntax, position.line, position.character);
  if (!fn) return 'no function at the cursor to instrument.';
  const analyzed = withSpan(analyzer.latestAnalysis(document)?.recommendations ?? analyzer.analyzeSyntax(document.uri, syntax));
  const plan = await planFor(ctx, analyzer, document.uri, document.getText(), syntax, functionRecommendations(syntax, fn, analyzed));
  return { uri: document.uri, version, plan, what: `Instrument '${fn.qualifiedName}'` };
}

/** "Instrument all recommendations in this file": the analyzer's recommendations for the current version. */
export async function planFile(ctx: FeatureContext, analyzer: AnalyzerApi, document: vscode.TextDocument): Promise<PlannedDocument | string> {
  const version = document.version;
  const syntax = await ctx.documents.syntaxOf(document);
  if (!syntax) return `${path.basename(document.uri.fsPath)} is not in a language Trace Advisor reads (or is too large to parse).`;
  if (document.version !== version) return `${path.basename(document.uri.fsPath)} changed while the instrumentation was planned; try again.`;
  const recommendations = withSpan(analyzer.latestAnalysis(document)?.recommendations ?? analyzer.analyzeSyntax(document.uri, syntax));
  if (!recommendations.length) return `no recommendations in ${path.basename(document.uri.fsPath)}.`;
  const plan = await planFor(ctx, analyzer, document.uri, document.getText(), syntax, recommendations);
  return { uri: document.uri, version, plan, what: `Instrument ${recommendations.length} recommendation(s)` };
}

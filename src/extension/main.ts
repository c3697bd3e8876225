// Activation is a short list of feature registrations. Each feature lives in its own file, receives the shared
// FeatureContext and pushes every disposable it creates onto `ctx.subscriptions`.
import * as vscode from 'vscode';
import { activateAi, type AiAnalyzer } from './ai';
import { activateAnalyzer, type AnalyzerApi } from './analyzer';
import { activateCallTracer } from './calltracer';
import { activateCommands } from './commands';
import { createFeatureContext, type FeatureContext } from './context';
import { activateInjection, type InjectionApi } from './injection';

export type { FeatureContext } from './context';

const features: ((ctx: FeatureContext) => void)[] = [activateCommands, activateCallTracer];

/** What `vscode.extensions.getExtension('trace-advisor.trace-advisor').exports` gives other extensions and tests. */
export interface TraceAdvisorApi {
  index: FeatureContext['index'];
  callTree: FeatureContext['callTree'];
  /** How long activate() took, in milliseconds (the benchmark reads it). */
  activationMs: number;
  /** Workspace trust as the features read it (the host runs trusted; tests replace isTrusted). */
  trust: FeatureContext['trust'];
  /** Injection's call-tree planning and telemetry dimming (the host tests drive them without the preview). */
  injection: InjectionApi;
  /** AI analysis: its runs, its consent and its dialogs (the host tests answer them). */
  ai: AiAnalyzer;
  /** The analyzer's latest results, analysis counts and from-scratch analysis (read-only; the host tests compare them). */
  analyzer: AnalyzerApi;
  /** How many errors the "Trace Advisor" log has received since activation. */
  errorsLogged(): number;
}

export function activate(context: vscode.ExtensionContext): TraceAdvisorApi | undefined {
  const started = performance.now();
  const channel = vscode.window.createOutputChannel('Trace Advisor', { log: true });
  context.subscriptions.push(channel);
  try {
    const ctx = createFeatureContext(context, channel);
    for (const activateFeature of features) activateFeature(ctx);
    // The analyzer's latest results are what injection's quick fixes act on.
    const analyzer = activateAnalyzer(ctx);
    const ai = activateAi(ctx);
    const injection = activateInjection(ctx, analyzer);
    ctx.documents.refreshAll();
    const activationMs = performance.now() - started;
    channel.info(`Trace Advisor ${context.extension.packageJSON.version} activated in ${activationMs.toFixed(1)} ms`);
    return { activationMs, index: ctx.index, callTree: ctx.callTree, trust: ctx.trust, ai, injection, analyzer, errorsLogged: () => ctx.log.errorCount };
  } catch (e) {
    // VS Code shows nothing when activation throws: say so, and keep the details in the log.
    channel.error(`activation failed: ${(e as Error).stack ?? e}`);
    void vscode.window.showErrorMessage(`Trace Advisor could not start: ${(e as Error).message}. See the "Trace Advisor" output for details.`);
    return undefined;
  }
}

export function deactivate(): void {}

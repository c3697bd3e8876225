// Analyze with AI: a function, a file, or a call-tree node with its subtree. Checks (AI on, workspace trusted,
// provider configured) come first, then consent before the first request, a cancellable progress notification, and
// finally the answers are stored for the analyzer to merge with the rules' and the session usage is updated.
import path from 'node:path';
import * as vscode from 'vscode';
import { analysisConfigFrom, analyzeFile } from '../../core/analysis';
import type { CallTreeNode } from '../../core/callgraph';
import type { Settings } from '../../core/config/settings';
import { languageForPath } from '../../core/languages';
import {
  analyzeWithLlm,
  createProvider,
  functionContext,
  keyFromEnvironment,
  LlmCache,
  priceFor,
  ProviderConfigError,
  redact,
  SignatureIndex,
  type AnalysisUnit,
  type LlmAnalysisResult,
  type LlmProvider,
  type LlmProviderId,
  type SourceFile,
} from '../../core/llm';
import { PRIORITIES, type FunctionDef } from '../../core/model';
import { parseSource, readSource } from '../../core/parsing';
import { WorkspaceLayout } from '../../core/workspace';
import type { FeatureContext } from '../context';
import type { AiRecommendations } from './ai-results';
import { entriesFor } from './carry';
import { AiConsent, vscodeDialogs, type AiDialogs } from './consent';
import { AI_OFF_MESSAGE, endpointOf, UNTRUSTED_MESSAGE, type AnalysisTarget } from './consent-text';
import { readKeys } from './keys';
import type { UsageStatus } from './usage-status';
import { vscodeLmProvider } from './vscode-lm';

/** One file to analyze: its syntax and text, the uri its results belong to, and which of its functions. */
interface FileToAnalyze {
  uri: vscode.Uri;
  source: SourceFile;
  functions: FunctionDef[];
}

/** What a run returns to the command's caller (tests, other extensions). */
export interface AiRunSummary {
  recommendations: number;
  requests: number;
  cacheHits: number;
  analyzed: number;
  total: number;
  costUsd: number;
  stopped?: LlmAnalysisResult['stopped'];
  stopMessage?: string;
  /** Why nothing was sent: AI off, untrusted workspace, no provider, nothing to analyze. */
  notRun?: 'off' | 'untrusted' | 'provider' | 'nothing';
}

const SET_KEY = 'Set API Key';
const OPEN_SETTINGS = 'Open Settings';

export class AiAnalyzer {
  /** The questions asked of the user; the host tests replace them. */
  dialogs: AiDialogs = vscodeDialogs;
  readonly consent: AiConsent;

  constructor(
    private readonly ctx: FeatureContext,
    private readonly store: AiRecommendations,
    private readonly status: UsageStatus,
  ) {
    this.consent = new AiConsent(ctx.extension.workspaceState);
  }

  get cacheDir(): string {
    return vscode.Uri.joinPath(this.ctx.extension.globalStorageUri, 'llm-cache').fsPath;
  }

  /** The function at `position` (default: the cursor) of a document. */
  async analyzeFunction(uri?: vscode.Uri, position?: vscode.Position | number): Promise<AiRunSummary | undefined> {
    const editor = vscode.window.activeTextEditor;
    const document = uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
    if (!document) {
      void vscode.window.showInformationMessage('Trace Advisor: open a file and put the cursor in a function to analyze it with AI.');
      return undefined;
    }
    const line = typeof position === 'number' ? position : (position ?? (editor?.document === document ? editor.selection.active : new vscode.Position(0, 0))).line;
    const file = await this.fromDocument(document);
    if (!file) return undefined;
    const fn = innermostAt(file.functions, line);
    if (!fn) {
      void vscode.window.showInformationMessage('Trace Advisor: the cursor is not in a function to analyze.');
      return { ...emptySummary(), notRun: 'nothing' };
    }
    return this.run({ kind: 'function', name: `${fn.qualifiedName} of ${vscode.workspace.asRelativePath(document.uri)}`, files: [document.uri.fsPath] }, [{ ...file, functions: [fn] }]);
  }

  async analyzeFile(uri?: vscode.Uri): Promise<AiRunSummary | undefined> {
    const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!document) {
      void vscode.window.showInformationMessage('Trace Advisor: open a file to analyze it with AI.');
      return undefined;
    }
    const file = await this.fromDocument(document);
    if (!file) return undefined;
    return this.run({ kind: 'file', name: vscode.workspace.asRelativePath(document.uri), files: [document.uri.fsPath] }, [file]);
  }

  /** A Call Tree node and every workspace function below it (the view's current tree gives the folder). */
  async analyzeCallTree(node?: CallTreeNode): Promise<AiRunSummary | undefined> {
    const tree = this.ctx.callTree.current();
    const root = node ?? tree?.root;
    if (!tree || !root) {
      void vscode.window.showInformationMessage('Trace Advisor: show a call tree first (Trace from Here), then analyze a node of it with AI.');
      return undefined;
    }
    const byFile = new Map<string, Set<string>>();
    const visit = (n: CallTreeNode) => {
      if ((n.kind === 'function' || n.kind === 'method') && n.file && !n.library) {
        byFile.set(n.file, (byFile.get(n.file) ?? new Set()).add(n.qualifiedName));
      }
      n.children.forEach(visit);
    };
    visit(root);
    const files: FileToAnalyze[] = [];
    for (const [rel, names] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
      const file = await this.fromWorkspaceFile(tree.folder, rel);
      if (file) files.push({ ...file, functions: file.functions.filter((f) => names.has(f.qualifiedName)) });
    }
    return this.run({ kind: 'call-tree', name: root.qualifiedName, files: files.map((f) => f.uri.fsPath) }, files);
  }

  private async fromDocument(document: vscode.TextDocument): Promise<FileToAnalyze | undefined> {
    const version = document.version;
    const syntax = await this.ctx.documents.syntaxOf(document);
    if (!syntax || document.version !== version) {
      void vscode.window.showInformationMessage(`Trace Advisor: ${vscode.workspace.asRelativePath(document.uri)} is not in a language Trace Advisor analyzes, or could not be parsed.`);
      return undefined;
    }
    const source = { syntax, text: document.getText() };
    return { uri: document.uri, source, functions: analyzable(syntax.functions) };
  }

  /** An open document's text (unsaved edits included), else the file on disk. */
  private async fromWorkspaceFile(folder: vscode.WorkspaceFolder, rel: string): Promise<FileToAnalyze | undefined> {
    const uri = vscode.Uri.file(path.join(folder.uri.fsPath, rel));
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return this.fromDocument(open);
    const language = languageForPath(rel);
    const settings = this.ctx.settings();
    if (!language) return undefined;
    const read = await readSource(uri.fsPath, settings.maxFileSize);
    if (!read.ok) {
      this.ctx.log.info(`AI analysis skipped ${rel}: ${read.reason}`);
      return undefined;
    }
    const moduleName = WorkspaceLayout.forFile(folder.uri.fsPath, rel).moduleName(rel);
    const parsed = await parseSource(this.ctx.parser, read.text, language.id, { path: rel, moduleName, limits: { maxFileSize: settings.maxFileSize, timeoutMs: settings.parseTimeoutMs } });
    if (!parsed.ok) {
      this.ctx.log.info(`AI analysis skipped ${rel}: ${parsed.reason}`);
      return undefined;
    }
    return { uri, source: { syntax: parsed.syntax, text: read.text }, functions: analyzable(parsed.syntax.functions) };
  }

  /** The provider of the settings with its key from secret storage (or the environment), or a message why not. */
  private async provider(settings: Settings): Promise<{ provider: LlmProvider; secrets: string[]; baseUrl?: string } | { problem: string; needsKey: boolean }> {
    const id = settings['ai.provider'] as LlmProviderId;
    const baseUrl = settings['ai.baseUrl'] || undefined;
    try {
      if (id === 'vscode-lm') return { provider: await vscodeLmProvider(settings['ai.model']), secrets: [] };
      const keys = await readKeys(this.ctx.extension.secrets, id);
      const apiKey = keys.apiKey ?? keyFromEnvironment(id, process.env);
      if ((id === 'openai' || id === 'anthropic') && !apiKey) {
        return { problem: `no API key for ${id}: run Trace Advisor: Set API Key`, needsKey: true };
      }
      const provider = createProvider({
        provider: id,
        model: settings['ai.model'],
        baseUrl,
        openaiApi: settings['ai.openaiApi'],
        apiKey,
        awsRegion: settings['ai.awsRegion'] || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION,
        awsCredentials: keys.aws,
      });
      return { provider, secrets: [apiKey, keys.aws?.secretAccessKey].filter((s): s is string => !!s), baseUrl };
    } catch (e) {
      const message = redact(String((e as Error)?.message ?? e));
      return { problem: e instanceof ProviderConfigError ? message : `cannot use ${id}: ${message}`, needsKey: false };
    }
  }

  private async run(target: AnalysisTarget, files: FileToAnalyze[]): Promise<AiRunSummary> {
    const settings = this.ctx.settings();
    if (settings['ai.provider'] === 'none') {
      void vscode.window.showInformationMessage(AI_OFF_MESSAGE, OPEN_SETTINGS).then((choice) => choice && vscode.commands.executeCommand('workbench.action.openSettings', 'traceAdvisor.ai.provider'));
      return { ...emptySummary(), notRun: 'off' };
    }
    if (!this.dialogs.isTrusted()) {
      void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE);
      return { ...emptySummary(), notRun: 'untrusted' };
    }
    const units = unitsOf(files, settings);
    if (!units.length) {
      void vscode.window.showInformationMessage('Trace Advisor: no function to analyze here.');
      return { ...emptySummary(), notRun: 'nothing' };
    }
    const chosen = await this.provider(settings);
    if ('problem' in chosen) {
      this.ctx.log.warn(`AI analysis: ${chosen.problem}`);
      const action = chosen.needsKey ? SET_KEY : OPEN_SETTINGS;
      void vscode.window.showErrorMessage(`Trace Advisor: ${chosen.problem}`, action).then((choice) => {
        if (choice === SET_KEY) void vscode.commands.executeCommand('traceAdvisor.setApiKey');
        else if (choice === OPEN_SETTINGS) void vscode.commands.executeCommand('workbench.action.openSettings', 'traceAdvisor.ai');
      });
      return { ...emptySummary(), notRun: 'provider' };
    }
    const { provider, secrets, baseUrl } = chosen;
    const scope = { provider: provider.name, model: provider.model, endpoint: endpointOf(provider.name, settings['ai.baseUrl'], settings['ai.awsRegion']) };
    const free = priceFor(provider.name, provider.model, settings['ai.prices']).origin === 'free';
    const analysisConfig = analysisConfigFrom(settings);
    let result: LlmAnalysisResult;
    try {
      result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Trace Advisor: AI analysis (${provider.name} ${provider.model})`, cancellable: true },
        async (progress, token) => {
          const abort = new AbortController();
          const cancelled = token.onCancellationRequested(() => abort.abort());
          let reported = 0;
          try {
            return await analyzeWithLlm(units, {
              provider,
              secrets,
              baseUrl,
              priorities: PRIORITIES.filter((p) => analysisConfig.priorities[p]?.enabled !== false),
              customPriorities: settings.customPriorities,
              temperature: settings['ai.temperature'],
              maxOutputTokens: settings['ai.maxOutputTokens'],
              maxInputTokens: settings['ai.maxInputTokens'],
              maxRetries: settings['ai.maxRetries'],
              requestTimeoutMs: settings['ai.requestTimeoutMs'],
              concurrency: settings['ai.concurrency'],
              budgetUsd: settings['ai.budgetUsd'],
              prices: settings['ai.prices'],
              cache: new LlmCache(this.cacheDir, this.ctx.log),
              logger: this.ctx.log,
              signal: abort.signal,
              confirm: (request) => this.consent.confirm(this.dialogs, request, scope, target, settings['ai.budgetUsd'], free),
              onProgress: ({ done, total, usage }) => {
                progress.report({ increment: ((done - reported) / total) * 100, message: `${done}/${total} · ${usage.inputTokens + usage.outputTokens} tokens · $${usage.costUsd.toFixed(4)}` });
                reported = done;
              },
            });
          } finally {
            cancelled.dispose();
          }
        },
      );
    } catch (e) {
      // analyzeWithLlm reports provider failures in its result; this is anything else, said without the key.
      const message = redact(String((e as Error)?.message ?? e), secrets);
      this.ctx.log.error(`AI analysis failed: ${redact(String((e as Error)?.stack ?? e), secrets)}`);
      void vscode.window.showErrorMessage(`Trace Advisor: AI analysis failed: ${message}`);
      return { ...emptySummary(), stopped: 'provider-failed', stopMessage: message };
    }
    this.publish(files, result);
    this.status.add(result, settings['ai.budgetUsd']);
    this.report(result);
    return {
      recommendations: result.recommendations.length,
      requests: result.usage.llmRequests,
      cacheHits: result.cacheHits,
      analyzed: result.analyzed,
      total: result.total,
      costUsd: result.usage.costUsd,
      stopped: result.stopped,
      stopMessage: result.stopMessage,
    };
  }

  /** Each file gets the answers for its analyzed functions (a function answered with none clears its old ones). */
  private publish(files: readonly FileToAnalyze[], result: LlmAnalysisResult): void {
    if (result.stopped === 'declined') return;
    for (const file of files) {
      const names = new Set(file.functions.map((f) => f.qualifiedName));
      const mine = result.recommendations.filter((r) => names.has(r.qualifiedName));
      const answered = result.stopped ? new Set(mine.map((r) => r.qualifiedName)) : names;
      this.store.set(file.uri, answered, entriesFor(mine, file.source.syntax, file.source.text));
    }
  }

  private report(result: LlmAnalysisResult): void {
    const cost = `${result.usage.llmRequests} request${result.usage.llmRequests === 1 ? '' : 's'}, ${result.cacheHits} from the cache, $${result.usage.costUsd.toFixed(4)}`;
    if (result.stopped === 'declined') {
      void vscode.window.showInformationMessage('Trace Advisor: AI analysis not started, nothing was sent.');
    } else if (result.stopped) {
      void vscode.window.showWarningMessage(`Trace Advisor: ${result.stopMessage ?? 'AI analysis stopped'} (${result.analyzed} of ${result.total} analyzed; ${cost}).`);
    } else {
      const n = result.recommendations.length;
      void vscode.window.showInformationMessage(`Trace Advisor: AI analysis found ${n} trace point${n === 1 ? '' : 's'} in ${result.analyzed} function${result.analyzed === 1 ? '' : 's'} (${cost}).${result.warnings.length ? ' Some were skipped: see the Trace Advisor output.' : ''}`);
    }
  }
}

function emptySummary(): AiRunSummary {
  return { recommendations: 0, requests: 0, cacheHits: 0, analyzed: 0, total: 0, costUsd: 0 };
}

function analyzable(functions: readonly FunctionDef[]): FunctionDef[] {
  return functions.filter((fn) => fn.kind !== 'module' && fn.kind !== 'lambda');
}

/** The innermost analyzable function whose span holds the 0-based `line`. */
export function innermostAt(functions: readonly FunctionDef[], line: number): FunctionDef | undefined {
  return functions
    .filter((f) => f.span.start.line <= line && line <= f.span.end.line)
    .sort((a, b) => a.span.end.line - a.span.start.line - (b.span.end.line - b.span.start.line))[0];
}

/** One unit per function, with the rules' findings for it and the signatures of what it calls among the files. */
function unitsOf(files: readonly FileToAnalyze[], settings: Settings): AnalysisUnit[] {
  const index = new SignatureIndex(files.map((f) => f.source.syntax));
  const config = analysisConfigFrom(settings);
  return files.flatMap((file) => {
    const findings = analyzeFile(file.source.syntax, config).recommendations;
    return file.functions.map((fn) => ({ functions: [functionContext(file.source, fn, findings.filter((r) => r.qualifiedName === fn.qualifiedName), index)] }));
  });
}

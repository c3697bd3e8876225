// What every feature shares: the log, the settings (kept current), one parser service and the open documents'
// syntax. Built once per activation; everything here is disposed with the extension.
import path from 'node:path';
import * as vscode from 'vscode';
import type { Settings } from '../core/config/settings';
import { ParserService } from '../core/parsing';
import { endIdleWorkers } from '../core/workspace';
import { AiRecommendations } from './ai/ai-results';
import { CallIndexService } from './calltracer/index-service';
import { CallTreeProvider } from './calltracer/call-tree';
import { DocumentSyntax } from './documents';
import { channelLogger, type ChannelLogger } from './logger';
import { onSettingsChanged, readSettings } from './settings';

export interface FeatureContext {
  extension: vscode.ExtensionContext;
  subscriptions: vscode.Disposable[];
  channel: vscode.LogOutputChannel;
  log: ChannelLogger;
  parser: ParserService;
  documents: DocumentSyntax;
  /** Current settings; re-read on every change. */
  settings(): Settings;
  /** Fires after settings changed and `settings()` returns the new values. */
  onDidChangeSettings: vscode.Event<Settings>;
  /** The call index of every workspace folder (kept current in the background; see calltracer/index-service). */
  index: CallIndexService;
  /** The Call Tree: the tree shown now (`current()`, `onDidChangeTree`) and the view's data provider. */
  callTree: CallTreeProvider;
  /** Workspace trust as features read it; Restricted Mode is read-only (no edits, no AI). Replaceable by host tests. */
  trust: { isTrusted(): boolean };
  /** AI recommendations per file (Analyze with AI), for the analyzer to merge with the rules' (see ai/carry). */
  aiRecommendations: AiRecommendations;
}

export function createFeatureContext(extension: vscode.ExtensionContext, channel: vscode.LogOutputChannel): FeatureContext {
  const log = channelLogger(channel);
  let settings = readSettings();
  const parser = new ParserService(path.join(extension.extensionPath, 'dist', 'grammars'));
  const documents = new DocumentSyntax(parser, settings, log);
  const settingsChanged = new vscode.EventEmitter<Settings>();
  extension.subscriptions.push(
    { dispose: () => parser.dispose() },
    { dispose: () => void endIdleWorkers() },
    documents,
    settingsChanged,
    onSettingsChanged((fresh) => {
      settings = fresh;
      documents.updateSettings(fresh);
      settingsChanged.fire(fresh);
    }),
  );
  const index = new CallIndexService(extension, () => settings, documents, parser, log);
  const callTree = new CallTreeProvider(index, () => settings, settingsChanged.event);
  const aiRecommendations = new AiRecommendations();
  extension.subscriptions.push(index, callTree, aiRecommendations);
  return {
    extension,
    trust: { isTrusted: () => vscode.workspace.isTrusted },
    subscriptions: extension.subscriptions,
    channel,
    log,
    parser,
    documents,
    settings: () => settings,
    onDidChangeSettings: settingsChanged.event,
    index,
    callTree,
    aiRecommendations,
  };
}

// The analysis configuration per workspace folder: VS Code settings overridden by the folder's .trace-advisor.yaml.
// The file is re-read when it changes on disk; its mistakes become diagnostics on the file (line and column) and
// never stop the analysis — the keys in error fall back to the settings.
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { analysisConfigFrom, type AnalysisConfig, type AnalysisSettings } from '../../core/analysis';
import type { Settings } from '../../core/config/settings';
import { CONFIG_FILE_NAME, ConfigUnreadable, readWorkspaceConfig, type ConfigProblem } from '../../core/config/workspace-file';
import type { FeatureContext } from '../context';
import { effectiveSettings } from './effective-settings';

export interface FolderConfig {
  settings: Settings;
  config: AnalysisConfig;
  /** The .trace-advisor.yaml the settings came from, when there is one. */
  configFile?: string;
  problems: ConfigProblem[];
}

export class WorkspaceConfigs implements vscode.Disposable {
  private readonly fileSettings = new Map<string, { file: string; settings: Record<string, unknown>; problems: ConfigProblem[] }>();
  private readonly cache = new Map<string, FolderConfig>();
  private readonly problems = vscode.languages.createDiagnosticCollection('trace-advisor-config');
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Fires after a configuration file or a setting changed. */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly ctx: FeatureContext) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE_NAME}`);
    const reload = (uri: vscode.Uri) => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (folder && path.dirname(uri.fsPath) === folder.uri.fsPath) void this.load(folder).then(() => this.changed());
    };
    this.disposables.push(
      this.problems,
      this.emitter,
      watcher,
      watcher.onDidCreate(reload),
      watcher.onDidChange(reload),
      watcher.onDidDelete(reload),
      ctx.onDidChangeSettings(() => this.changed()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.loadAll()),
    );
  }

  /** Reads every folder's configuration file (at activation, when folders change, before Analyze Workspace). */
  async loadAll(): Promise<void> {
    for (const key of [...this.fileSettings.keys()]) if (!vscode.workspace.workspaceFolders?.some((f) => f.uri.toString() === key)) this.fileSettings.delete(key);
    await Promise.all((vscode.workspace.workspaceFolders ?? []).map((f) => this.load(f)));
    this.changed();
  }

  /** The configuration for a file (its workspace folder's), or the plain settings outside any folder. */
  configFor(uri: vscode.Uri): FolderConfig {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const key = folder?.uri.toString() ?? '';
    let cached = this.cache.get(key);
    if (!cached) {
      const fromFile = this.fileSettings.get(key);
      const settings = effectiveSettings(this.ctx.settings(), fromFile?.settings ?? {});
      cached = { settings, config: analysisConfigFrom(settings as AnalysisSettings), configFile: fromFile?.file, problems: fromFile?.problems ?? [] };
      this.cache.set(key, cached);
    }
    return cached;
  }

  private async load(folder: vscode.WorkspaceFolder): Promise<void> {
    const key = folder.uri.toString();
    const file = path.join(folder.uri.fsPath, CONFIG_FILE_NAME);
    const fileUri = vscode.Uri.file(file);
    if (folder.uri.scheme !== 'file' || !fs.existsSync(file)) {
      this.fileSettings.delete(key);
      this.problems.delete(fileUri);
      return;
    }
    let loaded: { settings: Record<string, unknown>; problems: ConfigProblem[] };
    try {
      loaded = await readWorkspaceConfig(file);
    } catch (e) {
      if (!(e instanceof ConfigUnreadable)) throw e;
      loaded = { settings: {}, problems: [{ file, line: 1, column: 1, message: e.message }] };
    }
    this.fileSettings.set(key, { file, ...loaded });
    this.problems.set(fileUri, loaded.problems.map(toDiagnostic));
    if (loaded.problems.length) this.ctx.log.warn(`${file}: ${loaded.problems.length} problem(s); the defaults apply to those keys`);
  }

  private changed(): void {
    this.cache.clear();
    this.emitter.fire();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function toDiagnostic(p: ConfigProblem): vscode.Diagnostic {
  const start = new vscode.Position(Math.max(0, p.line - 1), Math.max(0, p.column - 1));
  const d = new vscode.Diagnostic(new vscode.Range(start, start.translate(0, 1)), p.message, vscode.DiagnosticSeverity.Warning);
  d.source = 'Trace Advisor';
  return d;
}

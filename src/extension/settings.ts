// The one typed accessor for `traceAdvisor.*` settings. Defaults come from the core's table, which a test keeps
// equal to package.json.
import * as vscode from 'vscode';
import { SETTINGS_SECTION, settingDefaults, type SettingKey, type Settings } from '../core/config/settings';

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  const result = {} as Record<string, unknown>;
  for (const key of Object.keys(settingDefaults) as SettingKey[]) {
    result[key] = config.get(key, settingDefaults[key]);
  }
  return result as Settings;
}

/** Fires `listener` with fresh settings whenever a `traceAdvisor.*` setting changes. */
export function onSettingsChanged(listener: (settings: Settings) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(SETTINGS_SECTION)) listener(readSettings());
  });
}

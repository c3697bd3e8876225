// Every setting the engine and the extension read, with its default. package.json `contributes.configuration`
// must declare the same keys with the same defaults (checked by test/unit/settings.test.ts). See README
// "How to add a setting".
export const settingDefaults = {
  'enable': true,
  'include': [] as string[],
  'exclude': ['**/node_modules/**', '**/.git/**', '**/.venv/**', '**/venv/**', '**/__pycache__/**', '**/dist/**', '**/build/**', '**/vendor/**'] as string[],
  'maxFileSize': 2097152,
  'parseTimeoutMs': 5000,
  'searchPaths': [] as string[],
  'callTree.maxDepth': 8,
  'callTree.hideExternal': false,
  'callTree.hideUnresolved': false,
  'analysis.debounceMs': 250,
  'diagnostics.severity': 'information' as 'error' | 'warning' | 'information' | 'hint' | 'off',
  'codeLens.enable': true,
  'telemetry.dim': false,
};

export type SettingKey = keyof typeof settingDefaults;
export type Settings = { -readonly [K in SettingKey]: (typeof settingDefaults)[K] };

export const SETTINGS_SECTION = 'traceAdvisor';

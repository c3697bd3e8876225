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
  'priorities': {
    function_entry_exit: { enabled: true, weight: 0.8 },
    exception_handling: { enabled: true, weight: 1 },
    conditional_branches: { enabled: true, weight: 0.6 },
    external_resource_interactions: { enabled: true, weight: 1 },
    message_bus: { enabled: true, weight: 1 },
    performance_critical_paths: { enabled: true, weight: 0.9 },
    complex_algorithms: { enabled: true, weight: 0.6 },
    state_changes: { enabled: true, weight: 0.5 },
  } as Record<string, { enabled: boolean; weight: number }>,
  'rules': {} as Record<string, 'off' | 'error' | 'warning' | 'information' | 'hint'>,
  'customPriorities': [] as string[],
  'analysis.minScore': 0,
  'analysis.skipTrivialFunctions': true,
  'codeLens.enable': true,
  'telemetry.dim': false,
  'injection.templatesFile': '',
  'ai.provider': 'none' as 'none' | 'openai' | 'anthropic' | 'openai-compatible' | 'bedrock' | 'vscode-lm',
  'ai.model': '',
  'ai.baseUrl': '',
  'ai.openaiApi': 'chat-completions' as 'chat-completions' | 'responses',
  'ai.awsRegion': '',
  'ai.temperature': 0.2,
  'ai.maxOutputTokens': 2000,
  'ai.maxInputTokens': 8000,
  'ai.maxRetries': 3,
  'ai.requestTimeoutMs': 60000,
  'ai.concurrency': 4,
  'ai.budgetUsd': 1,
  'ai.prices': {} as Record<string, { input: number; output: number }>,
};

export type SettingKey = keyof typeof settingDefaults;
export type Settings = { -readonly [K in SettingKey]: (typeof settingDefaults)[K] };

export const SETTINGS_SECTION = 'traceAdvisor';

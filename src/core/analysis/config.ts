// What the analyzer is told by the user: priorities (enabled, weight), per-rule severities or `off`, the minimum
// score and whether trivial functions are skipped. Built from settings (VS Code or .trace-advisor.yaml) by
// analysisConfigFrom; analyzeFile takes it as plain data.
import { PRIORITIES, type Priority } from '../model';

export type RuleSeverity = 'error' | 'warning' | 'information' | 'hint';
export type RuleSetting = RuleSeverity | 'off';

export interface PrioritySetting {
  enabled: boolean;
  /** 0–1: multiplies the score of every recommendation of this priority. */
  weight: number;
}

export interface AnalysisConfig {
  priorities: Record<Priority, PrioritySetting>;
  /** Rule id (`exception-handler` for every language, `python.exception-handler` for one) → severity or `off`. */
  rules: Record<string, RuleSetting>;
  /** Recommendations scoring below this are dropped. */
  minScore: number;
  /** Functions of three statements or fewer without I/O, error handling or loops get nothing. */
  skipTrivialFunctions: boolean;
  /** Free-text priorities for the AI analysis; the rules engine does not read them. */
  customPriorities: string[];
}

export const defaultPriorityWeights: Record<Priority, number> = {
  function_entry_exit: 0.8,
  exception_handling: 1,
  conditional_branches: 0.6,
  external_resource_interactions: 1,
  message_bus: 1,
  performance_critical_paths: 0.9,
  complex_algorithms: 0.6,
  state_changes: 0.5,
};

export function defaultAnalysisConfig(): AnalysisConfig {
  const priorities = Object.fromEntries(PRIORITIES.map((p) => [p, { enabled: true, weight: defaultPriorityWeights[p] }])) as Record<Priority, PrioritySetting>;
  return { priorities, rules: {}, minScore: 0, skipTrivialFunctions: true, customPriorities: [] };
}

/** The settings the analyzer reads, as VS Code and .trace-advisor.yaml spell them (see settings.ts). */
export interface AnalysisSettings {
  priorities?: Partial<Record<string, Partial<PrioritySetting>>>;
  rules?: Record<string, string>;
  customPriorities?: string[];
  'analysis.minScore'?: number;
  'analysis.skipTrivialFunctions'?: boolean;
}

/** Settings layered over the defaults; unknown priority ids are ignored (validation reports them). */
export function analysisConfigFrom(settings: AnalysisSettings): AnalysisConfig {
  const config = defaultAnalysisConfig();
  for (const [id, value] of Object.entries(settings.priorities ?? {})) {
    if (!(id in config.priorities) || !value) continue;
    const p = config.priorities[id as Priority];
    if (typeof value.enabled === 'boolean') p.enabled = value.enabled;
    if (typeof value.weight === 'number' && value.weight >= 0 && value.weight <= 1) p.weight = value.weight;
  }
  for (const [id, value] of Object.entries(settings.rules ?? {})) {
    if (['off', 'error', 'warning', 'information', 'hint'].includes(value)) config.rules[id] = value as RuleSetting;
  }
  if (typeof settings['analysis.minScore'] === 'number') config.minScore = settings['analysis.minScore'];
  if (typeof settings['analysis.skipTrivialFunctions'] === 'boolean') config.skipTrivialFunctions = settings['analysis.skipTrivialFunctions'];
  if (Array.isArray(settings.customPriorities)) config.customPriorities = settings.customPriorities.filter((s) => typeof s === 'string');
  return config;
}

// VS Code settings overridden by the workspace's .trace-advisor.yaml. The file wins key by key; `priorities` merge
// per priority and field (so `state_changes: { enabled: false }` keeps the weight) and `rules` merge per rule.
// No vscode import: unit-tested in plain Node.
import type { Settings } from '../../core/config/settings';

export function effectiveSettings(base: Settings, fromFile: Record<string, unknown>): Settings {
  const merged = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(fromFile)) {
    if (key === 'priorities' && isRecord(value)) {
      const priorities: Record<string, unknown> = { ...base.priorities };
      for (const [id, p] of Object.entries(value)) priorities[id] = { ...(priorities[id] as object | undefined), ...(isRecord(p) ? p : {}) };
      merged.priorities = priorities;
    } else if (key === 'rules' && isRecord(value)) {
      merged.rules = { ...base.rules, ...value };
    } else if (key in base) {
      merged[key] = value;
    }
  }
  return merged as Settings;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

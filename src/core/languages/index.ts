// The language registry: one entry per language folder. Each folder holds language.json (registry data) and the
// .scm query files; see README "How to add a language".
import type { LanguageData, LanguageSpec } from './spec';

import pythonData from './python/language.json';
import pythonDefinitions from './python/definitions.scm';
import pythonCalls from './python/calls.scm';
import pythonImports from './python/imports.scm';
import pythonConstructs from './python/constructs.scm';

function spec(data: LanguageData, ...queries: string[]): LanguageSpec {
  return { ...data, query: queries.join('\n') };
}

export const languages: readonly LanguageSpec[] = [
  spec(pythonData as LanguageData, pythonDefinitions, pythonCalls, pythonImports, pythonConstructs),
];

const byId = new Map<string, LanguageSpec>();
const byExtension = new Map<string, LanguageSpec>();
for (const l of languages) {
  for (const id of [l.id, ...(l.aliases ?? [])]) byId.set(id, l);
  for (const ext of l.extensions) byExtension.set(ext, l);
}

export function languageById(id: string): LanguageSpec | undefined {
  return byId.get(id);
}

/** The language of a path by its extension (`.d.ts` files count as TypeScript). */
export function languageForPath(filePath: string): LanguageSpec | undefined {
  const lower = filePath.toLowerCase();
  const dot = lower.lastIndexOf('.');
  if (dot < 0 || dot < lower.lastIndexOf('/')) return undefined;
  return byExtension.get(lower.slice(dot));
}

/** Every VS Code language id the engine serves. */
export function supportedLanguageIds(): string[] {
  return [...byId.keys()];
}

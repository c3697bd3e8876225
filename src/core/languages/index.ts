// The language registry: one entry per language folder. Each folder holds language.json (registry data) and the
// .scm query files; see README "How to add a language".
import type { LanguageData, LanguageSpec } from './spec';

import pythonData from './python/language.json';
import pythonDefinitions from './python/definitions.scm';
import pythonCalls from './python/calls.scm';
import pythonImports from './python/imports.scm';
import pythonConstructs from './python/constructs.scm';
import pythonLocals from './python/locals.scm';
import javascriptData from './javascript/language.json';
import javascriptDefinitions from './javascript/definitions.scm';
import javascriptOnly from './javascript/javascript.scm';
import javascriptCalls from './javascript/calls.scm';
import javascriptImports from './javascript/imports.scm';
import javascriptConstructs from './javascript/constructs.scm';
import javascriptLocals from './javascript/locals.scm';
import typescriptData from './typescript/language.json';
import typescriptOnly from './typescript/typescript.scm';
import typescriptLocals from './typescript/locals.scm';
import tsxData from './tsx/language.json';
import goData from './go/language.json';
import goDefinitions from './go/definitions.scm';
import goCalls from './go/calls.scm';
import goImports from './go/imports.scm';
import goConstructs from './go/constructs.scm';
import goLocals from './go/locals.scm';
import javaData from './java/language.json';
import javaDefinitions from './java/definitions.scm';
import javaCalls from './java/calls.scm';
import javaImports from './java/imports.scm';
import javaConstructs from './java/constructs.scm';
import javaLocals from './java/locals.scm';
import csharpData from './csharp/language.json';
import csharpDefinitions from './csharp/definitions.scm';
import csharpCalls from './csharp/calls.scm';
import csharpImports from './csharp/imports.scm';
import csharpConstructs from './csharp/constructs.scm';
import rubyData from './ruby/language.json';
import rubyDefinitions from './ruby/definitions.scm';
import rubyCalls from './ruby/calls.scm';
import rubyImports from './ruby/imports.scm';
import rubyConstructs from './ruby/constructs.scm';
import rustData from './rust/language.json';
import rustDefinitions from './rust/definitions.scm';
import rustCalls from './rust/calls.scm';
import rustImports from './rust/imports.scm';
import rustConstructs from './rust/constructs.scm';
import phpData from './php/language.json';
import phpDefinitions from './php/definitions.scm';
import phpCalls from './php/calls.scm';
import phpImports from './php/imports.scm';
import phpConstructs from './php/constructs.scm';
import kotlinData from './kotlin/language.json';
import kotlinDefinitions from './kotlin/definitions.scm';
import kotlinCalls from './kotlin/calls.scm';
import kotlinImports from './kotlin/imports.scm';
import kotlinConstructs from './kotlin/constructs.scm';

// JSON imports are typed loosely (`support: string`); test/unit/queries.test.ts checks the values at run time.
function spec(data: object, ...queries: string[]): LanguageSpec {
  return { ...(data as LanguageData), query: queries.join('\n') };
}

export const languages: readonly LanguageSpec[] = [
  spec(pythonData as LanguageData, pythonDefinitions, pythonCalls, pythonImports, pythonConstructs, pythonLocals),
  spec(javascriptData as LanguageData, javascriptDefinitions, javascriptOnly, javascriptCalls, javascriptImports, javascriptConstructs, javascriptLocals),
  // TypeScript and TSX share JavaScript's common queries plus typescript/typescript.scm (TSX is TypeScript + JSX).
  spec(typescriptData as LanguageData, javascriptDefinitions, typescriptOnly, javascriptCalls, javascriptImports, javascriptConstructs, javascriptLocals, typescriptLocals),
  spec(tsxData as LanguageData, javascriptDefinitions, typescriptOnly, javascriptCalls, javascriptImports, javascriptConstructs, javascriptLocals, typescriptLocals),
  spec(goData as LanguageData, goDefinitions, goCalls, goImports, goConstructs, goLocals),
  spec(javaData as LanguageData, javaDefinitions, javaCalls, javaImports, javaConstructs, javaLocals),
  spec(csharpData as LanguageData, csharpDefinitions, csharpCalls, csharpImports, csharpConstructs),
  spec(rubyData as LanguageData, rubyDefinitions, rubyCalls, rubyImports, rubyConstructs),
  spec(rustData as LanguageData, rustDefinitions, rustCalls, rustImports, rustConstructs),
  spec(phpData as LanguageData, phpDefinitions, phpCalls, phpImports, phpConstructs),
  spec(kotlinData as LanguageData, kotlinDefinitions, kotlinCalls, kotlinImports, kotlinConstructs),
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

// Finding the function a user names: a qualified name, or a plain name (preferably one defined in a given file).
import type { DefinitionInfo } from './types';
import type { WorkspaceIndex } from './workspace-index';

export type EntryLookup =
  | { found: DefinitionInfo }
  | { ambiguous: DefinitionInfo[] }
  | { missing: true; suggestions: string[] };

export function findEntry(index: WorkspaceIndex, name: string, inFile?: string): EntryLookup {
  const exact = index.definition(name);
  if (exact) return { found: exact };
  const all = index.allDefinitions().filter((d) => !d.library);
  const bySuffix = all.filter((d) => d.qualifiedName === name || d.qualifiedName.endsWith(`.${name}`) || d.qualifiedName.endsWith(`/${name}`));
  const inThisFile = inFile ? bySuffix.filter((d) => d.file === inFile) : [];
  const candidates = inThisFile.length ? inThisFile : bySuffix;
  if (candidates.length === 1) return { found: candidates[0] };
  if (candidates.length > 1) {
    // `foo` in a file that has a function foo and a method C.foo: the shortest name is the one meant.
    const sorted = [...candidates].sort((a, b) => a.qualifiedName.length - b.qualifiedName.length);
    if (inThisFile.length && sorted[0].qualifiedName.length < sorted[1].qualifiedName.length) return { found: sorted[0] };
    return { ambiguous: sorted };
  }
  const lower = name.toLowerCase().split('.').pop()!;
  const scored = all
    .map((d) => ({ d, score: distance(lower, d.name.toLowerCase()) }))
    .filter((x) => x.score <= Math.max(2, Math.floor(lower.length / 3)) || x.d.name.toLowerCase().includes(lower))
    .sort((a, b) => a.score - b.score || (a.d.qualifiedName < b.d.qualifiedName ? -1 : 1));
  return { missing: true, suggestions: scored.slice(0, 5).map((x) => x.d.qualifiedName) };
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

// The text of a "Don't recommend here" suppression: a `trace-advisor: ignore-next-line <rule>` comment in the
// language's own comment syntax (the registry's lineComment, else blockComment), indented like the line it
// silences. No vscode import, so unit tests check it per language.
import { languageById } from '../../core/languages';

export interface SuppressionInsert {
  /** 0-based line to insert the comment line before. */
  line: number;
  /** The whole line to insert, newline included. */
  text: string;
}

/**
 * The comment line that silences `rule` on `lineText` (the recommendation's first line), or undefined for a language
 * without comment syntax in the registry. Naming the rule keeps other recommendations on that line.
 */
export function suppressionInsert(languageId: string, line: number, lineText: string, rule: string, eol = '\n'): SuppressionInsert | undefined {
  const spec = languageById(languageId);
  const marker = `trace-advisor: ignore-next-line ${rule}`;
  let comment: string;
  if (spec?.lineComment) comment = `${spec.lineComment} ${marker}`;
  else if (spec?.blockComment?.length === 2) comment = `${spec.blockComment[0]} ${marker} ${spec.blockComment[1]}`;
  else return undefined;
  const indent = /^[ \t]*/.exec(lineText)![0];
  return { line, text: `${indent}${comment}${eol}` };
}

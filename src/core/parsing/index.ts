// Parsing's public face: text in, plain FileSyntax out, the tree deleted before returning.
import type { FileSyntax } from '../model';
import { extract } from './extract';
import { ParseError, ParserService, defaultParseLimits, type ParseLimits } from './parser';

export { ParserService, ParseError, defaultParseLimits, findGrammarDir, type ParseLimits } from './parser';
export { readSource, readSourceSync, decodeSource, type SourceRead } from './source';
export { countSyntaxErrors, spanOf, splitMember, walkTree } from './extract';

export type ParseResult = { ok: true; syntax: FileSyntax } | { ok: false; reason: string };

export async function parseSource(
  service: ParserService,
  text: string,
  languageId: string,
  options: { path: string; moduleName: string; limits?: ParseLimits },
): Promise<ParseResult> {
  let parsed;
  try {
    parsed = await service.parse(text, languageId, options.limits ?? defaultParseLimits);
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, reason: e.message };
    throw e;
  }
  try {
    return { ok: true, syntax: extract(parsed.tree, parsed.loaded, options) };
  } finally {
    parsed.tree.delete();
  }
}
export { DocumentTrees, type ContentChange, type DocumentState, type DocumentResult } from './documents';

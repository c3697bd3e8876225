// The one place that touches web-tree-sitter's runtime: loads grammars once, compiles each language's query once,
// and parses with limits. Trees are owned by the caller and must be deleted (the WASM heap never shrinks).
import fs from 'node:fs';
import path from 'node:path';
import { Language, Parser, Query, type Tree } from 'web-tree-sitter';
import type { LanguageSpec } from '../languages/spec';
import { languageById } from '../languages';

export interface ParseLimits {
  /** Files larger than this (in UTF-16 code units) are skipped. */
  maxFileSize: number;
  /** A parse taking longer is abandoned. */
  timeoutMs: number;
}

export const defaultParseLimits: ParseLimits = { maxFileSize: 2 * 1024 * 1024, timeoutMs: 5000 };

/** Characters handed to tree-sitter per read (see ParserService.parse). */
const PARSE_CHUNK = 1024;

export interface LoadedLanguage {
  spec: LanguageSpec;
  language: Language;
  query: Query;
}

export class ParseError extends Error {}

/** Finds dist/grammars from wherever a bundle runs (dist/, dist/test/unit/, dist/bench/). */
export function findGrammarDir(from: string = __dirname): string {
  let dir = from;
  for (let i = 0; i < 5; i++) {
    for (const candidate of [path.join(dir, 'grammars'), path.join(dir, 'dist', 'grammars')]) {
      if (fs.existsSync(path.join(candidate, 'tree-sitter.wasm'))) return candidate;
    }
    dir = path.dirname(dir);
  }
  throw new ParseError(`tree-sitter grammars not found near ${from}: run \`npm run build\``);
}

let runtimeReady: Promise<void> | undefined;

export class ParserService {
  private readonly languages = new Map<string, Promise<LoadedLanguage>>();
  private parser: Parser | undefined;

  constructor(readonly grammarDir: string = findGrammarDir()) {}

  private async init(): Promise<Parser> {
    runtimeReady ??= Parser.init({ locateFile: (f: string) => path.join(this.grammarDir, f) });
    await runtimeReady;
    this.parser ??= new Parser();
    return this.parser;
  }

  /** Loads a grammar and compiles its query, once per language for the life of the service. */
  load(languageId: string): Promise<LoadedLanguage> {
    const spec = languageById(languageId);
    if (!spec) return Promise.reject(new ParseError(`unsupported language '${languageId}'`));
    let loaded = this.languages.get(spec.id);
    if (!loaded) {
      loaded = (async () => {
        await this.init();
        const language = await Language.load(path.join(this.grammarDir, spec.grammar));
        let query: Query;
        try {
          query = new Query(language, spec.query);
        } catch (e) {
          throw new ParseError(`query of ${spec.id} does not compile: ${(e as Error).message}`);
        }
        return { spec, language, query };
      })();
      loaded.catch(() => this.languages.delete(spec.id));
      this.languages.set(spec.id, loaded);
    }
    return loaded;
  }

  /**
   * Parses `text`, reusing `oldTree` (already `edit()`ed) when given. Throws ParseError with a readable reason
   * when the file is over the limits. The returned tree belongs to the caller.
   */
  async parse(text: string, languageId: string, limits: ParseLimits = defaultParseLimits, oldTree?: Tree): Promise<{ tree: Tree; loaded: LoadedLanguage }> {
    const loaded = await this.load(languageId);
    const parser = await this.init();
    if (text.length > limits.maxFileSize) {
      throw new ParseError(`larger than the ${Math.round(limits.maxFileSize / 1024)} KiB limit (${Math.round(text.length / 1024)} KiB)`);
    }
    parser.setLanguage(loaded.language);
    const deadline = Date.now() + limits.timeoutMs;
    let timedOut = false;
    // The text goes to tree-sitter in 1 KiB pieces: given the string, web-tree-sitter copies 10 KiB into WASM memory
    // at every position the parser reads from, and an incremental re-parse jumps to dozens of them (20 % of its time).
    const tree = parser.parse((index: number) => text.slice(index, index + PARSE_CHUNK), oldTree ?? null, {
      progressCallback: () => {
        if (Date.now() > deadline) timedOut = true;
        return timedOut;
      },
    } as never);
    if (!tree) {
      // A cancelled parse resumes on the next call unless the parser is reset.
      parser.reset();
      throw new ParseError(timedOut ? `parsing took longer than ${limits.timeoutMs} ms` : 'the parser gave no tree');
    }
    return { tree, loaded };
  }

  dispose(): void {
    for (const loaded of this.languages.values()) {
      loaded.then((l) => l.query.delete(), () => undefined);
    }
    this.languages.clear();
    this.parser?.delete();
    this.parser = undefined;
  }
}

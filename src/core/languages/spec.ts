// The shape of one language's data. Everything the engine knows about a language is here or in the files this
// points to; adding a language is adding a folder under src/core/languages and one line in ./index.ts.

export type SupportLevel = 'full' | 'syntax';

/** How a file's module name (the prefix of its qualified names) is derived. See README "Qualified names". */
export type ModuleNaming = 'python' | 'path' | 'go' | 'java' | 'file';

export interface LanguageData {
  /** VS Code language id. */
  id: string;
  /** Other VS Code language ids served by this entry (e.g. `javascriptreact`). */
  aliases?: string[];
  displayName: string;
  extensions: string[];
  /** Grammar file name under dist/grammars. */
  grammar: string;
  support: SupportLevel;
  moduleNaming: ModuleNaming;
  lineComment?: string;
  blockComment?: string[];
  /** Names of constructors when the grammar does not mark them (`__init__`, `constructor`). */
  constructorNames: string[];
  /** Anonymous child node types that mark a function as async (`async`). */
  asyncMarkers: string[];
  /** Anonymous child node types that mark a function as a generator (`*`). */
  generatorMarkers: string[];
  /** Receiver names that mean "this object" (`self`, `this`). */
  selfNames: string[];
  /** Separator used between a receiver and a member in callee text (`.`, `::`, `->`). */
  memberSeparators: string[];
  /**
   * Calls of these plain names are also constructs of the given kind (Go: `panic` → `raise`): the callee is the call's
   * own function node, a bare name. The extractor checks the call captures it already has; a query pattern testing the
   * name (`#eq?`) would match every call of a plain name and drop nearly all of them, at a cost per match.
   */
  callConstructs?: Record<string, string>;
}

export interface LanguageSpec extends LanguageData {
  /** tree-sitter query source, concatenated from the language's .scm files. See README "Query captures". */
  query: string;
}

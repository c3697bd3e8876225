// Injection templates: per-language data (src/core/languages/<lang>/injection.json), optionally overridden per
// language and per priority by a user's templates file. Templates are plain text with `{{name}}` / `{{name|filter}}`
// placeholders and nothing else: a workspace's templates file is never evaluated as code (a nunjucks template can
// reach `"".constructor.constructor` and run JavaScript, so it is not used for user-supplied text).
import type { Priority, SpanKind } from '../model';
import { PRIORITIES } from '../model';
import pythonTemplates from '../languages/python/injection.json';
import javascriptTemplates from '../languages/javascript/injection.json';
import typescriptTemplates from '../languages/typescript/injection.json';
import tsxTemplates from '../languages/tsx/injection.json';
import goTemplates from '../languages/go/injection.json';
import javaTemplates from '../languages/java/injection.json';

export interface ImportSpec {
  module: string;
  /** The name the code uses: a name imported from `module` (Python, JS, Java) or the package's local name (Go). */
  name: string;
}

export interface Snippet {
  /** Lines inserted before the code it instruments (a leading tab is one indent unit). */
  before: string;
  /** Lines after the wrapped body (function templates of brace languages). */
  after?: string;
  /** Keys of `imports` the rendered snippet needs. */
  uses?: string[];
  /** Said in the fix's title when this variant is chosen (e.g. why a Go span has no parent context). */
  note?: string;
  /** Go: the snippet needs the function's context parameter. */
  needsContext?: boolean;
  /** Indent units the wrapped body moves right by, when not the language's `wrapLevels`. */
  levels?: number;
}

/** How a function that is not async is recognised as returning a promise (JavaScript, TypeScript). */
export interface PromiseDetection {
  /** A declared return type matching this returns a promise. */
  returnType?: string;
  /** Syntax node type of a return statement; its first named child is the returned expression. */
  returnNode: string;
  /** Syntax node types of functions (with a `body` field): a return statement belongs to the innermost one. */
  functionNodes: string[];
  /** Expression nodes looked through (parentheses, type assertions). */
  transparentNodes?: string[];
  /** Node type → field holding the callee: `new Promise(` and `fetch(url).then(` are matched as text plus `(`. */
  calleeFields: Record<string, { field: string; prefix?: string }>;
  /** A callee (`new ` + constructor for a constructor call) matching this returns a promise. */
  callee: string;
}

/**
 * A client/producer span around the simple statement holding an external call (Python). Node types are the grammar's;
 * see injection/calls.ts.
 */
export interface CallSpanTemplates {
  /** The header line; placeholders as a function span's plus `attributesArgument`. Opens a block (ends in `:`). */
  before: string;
  uses?: string[];
  /** Recommendation span kinds that get a span around the call (others instrument the function, as before). */
  kinds: SpanKind[];
  /** `, attributes={{{entries}}}`: wraps the rendered `attribute`s joined by `separator`. */
  attributes: string;
  attribute: string;
  separator: string;
  /** A `with` header matching this is a client or producer span: never wrapped again, and not a function's span. */
  detect: string;
  callNode: string;
  /** Statement node types that are wrapped, with what they are called in a refusal. */
  statements: Record<string, string>;
  /** Node types between the call and its statement that make wrapping unsafe, with the reason. */
  refuse: Record<string, string>;
  /** Node types evaluated only in part: the index of the named child that always runs. */
  conditional: Record<string, number>;
  blocks: string[];
  module: string;
  /** What may follow the statement on its last line (a comment). */
  lineRest: string;
  yieldNodes: string[];
  withStatement: string;
  /** Not wrapped inside a generator: a generator's `return` ends its iteration (its value becomes StopIteration's). */
  returnStatement: string;
  functionBoundaries: string[];
}

export interface LanguageTemplates {
  /** How a function body is laid out: Python's indented block, or `{ … }`. */
  body: 'indented-block' | 'braces';
  defaultIndent: string;
  /** Indent units the wrapped body moves right by. */
  wrapLevels: number;
  /** Where the tracer set-up goes: after the imports (`module`) or as the first member of the class (`class`). */
  setupPlacement?: 'module' | 'class';
  /** A constructor body starting like this cannot be wrapped (Java's `super(...)` must come first). */
  constructorPreamble?: string;
  /** Syntax node types whose text is opaque to the editor: strings are never re-indented, neither is scanned. */
  stringNodes: string[];
  commentNodes: string[];
  /** A function body matching this already has a span and is never wrapped again. */
  existingSpan: string;
  /** A handler or branch whose first statement matches this already records on a span. */
  existingRecord: string;
  /** Annotation of the span callback's return type, from the function's declared one (TypeScript keeps it typed). */
  returnAnnotation?: string;
  /** Why constructors are not wrapped, when they cannot be in this language. */
  skipConstructors?: string;
  /** Declared parameter types a span attribute can take (the API's AttributeValue); others are not set. */
  attributeTypes?: string;
  /** Type of the parameter a span's parent context comes from (Go). */
  contextParameterType?: string;
  vars?: Record<string, string>;
  imports: Record<string, ImportSpec>;
  /** The module-level (or class-level) tracer; absent when spans name their tracer inline (Go). */
  setup?: { text: string; detect: string; uses?: string[] };
  function: Snippet;
  asyncFunction?: Snippet;
  /** A function that is not async but returns a promise: the span ends when the promise settles. */
  promiseFunction?: Snippet;
  promiseDetection?: PromiseDetection;
  functionWithoutContext?: Snippet;
  attribute?: string;
  exception?: Snippet;
  exceptionFromContext?: Snippet;
  branch?: Snippet;
  spanKinds?: Partial<Record<SpanKind, string>>;
  spanKindUses?: string[];
  callSpan?: CallSpanTemplates;
}

/** What a user's templates file may set for one language: any template, and per-priority snippets. */
export type TemplateOverrides = Partial<Pick<LanguageTemplates, 'function' | 'asyncFunction' | 'promiseFunction' | 'functionWithoutContext' | 'attribute' | 'exception' | 'exceptionFromContext' | 'branch' | 'setup' | 'vars' | 'imports' | 'existingSpan'>> & {
  priorities?: Partial<Record<Priority, Partial<Pick<LanguageTemplates, 'function' | 'asyncFunction' | 'promiseFunction' | 'exception' | 'branch'>>>>;
};

/** A user's templates file: language id → overrides. */
export type CustomTemplates = Record<string, TemplateOverrides>;

type RawTemplates = Partial<LanguageTemplates> & { extends?: string };
const builtIn: Record<string, RawTemplates> = {
  python: pythonTemplates as RawTemplates,
  javascript: javascriptTemplates as RawTemplates,
  typescript: typescriptTemplates as RawTemplates,
  typescriptreact: tsxTemplates as RawTemplates,
  tsx: tsxTemplates as RawTemplates,
  go: goTemplates as RawTemplates,
  java: javaTemplates as RawTemplates,
};

export const injectableLanguages: readonly string[] = Object.keys(builtIn);

/** The built-in templates of a language, with `extends` resolved; undefined when injection does not cover it. */
export function builtInTemplates(languageId: string): LanguageTemplates | undefined {
  const raw = builtIn[languageId];
  if (!raw) return undefined;
  const { extends: base, ...own } = raw;
  const parent = base ? builtInTemplates(base) : undefined;
  return { ...parent, ...own, vars: { ...parent?.vars, ...own.vars } } as LanguageTemplates;
}

/** The templates for one recommendation's priority: built-in, then the user's language overrides, then theirs per priority. */
export function templatesFor(languageId: string, priority: Priority | undefined, custom: CustomTemplates | undefined): LanguageTemplates | undefined {
  const base = builtInTemplates(languageId);
  if (!base) return undefined;
  const overrides = custom?.[languageId];
  if (!overrides) return base;
  const { priorities, ...general } = overrides;
  const perPriority = priority ? priorities?.[priority] : undefined;
  return {
    ...base,
    ...general,
    ...perPriority,
    vars: { ...base.vars, ...general.vars },
    imports: { ...base.imports, ...general.imports },
  };
}

const snippetKeys = ['function', 'asyncFunction', 'promiseFunction', 'functionWithoutContext', 'exception', 'exceptionFromContext', 'branch'] as const;

/** Checks a parsed templates file; returns the problems found (empty when it is usable). */
export function validateCustomTemplates(value: unknown): string[] {
  const problems: string[] = [];
  if (!value || typeof value !== 'object' || Array.isArray(value)) return ['the templates file must map language ids to templates'];
  for (const [lang, overrides] of Object.entries(value as Record<string, unknown>)) {
    if (!builtIn[lang]) {
      problems.push(`'${lang}': not a language injection supports (${injectableLanguages.join(', ')})`);
      continue;
    }
    if (!overrides || typeof overrides !== 'object') {
      problems.push(`'${lang}': expected an object of templates`);
      continue;
    }
    const o = overrides as Record<string, unknown>;
    const checkSnippet = (where: string, s: unknown) => {
      if (!s || typeof s !== 'object' || typeof (s as Snippet).before !== 'string') problems.push(`${where}: expected { before: string, after?: string, uses?: [...] }`);
    };
    for (const key of snippetKeys) if (key in o) checkSnippet(`${lang}.${key}`, o[key]);
    if ('priorities' in o) {
      for (const [priority, per] of Object.entries((o.priorities ?? {}) as Record<string, unknown>)) {
        if (!(PRIORITIES as readonly string[]).includes(priority)) problems.push(`${lang}.priorities: unknown priority '${priority}'`);
        for (const key of snippetKeys) if (per && typeof per === 'object' && key in per) checkSnippet(`${lang}.priorities.${priority}.${key}`, (per as Record<string, unknown>)[key]);
      }
    }
    for (const key of Object.keys(o)) {
      if (![...snippetKeys, 'priorities', 'attribute', 'setup', 'vars', 'imports', 'existingSpan'].includes(key)) problems.push(`${lang}.${key}: unknown template key`);
    }
  }
  return problems;
}

const quoteFilters: Record<string, (s: string) => string> = {
  /** A double-quoted string literal, valid in Python, JavaScript, Go and Java. */
  str: (s) => JSON.stringify(s),
  /** A single-quoted JavaScript string literal. */
  sq: (s) => `'${JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`,
};

export class TemplateError extends Error {}

/** Fills `{{name}}` and `{{name|filter}}` placeholders; an unknown name or filter is an error naming it. */
export function renderTemplate(template: string, values: Record<string, string>, where: string): string {
  return template.replace(/\{\{\s*(\w+)\s*(?:\|\s*(\w+)\s*)?\}\}/g, (_, name: string, filter?: string) => {
    if (!(name in values)) throw new TemplateError(`${where}: unknown placeholder '${name}' (known: ${Object.keys(values).sort().join(', ')})`);
    if (!filter) return values[name];
    const f = quoteFilters[filter];
    if (!f) throw new TemplateError(`${where}: unknown filter '${filter}' (known: ${Object.keys(quoteFilters).join(', ')})`);
    return f(values[name]);
  });
}

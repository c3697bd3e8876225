// Plain data shared by every layer. Nothing here knows about VS Code, files on disk or tree-sitter objects:
// extraction turns syntax trees into these shapes and everything downstream works on them.

/** 0-based line and UTF-16 column, like VS Code's Position. */
export interface Point {
  line: number;
  column: number;
}

/** A span of source text: 0-based points plus UTF-16 offsets into the file text. */
export interface Span {
  start: Point;
  end: Point;
  startIndex: number;
  endIndex: number;
}

export type FunctionKind = 'function' | 'method' | 'constructor' | 'lambda' | 'module';

export interface Parameter {
  name: string;
  /** Declared type as written, when the language or the author gave one. */
  type?: string;
}

/**
 * A function carried over unchanged from the previous extraction of the same document: the previous definition and
 * how far the edit moved it (characters, lines). Lets the analyzer reuse what it computed for that function.
 */
export interface FunctionShift {
  previous: FunctionDef;
  index: number;
  rows: number;
}

export interface FunctionDef {
  name: string;
  /** Fully qualified per the naming rules in the README (`pkg.mod.Class.method`, `example.com/shop/cart.Service.Add`). */
  qualifiedName: string;
  kind: FunctionKind;
  span: Span;
  nameSpan: Span;
  /** The block that holds the statements; equal to `span` for expression-bodied lambdas. */
  bodySpan: Span;
  parameters: Parameter[];
  isAsync: boolean;
  isGenerator: boolean;
  /** Enclosing class, struct or Go receiver type name. */
  container?: string;
  /** Qualified name of the enclosing function, for nested functions and closures. */
  parent?: string;
  decorators: string[];
  /** Declared return type as written, when present. */
  returnType?: string;
}

/** A call as the call index keeps it: everything call resolution and the call tree read. */
export interface CallGraphCall {
  /** Qualified name of the function that makes the call (the module's name for top-level code). */
  caller: string;
  /** The callee expression as written, e.g. `self.repo.save`, `http.Get`, `new Store`. */
  callee: string;
  /** The last name of the callee (`save`, `Get`, `Store`). */
  name: string;
  /** Everything before the last name (`self.repo`), if any. */
  receiver?: string;
  isConstructor: boolean;
  argumentCount: number;
  /** Where the call starts (the call tree's call site; resolution reads the line). */
  span: { start: Point };
}

export interface CallSite extends CallGraphCall {
  /** Source text of the arguments, shortened, for catalog matching (e.g. an SQL string). Analysis only. */
  argumentsText: string;
  span: Span;
}

export type ImportKind = 'module' | 'named' | 'star' | 'default' | 'namespace' | 'require' | 'reexport' | 'reexport-star';

export interface ImportedName {
  /** Name in the source module (`*` for star imports, `default` for default imports). */
  name: string;
  /** Local name it is bound to. */
  alias: string;
}

export interface ImportDef {
  kind: ImportKind;
  /** Module specifier as written (`..pkg.mod`, `./cart`, `net/http`, `com.shop.Cart`). */
  module: string;
  names: ImportedName[];
  /** Local name of a whole-module binding (`import os.path as p`, `import * as ns`, `const fs = require('fs')`). */
  alias?: string;
  span: Span;
}

export interface FieldDef {
  name: string;
  /** The field's type when visible: an annotation, `new X()`, `X()` in a constructor, a Go struct field type. */
  type?: string;
}

export type ClassKind = 'class' | 'struct' | 'interface' | 'record' | 'enum' | 'trait' | 'object';

export interface ClassDef {
  name: string;
  qualifiedName: string;
  kind: ClassKind;
  bases: string[];
  fields: FieldDef[];
  decorators: string[];
  span: Span;
  nameSpan: Span;
}

/** Constructs where a span, an event or an attribute may belong. */
export type ConstructKind =
  | 'try'
  | 'catch'
  | 'finally'
  | 'error-check'
  | 'defer'
  | 'recover'
  | 'raise'
  | 'branch'
  | 'switch'
  | 'ternary'
  | 'loop'
  | 'return'
  | 'state-assignment'
  | 'global-assignment'
  | 'await';

export interface Construct {
  kind: ConstructKind;
  /** Qualified name of the enclosing function (the module's name at top level). */
  function: string;
  span: Span;
  /** A short detail: the caught exception type, the assigned target, the loop header. */
  detail?: string;
}

/**
 * One binding of a local variable (or module-level name): with a declared type or the callee of the call it is
 * assigned from (`repo = Repo()`, `const s = new Store()`, `s := NewServer()`, `Cart c = new Cart()`), or neither
 * (`x = 3`, `for x in …`: Python and JS record every binding). The call tracer reads these to resolve `repo.save()`;
 * a name bound more than once is decided there.
 */
export interface LocalBinding {
  /** Qualified name of the enclosing function (the module's name at top level). */
  function: string;
  name: string;
  /** Declared type as written (`Repo`, `*cart.Service`). */
  type?: string;
  /** Callee text of the call or construction assigned (`Repo`, `repo.make`, `cart.New`), without `new`/`&`. */
  callee?: string;
  /** 0-based line of the binding. */
  line: number;
  /**
   * JS/TS only. `assignment`: `x = …`, `x += …`, `for (x of …)`, which assigns the variable of an enclosing scope where
   * the function declares no `x`. `declaration`: `let x;`, which declares `x` but holds nothing yet.
   */
  kind?: 'assignment' | 'declaration';
}

export interface Comment {
  text: string;
  span: Span;
}

/**
 * A function as the call index keeps it: no body span or async/generator flags (analysis and injection read them),
 * and of its name only where it starts (the definition's line).
 */
export type CallGraphFunction = Omit<FunctionDef, 'bodySpan' | 'isAsync' | 'isGenerator' | 'nameSpan'> & { nameSpan: { start: Point } };
/** A class as the call index keeps it: its names, kind, bases and fields, not where it is. */
export type CallGraphClass = Omit<ClassDef, 'span' | 'nameSpan'>;
/** An import as the call index keeps it: what it binds, not where it is. */
export type CallGraphImport = Omit<ImportDef, 'span'>;

/**
 * What the call index keeps of a file (`WorkspaceIndex`, the persisted index): the tables call resolution and its
 * queries read. The parts of a FileSyntax only analysis and injection read — constructs, comments, each call's
 * argument text and end, function bodies, where classes and imports are — are left out (about half of an index's
 * memory); the analyzer, injection and AI work from a FileSyntax parsed afresh.
 */
export interface CallGraphSyntax {
  /** Path relative to the workspace root, with `/` separators. */
  path: string;
  languageId: string;
  /** The module's qualified name, the prefix of every name defined in it. */
  moduleName: string;
  /** Java `package`, Go `package` clause. */
  packageName?: string;
  functions: CallGraphFunction[];
  classes: CallGraphClass[];
  calls: CallGraphCall[];
  imports: CallGraphImport[];
  /** Names this module exports (JS/TS `export`, Python `__all__`). Empty means "everything public". */
  exports: string[];
  /**
   * JS/TS: the module-level name `export default` gives (`export default function make`, `export default class Cart`,
   * `export default store`), so a default import resolves to it. Absent when the default is anonymous or missing.
   */
  defaultExport?: string;
  /** Local bindings (see LocalBinding); absent in data written before they were captured. */
  locals?: LocalBinding[];
  lineCount: number;
  /** Number of ERROR and MISSING nodes: 0 for a clean parse. */
  syntaxErrors: number;
}

/** Everything extraction finds in a file: the call graph's tables plus what only the analyzer, injection and AI read. */
export interface FileSyntax extends CallGraphSyntax {
  functions: FunctionDef[];
  classes: ClassDef[];
  calls: CallSite[];
  imports: ImportDef[];
  constructs: Construct[];
  comments: Comment[];
}

/**
 * True when a syntax holds only the call graph's tables: it came from `callGraphSyntax` (a FileSyntax always has
 * `constructs`, which that leaves out).
 */
export function isCallGraphOnly(syntax: CallGraphSyntax): boolean {
  return !('constructs' in syntax);
}

/** A function as the call index keeps it, as one literal (spans too: one compact layout each). */
export function callGraphFunction(f: CallGraphFunction): CallGraphFunction {
  const { span } = f;
  return {
    name: f.name,
    qualifiedName: f.qualifiedName,
    kind: f.kind,
    span: { start: point(span.start), end: point(span.end), startIndex: span.startIndex, endIndex: span.endIndex },
    nameSpan: { start: point(f.nameSpan.start) },
    parameters: f.parameters,
    container: f.container,
    parent: f.parent,
    decorators: f.decorators,
    returnType: f.returnType,
  };
}

const point = (p: Point): Point => ({ line: p.line, column: p.column });

/** A call as the call index keeps it, as one literal (one compact layout, its own start point). */
export function callGraphCall(c: CallGraphCall): CallGraphCall {
  return {
    caller: c.caller,
    callee: c.callee,
    name: c.name,
    receiver: c.receiver,
    isConstructor: c.isConstructor,
    argumentCount: c.argumentCount,
    span: { start: point(c.span.start) },
  };
}

/** The call graph's part of a file's syntax (see CallGraphSyntax); a syntax that is already that is returned as is. */
export function callGraphSyntax(syntax: CallGraphSyntax): CallGraphSyntax {
  if (isCallGraphOnly(syntax)) return syntax;
  // Literals with every key the index reads, so each kind of record has one compact layout (no `delete`).
  const functions = syntax.functions.map(callGraphFunction);
  const classes = syntax.classes.map((c): CallGraphClass => ({ name: c.name, qualifiedName: c.qualifiedName, kind: c.kind, bases: c.bases, fields: c.fields, decorators: c.decorators }));
  const imports = syntax.imports.map((i): CallGraphImport => ({ kind: i.kind, module: i.module, names: i.names, alias: i.alias }));
  const calls = syntax.calls.map(callGraphCall);
  return {
    path: syntax.path,
    languageId: syntax.languageId,
    moduleName: syntax.moduleName,
    packageName: syntax.packageName,
    functions,
    classes,
    calls,
    imports,
    exports: syntax.exports,
    defaultExport: syntax.defaultExport,
    locals: syntax.locals,
    lineCount: syntax.lineCount,
    syntaxErrors: syntax.syntaxErrors,
  };
}

/** A file the engine did not parse, and why: every skip has a reason someone can read. */
export interface SkippedFile {
  path: string;
  reason: string;
}

/** Tracing priorities, the ids users enable and weigh in configuration (see the CLI contract). */
export const PRIORITIES = [
  'function_entry_exit',
  'exception_handling',
  'conditional_branches',
  'external_resource_interactions',
  'message_bus',
  'performance_critical_paths',
  'complex_algorithms',
  'state_changes',
] as const;
export type Priority = (typeof PRIORITIES)[number];

export type SpanKind = 'internal' | 'server' | 'client' | 'producer' | 'consumer';

export type RecommendationSource = 'rules' | 'llm' | 'both';

/** One place where a span, an event or an attribute belongs, and why. Shapes the `analyze --format json` output. */
export interface Recommendation {
  /** Stable across runs for the same code: rule, qualified name and line. */
  id: string;
  /** Rule id, `<language>.<rule>` (e.g. `python.exception-handler`). */
  rule: string;
  priority: Priority;
  function: string;
  qualifiedName: string;
  /** 1-based lines of the construct the recommendation is about. */
  line: number;
  endLine: number;
  span: Span;
  spanKind: SpanKind;
  /** Low-cardinality span name, per OpenTelemetry naming guidance. */
  spanName: string;
  score: number;
  rationale: string;
  /** Attribute keys worth capturing (semantic-convention keys where they exist). */
  capture: string[];
  source: RecommendationSource;
}

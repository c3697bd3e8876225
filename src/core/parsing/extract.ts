// Turns a syntax tree into plain data (FileSyntax) by running the language's one query and reading its captures.
// The capture vocabulary is the contract between the .scm files and this code; it is listed in the README
// ("Query captures"). Nothing here is specific to one language: differences live in the language's data.
import type { Node, Query, QueryCapture, QueryMatch, Tree, TreeCursor } from 'web-tree-sitter';
import type {
  CallSite,
  ClassDef,
  ClassKind,
  Comment,
  Construct,
  ConstructKind,
  FieldDef,
  FileSyntax,
  FunctionDef,
  FunctionKind,
  FunctionShift,
  ImportDef,
  LocalBinding,
  ImportKind,
  Parameter,
  Span,
} from '../model';
import type { LanguageSpec } from '../languages/spec';
import type { LoadedLanguage } from './parser';

const ARGUMENT_TEXT_LIMIT = 200;

export function spanOf(node: Node): Span {
  return spanEnding(node, node.endIndex);
}

/** spanOf when the node's end offset is already known (reading it is a call into WASM). */
function spanEnding(node: Node, endIndex: number): Span {
  const end = node.endPosition;
  return {
    start: { line: node.startPosition.row, column: node.startPosition.column },
    end: { line: end.row, column: end.column },
    startIndex: node.startIndex,
    endIndex,
  };
}

/** A definition (function, lambda or class) while the file is being read; containment links them. */
interface Scope {
  node: Node;
  /** The node's offsets, read once: endIndex is a call into WASM and containment tests read it often. */
  start: number;
  end: number;
  kind: 'function' | 'lambda' | 'class';
  /** The capture suffix: function, method, constructor, class, struct, … */
  subtype: string;
  name?: string;
  captures: QueryCapture[];
  parent?: Scope;
  qualifiedName?: string;
  decorators: string[];
  parameters: Parameter[];
  fields: FieldDef[];
  isGenerator: boolean;
}

// A match's captures are read where they are (a handful per match) rather than grouped into a map per match.
function firstOf(captures: QueryCapture[], name: string): Node | undefined {
  for (const c of captures) if (c.name === name) return c.node;
  return undefined;
}

function allOf(captures: QueryCapture[], name: string): Node[] {
  return captures.filter((c) => c.name === name).map((c) => c.node);
}

/** The primary capture of a match: the one naming what the match is (`definition.function`, `call`, …). */
const PRIMARY = /^(definition\.|import\.|construct\.|call|parameter$|field$|local$|decorator$|export$|export\.default$|comment$|yield$|package$)/;
const primaryNames = new Map<string, boolean>();

function isPrimary(captureName: string): boolean {
  let primary = primaryNames.get(captureName);
  if (primary === undefined) primaryNames.set(captureName, (primary = PRIMARY.test(captureName)));
  return primary;
}

/**
 * Per pattern, the captures its `(#top-level? @x)` predicates require to be top-level nodes of the file. Anchoring the
 * pattern on the root node instead (`(program (export_statement) @x)`) costs far more: tree-sitter holds each match of
 * a root-anchored pattern in progress until the end of the file and revisits all of them at every node.
 */
const topLevelCaptures = new WeakMap<Query, string[][]>();

function topLevelCapturesOf(query: Query): string[][] {
  let perPattern = topLevelCaptures.get(query);
  if (!perPattern) {
    perPattern = query.predicates.map((predicates) => predicates
      .filter((p) => p.operator === 'top-level?')
      .flatMap((p) => p.operands.flatMap((o) => (o.type === 'capture' ? [o.name] : []))));
    topLevelCaptures.set(query, perPattern);
  }
  return perPattern;
}

function mergeCaptures(into: QueryCapture[], from: QueryCapture[]): void {
  for (const c of from) if (!into.some((m) => m.name === c.name && m.node.id === c.node.id)) into.push(c);
}

function stripQuotes(text: string): string {
  return text.replace(/^[`'"]+|[`'"]+$/g, '');
}

/**
 * An inline route handler (`app.get('/users/:id', (req, res) => …)`, captured with `route`, `registration` and
 * `method`) is named after its route, `<GET /users/:id>` (`HTTP` when the registration names no method), and keeps
 * its registration as a decorator, `app.get('/users/:id')`, for the analyzer's catalog.
 */
function routeHandler(captures: QueryCapture[]): { name: string; registration: string } | undefined {
  const route = firstOf(captures, 'route');
  const registration = firstOf(captures, 'registration');
  if (!route || !registration) return undefined;
  const path = stripQuotes(route.text);
  // Go's ServeMux patterns carry their method: `"GET /users/{id}"`.
  const method = firstOf(captures, 'method')?.text.toUpperCase() ?? (/^[A-Z]+ /.test(path) ? '' : 'HTTP');
  return { name: `<${[method, path].filter(Boolean).join(' ')}>`, registration: `${registration.text.replace(/\s+/g, '')}(${route.text})` };
}

const WORD_CHAR = /^[\p{L}\p{N}_$]$/u;
const HAS_SPACE = /\s/;

function typeText(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  // Annotations keep their text but lose a leading `:` and surrounding whitespace.
  return node.text.replace(/^:\s*/, '').trim() || undefined;
}

export interface ExtractOptions {
  /** Path relative to the workspace root, `/`-separated. */
  path: string;
  /** The module's qualified name; for Java the file's package overrides it. */
  moduleName: string;
}

/** What extraction finds inside one top-level node of the file. */
interface Items {
  functions: FunctionDef[];
  classes: ClassDef[];
  calls: CallSite[];
  imports: ImportDef[];
  exports: string[];
  constructs: Construct[];
  locals: LocalBinding[];
  comments: Comment[];
  /** The module-level name `export default` binds (see FileSyntax.defaultExport). */
  defaultExport?: string;
}

/**
 * One top-level node of the file and what was extracted from it. Every capture of the queries lies inside one
 * top-level node, and nothing read from one depends on another (containment decides owners), so after an edit the
 * untouched ones keep their results, moved by the edit's length (see extractIncremental).
 */
export interface Segment {
  /** The top-level node's id. */
  id: number;
  start: number;
  end: number;
  startPosition: { row: number; column: number };
  endPosition: { row: number; column: number };
  items: Items;
  /** Holds the package clause, which names everything in a Java file. */
  hasPackage: boolean;
  /** Holds a decorator that belongs to a definition in another top-level node. */
  linked: boolean;
  /** ERROR and MISSING nodes inside it. */
  syntaxErrors: number;
}

/** A file's extraction, kept by DocumentTrees for the next edit. */
export interface Extraction {
  syntax: FileSyntax;
  segments: Segment[];
  /** After an incremental extraction: each function of a top-level node kept from the previous one. */
  reused?: Map<FunctionDef, FunctionShift>;
}

function emptyItems(): Items {
  return { functions: [], classes: [], calls: [], imports: [], exports: [], constructs: [], locals: [], comments: [] };
}

/** The top-level nodes of a file and their segments (syntax errors still to be counted). */
function segmentsOf(root: Node): { nodes: Node[]; segments: Segment[] } {
  const nodes = root.children.filter((c): c is Node => !!c);
  const segments = nodes.map((c) => ({
    id: c.id,
    start: c.startIndex,
    end: c.endIndex,
    startPosition: c.startPosition,
    endPosition: c.endPosition,
    items: emptyItems(),
    hasPackage: false,
    linked: false,
    syntaxErrors: 0,
  }));
  return { nodes, segments };
}

/** Index of the segment holding `index`, or -1. */
function segmentAt(segments: Segment[], index: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (segments[mid].start <= index) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 && index < segments[found].end ? found : -1;
}

/** Thrown when an edit cannot be extracted piecewise; the caller extracts the whole file. */
class NeedsFullExtraction extends Error {}

export function extract(tree: Tree, loaded: LoadedLanguage, options: ExtractOptions): FileSyntax {
  return extractSegments(tree, loaded, options).syntax;
}

/** Extracts the whole file, keeping the per-segment results an edit can reuse. */
export function extractSegments(tree: Tree, loaded: LoadedLanguage, options: ExtractOptions): Extraction {
  const root = tree.rootNode;
  const { nodes, segments } = segmentsOf(root);
  // One hasError read for an error-free file instead of one per top-level node (each is a call into WASM).
  const hasErrors = root.hasError;
  segments.forEach((seg, i) => (seg.syntaxErrors = hasErrors ? countSyntaxErrors(nodes[i]) : 0));
  const packageName = extractInto(root, loaded, options, segments, undefined, undefined);
  return { syntax: assemble(root, loaded, options, segments, packageName), segments };
}

/** One edit, as tree-sitter's Tree.edit takes it (UTF-16 offsets, rows and columns). */
export interface TextEdit {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: { row: number; column: number };
  oldEndPosition: { row: number; column: number };
  newEndPosition: { row: number; column: number };
}

/**
 * Extraction after one edit, equal to a full extraction of the new tree: top-level nodes the edit did not touch keep
 * their previous results (moved by the edit's length and line count); the query runs over the others only.
 * `changed` is oldTree.getChangedRanges(newTree). Falls back to a full extraction when the file's parts depend on
 * each other (a Java package clause, a decorator before a top-level definition) or the names changed.
 */
export function extractIncremental(
  tree: Tree,
  loaded: LoadedLanguage,
  options: ExtractOptions,
  previous: Extraction,
  edit: TextEdit,
  changed: { startIndex: number; endIndex: number }[],
): Extraction {
  const old = previous.syntax;
  const sameNames = old.path === options.path && (loaded.spec.moduleNaming === 'java' || old.moduleName === options.moduleName);
  if (!sameNames || old.languageId !== loaded.spec.id || previous.segments.some((s) => s.linked)) return extractSegments(tree, loaded, options);
  const root = tree.rootNode;
  const { nodes, segments } = segmentsOf(root);
  const shiftIndex = edit.newEndIndex - edit.oldEndIndex;
  const shiftRows = edit.newEndPosition.row - edit.oldEndPosition.row;
  const oldByStart = new Map(previous.segments.map((s) => [s.start, s]));
  const reused = new Set<Segment>();
  const shifts = new Map<FunctionDef, FunctionShift>();
  const dirty = segments.map((seg) => {
    if (changed.some((r) => r.startIndex <= seg.end && seg.start <= r.endIndex)) return true;
    // Before the edit: unchanged. After it and on a later line: moved by whole lines, columns unchanged.
    const before = seg.end < edit.startIndex;
    const after = seg.start > edit.newEndIndex && seg.startPosition.row > edit.newEndPosition.row;
    if (!before && !after) return true;
    const delta = before ? 0 : shiftIndex;
    const rows = before ? 0 : shiftRows;
    const prev = oldByStart.get(seg.start - delta);
    if (!prev || prev.end !== seg.end - delta || prev.startPosition.row !== seg.startPosition.row - rows || prev.startPosition.column !== seg.startPosition.column) return true;
    seg.items = before ? prev.items : shiftItems(prev.items, delta, rows);
    seg.hasPackage = prev.hasPackage;
    seg.syntaxErrors = prev.syntaxErrors;
    reused.add(prev);
    seg.items.functions.forEach((fn, i) => shifts.set(fn, { previous: prev.items.functions[i], index: delta, rows }));
    return false;
  });
  if (previous.segments.some((s) => s.hasPackage && !reused.has(s))) return extractSegments(tree, loaded, options);
  dirty.forEach((d, i) => d && (segments[i].syntaxErrors = countSyntaxErrors(nodes[i])));
  let packageName: string | undefined;
  try {
    packageName = extractInto(root, loaded, options, segments, dirty, old.packageName);
  } catch (e) {
    if (e instanceof NeedsFullExtraction) return extractSegments(tree, loaded, options);
    throw e;
  }
  return { syntax: assemble(root, loaded, options, segments, packageName), segments, reused: shifts };
}

function shiftSpan(span: Span, index: number, rows: number): Span {
  return {
    start: { line: span.start.line + rows, column: span.start.column },
    end: { line: span.end.line + rows, column: span.end.column },
    startIndex: span.startIndex + index,
    endIndex: span.endIndex + index,
  };
}

/** Copies of a segment's items moved by `index` characters and `rows` lines (lambda names carry their line). */
function shiftItems(items: Items, index: number, rows: number): Items {
  const rename = (name: string) => (rows && name.includes('<lambda:') ? name.replace(/<lambda:(\d+)>/g, (_, line: string) => `<lambda:${Number(line) + rows}>`) : name);
  const span = (s: Span) => shiftSpan(s, index, rows);
  return {
    functions: items.functions.map((f) => ({ ...f, qualifiedName: rename(f.qualifiedName), span: span(f.span), nameSpan: span(f.nameSpan), bodySpan: span(f.bodySpan), parent: f.parent && rename(f.parent) })),
    classes: items.classes.map((c) => ({ ...c, qualifiedName: rename(c.qualifiedName), span: span(c.span), nameSpan: span(c.nameSpan) })),
    calls: items.calls.map((c) => ({ ...c, caller: rename(c.caller), span: span(c.span) })),
    imports: items.imports.map((i) => ({ ...i, span: span(i.span) })),
    exports: items.exports,
    constructs: items.constructs.map((c) => ({ ...c, function: rename(c.function), span: span(c.span) })),
    locals: items.locals.map((l) => ({ ...l, function: rename(l.function), line: l.line + rows })),
    comments: items.comments.map((c) => ({ ...c, span: span(c.span) })),
    ...(items.defaultExport ? { defaultExport: items.defaultExport } : {}),
  };
}

/**
 * Fills the items of `segments` (only those flagged in `dirty`, when given) from the query's matches. Returns the
 * package name found. With `dirty`, the query runs only over the dirty stretches and `knownPackage` names the module.
 */
function extractInto(
  root: Node,
  loaded: LoadedLanguage,
  options: ExtractOptions,
  segments: Segment[],
  dirty: boolean[] | undefined,
  knownPackage: string | undefined,
): string | undefined {
  const { spec, query } = loaded;
  const matches: QueryMatch[] = dirty ? [] : query.matches(root);
  if (dirty) {
    for (let i = 0; i < segments.length; i++) {
      if (!dirty[i]) continue;
      let j = i;
      while (j + 1 < segments.length && dirty[j + 1]) j++;
      for (const m of query.matches(root, { startPosition: segments[i].startPosition, endPosition: segments[j].endPosition })) {
        // A range query also returns matches touching its ends; each match is taken by the stretch holding it.
        const primaryCapture = m.captures.find((c) => isPrimary(c.name));
        const at = primaryCapture ? segmentAt(segments, primaryCapture.node.startIndex) : -1;
        if (at >= i && at <= j) matches.push(m);
      }
      i = j;
    }
  }

  const topLevelOnly = topLevelCapturesOf(query);
  const isTopLevel = (n: Node) => segments[segmentAt(segments, n.startIndex)]?.id === n.id;
  const scopes = new Map<number, Scope>();
  const pending: { primary: string; node: Node; end: number; captures: QueryCapture[]; segment: number }[] = [];
  let packageName: string | undefined = knownPackage;

  for (const m of matches) {
    const primaryCapture = m.captures.find((c) => isPrimary(c.name));
    if (!primaryCapture) continue;
    const topLevel = topLevelOnly[m.patternIndex];
    if (topLevel.length && !m.captures.every((c) => !topLevel.includes(c.name) || isTopLevel(c.node))) continue;
    const captures = m.captures;
    const primary = primaryCapture.name;
    const node = primaryCapture.node;
    const end = node.endIndex;
    const segment = segmentAt(segments, node.startIndex);
    // Incremental extraction reuses a top-level node's items only if all of them came from inside that node.
    if (segment < 0 || end > segments[segment].end) throw new Error(`the query's '${primary}' capture is not inside one top-level node of ${options.path}`);
    if (primary.startsWith('definition.')) {
      const subtype = primary.slice('definition.'.length);
      const kind = subtype === 'lambda' ? 'lambda' : ['function', 'method', 'constructor'].includes(subtype) ? 'function' : 'class';
      const handler = routeHandler(captures);
      const name = firstOf(captures, 'name')?.text ?? handler?.name;
      const existing = scopes.get(node.id);
      if (existing && (existing.name || !name)) {
        // One match per repeated capture (each base class): merge them. A named pattern beats an anonymous one.
        if (existing.name === name) mergeCaptures(existing.captures, captures);
        continue;
      }
      scopes.set(node.id, { node, start: node.startIndex, end, kind: name || kind !== 'lambda' ? kind : 'lambda', subtype, name, captures, decorators: handler ? [handler.registration] : [], parameters: [], fields: [], isGenerator: false });
    } else if (primary === 'package') {
      if (dirty) throw new NeedsFullExtraction();
      packageName = firstOf(captures, 'name')?.text ?? node.text;
      segments[segment].hasPackage = true;
    } else {
      pending.push({ primary, node, end, captures, segment });
    }
  }

  // Order scopes by position and link each to its innermost enclosing scope with one stack sweep.
  const ordered = [...scopes.values()].sort((a, b) => a.start - b.start || b.end - a.end);
  const stack: Scope[] = [];
  for (const s of ordered) {
    while (stack.length && stack[stack.length - 1].end < s.end) stack.pop();
    s.parent = stack[stack.length - 1];
    stack.push(s);
  }

  const moduleName = moduleNameOf(spec, options, packageName);
  const qualify = (s: Scope): string => {
    if (s.qualifiedName !== undefined) return s.qualifiedName;
    const receiver = firstOf(s.captures, 'receiver');
    let prefix: string;
    if (receiver) {
      prefix = joinName(moduleName, receiverType(receiver.text));
    } else {
      let p = s.parent;
      while (p && !p.name) p = p.parent;
      prefix = p ? qualify(p) : moduleName;
    }
    s.qualifiedName = joinName(prefix, s.name ?? `<lambda:${s.node.startPosition.row + 1}>`);
    return s.qualifiedName;
  };

  /**
   * Innermost scope containing the node and accepted by the filter: binary search for the last scope starting at or
   * before it, then up that scope's parents (scopes nest, so the container is that scope or one of its parents).
   * Walking the node's own ancestors instead costs O(depth) per capture, too slow on 5,000-deep nesting.
   */
  const scopeOf = (node: Node, accept: (s: Scope) => boolean = () => true, end = node.endIndex): Scope | undefined => {
    const start = node.startIndex;
    let lo = 0;
    let hi = ordered.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ordered[mid].start <= start) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (let s: Scope | undefined = ordered[found]; s; s = s.parent) {
      const contains = s.node.id !== node.id && s.start <= start && end <= s.end;
      if (contains && accept(s)) return s;
    }
    return undefined;
  };
  const namedFunctionOf = (node: Node, end?: number) => scopeOf(node, (s) => s.kind === 'function' && !!s.name, end);
  const ownerName = (node: Node, end: number) => {
    const s = namedFunctionOf(node, end);
    return s ? qualify(s) : moduleName;
  };
  // Node text from the file's text and a known end offset (Node.text reads the end from WASM).
  const source = root.text;
  const textOf = (node: Node, end: number) => source.slice(node.startIndex - root.startIndex, end - root.startIndex);

  const importsByNode = new Map<string, ImportDef>();
  // A statement that several locals.scm patterns match (`x = Repo()` is also an untyped assignment) is one binding,
  // the one that knows most.
  const localsByNode = new Map<string, LocalBinding>();

  // Argument lists are counted without their comments. Reading a list's children costs a WASM call per child, so it
  // is done only for lists that contain a captured comment (every language's query captures its comment nodes).
  const commentStarts = pending.filter((p) => p.primary === 'comment').map((p) => p.node.startIndex).sort((a, b) => a - b);
  const capturesComments = query.captureNames.includes('comment');
  const argumentCount = (args: Node, end: number): number => {
    const start = args.startIndex;
    let lo = 0;
    let hi = commentStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (commentStarts[mid] < start) lo = mid + 1;
      else hi = mid;
    }
    const hasComment = !capturesComments || (lo < commentStarts.length && commentStarts[lo] < end);
    return hasComment ? args.namedChildren.filter((c) => c && c.type !== 'comment').length : args.namedChildCount;
  };

  for (const { primary, node, end, captures, segment } of pending) {
    const { calls, imports, exports, constructs, comments, locals } = segments[segment].items;
    if (primary === 'call' || primary === 'call.new') {
      const callee = firstOf(captures, 'callee');
      if (!callee) continue;
      const args = firstOf(captures, 'arguments');
      // Grammars without a node for `receiver.method` (Ruby, PHP) capture the two apart: read the text between them.
      const recv = firstOf(captures, 'receiver');
      const calleeText = recv && recv.startIndex < callee.startIndex
        ? textOf(recv, callee.endIndex)
        : callee.text;
      // Whitespace goes, except between two words (`new X().m` keeps its `new `). Most callees have none.
      const text = !HAS_SPACE.test(calleeText) ? calleeText : calleeText.replace(/\s+/g, (ws: string, at: number) => (WORD_CHAR.test(calleeText.charAt(at - 1)) && WORD_CHAR.test(calleeText.charAt(at + ws.length)) ? ' ' : ''));
      const { receiver, name } = splitMember(text, spec.memberSeparators);
      const argsEnd = args ? args.endIndex : 0;
      calls.push({
        caller: ownerName(node, end),
        callee: primary === 'call.new' ? `new ${text}` : text,
        name,
        receiver,
        isConstructor: primary === 'call.new',
        argumentCount: args ? argumentCount(args, argsEnd) : 0,
        argumentsText: args ? textOf(args, Math.min(argsEnd, args.startIndex + ARGUMENT_TEXT_LIMIT)) : '',
        span: spanEnding(node, end),
      });
      // `panic(…)` in Go is also a construct (language.json's callConstructs): the callee must be the call's own name.
      const constructKind = primary === 'call' && spec.callConstructs && Object.hasOwn(spec.callConstructs, text) ? spec.callConstructs[text] : undefined;
      if (constructKind && callee.parent?.id === node.id) {
        constructs.push({ kind: constructKind as ConstructKind, function: ownerName(node, end), span: spanEnding(node, end), detail: undefined });
      }
    } else if (primary.startsWith('import.')) {
      const kind = primary.slice('import.'.length) as ImportKind;
      const moduleNode = firstOf(captures, 'module');
      const module = moduleNode ? stripQuotes(moduleNode.text) : '';
      // `import a, b` binds two modules in one statement; `from m import a, b` is one import of two names.
      const key = kind === 'module' || kind === 'require' ? `${node.id}:${module}` : String(node.id);
      let def = importsByNode.get(key);
      if (!def) {
        def = { kind, module, names: [], span: spanEnding(node, end) };
        importsByNode.set(key, def);
        imports.push(def);
      }
      const name = firstOf(captures, 'name')?.text;
      const alias = firstOf(captures, 'alias')?.text;
      if (kind === 'star' || kind === 'reexport-star') {
        if (!def.names.length) def.names.push({ name: '*', alias: alias ?? '*' });
      } else if (kind === 'default') {
        def.names.push({ name: 'default', alias: alias ?? name ?? 'default' });
      } else if (name) {
        def.names.push({ name, alias: alias ?? name });
      } else if (alias) {
        def.alias = alias;
      }
    } else if (primary === 'export') {
      for (const n of allOf(captures, 'name')) exports.push(stripQuotes(n.text));
    } else if (primary === 'export.default') {
      const name = firstOf(captures, 'name')?.text;
      if (name) segments[segment].items.defaultExport = name;
    } else if (primary.startsWith('construct.')) {
      // A `receiver` sub-capture keeps the construct only when it names "this object": a self name of the language
      // or the receiver the enclosing method declares (Go names it per method: `func (s *Service) …`).
      const self = firstOf(captures, 'receiver');
      if (self && !spec.selfNames.includes(self.text) && self.text !== receiverName(namedFunctionOf(node, end))) continue;
      const detail = firstOf(captures, 'detail');
      constructs.push({
        kind: primary.slice('construct.'.length) as ConstructKind,
        function: ownerName(node, end),
        span: spanEnding(node, end),
        detail: detail ? detail.text.replace(/\s+/g, ' ').slice(0, 120) : undefined,
      });
    } else if (primary === 'comment') {
      comments.push({ text: textOf(node, end), span: spanEnding(node, end) });
    } else if (primary === 'decorator') {
      const { scope: target, sibling } = decoratedScope(node, scopes);
      // A decorator whose definition follows it at the top level ties two top-level nodes together.
      if (sibling) {
        if (dirty) throw new NeedsFullExtraction();
        segments[segment].linked = true;
      }
      if (target) target.decorators.push(textOf(node, end).replace(/^@/, '').replace(/\s+/g, ' '));
    } else if (primary === 'parameter') {
      // Parameters belong to the innermost function, named or not, so a callback's parameters stay its own.
      const owner = scopeOf(node, (s) => s.kind !== 'class', end);
      const name = firstOf(captures, 'name')?.text;
      if (owner && name && !owner.parameters.some((p) => p.name === name)) {
        owner.parameters.push({ name, type: typeText(firstOf(captures, 'type')) });
      }
    } else if (primary === 'field') {
      const owner = scopeOf(node, (s) => s.kind === 'class', end);
      const name = firstOf(captures, 'name')?.text;
      if (owner && name) {
        // `self.repo = repo` takes the type the enclosing function's parameter `repo` declares.
        const value = firstOf(captures, 'value')?.text;
        const type = typeText(firstOf(captures, 'type')) ?? (value ? scopeOf(node, (s) => s.kind !== 'class', end)?.parameters.find((p) => p.name === value)?.type : undefined);
        const existing = owner.fields.find((f) => f.name === name);
        if (!existing) owner.fields.push({ name, type });
        else existing.type ??= type;
      }
    } else if (primary === 'local') {
      const name = firstOf(captures, 'name')?.text;
      const callee = firstOf(captures, 'value')?.text.replace(/\s+/g, '');
      if (!name) continue;
      const binding: LocalBinding = { function: ownerName(node, end), name, type: typeText(firstOf(captures, 'type')), callee, line: node.startPosition.row };
      if (firstOf(captures, 'assignment')) binding.kind = 'assignment';
      else if (firstOf(captures, 'declaration')) binding.kind = 'declaration';
      const key = `${node.id}:${name}`;
      const seen = localsByNode.get(key);
      if (!seen) {
        localsByNode.set(key, binding);
        locals.push(binding);
      } else {
        seen.type ??= binding.type;
        seen.callee ??= binding.callee;
        seen.kind ??= binding.kind;
      }
    } else if (primary === 'yield') {
      const owner = scopeOf(node, (s) => s.kind !== 'class', end);
      if (owner) owner.isGenerator = true;
    }
  }

  for (const s of ordered) {
    if (!s.name) continue;
    const nameNode = firstOf(s.captures, 'name');
    const { functions, classes } = segments[segmentAt(segments, s.start)].items;
    if (s.kind === 'class') {
      classes.push({
        name: s.name,
        qualifiedName: qualify(s),
        kind: classKind(s.subtype),
        bases: allOf(s.captures, 'base').map((b) => b.text),
        fields: s.fields,
        decorators: s.decorators,
        span: spanEnding(s.node, s.end),
        nameSpan: spanOf(nameNode!),
      });
      continue;
    }
    const enclosingClass = s.parent?.kind === 'class' ? s.parent : undefined;
    const receiver = firstOf(s.captures, 'receiver');
    const container = receiver ? receiverType(receiver.text) : enclosingClass?.name;
    let kind: FunctionKind = 'function';
    if (s.subtype === 'constructor' || (container && spec.constructorNames.includes(s.name))) kind = 'constructor';
    else if (s.subtype === 'method' || container) kind = 'method';
    let parentFunction = s.parent;
    while (parentFunction && (parentFunction.kind !== 'function' || !parentFunction.name)) parentFunction = parentFunction.parent;
    const body = firstOf(s.captures, 'body') ?? s.node;
    // Markers (`async`, `*`) are tokens before the body; only a head holding their text needs its children read.
    const head = textOf(s.node, body === s.node ? s.end : body.startIndex);
    functions.push({
      name: s.name,
      qualifiedName: qualify(s),
      kind,
      span: spanEnding(s.node, s.end),
      // An inline route handler has no name node: the function's first token (`async`, `function`, `func`) stands in.
      nameSpan: spanOf(nameNode ?? s.node.firstChild ?? s.node),
      bodySpan: spanOf(body),
      parameters: s.parameters,
      isAsync: hasMarker(s.node, head, spec.asyncMarkers),
      isGenerator: s.isGenerator || hasMarker(s.node, head, spec.generatorMarkers),
      container,
      parent: parentFunction ? qualify(parentFunction) : undefined,
      decorators: s.decorators,
      returnType: typeText(firstOf(s.captures, 'return_type')),
    });
  }
  return packageName;
}

function moduleNameOf(spec: LanguageSpec, options: ExtractOptions, packageName: string | undefined): string {
  return spec.moduleNaming === 'java' ? (packageName ?? '') : options.moduleName;
}

/** The FileSyntax of a file from its segments' items, in segment order. */
function assemble(root: Node, loaded: LoadedLanguage, options: ExtractOptions, segments: Segment[], packageName: string | undefined): FileSyntax {
  const { spec } = loaded;
  const moduleName = moduleNameOf(spec, options, packageName);
  const fileSpan = spanOf(root);
  const functions: FunctionDef[] = [{
    name: moduleName.split(/[./]/).pop() || moduleName,
    qualifiedName: moduleName,
    kind: 'module',
    span: fileSpan,
    nameSpan: { ...fileSpan, end: fileSpan.start, endIndex: 0 },
    bodySpan: fileSpan,
    parameters: [],
    isAsync: false,
    isGenerator: false,
    decorators: [],
  }];
  const all = emptyItems();
  for (const { items } of segments) {
    functions.push(...items.functions);
    all.classes.push(...items.classes);
    all.calls.push(...items.calls);
    all.imports.push(...items.imports);
    all.exports.push(...items.exports);
    all.constructs.push(...items.constructs);
    all.locals.push(...items.locals);
    all.comments.push(...items.comments);
    all.defaultExport ??= items.defaultExport;
  }
  return {
    path: options.path,
    languageId: spec.id,
    moduleName,
    packageName,
    functions,
    classes: all.classes,
    calls: all.calls,
    imports: all.imports,
    exports: all.exports,
    constructs: all.constructs,
    locals: all.locals,
    comments: all.comments,
    ...(all.defaultExport ? { defaultExport: all.defaultExport } : {}),
    lineCount: root.endPosition.row + 1,
    // Counted per top-level node, so an edit recounts only the nodes it touched.
    syntaxErrors: (root.isError || root.isMissing ? 1 : 0) + segments.reduce((n, s) => n + s.syntaxErrors, 0),
  };
}

function joinName(prefix: string, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}

/** `(s *Server)` / `s *Server[T]` / `(m *Map[K, V])` / `Server` → `Server` (`Map`). */
function receiverType(text: string): string {
  // Type arguments go first: `(m *Map[K, V])` has a space inside them.
  const inner = text.replace(/^\(|\)$/g, '').replace(/\[.*\]/s, '').trim();
  const type = inner.split(/\s+/).pop() ?? inner;
  return type.replace(/^\*/, '');
}

/** The name a method gives its receiver: `(s *Server)` → `s`; none for `(Server)`. */
function receiverName(scope: Scope | undefined): string | undefined {
  const receiver = scope && firstOf(scope.captures, 'receiver');
  const parts = receiver?.text.replace(/^\(|\)$/g, '').replace(/\[.*\]/s, '').trim().split(/\s+/);
  return parts && parts.length > 1 ? parts[0] : undefined;
}

export function splitMember(text: string, separators: string[]): { receiver?: string; name: string } {
  let cut = -1;
  let sepLength = 0;
  for (const sep of separators) {
    const i = text.lastIndexOf(sep);
    // The separator ending last wins; of overlapping ones (`.` inside `?.`), the longer.
    if (i >= 0 && (i + sep.length > cut + sepLength || (i + sep.length === cut + sepLength && sep.length > sepLength))) {
      cut = i;
      sepLength = sep.length;
    }
  }
  // A call on a call result (`a().b`) keeps the whole chain as receiver text.
  if (cut <= 0) return { name: text };
  return { receiver: text.slice(0, cut), name: text.slice(cut + sepLength) };
}

function hasMarker(node: Node, head: string, markers: string[]): boolean {
  if (!markers.some((m) => head.includes(m))) return false;
  for (const child of node.children) {
    if (!child) continue;
    if (markers.includes(child.type)) return true;
    // Some grammars wrap modifiers in a node (`modifiers`, `function_modifiers`, C#'s one `modifier` per keyword),
    // or in two (Kotlin: `modifiers` > `function_modifier` > `suspend`).
    if (/modifiers?$/.test(child.type) && inModifiers(child, markers, 2)) return true;
  }
  return false;
}

function inModifiers(node: Node, markers: string[], depth: number): boolean {
  return node.children.some((c) => c && (markers.includes(c.type) || (depth > 1 && /modifiers?$/.test(c.type) && inModifiers(c, markers, depth - 1))));
}

/**
 * The definition a decorator or annotation belongs to: the one containing it, or its decorated sibling. `sibling`
 * tells that the search reached the file's top level, where the sibling is another top-level node.
 */
function decoratedScope(decorator: Node, scopes: Map<number, Scope>): { scope?: Scope; sibling: boolean } {
  let n: Node | null = decorator.parent;
  for (let depth = 0; n && depth < 3; depth++, n = n.parent) {
    const own = scopes.get(n.id);
    if (own) return { scope: own, sibling: false };
    const topLevel = !n.parent;
    for (const child of n.namedChildren) {
      if (child && child.startIndex > decorator.startIndex) {
        const s = scopes.get(child.id);
        if (s) return { scope: s, sibling: topLevel };
      }
    }
    if (topLevel) return { sibling: true };
  }
  return { sibling: false };
}

function classKind(subtype: string): ClassKind {
  const kinds: ClassKind[] = ['class', 'struct', 'interface', 'record', 'enum', 'trait', 'object'];
  return (kinds as string[]).includes(subtype) ? (subtype as ClassKind) : 'class';
}

/**
 * Visits every node in document order without recursion (5,000-deep nesting must not overflow the stack). `enter`
 * sees the cursor on a node and returns whether to descend into its children.
 */
export function walkTree(root: Node, enter: (cursor: TreeCursor) => boolean): void {
  const cursor = root.walk();
  try {
    let descend = true;
    for (;;) {
      if (descend && enter(cursor) && cursor.gotoFirstChild()) continue;
      if (cursor.gotoNextSibling()) {
        descend = true;
        continue;
      }
      if (!cursor.gotoParent()) break;
      descend = false;
    }
  } finally {
    cursor.delete();
  }
}

/** Counts ERROR and MISSING nodes, descending only where an error lies below. */
export function countSyntaxErrors(root: Node): number {
  if (!root.hasError) return 0;
  let count = 0;
  walkTree(root, (cursor) => {
    const node = cursor.currentNode;
    if (node.isError || node.isMissing) count++;
    return node.hasError;
  });
  return count;
}

// Turns a syntax tree into plain data (FileSyntax) by running the language's one query and reading its captures.
// The capture vocabulary is the contract between the .scm files and this code; it is listed in the README
// ("Query captures"). Nothing here is specific to one language: differences live in the language's data.
import type { Node, QueryCapture, Tree } from 'web-tree-sitter';
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
  ImportDef,
  LocalBinding,
  ImportKind,
  Parameter,
  Span,
} from '../model';
import type { LoadedLanguage } from './parser';

const ARGUMENT_TEXT_LIMIT = 200;

export function spanOf(node: Node): Span {
  return {
    start: { line: node.startPosition.row, column: node.startPosition.column },
    end: { line: node.endPosition.row, column: node.endPosition.column },
    startIndex: node.startIndex,
    endIndex: node.endIndex,
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
  captures: Map<string, Node[]>;
  parent?: Scope;
  qualifiedName?: string;
  decorators: string[];
  parameters: Parameter[];
  fields: FieldDef[];
  isGenerator: boolean;
}

function firstOf(captures: Map<string, Node[]>, name: string): Node | undefined {
  return captures.get(name)?.[0];
}

function groupCaptures(captures: QueryCapture[]): Map<string, Node[]> {
  const map = new Map<string, Node[]>();
  for (const c of captures) {
    const list = map.get(c.name);
    if (list) list.push(c.node);
    else map.set(c.name, [c.node]);
  }
  return map;
}

/** The primary capture of a match: the one naming what the match is (`definition.function`, `call`, …). */
const PRIMARY = /^(definition\.|import\.|construct\.|call|parameter$|field$|local$|decorator$|export$|comment$|yield$|package$)/;
const primaryNames = new Map<string, boolean>();

function isPrimary(captureName: string): boolean {
  let primary = primaryNames.get(captureName);
  if (primary === undefined) primaryNames.set(captureName, (primary = PRIMARY.test(captureName)));
  return primary;
}

function mergeCaptures(into: Map<string, Node[]>, from: Map<string, Node[]>): void {
  for (const [name, nodes] of from) {
    const list = into.get(name) ?? [];
    for (const n of nodes) if (!list.some((m) => m.id === n.id)) list.push(n);
    into.set(name, list);
  }
}

function stripQuotes(text: string): string {
  return text.replace(/^[`'"]+|[`'"]+$/g, '');
}

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

export function extract(tree: Tree, loaded: LoadedLanguage, options: ExtractOptions): FileSyntax {
  const { spec, query } = loaded;
  const root = tree.rootNode;
  const matches = query.matches(root);

  const scopes = new Map<number, Scope>();
  const pending: { primary: string; node: Node; captures: Map<string, Node[]> }[] = [];
  let packageName: string | undefined;

  for (const m of matches) {
    const primaryCapture = m.captures.find((c) => isPrimary(c.name));
    if (!primaryCapture) continue;
    const captures = groupCaptures(m.captures);
    const primary = primaryCapture.name;
    const node = primaryCapture.node;
    if (primary.startsWith('definition.')) {
      const subtype = primary.slice('definition.'.length);
      const kind = subtype === 'lambda' ? 'lambda' : ['function', 'method', 'constructor'].includes(subtype) ? 'function' : 'class';
      const name = firstOf(captures, 'name')?.text;
      const existing = scopes.get(node.id);
      if (existing && (existing.name || !name)) {
        // One match per repeated capture (each base class): merge them. A named pattern beats an anonymous one.
        if (existing.name === name) mergeCaptures(existing.captures, captures);
        continue;
      }
      scopes.set(node.id, { node, start: node.startIndex, end: node.endIndex, kind: name || kind !== 'lambda' ? kind : 'lambda', subtype, name, captures, decorators: [], parameters: [], fields: [], isGenerator: false });
    } else if (primary === 'package') {
      packageName = firstOf(captures, 'name')?.text ?? node.text;
    } else {
      pending.push({ primary, node, captures });
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

  const moduleName = spec.moduleNaming === 'java' ? (packageName ?? '') : options.moduleName;
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
  const scopeOf = (node: Node, accept: (s: Scope) => boolean = () => true): Scope | undefined => {
    const start = node.startIndex;
    const end = node.endIndex;
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
  const namedFunctionOf = (node: Node) => scopeOf(node, (s) => s.kind === 'function' && !!s.name);
  const ownerName = (node: Node) => {
    const s = namedFunctionOf(node);
    return s ? qualify(s) : moduleName;
  };

  const calls: CallSite[] = [];
  const imports: ImportDef[] = [];
  const importsByNode = new Map<string, ImportDef>();
  const exports: string[] = [];
  const constructs: Construct[] = [];
  const comments: Comment[] = [];
  const locals: LocalBinding[] = [];

  // Argument lists are counted without their comments. Reading a list's children costs a WASM call per child, so it
  // is done only for lists that contain a captured comment (every language's query captures its comment nodes).
  const commentStarts = pending.filter((p) => p.primary === 'comment').map((p) => p.node.startIndex).sort((a, b) => a - b);
  const capturesComments = query.captureNames.includes('comment');
  const argumentCount = (args: Node): number => {
    const start = args.startIndex;
    let lo = 0;
    let hi = commentStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (commentStarts[mid] < start) lo = mid + 1;
      else hi = mid;
    }
    const hasComment = !capturesComments || (lo < commentStarts.length && commentStarts[lo] < args.endIndex);
    return hasComment ? args.namedChildren.filter((c) => c && c.type !== 'comment').length : args.namedChildCount;
  };

  for (const { primary, node, captures } of pending) {
    if (primary === 'call' || primary === 'call.new') {
      const callee = firstOf(captures, 'callee');
      if (!callee) continue;
      const args = firstOf(captures, 'arguments');
      // Grammars without a node for `receiver.method` (Ruby, PHP) capture the two apart: read the text between them.
      const recv = firstOf(captures, 'receiver');
      const calleeText = recv && recv.startIndex < callee.startIndex
        ? node.text.slice(recv.startIndex - node.startIndex, callee.endIndex - node.startIndex)
        : callee.text;
      const text = calleeText.replace(/\s+/g, '');
      const { receiver, name } = splitMember(text, spec.memberSeparators);
      calls.push({
        caller: ownerName(node),
        callee: primary === 'call.new' ? `new ${text}` : text,
        name,
        receiver,
        isConstructor: primary === 'call.new',
        argumentCount: args ? argumentCount(args) : 0,
        argumentsText: args ? args.text.slice(0, ARGUMENT_TEXT_LIMIT) : '',
        span: spanOf(node),
      });
    } else if (primary.startsWith('import.')) {
      const kind = primary.slice('import.'.length) as ImportKind;
      const moduleNode = firstOf(captures, 'module');
      const module = moduleNode ? stripQuotes(moduleNode.text) : '';
      // `import a, b` binds two modules in one statement; `from m import a, b` is one import of two names.
      const key = kind === 'module' || kind === 'require' ? `${node.id}:${module}` : String(node.id);
      let def = importsByNode.get(key);
      if (!def) {
        def = { kind, module, names: [], span: spanOf(node) };
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
      for (const n of captures.get('name') ?? []) exports.push(stripQuotes(n.text));
    } else if (primary.startsWith('construct.')) {
      // A `receiver` sub-capture keeps the construct only when it names "this object": a self name of the language
      // or the receiver the enclosing method declares (Go names it per method: `func (s *Service) …`).
      const self = firstOf(captures, 'receiver');
      if (self && !spec.selfNames.includes(self.text) && self.text !== receiverName(namedFunctionOf(node))) continue;
      const detail = firstOf(captures, 'detail');
      constructs.push({
        kind: primary.slice('construct.'.length) as ConstructKind,
        function: ownerName(node),
        span: spanOf(node),
        detail: detail ? detail.text.replace(/\s+/g, ' ').slice(0, 120) : undefined,
      });
    } else if (primary === 'comment') {
      comments.push({ text: node.text, span: spanOf(node) });
    } else if (primary === 'decorator') {
      const target = decoratedScope(node, scopes);
      if (target) target.decorators.push(node.text.replace(/^@/, '').replace(/\s+/g, ' '));
    } else if (primary === 'parameter') {
      // Parameters belong to the innermost function, named or not, so a callback's parameters stay its own.
      const owner = scopeOf(node, (s) => s.kind !== 'class');
      const name = firstOf(captures, 'name')?.text;
      if (owner && name && !owner.parameters.some((p) => p.name === name)) {
        owner.parameters.push({ name, type: typeText(firstOf(captures, 'type')) });
      }
    } else if (primary === 'field') {
      const owner = scopeOf(node, (s) => s.kind === 'class');
      const name = firstOf(captures, 'name')?.text;
      if (owner && name) {
        const type = typeText(firstOf(captures, 'type'));
        const existing = owner.fields.find((f) => f.name === name);
        if (!existing) owner.fields.push({ name, type });
        else existing.type ??= type;
      }
    } else if (primary === 'local') {
      const name = firstOf(captures, 'name')?.text;
      const callee = firstOf(captures, 'value')?.text.replace(/\s+/g, '');
      if (name) locals.push({ function: ownerName(node), name, type: typeText(firstOf(captures, 'type')), callee, line: node.startPosition.row });
    } else if (primary === 'yield') {
      const owner = scopeOf(node, (s) => s.kind !== 'class');
      if (owner) owner.isGenerator = true;
    }
  }

  const functions: FunctionDef[] = [];
  const classes: ClassDef[] = [];
  const fileSpan = spanOf(root);
  functions.push({
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
  });
  for (const s of ordered) {
    if (!s.name) continue;
    const nameNode = firstOf(s.captures, 'name')!;
    if (s.kind === 'class') {
      classes.push({
        name: s.name,
        qualifiedName: qualify(s),
        kind: classKind(s.subtype),
        bases: (s.captures.get('base') ?? []).map((b) => b.text),
        fields: s.fields,
        decorators: s.decorators,
        span: spanOf(s.node),
        nameSpan: spanOf(nameNode),
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
    functions.push({
      name: s.name,
      qualifiedName: qualify(s),
      kind,
      span: spanOf(s.node),
      nameSpan: spanOf(nameNode),
      bodySpan: spanOf(body),
      parameters: s.parameters,
      isAsync: hasMarker(s.node, spec.asyncMarkers),
      isGenerator: s.isGenerator || hasMarker(s.node, spec.generatorMarkers),
      container,
      parent: parentFunction ? qualify(parentFunction) : undefined,
      decorators: s.decorators,
      returnType: typeText(firstOf(s.captures, 'return_type')),
    });
  }

  return {
    path: options.path,
    languageId: spec.id,
    moduleName,
    packageName,
    functions,
    classes,
    calls,
    imports,
    exports,
    constructs,
    locals,
    comments,
    lineCount: root.endPosition.row + 1,
    syntaxErrors: countSyntaxErrors(root),
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

function hasMarker(node: Node, markers: string[]): boolean {
  if (!markers.length) return false;
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

/** The definition a decorator or annotation belongs to: the one containing it, or its decorated sibling. */
function decoratedScope(decorator: Node, scopes: Map<number, Scope>): Scope | undefined {
  let n: Node | null = decorator.parent;
  for (let depth = 0; n && depth < 3; depth++, n = n.parent) {
    const own = scopes.get(n.id);
    if (own) return own;
    for (const child of n.namedChildren) {
      if (child && child.startIndex > decorator.startIndex) {
        const s = scopes.get(child.id);
        if (s) return s;
      }
    }
  }
  return undefined;
}

function classKind(subtype: string): ClassKind {
  const kinds: ClassKind[] = ['class', 'struct', 'interface', 'record', 'enum', 'trait', 'object'];
  return (kinds as string[]).includes(subtype) ? (subtype as ClassKind) : 'class';
}

/** Counts ERROR and MISSING nodes without recursion (5,000-deep nesting must not overflow the stack). */
export function countSyntaxErrors(root: Node): number {
  if (!root.hasError) return 0;
  let count = 0;
  const cursor = root.walk();
  try {
    let descend = true;
    for (;;) {
      const node = cursor.currentNode;
      if (descend) {
        if (node.isError || node.isMissing) count++;
        if (node.hasError && cursor.gotoFirstChild()) continue;
      }
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
  return count;
}

// Call trees from the index: outgoing (what a function calls) and incoming (who calls it), depth-limited with
// expansion on demand, cycles cut where a function reappears on its own path; plus the whole-project call graph
// and the text, Mermaid and DOT renderings.
import type { CallGraphCall } from '../model';
import type { CallTarget, CallTreeKind, CallTreeNode, DefinitionInfo } from './types';
import type { WorkspaceIndex } from './workspace-index';

export interface CallTreeOptions {
  /** Levels below the root computed now; deeper nodes are `truncated` (default 8). */
  depth?: number;
  hideExternal?: boolean;
  hideUnresolved?: boolean;
}

/** The qualified names from the root to a node (itself included), kept aside so nodes stay plain data. */
const paths = new WeakMap<CallTreeNode, string[]>();
const treeOptions = new WeakMap<CallTreeNode, CallTreeOptions>();

function kindOf(def: DefinitionInfo): CallTreeKind {
  return def.kind === 'method' || def.kind === 'constructor' ? 'method' : 'function';
}

function definitionNode(id: string, def: DefinitionInfo): CallTreeNode {
  return { id, name: def.name, qualifiedName: def.qualifiedName, file: def.file, line: def.line + 1, kind: kindOf(def), ...(def.library ? { library: true } : {}), children: [] };
}

function callSiteOf(file: string, call: CallGraphCall): CallTreeNode['callSite'] {
  return { file, line: call.span.start.line + 1, column: call.span.start.column + 1 };
}

/** The outgoing call tree of a function, or undefined when the index has no such definition. */
export function buildCallTree(index: WorkspaceIndex, qualifiedName: string, options: CallTreeOptions = {}): CallTreeNode | undefined {
  return buildTree(index, qualifiedName, 'outgoing', options);
}

/** Who calls this: the same tree, with callers as children. */
export function buildIncomingTree(index: WorkspaceIndex, qualifiedName: string, options: CallTreeOptions = {}): CallTreeNode | undefined {
  return buildTree(index, qualifiedName, 'incoming', options);
}

function buildTree(index: WorkspaceIndex, qualifiedName: string, direction: 'outgoing' | 'incoming', options: CallTreeOptions): CallTreeNode | undefined {
  const def = index.definition(qualifiedName);
  if (!def) return undefined;
  const root = { ...definitionNode('0', def), direction };
  paths.set(root, [def.qualifiedName]);
  treeOptions.set(root, options);
  fill(index, root, options.depth ?? 8, options, direction);
  return root;
}

/** Computes the children of a truncated node (another `depth` levels) and clears its `truncated` flag. */
export function expandNode(index: WorkspaceIndex, node: CallTreeNode, options?: CallTreeOptions): CallTreeNode {
  if (node.kind === 'cycle' || node.kind === 'external' || node.kind === 'unresolved') return node;
  const opts = options ?? treeOptions.get(node) ?? {};
  if (!paths.has(node)) paths.set(node, [node.qualifiedName]);
  node.children = [];
  delete node.truncated;
  fill(index, node, opts.depth ?? 8, opts, node.direction ?? 'outgoing');
  return node;
}

interface Edge {
  target: CallTarget;
  file: string;
  call: CallGraphCall;
  /** For incoming trees: the caller is the node. */
  caller?: string;
}

function edgesOf(index: WorkspaceIndex, qname: string, direction: 'outgoing' | 'incoming'): Edge[] {
  if (direction === 'incoming') {
    return index.callers(qname).map((c) => ({ target: { kind: 'internal', qualifiedName: c.caller, dynamic: c.dynamic }, file: c.file, call: c.call }));
  }
  const out: Edge[] = [];
  for (const rc of index.callees(qname)) for (const target of rc.targets) out.push({ target, file: rc.file, call: rc.call });
  return out;
}

function targetKey(t: CallTarget): string {
  return t.kind === 'internal' ? `i:${t.qualifiedName}` : t.kind === 'external' ? `e:${t.name}` : `u:${t.text}`;
}

function fill(index: WorkspaceIndex, node: CallTreeNode, depth: number, options: CallTreeOptions, direction: 'outgoing' | 'incoming'): void {
  const path = paths.get(node)!;
  const edges = edgesOf(index, node.qualifiedName, direction);
  if (!edges.length) return;
  if (depth <= 0) {
    node.truncated = true;
    treeOptions.set(node, options);
    return;
  }
  const seen = new Set<string>();
  for (const edge of edges) {
    const t = edge.target;
    if ((t.kind === 'external' && options.hideExternal) || (t.kind === 'unresolved' && options.hideUnresolved)) continue;
    const key = targetKey(t);
    if (seen.has(key)) continue;
    seen.add(key);
    const id = `${node.id}.${node.children.length}`;
    const callSite = callSiteOf(edge.file, edge.call);
    let child: CallTreeNode;
    if (t.kind === 'internal') {
      const def = index.definition(t.qualifiedName);
      if (!def) continue;
      child = { ...definitionNode(id, def), callSite, ...(t.dynamic ? { dynamic: true } : {}) };
      if (direction === 'incoming') child.direction = 'incoming';
      if (path.includes(def.qualifiedName)) {
        child.kind = 'cycle';
      } else {
        paths.set(child, [...path, def.qualifiedName]);
        fill(index, child, depth - 1, options, direction);
      }
    } else if (t.kind === 'external') {
      child = { id, name: t.name, qualifiedName: t.name, file: '', line: 0, kind: 'external', callSite, children: [] };
    } else {
      child = { id, name: t.text, qualifiedName: t.text, file: '', line: 0, kind: 'unresolved', callSite, children: [] };
    }
    node.children.push(child);
  }
}

/** The whole-project call graph: every workspace function, method and module → sorted, unique callee names. */
export function callGraph(index: WorkspaceIndex): Record<string, string[]> {
  const defs = index.allDefinitions().filter((d) => !d.library).sort((a, b) => compare(a.qualifiedName, b.qualifiedName));
  const graph: Record<string, string[]> = {};
  for (const def of defs) {
    const names = new Set<string>();
    for (const rc of index.callees(def.qualifiedName)) {
      for (const t of rc.targets) {
        if (t.kind === 'internal') names.add(t.qualifiedName);
        else if (t.kind === 'external') names.add(t.name);
      }
    }
    graph[def.qualifiedName] = [...names].sort(compare);
  }
  return graph;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function walk(node: CallTreeNode, visit: (n: CallTreeNode, parent: CallTreeNode | undefined, depth: number) => void): void {
  const stack: [CallTreeNode, CallTreeNode | undefined, number][] = [[node, undefined, 0]];
  while (stack.length) {
    const [n, parent, depth] = stack.pop()!;
    visit(n, parent, depth);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push([n.children[i], n, depth + 1]);
  }
}

function marker(n: CallTreeNode): string {
  const tags: string[] = [];
  if (n.kind === 'external' || n.kind === 'unresolved' || n.kind === 'cycle') tags.push(n.kind);
  if (n.dynamic) tags.push('dynamic');
  if (n.library) tags.push('library');
  if (n.truncated) tags.push('more…');
  return tags.length ? ` [${tags.join(', ')}]` : '';
}

/** An indented text tree: `qualifiedName (file:line)` per node. */
export function toText(tree: CallTreeNode): string {
  const lines: string[] = [];
  walk(tree, (n, _parent, depth) => {
    const where = n.file ? ` (${n.file}:${n.line})` : '';
    lines.push(`${'  '.repeat(depth)}${n.qualifiedName}${where}${marker(n)}`);
  });
  return `${lines.join('\n')}\n`;
}

function mermaidLabel(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

function mermaidId(id: string): string {
  return `n${id.replace(/\./g, '_')}`;
}

/** A Mermaid flowchart of a call tree. */
export function toMermaid(tree: CallTreeNode): string {
  const lines = ['flowchart TD'];
  walk(tree, (n, parent) => {
    const shape = n.kind === 'external' ? [`[/"`, `"/]`] : n.kind === 'unresolved' ? [`{{"`, `"}}`] : n.kind === 'cycle' ? [`(("`, `"))`] : [`["`, `"]`];
    lines.push(`  ${mermaidId(n.id)}${shape[0]}${mermaidLabel(n.qualifiedName + marker(n))}${shape[1]}`);
    if (parent) lines.push(`  ${mermaidId(parent.id)} ${n.dynamic ? '-.->' : '-->'} ${mermaidId(n.id)}`);
  });
  return `${lines.join('\n')}\n`;
}

function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A Graphviz DOT digraph of a call tree. */
export function toDot(tree: CallTreeNode): string {
  const lines = ['digraph calltree {', '  node [shape=box, fontname="Helvetica"];'];
  walk(tree, (n, parent) => {
    const style = n.kind === 'external' ? ', style=dashed' : n.kind === 'unresolved' ? ', style=dotted' : n.kind === 'cycle' ? ', shape=ellipse' : '';
    lines.push(`  ${dotString(n.id)} [label=${dotString(n.qualifiedName + marker(n))}${style}];`);
    if (parent) lines.push(`  ${dotString(parent.id)} -> ${dotString(n.id)}${n.dynamic ? ' [style=dashed]' : ''};`);
  });
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** The whole-project graph as DOT: one node per name, one edge per caller → callee. */
export function graphToDot(graph: Record<string, string[]>): string {
  const lines = ['digraph callgraph {', '  node [shape=box, fontname="Helvetica"];'];
  for (const [caller, callees] of Object.entries(graph)) {
    lines.push(`  ${dotString(caller)};`);
    for (const callee of callees) lines.push(`  ${dotString(caller)} -> ${dotString(callee)};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** The whole-project graph as a Mermaid flowchart (node ids numbered, labels are the names). */
export function graphToMermaid(graph: Record<string, string[]>): string {
  const ids = new Map<string, string>();
  const lines = ['flowchart LR'];
  const idOf = (name: string) => {
    let id = ids.get(name);
    if (!id) {
      id = `n${ids.size}`;
      ids.set(name, id);
      lines.push(`  ${id}["${mermaidLabel(name)}"]`);
    }
    return id;
  };
  for (const [caller, callees] of Object.entries(graph)) {
    const from = idOf(caller);
    for (const callee of callees) lines.push(`  ${from} --> ${idOf(callee)}`);
  }
  return `${lines.join('\n')}\n`;
}

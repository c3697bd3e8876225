// How a call-tree node looks in the Call Tree view: label, description, icon, menu context and tooltip text.
// Plain data in, plain data out (no vscode), so the mapping is unit-tested in Node.
import type { CallTreeNode } from '../../core/callgraph';

export interface NodePresentation {
  label: string;
  /** File and line of the definition (or of the call, for nodes without one), plus tags. */
  description: string;
  /** A codicon id (ThemeIcon). */
  icon: string;
  /** Space-separated words the package.json menus match with `viewItem =~ /\bword\b/`. */
  contextValue: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  /** Tooltip paragraphs: the qualified name first, then where it is defined and where it was called. */
  tooltip: string[];
}

/** Calls to libraries have no definition to open in the workspace, unless they come from a search path. */
export function hasDefinition(node: CallTreeNode): boolean {
  return !!node.file && node.line > 0;
}

function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/** `Class.method` for methods (the name alone is ambiguous), the name for functions, the text for the rest. */
export function nodeLabel(node: CallTreeNode): string {
  if (node.kind === 'external' || node.kind === 'unresolved') return node.name;
  const owner = node.qualifiedName.endsWith(`.${node.name}`) ? node.qualifiedName.slice(0, -node.name.length - 1) : '';
  const container = owner.slice(Math.max(owner.lastIndexOf('.'), owner.lastIndexOf('/')) + 1);
  return node.kind === 'method' && container ? `${container}.${node.name}` : node.name;
}

export function nodeIcon(node: CallTreeNode): string {
  if (node.kind === 'cycle') return 'sync';
  if (node.kind === 'external') return 'package';
  if (node.kind === 'unresolved') return 'question';
  if (node.library) return 'library';
  if (node.dynamic) return 'symbol-interface';
  return node.kind === 'method' ? 'symbol-method' : 'symbol-function';
}

/** What the analyzer says about a function on the tree (see CallTreeProvider.setAnnotations). */
export interface NodeAnnotation {
  recommendations: number;
  instrumented: boolean;
}

export function describeNode(node: CallTreeNode, isRoot: boolean, annotation?: NodeAnnotation): NodePresentation {
  const tags: string[] = [];
  if (annotation?.instrumented) tags.push('instrumented');
  if (annotation?.recommendations) tags.push(annotation.recommendations === 1 ? '1 trace point' : `${annotation.recommendations} trace points`);
  if (node.kind === 'cycle') tags.push('cycle');
  if (node.kind === 'external') tags.push('external');
  if (node.kind === 'unresolved') tags.push('unresolved');
  if (node.dynamic) tags.push('dynamic');
  if (node.library) tags.push('library');
  const where = hasDefinition(node)
    ? `${baseName(node.file)}:${node.line}`
    : node.callSite
      ? `called at ${baseName(node.callSite.file)}:${node.callSite.line}`
      : '';
  const description = [...tags, where].filter(Boolean).join(' · ');

  const context = ['callNode', node.kind];
  if (hasDefinition(node)) context.push('hasDefinition');
  if (node.callSite) context.push('hasCallSite');
  if (node.kind === 'function' || node.kind === 'method' || node.kind === 'cycle') context.push('traceable');

  const expandable = node.kind !== 'cycle' && (node.children.length > 0 || !!node.truncated);
  const collapsible = !expandable ? 'none' : isRoot ? 'expanded' : 'collapsed';

  const tooltip = [node.qualifiedName];
  const kindText = node.kind === 'cycle' ? 'cycle: already on this path, not expanded again' : node.kind;
  tooltip.push([kindText, ...tags.filter((t) => t !== node.kind && t !== 'cycle')].join(', '));
  if (hasDefinition(node)) tooltip.push(`defined at ${node.file}:${node.line}`);
  if (node.callSite) {
    const verb = node.direction === 'incoming' ? 'calls the parent at' : 'called at';
    tooltip.push(`${verb} ${node.callSite.file}:${node.callSite.line}:${node.callSite.column}`);
  }
  if (annotation) {
    const state = annotation.instrumented ? 'already has a span' : 'no span yet';
    tooltip.push(`${annotation.recommendations} recommended trace point${annotation.recommendations === 1 ? '' : 's'}; ${state}`);
  }
  if (node.truncated) tooltip.push('depth limit reached: expand to compute the next levels');
  return { label: nodeLabel(node), description, icon: nodeIcon(node), contextValue: context.join(' '), collapsible, tooltip };
}

/** Parent of every node below `root`, for TreeDataProvider.getParent (which `reveal` needs). */
export function parentMap(root: CallTreeNode, into = new Map<CallTreeNode, CallTreeNode>()): Map<CallTreeNode, CallTreeNode> {
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    for (const child of node.children) {
      into.set(child, node);
      stack.push(child);
    }
  }
  return into;
}

/** Nodes of a tree in breadth-first order (shallowest first), optionally only those matching. */
export function findNodes(root: CallTreeNode, match: (n: CallTreeNode) => boolean = () => true): CallTreeNode[] {
  const out: CallTreeNode[] = [];
  const queue = [root];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i];
    if (match(node)) out.push(node);
    queue.push(...node.children);
  }
  return out;
}

/** The tree as JSON in the command line's `calltree --format json` shape (the WeakMap bookkeeping is not data). */
export function treeToJson(root: CallTreeNode): string {
  return `${JSON.stringify(root, null, 2)}\n`;
}

// A left-to-right tree layout for the call graph webview: one column per depth, leaves on successive rows, each
// parent centred on its children. Computed here (plain data, unit-tested) so the webview script only draws.
import type { CallTreeNode, CallTreeKind } from '../../core/callgraph';
import { findNodes, nodeLabel } from './tree-items';

export interface GraphBox {
  id: string;
  label: string;
  /** `file:line`, or empty for nodes without a definition. */
  detail: string;
  kind: CallTreeKind;
  dynamic: boolean;
  library: boolean;
  truncated: boolean;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GraphEdge {
  from: string;
  to: string;
  dynamic: boolean;
}

export interface GraphLayout {
  boxes: GraphBox[];
  edges: GraphEdge[];
  width: number;
  height: number;
  /** Nodes left out past `maxNodes`. */
  omitted: number;
}

export interface LayoutOptions {
  charWidth: number;
  boxHeight: number;
  rowGap: number;
  columnGap: number;
  maxLabel: number;
  maxNodes: number;
}

export const defaultLayoutOptions: LayoutOptions = { charWidth: 7, boxHeight: 36, rowGap: 12, columnGap: 56, maxLabel: 48, maxNodes: 1500 };

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function layoutTree(root: CallTreeNode, options: Partial<LayoutOptions> = {}): GraphLayout {
  const o = { ...defaultLayoutOptions, ...options };
  // Breadth-first selection of at most maxNodes nodes, so a huge tree keeps its upper levels.
  const all = findNodes(root);
  const queue = all.slice(0, o.maxNodes);
  const kept = new Set(queue);
  const keptChildren = (n: CallTreeNode) => n.children.filter((c) => kept.has(c));

  const boxes = new Map<CallTreeNode, GraphBox>();
  const columnWidth: number[] = [];
  const depthOf = new Map<CallTreeNode, number>([[root, 0]]);
  for (const node of queue) {
    const depth = depthOf.get(node)!;
    for (const c of keptChildren(node)) depthOf.set(c, depth + 1);
    const label = clip(nodeLabel(node), o.maxLabel);
    const detail = node.file && node.line > 0 ? clip(`${node.file.split(/[\\/]/).pop()}:${node.line}`, o.maxLabel) : '';
    const width = Math.max(label.length, detail.length, 6) * o.charWidth + 20;
    columnWidth[depth] = Math.max(columnWidth[depth] ?? 0, width);
    boxes.set(node, {
      id: node.id, label, detail, kind: node.kind, dynamic: !!node.dynamic, library: !!node.library, truncated: !!node.truncated,
      x: 0, y: 0, width, height: o.boxHeight,
    });
  }
  const columnX: number[] = [];
  for (let d = 0, x = 0; d < columnWidth.length; d++) {
    columnX[d] = x;
    x += columnWidth[d] + o.columnGap;
  }

  // Post-order placement without recursion (trees can be deep after expansions).
  let nextRow = 0;
  const rowStep = o.boxHeight + o.rowGap;
  const stack: [CallTreeNode, boolean][] = [[root, false]];
  while (stack.length) {
    const [node, childrenDone] = stack.pop()!;
    const children = keptChildren(node);
    if (!childrenDone && children.length) {
      stack.push([node, true]);
      for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], false]);
      continue;
    }
    const box = boxes.get(node)!;
    box.x = columnX[depthOf.get(node)!];
    if (children.length) {
      const first = boxes.get(children[0])!;
      const last = boxes.get(children[children.length - 1])!;
      box.y = (first.y + last.y) / 2;
    } else {
      box.y = nextRow * rowStep;
      nextRow++;
    }
  }

  const edges: GraphEdge[] = [];
  for (const node of queue) {
    for (const c of keptChildren(node)) edges.push({ from: node.id, to: c.id, dynamic: !!c.dynamic });
  }
  const placed = [...boxes.values()];
  const width = Math.max(...placed.map((b) => b.x + b.width));
  const height = Math.max(...placed.map((b) => b.y + b.height));
  return { boxes: placed, edges, width, height, omitted: all.length - kept.size };
}

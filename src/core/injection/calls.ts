// Client and producer spans around single external calls (Python): which statement holds a recommended call, and
// whether wrapping that statement in `with tracer.start_as_current_span(...)` is safe. The grammar's node types come
// from the language's injection.json (`callSpan`), so this file holds no language's syntax.
import type { Node } from 'web-tree-sitter';
import { renderTemplate, type CallSpanTemplates } from './templates';

/** The simple statement holding a call, as offsets into the text. */
export interface CallStatement {
  start: number;
  end: number;
  /** The statement's node type (e.g. `return_statement`). */
  type: string;
}

/**
 * For each call span (`start:end` key), the statement to wrap or why it cannot be wrapped. A span that is not a call
 * node is absent: the recommendation is not about a single call.
 */
export function locateCallStatements(root: Node, text: string, spec: CallSpanTemplates, spans: Array<{ startIndex: number; endIndex: number }>): Map<string, CallStatement | string> {
  const out = new Map<string, CallStatement | string>();
  const detect = new RegExp(spec.detect);
  for (const span of spans) {
    let call: Node | null = root.descendantForIndex(span.startIndex, span.endIndex);
    while (call && !(call.type === spec.callNode && call.startIndex === span.startIndex && call.endIndex === span.endIndex)) {
      if (call.startIndex < span.startIndex || call.endIndex > span.endIndex) call = null;
      else call = call.parent;
    }
    if (call) out.set(`${span.startIndex}:${span.endIndex}`, statementOf(call, text, spec, detect));
  }
  return out;
}

const article = (words: string) => `${/^[aeiou]/.test(words) ? 'an' : 'a'} ${words}`;
const describe = (type: string) => article(type.replace(/_/g, ' '));

function statementOf(call: Node, text: string, spec: CallSpanTemplates, detect: RegExp): CallStatement | string {
  let child: Node = call;
  let stmt: Node | undefined;
  for (let p = call.parent; p; child = p, p = p.parent) {
    const refusal = spec.refuse[p.type];
    if (refusal) return refusal;
    const conditional = spec.conditional[p.type];
    // `a if cond else b`, `a and b`: only the always-evaluated operand (the condition, the left side) may be wrapped.
    if (conditional !== undefined && p.namedChildren[conditional]?.id !== child.id) return `the call runs only under a condition (inside ${describe(p.type)}); a span around the statement would be recorded when it does not run`;
    if (p.type in spec.statements) {
      stmt = p;
      break;
    }
    if (spec.blocks.includes(p.type) || /_statement$|_clause$|_definition$|^decorator$/.test(p.type)) {
      return `the call is part of ${describe(p.type)}, not a simple statement of its own; only a statement holding the call (${Object.values(spec.statements).join(', ')}) is wrapped`;
    }
  }
  if (!stmt) return 'no statement holds the call';
  const parent = stmt.parent;
  if (!parent || parent.type === spec.module) return 'module-level code is not instrumented';
  if (!spec.blocks.includes(parent.type)) return `the statement is part of ${describe(parent.type)}`;
  const lineStart = text.lastIndexOf('\n', stmt.startIndex - 1) + 1;
  const nextBreak = text.slice(stmt.endIndex).search(/[\r\n]/);
  const rest = text.slice(stmt.endIndex, nextBreak < 0 ? text.length : stmt.endIndex + nextBreak);
  if (text.slice(lineStart, stmt.startIndex).trim() !== '' || !new RegExp(spec.lineRest).test(rest)) return 'the statement shares its line with other code';
  if (hasDescendant(stmt, spec.yieldNodes)) return 'the statement yields: the span would stay open, and current, across the yield';
  for (let p: Node | null = parent; p && !spec.functionBoundaries.includes(p.type); p = p.parent) {
    if (p.type === spec.withStatement && detect.test(text.slice(p.startIndex, p.namedChildren[0]?.endIndex ?? p.endIndex))) return 'already inside a client or producer span';
  }
  return { start: stmt.startIndex, end: stmt.endIndex, type: stmt.type };
}

function hasDescendant(node: Node, types: string[]): boolean {
  if (types.includes(node.type)) return true;
  return node.namedChildren.some((c) => c !== null && hasDescendant(c, types));
}

/** `, attributes={"db.system.name": "sqlite"}` from the attribute values known at the call site; empty when none. */
export function attributesArgument(spec: CallSpanTemplates, attributes: Record<string, string> | undefined, where: string): string {
  const entries = Object.entries(attributes ?? {}).filter(([k, v]) => k && v !== '');
  if (!entries.length) return '';
  const rendered = entries.map(([key, value]) => renderTemplate(spec.attribute, { key, value }, where)).join(spec.separator);
  return renderTemplate(spec.attributes, { entries: rendered }, where);
}

// Imports and the module-level tracer set-up: added once per file, merged into an existing import of the same module
// where the language allows, placed after the file's own imports.
import type { FileSyntax, ImportDef } from '../model';
import type { LineTable } from './text';
import type { LanguageTemplates } from './templates';

export interface ImportContext {
  text: string;
  syntax: FileSyntax;
  lines: LineTable;
  eol: string;
  unit: string;
  templates: LanguageTemplates;
  opaque: Array<[number, number]>;
  strings: Array<[number, number]>;
}

interface Insertion {
  start: number;
  end: number;
  text: string;
  rank: number;
}

type Family = 'python' | 'javascript' | 'go' | 'java';

function familyOf(languageId: string): Family {
  if (languageId === 'python' || languageId === 'go' || languageId === 'java') return languageId;
  return 'javascript';
}

/** Names an import binds in the file. */
function boundNames(family: Family, i: ImportDef): string[] {
  const names = i.names.map((n) => n.alias).filter((a) => a && a !== '*');
  if (i.alias) names.push(i.alias);
  else if (i.kind === 'module') names.push(family === 'go' ? i.module.split('/').pop()! : i.module.split('.')[0]);
  return names;
}

function isPresent(family: Family, syntax: FileSyntax, spec: { module: string; name: string }): boolean {
  return syntax.imports.some((i) => {
    if (i.module !== spec.module) return false;
    if (family === 'go') return !i.alias || i.alias === spec.name;
    if (i.kind === 'star') return family === 'java';
    return i.names.some((n) => n.alias === spec.name && n.name === spec.name);
  });
}

/** Template import keys whose name the file already uses for something else, with the reason. */
export function importConflicts(syntax: FileSyntax, templates: LanguageTemplates): Map<string, string> {
  const family = familyOf(syntax.languageId);
  const conflicts = new Map<string, string>();
  for (const [key, spec] of Object.entries(templates.imports)) {
    if (isPresent(family, syntax, spec)) continue;
    const other = syntax.imports.find((i) => boundNames(family, i).includes(spec.name));
    if (other) conflicts.set(key, `'${spec.name}' already names an import from '${other.module}' in this file`);
    const defined = [...syntax.functions, ...syntax.classes].find((d) => d.name === spec.name && d.qualifiedName === `${syntax.moduleName}.${d.name}`);
    if (defined) conflicts.set(key, `'${spec.name}' is already defined in this file`);
  }
  return conflicts;
}

/** Insertions adding the imports behind `keys` (those not present yet), then `setup` after them. */
export function importEdits(ctx: ImportContext, keys: string[], setup: string | undefined): Insertion[] {
  const family = familyOf(ctx.syntax.languageId);
  const missing = [...new Set(keys)].map((k) => ctx.templates.imports[k]).filter((s) => s && !isPresent(family, ctx.syntax, s));
  if (!missing.length && !setup) return [];
  if (family === 'go') return goImports(ctx, missing, setup);
  const byModule = new Map<string, string[]>();
  for (const s of missing) byModule.set(s.module, [...(byModule.get(s.module) ?? []), s.name]);

  const out: Insertion[] = [];
  const newLines: string[] = [];
  const topLevel = ctx.syntax.imports.filter((i) => ctx.lines.indentation(i.span.start.line) === '' && !inOpaque(ctx, i.span.startIndex));
  for (const [module, names] of byModule) {
    const merged = family === 'java' ? undefined : mergeInto(ctx, family, topLevel, module, names);
    if (merged) out.push(merged);
    else newLines.push(...importLines(ctx, family, topLevel, module, names));
  }
  const anchor = anchorLine(ctx, family, topLevel);
  const at = anchor < ctx.lines.count ? ctx.lines.starts[anchor] : ctx.text.length;
  const lead = at === ctx.text.length && ctx.text.length > 0 && !ctx.text.endsWith('\n') ? ctx.eol : '';
  const blankAfterPackage = family === 'java' && topLevel.length === 0 && ctx.syntax.packageName ? ctx.eol : '';
  const body = [...newLines, ...(setup ? [setup] : [])];
  if (body.length) out.push({ start: at, end: at, text: lead + blankAfterPackage + body.map((l) => l + ctx.eol).join(''), rank: 2 });
  return out;
}

function inOpaque(ctx: ImportContext, index: number): boolean {
  return ctx.opaque.some(([s, e]) => s <= index && index < e);
}

function importLines(ctx: ImportContext, family: Family, topLevel: ImportDef[], module: string, names: string[]): string[] {
  if (family === 'python') return [`from ${module} import ${names.join(', ')}`];
  if (family === 'java') return names.map((n) => `import ${module}.${n};`);
  const firstLine = topLevel.length ? ctx.lines.line(topLevel[0].span.start.line) : '';
  const quote = firstLine.includes('"') && !firstLine.includes("'") ? '"' : "'";
  return [esmStyle(ctx, topLevel) ? `import { ${names.join(', ')} } from ${quote}${module}${quote};` : `const { ${names.join(', ')} } = require(${quote}${module}${quote});`];
}

/** ES modules or CommonJS, from the file's own imports, then its language, extension and exports. */
function esmStyle(ctx: ImportContext, topLevel: ImportDef[]): boolean {
  if (topLevel.some((i) => i.kind !== 'require')) return true;
  if (topLevel.some((i) => i.kind === 'require')) return false;
  if (ctx.syntax.languageId !== 'javascript') return true;
  if (/\.mjs$/.test(ctx.syntax.path)) return true;
  if (/\.cjs$/.test(ctx.syntax.path)) return false;
  return /^export\s/m.test(ctx.text);
}

/** Adds names to an existing `from M import …` / `import { … } from 'M'` / `const { … } = require('M')`. */
function mergeInto(ctx: ImportContext, family: Family, topLevel: ImportDef[], module: string, names: string[]): Insertion | undefined {
  const existing = topLevel.find((i) => i.module === module && i.kind !== 'star' && i.kind !== 'module' && i.names.length > 0 && !i.names.some((n) => n.name === 'default'));
  if (!existing) return undefined;
  const start = ctx.lines.starts[existing.span.start.line];
  const statement = ctx.text.slice(start, existing.span.endIndex);
  if (family === 'python') {
    const end = existing.span.endIndex;
    if (ctx.text[end - 1] === ')') {
      const inside = ctx.text.slice(0, end - 1).replace(/\s*$/, '');
      const at = inside.length;
      return { start: at, end: at, text: `${inside.endsWith(',') ? ' ' : ', '}${names.join(', ')}`, rank: 0 };
    }
    return { start: end, end, text: `, ${names.join(', ')}`, rank: 0 };
  }
  if (/^import\s+type\b/.test(statement)) return undefined;
  const brace = statement.lastIndexOf('}');
  if (brace < 0 || !/^(import\s*\{|(const|let|var)\s*\{)/.test(statement)) return undefined;
  const before = statement.slice(0, brace).replace(/\s*$/, '');
  const at = start + before.length;
  return { start: at, end: at, text: `${before.endsWith(',') ? ' ' : ', '}${names.join(', ')}`, rank: 0 };
}

/** The line new imports go before: after the last top-level import, else after what must stay first. */
function anchorLine(ctx: ImportContext, family: Family, topLevel: ImportDef[]): number {
  const { lines } = ctx;
  let last = topLevel.length ? Math.max(...topLevel.map((i) => lines.lineOf(Math.max(i.span.startIndex, i.span.endIndex - 1)))) : -1;
  if (family === 'python') {
    // `from __future__` imports are not in the syntax's imports, and must stay first.
    const future = /^from\s+__future__\s+import\b.*$/gm;
    for (let m = future.exec(ctx.text); m; m = future.exec(ctx.text)) {
      if (inOpaque(ctx, m.index)) continue;
      let end = lines.lineOf(m.index);
      if (m[0].includes('(') && !m[0].includes(')')) end = lines.lineOf(ctx.text.indexOf(')', m.index));
      last = Math.max(last, end);
    }
  }
  if (last >= 0) return last + 1;
  if (family === 'java') {
    const pkg = /^package\s+[\w.]+\s*;/m.exec(ctx.text);
    return pkg ? lines.lineOf(pkg.index) + 1 : 0;
  }
  // Skip a shebang, comments, blank lines, a module docstring and directive prologues ('use strict').
  let n = 0;
  while (n < lines.count) {
    const line = lines.line(n);
    const start = lines.starts[n] + line.length - line.trimStart().length;
    const comment = ctx.opaque.find(([s, e]) => s === start && !ctx.strings.some(([ss]) => ss === s) && e > start);
    const docstring = ctx.strings.find(([s]) => s === start);
    if (line.trim() === '' || line.startsWith('#!')) n++;
    else if (comment) n = lines.lineOf(comment[1] - 1) + 1;
    else if (docstring && (family === 'python' || /^\s*['"]use \w+['"];?\s*$/.test(line))) n = lines.lineOf(docstring[1] - 1) + 1;
    else break;
  }
  return n;
}

function goImports(ctx: ImportContext, missing: Array<{ module: string }>, setup: string | undefined): Insertion[] {
  const { lines, eol, text } = ctx;
  const out: Insertion[] = [];
  const specs = missing.map((m) => `"${m.module}"`).sort();
  const block = /^import\s*\($/gm;
  let m = block.exec(text);
  while (m && inOpaque(ctx, m.index)) m = block.exec(text);
  let after: number;
  if (m) {
    let close = lines.lineOf(m.index) + 1;
    while (close < lines.count && lines.line(close).trim() !== ')') close++;
    out.push(...goBlockInsertions(ctx, lines.lineOf(m.index) + 1, close, missing.map((s) => s.module)));
    after = close + 1;
  } else {
    const singles = [...text.matchAll(/^import\s+(\w+\s+)?"[^"]*"\s*$/gm)].filter((s) => !inOpaque(ctx, s.index!));
    const pkg = /^package\s+\w+/m.exec(text);
    const anchor = singles.length ? lines.lineOf(singles[singles.length - 1].index!) + 1 : pkg ? lines.lineOf(pkg.index) + 1 : 0;
    const at = anchor < lines.count ? lines.starts[anchor] : text.length;
    if (specs.length) {
      const decl = singles.length ? specs.map((s) => `import ${s}${eol}`).join('') : `${eol}import (${eol}${specs.map((s) => `\t${s}${eol}`).join('')})${eol}`;
      out.push({ start: at, end: at, text: decl, rank: 0 });
    }
    after = anchor;
  }
  if (setup) {
    const at = after < lines.count ? lines.starts[after] : text.length;
    out.push({ start: at, end: at, text: `${eol}${setup}${eol}`, rank: 2 });
  }
  return out;
}

/** Standard-library import paths have no dot in their first element (`net/http`, not `go.opentelemetry.io/otel`). */
function isStandardGoPath(importPath: string): boolean {
  return !importPath.split('/')[0].includes('.');
}

/**
 * Insertions adding `paths` to the `import ( … )` block on lines [first, close), the way gofmt and goimports leave it:
 * each path sorted into a run of consecutive specs (gofmt sorts within runs; blank lines separate them), standard
 * library paths into the first run holding only those, others into the last run holding any other; a new run (after a
 * blank line) when the block has none of that kind.
 */
function goBlockInsertions(ctx: ImportContext, first: number, close: number, paths: string[]): Insertion[] {
  const { lines, eol } = ctx;
  const runs: Array<{ first: number; last: number; specs: Array<{ line: number; path: string }> }> = [];
  let current: (typeof runs)[number] | undefined;
  for (let n = first; n < close; n++) {
    const line = lines.line(n).trim();
    if (line === '') {
      current = undefined;
      continue;
    }
    if (!current) runs.push((current = { first: n, last: n, specs: [] }));
    current.last = n;
    const spec = /^(?:[\w.]+\s+)?"([^"]*)"/.exec(line);
    if (spec) current.specs.push({ line: n, path: spec[1] });
  }
  const groups = runs.filter((r) => r.specs.length);
  // Text to insert per offset: `lead` before the spec lines (a blank line opening a new run after the last one),
  // `trail` after them (a blank line closing a new run before the first one).
  const at = new Map<number, { specs: string[]; lead: string; trail: string }>();
  const add = (offset: number, spec: string, lead = '', trail = '') => {
    const entry = at.get(offset) ?? { specs: [], lead, trail };
    entry.specs.push(spec);
    at.set(offset, entry);
  };
  for (const importPath of [...new Set(paths)].sort()) {
    const spec = `\t"${importPath}"`;
    const standard = isStandardGoPath(importPath);
    const target = standard
      ? groups.find((g) => g.specs.every((s) => isStandardGoPath(s.path)))
      : [...groups].reverse().find((g) => g.specs.some((s) => !isStandardGoPath(s.path)));
    if (target) {
      const next = target.specs.find((s) => s.path > importPath);
      add(lines.starts[next ? next.line : target.last + 1], spec);
    } else if (!groups.length) add(lines.starts[close] ?? ctx.text.length, spec);
    else if (standard) add(lines.starts[groups[0].first], spec, '', eol);
    else add(lines.starts[groups[groups.length - 1].last + 1], spec, eol, '');
  }
  return [...at].map(([offset, e]) => ({ start: offset, end: offset, text: e.lead + e.specs.map((s) => s + eol).join('') + e.trail, rank: 0 }));
}

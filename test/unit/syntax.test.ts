// Extraction checked against fixtures that carry their own assertions (see helpers.ts readAssertions):
//   defines: <kind> <qualifiedName>   a function or class whose name is under the caret
//   callee: <text>                     a call under the caret with exactly that callee text
//   caller: <qualifiedName>            the call under the caret is attributed to that function
//   imports: <module> [name[ as alias], ...]   an import statement under the caret
//   construct: <kind> [detail]         a trace-point construct starting on the line and spanning the caret
//   parameters: a, b:Type, ...         parameters of the function named under the caret
//   fields: name:Type, ...             fields of the class named under the caret
//   bases: A, B                        bases of the class named under the caret
//   decorators: d1 | d2                decorators of the definition named under the caret
//   async / generator: true|false      markers of the function named under the caret
//   no-call: <text>                    no call with that callee text anywhere on the line
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { languageForPath } from '../../src/core/languages';
import type { FileSyntax } from '../../src/core/model';
import { ParserService, parseSource } from '../../src/core/parsing';
import { fixturesDir, listFiles, readAssertions, spanContains, type FixtureAssertion } from './helpers';

const service = new ParserService();
after(() => service.dispose());

function check(syntax: FileSyntax, a: FixtureAssertion): void {
  const where = `${syntax.path}:${a.sourceLine}`;
  const at = (s: { start: { line: number; column: number }; end: { line: number; column: number } }) => spanContains({ ...s, startIndex: 0, endIndex: 0 }, a.line, a.column);
  const functionAt = () => syntax.functions.find((f) => f.kind !== 'module' && at(f.nameSpan));
  // A class is named under the caret, or (where annotations belong to the class node) starts on the line.
  const classAt = () =>
    syntax.classes.find((c) => at(c.nameSpan)) ??
    syntax.classes.find((c) => syntax.functions.every((f) => !at(f.nameSpan)) && c.span.start.line === a.line);
  switch (a.kind) {
    case 'defines': {
      // An inline route handler's name holds a space: `mod.<GET /users/:id>`.
      const [kind, ...nameParts] = a.value.split(/\s+/);
      const qualifiedName = nameParts.join(' ');
      const fn = functionAt();
      const cls = syntax.classes.filter((c) => c.qualifiedName === qualifiedName && c.span.start.line <= a.line && a.line <= c.span.end.line);
      if (fn) {
        assert.equal(`${fn.kind} ${fn.qualifiedName}`, `${kind} ${qualifiedName}`, where);
      } else {
        assert.ok(cls.length && cls[0].kind === kind, `${where}: no ${kind} ${qualifiedName} defined here; functions: ${syntax.functions.map((f) => f.qualifiedName).join(', ')}`);
      }
      return;
    }
    case 'callee':
    case 'caller': {
      const calls = syntax.calls.filter((c) => at(c.span)).sort((x, y) => (y.span.start.line - x.span.start.line) || (y.span.start.column - x.span.start.column));
      assert.ok(calls.length, `${where}: no call under the caret`);
      if (a.kind === 'callee') assert.ok(calls.some((c) => c.callee === a.value), `${where}: callees here are ${calls.map((c) => c.callee).join(', ')}`);
      else assert.equal(calls[0].caller, a.value, where);
      return;
    }
    case 'no-call':
      assert.ok(!syntax.calls.some((c) => c.span.start.line === a.line && c.callee === a.value), `${where}: unexpected call ${a.value}`);
      return;
    case 'imports': {
      const [module, ...rest] = a.value.split(/\s+/);
      const imp = syntax.imports.find((i) => at(i.span) && i.module === module);
      assert.ok(imp, `${where}: no import of ${module} here; imports: ${syntax.imports.map((i) => i.module).join(', ')}`);
      const names = rest.join(' ').split(',').map((s) => s.trim()).filter(Boolean);
      for (const n of names) {
        const [name, alias] = n.split(/\s+as\s+/);
        if (name === 'kind') continue;
        assert.ok(imp.names.some((x) => x.name === name && x.alias === (alias ?? name)) || (imp.alias === alias && name === '='), `${where}: ${n} not among ${JSON.stringify(imp.names)} alias=${imp.alias}`);
      }
      return;
    }
    case 'import-kind': {
      const imp = syntax.imports.find((i) => at(i.span));
      assert.equal(imp?.kind, a.value, where);
      return;
    }
    case 'construct': {
      const [kind, ...detail] = a.value.split(/\s+/);
      const found = syntax.constructs.filter((c) => c.kind === kind && c.span.start.line === a.line && at(c.span));
      assert.ok(found.length, `${where}: no ${kind} starting here; constructs on this line: ${syntax.constructs.filter((c) => c.span.start.line === a.line).map((c) => `${c.kind}@${c.span.start.column}`).join(', ')}`);
      if (detail.length) assert.ok(found.some((c) => c.detail === detail.join(' ')), `${where}: details ${found.map((c) => c.detail).join(' | ')}`);
      return;
    }
    case 'parameters': {
      const fn = functionAt();
      assert.ok(fn, `${where}: no function named under the caret`);
      assert.equal(fn.parameters.map((p) => (p.type ? `${p.name}:${p.type}` : p.name)).join(', '), a.value, where);
      return;
    }
    case 'async':
    case 'generator': {
      const fn = functionAt();
      assert.ok(fn, `${where}: no function named under the caret`);
      assert.equal(String(a.kind === 'async' ? fn.isAsync : fn.isGenerator), a.value, where);
      return;
    }
    case 'container': {
      const fn = functionAt();
      assert.equal(fn?.container ?? '', a.value, where);
      return;
    }
    case 'decorators': {
      const target = functionAt() ?? classAt();
      assert.ok(target, `${where}: no definition named under the caret`);
      assert.equal(target.decorators.join(' | '), a.value, where);
      return;
    }
    case 'fields':
    case 'bases': {
      const cls = classAt();
      assert.ok(cls, `${where}: no class defined on this line`);
      const got = a.kind === 'bases' ? cls.bases.join(', ') : cls.fields.map((f) => (f.type ? `${f.name}:${f.type}` : f.name)).join(', ');
      assert.equal(got, a.value, where);
      return;
    }
    default:
      throw new Error(`${where}: unknown assertion kind '${a.kind}'`);
  }
}

describe('syntax extraction fixtures', () => {
  for (const file of listFiles(path.join(fixturesDir, 'syntax'))) {
    const spec = languageForPath(file);
    if (!spec) continue;
    const rel = path.relative(fixturesDir, file);
    it(rel, async () => {
      const text = fs.readFileSync(file, 'utf8');
      const assertions = readAssertions(text, spec.lineComment ?? '//');
      assert.ok(assertions.length > 0, 'a fixture without assertions checks nothing');
      const result = await parseSource(service, text, spec.id, { path: rel, moduleName: 'fixture' });
      assert.ok(result.ok, result.ok ? '' : result.reason);
      assert.equal(result.syntax.syntaxErrors, 0, 'fixture must parse cleanly');
      for (const a of assertions) check(result.syntax, a);
    });
  }
});

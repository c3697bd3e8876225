// Call resolution checked against fixture projects (test/fixtures/callgraph/<language>/) whose files carry their own
// assertions, under the call they check (the caret points into the callee):
//   calls: <qualifiedName>             the call resolves to that workspace function (among its targets)
//   calls-dynamic: <qualifiedName>     …to that function, as one of several possible (interface) targets
//   calls-external: <name>             the call is external/built-in with that name
//   unresolved:                        the call has an unresolved target
//   no-edge: <name>                    the call has no target of that name
//   no-target:                         the call resolves to nothing to show (a class without a constructor)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { WorkspaceIndex, type CallTarget, type ResolvedCall } from '../../src/core/callgraph';
import { languageForPath } from '../../src/core/languages';
import type { CallSite } from '../../src/core/model';
import { ParserService, findGrammarDir, parseSource } from '../../src/core/parsing';
import { loadWorkspace } from '../../src/core/workspace';
import { fixturesDir, readAssertions, spanContains, type FixtureAssertion } from './helpers';

const callgraphFixtures = path.join(fixturesDir, 'callgraph');

function targetName(t: CallTarget): string {
  return t.kind === 'internal' ? t.qualifiedName : t.kind === 'external' ? t.name : `unresolved(${t.text})`;
}

/**
 * The innermost call whose span holds the caret: found among the calls of a full parse of the file (the index keeps
 * only where each call starts), then the index's call that starts there.
 */
function callAt(calls: ResolvedCall[], parsed: CallSite[], a: FixtureAssertion): ResolvedCall | undefined {
  const holding = parsed.filter((c) => spanContains(c.span, a.line, a.column));
  holding.sort((x, y) => (x.span.endIndex - x.span.startIndex) - (y.span.endIndex - y.span.startIndex));
  const at = holding[0]?.span.start;
  return at && calls.find((c) => c.call.span.start.line === at.line && c.call.span.start.column === at.column && c.call.callee === holding[0].callee);
}

function check(calls: ResolvedCall[], parsed: CallSite[], a: FixtureAssertion, where: string): void {
  const rc = callAt(calls, parsed, a);
  assert.ok(rc, `${where}: no call under the caret`);
  const names = rc.targets.map(targetName);
  const shown = `${rc.call.callee} → [${names.join(', ')}]`;
  switch (a.kind) {
    case 'calls':
      assert.ok(rc.targets.some((t) => t.kind === 'internal' && t.qualifiedName === a.value), `${where}: expected ${a.value}; got ${shown}`);
      return;
    case 'calls-dynamic':
      assert.ok(rc.targets.some((t) => t.kind === 'internal' && t.qualifiedName === a.value && t.dynamic), `${where}: expected dynamic ${a.value}; got ${shown}`);
      return;
    case 'calls-external':
      assert.ok(rc.targets.some((t) => t.kind === 'external' && t.name === a.value), `${where}: expected external ${a.value}; got ${shown}`);
      return;
    case 'unresolved':
      assert.ok(rc.targets.some((t) => t.kind === 'unresolved'), `${where}: expected unresolved; got ${shown}`);
      return;
    case 'no-edge':
      assert.ok(!names.includes(a.value), `${where}: unexpected edge to ${a.value}; got ${shown}`);
      return;
    case 'no-target':
      assert.deepEqual(names, [], `${where}: expected no target; got ${shown}`);
      return;
    default:
      throw new Error(`${where}: unknown assertion kind '${a.kind}'`);
  }
}

const languagesWithFixtures = fs.existsSync(callgraphFixtures) ? fs.readdirSync(callgraphFixtures).sort() : [];

describe('call resolution fixtures', () => {
  for (const lang of languagesWithFixtures) {
    describe(lang, () => {
      const root = path.join(callgraphFixtures, lang);
      let index: WorkspaceIndex;
      const parser = new ParserService(findGrammarDir());
      before(async () => {
        const workspace = await loadWorkspace(root, { workerThreshold: Infinity });
        assert.deepEqual(workspace.skipped, [], 'every fixture file parses');
        const searchDir = path.join(root, '..', `${lang}-lib`);
        index = await WorkspaceIndex.build(workspace.files, workspace.layout, { searchPaths: fs.existsSync(searchDir) ? [searchDir] : [] });
      });
      after(() => {
        index?.dispose();
        parser.dispose();
      });

      it('resolves every call as its fixture asserts', async () => {
        let checked = 0;
        const failures: string[] = [];
        for (const rel of index.filePaths()) {
          const spec = languageForPath(rel)!;
          const text = fs.readFileSync(path.join(root, rel), 'utf8');
          const parsed = await parseSource(parser, text, spec.id, { path: rel, moduleName: index.syntaxOf(rel)!.moduleName });
          assert.ok(parsed.ok);
          for (const a of readAssertions(text, spec.lineComment!)) {
            checked++;
            try {
              check(index.callsIn(rel), parsed.syntax.calls, a, `${lang}/${rel}:${a.sourceLine}`);
            } catch (e) {
              failures.push((e as Error).message);
            }
          }
        }
        assert.deepEqual(failures, []);
        assert.ok(checked >= 10, `only ${checked} assertions found`);
      });
    });
  }
});

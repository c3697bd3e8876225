// Calls of a name listed in a language's `callConstructs` (Go: `panic` → raise, `recover` → recover) are constructs
// too, checked by the extractor on the call captures (README "Performance"): only a call whose own
// function node is that bare name counts, as the `#eq?` patterns it replaced required.
import assert from 'node:assert/strict';
import { languages } from '../../src/core/languages';
import type { ConstructKind } from '../../src/core/model';
import { ParserService, parseSource } from '../../src/core/parsing';

const service = new ParserService();
after(() => service.dispose());

const constructKinds: ConstructKind[] = [
  'try', 'catch', 'finally', 'error-check', 'defer', 'recover', 'raise', 'branch', 'switch', 'loop', 'return',
  'state-assignment', 'global-assignment', 'ternary', 'await',
];

describe('constructs named by a call', () => {
  it('every callConstructs entry names a construct kind', () => {
    for (const spec of languages) {
      for (const [name, kind] of Object.entries(spec.callConstructs ?? {})) {
        assert.ok((constructKinds as string[]).includes(kind), `${spec.id}: ${name} → ${kind}`);
      }
    }
  });

  it('Go: panic(…) is a raise and recover() a recover in the function calling them; other callees are not', async () => {
    const text = [
      'package p',
      '',
      'func Check(err error) {',
      '\tdefer func() {',
      '\t\tif r := recover(); r != nil {',
      '\t\t\tlog.Panic(r)',
      '\t\t}',
      '\t}()',
      '\tif err != nil {',
      '\t\tpanic(err)',
      '\t}',
      '\tt.panic()',
      '\tpanic[int](1)',
      '\tpanicky(2)',
      '}',
      '',
    ].join('\n');
    const r = await parseSource(service, text, 'go', { path: 'p/check.go', moduleName: 'p' });
    if (!r.ok) throw new Error(r.reason);
    const found = r.syntax.constructs
      .filter((c) => c.kind === 'raise' || c.kind === 'recover')
      .map((c) => `${c.kind} ${c.function} ${c.span.start.line}:${c.span.start.column}${c.detail === undefined ? '' : ` ${c.detail}`}`);
    assert.deepEqual(found, ['recover p.Check 4:10', 'raise p.Check 9:2']);
    // The calls themselves are still calls.
    assert.deepEqual(r.syntax.calls.filter((c) => /panic|recover/i.test(c.callee)).map((c) => c.callee), ['recover', 'log.Panic', 'panic', 't.panic', 'panic', 'panicky']);
  });
});

// Exports count only at a file's top level: the queries mark those patterns `(#top-level? @export)` and the extractor
// checks it (README "Query captures"); the same shapes nested in a function, class or namespace export nothing.
import assert from 'node:assert/strict';
import { ParserService, parseSource } from '../../src/core/parsing';

const service = new ParserService();
after(() => service.dispose());

async function exportsOf(text: string, languageId: string): Promise<string[]> {
  const r = await parseSource(service, text, languageId, { path: `m.${languageId}`, moduleName: 'm' });
  if (!r.ok) throw new Error(r.reason);
  return r.syntax.exports;
}

describe('top-level exports', () => {
  it('Python: a module-level __all__ exports its names, one inside a function, class or if does not', async () => {
    const text = [
      '__all__ = ["a", "b"]',
      'def f():',
      '    __all__ = ["inner"]',
      'class C:',
      '    __all__ = ["member"]',
      'if True:',
      '    __all__ = ["guarded"]',
      '',
    ].join('\n');
    assert.deepEqual(await exportsOf(text, 'python'), ['a', 'b']);
  });

  it('JavaScript: top-level ESM exports count, an export statement nested in a block does not', async () => {
    const text = [
      'export function f() {}',
      'export const x = 1, y = 2;',
      'export { f as g };',
      'function outer() {',
      '  export function nested() {}',
      '}',
      '',
    ].join('\n');
    assert.deepEqual(await exportsOf(text, 'javascript'), ['f', 'x', 'y', 'g']);
  });

  it('TypeScript: exports inside a namespace are not the file\'s', async () => {
    const text = [
      'export interface Shape { area(): number }',
      'export type Id = string;',
      'namespace Inner {',
      '  export interface Hidden {}',
      '  export function helper() {}',
      '}',
      '',
    ].join('\n');
    assert.deepEqual(await exportsOf(text, 'typescript'), ['Shape', 'Id']);
  });
});

// Every query of every language compiles against its grammar, and every grammar in the registry loads.
import assert from 'node:assert/strict';
import { languages } from '../../src/core/languages';
import { ParserService } from '../../src/core/parsing';

describe('language registry', () => {
  const service = new ParserService();
  after(() => service.dispose());

  for (const spec of languages) {
    it(`${spec.id}: grammar loads and its queries compile`, async () => {
      const loaded = await service.load(spec.id);
      assert.ok(loaded.query.captureNames.length > 0);
    });
  }

  it('has well-formed registry data for every language', () => {
    for (const spec of languages) {
      assert.ok(['full', 'syntax'].includes(spec.support), `${spec.id}: support`);
      assert.ok(['python', 'path', 'go', 'java', 'file'].includes(spec.moduleNaming), `${spec.id}: moduleNaming`);
      assert.ok(spec.lineComment || spec.blockComment?.length === 2, `${spec.id}: comment syntax`);
      assert.ok(spec.extensions.every((e) => e.startsWith('.')), `${spec.id}: extensions`);
      for (const key of ['constructorNames', 'asyncMarkers', 'generatorMarkers', 'selfNames', 'memberSeparators'] as const) {
        assert.ok(Array.isArray(spec[key]), `${spec.id}: ${key} must be a list`);
      }
    }
  });

  it('maps every extension to exactly one language', () => {
    const seen = new Map<string, string>();
    for (const spec of languages) {
      for (const ext of spec.extensions) {
        assert.ok(!seen.has(ext), `${ext} claimed by ${seen.get(ext)} and ${spec.id}`);
        seen.set(ext, spec.id);
      }
    }
  });
});

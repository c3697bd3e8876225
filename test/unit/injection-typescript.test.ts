// Proof that injected TypeScript still type-checks: this repository's own strict TypeScript core (src/core, code
// nobody wrote for this test) is copied, every analyzer recommendation plus a span for every function is injected,
// and the TypeScript compiler checks the copy with the repository's compiler options against the real
// @opentelemetry/api types. No new diagnostic may appear.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ParserService } from '../../src/core/parsing';
import { repoRoot } from './helpers';
import { injectTree } from './injection-support';

/** The compiler's diagnostics for the copy, with the repository's compiler options (tsc from node_modules). */
function diagnostics(dir: string): string[] {
  const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ extends: '../tsconfig.json', compilerOptions: { types: ['node'] }, files, include: [] }));
  const tsc = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '--pretty', 'false', '-p', dir], { encoding: 'utf8' });
  assert.equal(tsc.error, undefined);
  return tsc.stdout.split('\n').filter((l) => l.trim());
}

describe('injection proof: TypeScript (the repository\'s own core, type-checked after injection)', function () {
  this.timeout(600_000);
  let work: string;
  before(() => {
    // Inside the repository so that imports of its packages (and @opentelemetry/api) resolve.
    work = fs.mkdtempSync(path.join(repoRoot, '.ts-inject-'));
    fs.cpSync(path.join(repoRoot, 'src', 'core'), path.join(work, 'core'), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, 'src', 'assets.d.ts'), path.join(work, 'assets.d.ts'));
  });
  after(() => work && fs.rmSync(work, { recursive: true, force: true }));

  it('adds spans everywhere and the copy type-checks as cleanly as before', async () => {
    const before = diagnostics(work);
    assert.deepEqual(before, [], 'the copy does not type-check before injection');
    const parser = new ParserService();
    let totals;
    try {
      totals = await injectTree(parser, path.join(work, 'core'), (f) => (f.endsWith('.ts') && !f.endsWith('.d.ts') ? 'typescript' : undefined), (rel) => rel.replace(/\.ts$/, '').split(path.sep).join('.'));
    } finally {
      parser.dispose();
    }
    assert.ok(totals.applied > 500, `only ${totals.applied} recommendations applied`);
    const after = diagnostics(work);
    assert.equal(after.length, 0, `new type errors after injection:\n${after.join('\n')}`);
  });
});

// Architecture invariant: src/core (the engine) and src/cli never import vscode. The lint rule enforces the same;
// this test also catches require() and dynamic import(). The engine imports no adapter, and the adapters only the engine.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { listFiles, repoRoot } from './helpers';

describe('layers', () => {
  it('src/core and src/cli do not import vscode', () => {
    const offenders: string[] = [];
    for (const dir of ['src/core', 'src/cli']) {
      for (const file of listFiles(path.join(repoRoot, dir))) {
        const text = fs.readFileSync(file, 'utf8');
        if (/(from\s+['"]vscode['"])|(require\(\s*['"]vscode['"]\s*\))|(import\(\s*['"]vscode['"]\s*\))/.test(text)) {
          offenders.push(path.relative(repoRoot, file));
        }
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('src/core imports neither adapter, and the adapters do not import each other', () => {
    const offenders: string[] = [];
    const forbidden: Record<string, string[]> = { 'src/core': ['src/extension', 'src/cli'], 'src/cli': ['src/extension'], 'src/extension': ['src/cli'] };
    for (const [dir, layers] of Object.entries(forbidden)) {
      for (const file of listFiles(path.join(repoRoot, dir))) {
        const text = fs.readFileSync(file, 'utf8');
        for (const m of text.matchAll(/(?:from\s+|import\(\s*|require\(\s*)['"](\.{1,2}\/[^'"]*)['"]/g)) {
          const target = path.relative(repoRoot, path.resolve(path.dirname(file), m[1])).split(path.sep).join('/');
          if (layers.some((l) => target === l || target.startsWith(`${l}/`))) offenders.push(`${path.relative(repoRoot, file)} → ${m[1]}`);
        }
      }
    }
    assert.deepEqual(offenders, []);
  });
});

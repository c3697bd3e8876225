// Architecture invariant: src/core (the engine) and src/cli never import vscode. The lint rule enforces the same;
// this test also catches require() and dynamic import().
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
});

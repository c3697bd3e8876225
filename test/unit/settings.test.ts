// The typed settings table and package.json must agree: same keys, same defaults.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SETTINGS_SECTION, settingDefaults } from '../../src/core/config/settings';
import { repoRoot } from './helpers';

describe('settings', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const declared: Record<string, { default: unknown }> = pkg.contributes.configuration.properties;

  it('declares every setting the code reads, with the same default', () => {
    for (const [key, value] of Object.entries(settingDefaults)) {
      const entry = declared[`${SETTINGS_SECTION}.${key}`];
      assert.ok(entry, `package.json lacks ${SETTINGS_SECTION}.${key}`);
      assert.deepEqual(entry.default, value, `default of ${SETTINGS_SECTION}.${key}`);
    }
  });

  it('lists every declared setting in the README settings table (node scripts/settings-table.mjs writes it)', () => {
    const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('<!-- settings:start -->'), readme.indexOf('<!-- settings:end -->'));
    const listed = [...table.matchAll(/^\| `(traceAdvisor\.[^`]+)` \|/gm)].map((m) => m[1]);
    assert.deepEqual(listed, Object.keys(declared));
  });

  it('reads every setting package.json declares', () => {
    for (const key of Object.keys(declared)) {
      assert.ok(key.slice(SETTINGS_SECTION.length + 1) in settingDefaults, `${key} is declared but no code reads it`);
    }
  });
});

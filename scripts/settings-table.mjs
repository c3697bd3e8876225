// Writes the README's settings table from package.json's contributes.configuration (the one declared source), between
// the <!-- settings:start --> and <!-- settings:end --> markers. test/unit/settings.test.ts checks the two agree.
// Usage: node scripts/settings-table.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const props = pkg.contributes.configuration.properties;

const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const rows = Object.entries(props).map(([key, p]) => {
  const def = JSON.stringify(p.default);
  const type = p.enum ? p.enum.map((v) => `\`${v}\``).join(' / ') : p.type;
  return `| \`${key}\` | ${cell(type)} | \`${cell(def.length > 40 ? `${def.slice(0, 37)}…` : def)}\` | ${cell(p.markdownDescription ?? p.description ?? '')} |`;
});
const table = ['| setting | type | default | what it does |', '|---|---|---|---|', ...rows].join('\n');

const readmePath = path.join(root, 'README.md');
const readme = fs.readFileSync(readmePath, 'utf8');
const start = '<!-- settings:start -->';
const end = '<!-- settings:end -->';
const i = readme.indexOf(start);
const j = readme.indexOf(end);
if (i < 0 || j < i) throw new Error(`README.md lacks the ${start} … ${end} markers`);
fs.writeFileSync(readmePath, `${readme.slice(0, i + start.length)}\n${table}\n${readme.slice(j)}`);
console.log(`settings table: ${rows.length} settings`);

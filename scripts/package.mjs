// `npm run package`: production build, then the VSIX (vsce). Fails when the VSIX reaches 10 MB.
// What goes into the VSIX is decided by .vscodeignore. Usage: node scripts/package.mjs [--out <file.vsix>]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAX_BYTES = 10 * 1024 * 1024;

function run(cmd, args) {
  // stdin is /dev/null: vsce asks questions (e.g. about a missing field) when it can read a terminal.
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

/** Builds and packages; returns { file, bytes }. */
export function packageVsix(out) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const file = path.resolve(root, out ?? `${pkg.name}-${pkg.version}.vsix`);
  const repositoryWeb = String(pkg.repository?.url ?? pkg.repository).replace(/\.git$/, '');
  run(process.execPath, ['scripts/build.mjs', '--production']);
  fs.rmSync(file, { force: true });
  run(process.execPath, [
    path.join(root, 'node_modules/@vscode/vsce/vsce'), 'package',
    '--no-dependencies', // dist/ is self-contained: esbuild bundled every dependency
    // Relative links and images in README.md point into the repository.
    '--baseContentUrl', `${repositoryWeb}/blob/main`,
    '--baseImagesUrl', `${repositoryWeb}/raw/main`,
    '--out', file,
  ]);
  const bytes = fs.statSync(file).size;
  return { file, bytes };
}

if (path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  try {
    const { file, bytes } = packageVsix(i > 0 ? process.argv[i + 1] : undefined);
    const mb = (bytes / 1024 / 1024).toFixed(2);
    console.log(`VSIX: ${path.relative(process.cwd(), file)} (${mb} MB)`);
    if (bytes >= MAX_BYTES) {
      console.error(`VSIX is ${mb} MB: it must stay under 10 MB (check .vscodeignore)`);
      process.exitCode = 1;
    }
  } catch (e) {
    console.error(e.message);
    process.exitCode = 1;
  }
}

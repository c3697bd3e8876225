// `npm run screenshot`: the README's picture, taken from a real VS Code (the test host) with the extension running
// on examples/: diagnostics, CodeLens and a traced call tree (test/host/showcase.ts sets the scene).
// Writes media/screenshot.png. Needs `npm run build` first.
import fs from 'node:fs';
import path from 'node:path';
import testElectron from '@vscode/test-electron';
import { ensureHost, repoRoot } from './ensure-host.mjs';
import { examplesDir, launcherPath } from './suite-runner.mjs';

const showcase = path.join(repoRoot, 'dist/test/host/showcase.js');
const out = path.join(repoRoot, 'media/screenshot.png');

ensureHost();
if (!fs.existsSync(showcase)) {
  process.stderr.write('[screenshot] dist/test/host/showcase.js is missing: run `npm run build` first\n');
  process.exit(1);
}
await testElectron.runTests({
  vscodeExecutablePath: launcherPath,
  extensionDevelopmentPath: repoRoot,
  extensionTestsPath: showcase,
  launchArgs: [examplesDir, `--screenshot=${out}`, '--screenshot-on=[showcase] ready'],
});
console.log(`wrote ${path.relative(process.cwd(), out)}`);

// Measures the extension's activation time in the real VS Code host (code-server), several times, each in a fresh
// host. Prints one JSON line: { "runs": [ms, …] }. Used by `npm run bench`; needs `npm run build` first.
// Usage: node scripts/host/measure-activation.mjs [--runs N]
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import testElectron from '@vscode/test-electron';
import { ensureHost, repoRoot } from './ensure-host.mjs';
import { examplesDir, launcherPath } from './suite-runner.mjs';

const probe = path.join(repoRoot, 'dist/test/host/activation-probe.js');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;

ensureHost();
if (!fs.existsSync(probe)) throw new Error('dist/test/host/activation-probe.js is missing: run `npm run build` first');
const times = [];
for (let i = 0; i < runs; i++) {
  let seen;
  const stdout = new Writable({
    write(chunk, _enc, cb) {
      const m = /\[activation\] ([\d.]+)/.exec(chunk.toString());
      if (m) seen = Number(m[1]);
      cb();
    },
  });
  await testElectron.runTests({ vscodeExecutablePath: launcherPath, extensionDevelopmentPath: repoRoot, extensionTestsPath: probe, launchArgs: [examplesDir], stdout, stderr: process.stderr });
  if (seen === undefined) throw new Error('the probe printed no activation time');
  times.push(seen);
}
console.log(JSON.stringify({ runs: times }));

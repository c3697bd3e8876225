// Entry point VS Code's extension host loads for the in-host tests (--extensionTestsPath).
// Runs every *.test.js bundled next to this file with mocha, and reports "N passed, N failed" on the console,
// which the host launcher forwards and scripts/host/run-host-tests.mjs parses.
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  const files = fs.readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  return new Promise((resolve, reject) => {
    let passed = 0;
    let failed = 0;
    try {
      const runner = mocha.run(() => {
        console.log(`${passed} passed, ${failed} failed`);
        if (failed > 0) reject(new Error(`${failed} host test(s) failed`));
        else if (passed === 0) reject(new Error(`no host tests ran (looked for *.test.js in ${__dirname})`));
        else resolve();
      });
      runner.on('pass', () => { passed++; });
      // 'fail' also fires for failing hooks, which then abort the rest of their suite.
      runner.on('fail', () => { failed++; });
    } catch (err) {
      console.log(`${passed} passed, ${failed + 1} failed`);
      reject(err);
    }
  });
}

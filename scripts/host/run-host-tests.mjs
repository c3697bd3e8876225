// `npm run test:host`: the mocha suite in test/host/suite/ inside a real VS Code extension host (code-server),
// first against the development folder, then against the packaged VSIX (scripts/host/run-vsix-test.mjs).
// (Its building blocks live in suite-runner.mjs, so run-vsix-test.mjs can import them without an import cycle.)
// Prints "N passed, N failed" last; exits non-zero on any failure.
// Flags: --no-vsix  skip the VSIX run.   Env: TRACE_ADVISOR_HOST_VERBOSE=1  show code-server and browser logs.
import fs from 'node:fs';
import path from 'node:path';
import { ensureHost, repoRoot } from './ensure-host.mjs';
import { runSuite, suiteIndex } from './suite-runner.mjs';
import { runVsixTest } from './run-vsix-test.mjs';

async function main() {
  const t0 = Date.now();
  try {
    ensureHost();
  } catch (e) {
    process.stderr.write(`[host] cannot set up the test host: ${e.message}\n`);
    return e.exitCode ?? 1;
  }
  for (const f of [suiteIndex, path.join(repoRoot, 'dist/extension.js')]) {
    if (!fs.existsSync(f)) {
      process.stderr.write(`[host] ${path.relative(repoRoot, f)} is missing: run \`npm run build\` first\n`);
      return 1;
    }
  }
  const results = [];
  results.push(await runSuite({
    label: 'extension host: development folder',
    extensionDevelopmentPath: repoRoot,
    // A picture of the workbench after the tests (README material).
    launchArgs: [`--screenshot=${path.join(repoRoot, 'test-results/host.png')}`, '--screenshot-view=Trace Advisor'],
  }));
  if (!process.argv.includes('--no-vsix')) {
    results.push(await runVsixTest());
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  process.stderr.write(`[host] finished in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 || passed === 0 ? 1 : 0;
}

process.exitCode = await main();

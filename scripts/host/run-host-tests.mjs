// `npm run test:host`: the mocha suite in test/host/suite/ inside a real VS Code extension host (code-server),
// first against the development folder, then against the packaged VSIX (scripts/host/run-vsix-test.mjs).
// Prints "N passed, N failed" last; exits non-zero on any failure.
// Flags: --no-vsix  skip the VSIX run.   Env: TRACE_ADVISOR_HOST_VERBOSE=1  show code-server and browser logs.
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import testElectron from '@vscode/test-electron';
import { ensureHost, repoRoot } from './ensure-host.mjs';

export const launcherPath = path.join(repoRoot, 'scripts/host/launcher.mjs');
export const suiteIndex = path.join(repoRoot, 'dist/test/host/suite/index.js');
export const examplesDir = path.join(repoRoot, 'examples');

/** Copies the host's output to ours and remembers the last "N passed, N failed" the suite printed. */
function countingStream(target) {
  const counts = { passed: 0, failed: 0, seen: false };
  let tail = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      target.write(chunk);
      tail = (tail + chunk.toString()).slice(-4096);
      const all = [...tail.matchAll(/^(\d+) passed, (\d+) failed$/gm)];
      const last = all.at(-1);
      if (last) Object.assign(counts, { passed: Number(last[1]), failed: Number(last[2]), seen: true });
      cb();
    },
  });
  return { stream, counts };
}

/**
 * One run of the suite in the host. Returns { passed, failed }; a run that crashed or timed out before the suite
 * reported counts as one failure.
 */
export async function runSuite({ label, extensionDevelopmentPath, launchArgs = [], env = {} }) {
  process.stderr.write(`\n[host] === ${label} ===\n`);
  const { stream, counts } = countingStream(process.stdout);
  let exitOk = true;
  try {
    await testElectron.runTests({
      vscodeExecutablePath: launcherPath,
      extensionDevelopmentPath,
      extensionTestsPath: suiteIndex,
      launchArgs: [examplesDir, ...launchArgs],
      extensionTestsEnv: env,
      stdout: stream,
      stderr: process.stderr,
    });
  } catch (e) {
    exitOk = false;
    process.stderr.write(`[host] ${label}: ${e.message}\n`);
  }
  if (!counts.seen) return { passed: 0, failed: 1 };
  // Exit code and counts disagree only if run() itself failed (e.g. no tests found): count that as a failure.
  if (!exitOk && counts.failed === 0) return { passed: counts.passed, failed: 1 };
  return { passed: counts.passed, failed: counts.failed };
}

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
    const { runVsixTest } = await import('./run-vsix-test.mjs');
    results.push(await runVsixTest());
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  process.stderr.write(`[host] finished in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 || passed === 0 ? 1 : 0;
}

if (path.resolve(process.argv[1] ?? '') === path.join(repoRoot, 'scripts/host/run-host-tests.mjs')) {
  process.exitCode = await main();
}

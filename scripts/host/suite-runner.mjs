// One run of the host test suite through @vscode/test-electron's runTests(), with scripts/host/launcher.mjs
// standing in for the VS Code executable. Shared by run-host-tests.mjs and run-vsix-test.mjs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import testElectron from '@vscode/test-electron';
import { repoRoot } from './ensure-host.mjs';

export const launcherPath = path.join(repoRoot, 'scripts/host/launcher.mjs');
export const suiteIndex = path.join(repoRoot, 'dist/test/host/suite/index.js');
export const examplesDir = path.join(repoRoot, 'examples');

/**
 * A fresh copy of examples/ for one run: the suite edits and saves files of its workspace, and a run must neither
 * change the repository nor see what an earlier run left behind (a save refused under load, a file not restored).
 */
function copyOfExamples() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trace-advisor-workspace-'));
  const copy = path.join(dir, 'examples');
  fs.cpSync(examplesDir, copy, { recursive: true, filter: (src) => !/(^|\/)scratch(\/|$)/.test(path.relative(examplesDir, src).split(path.sep).join('/')) });
  return { copy, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Copies the host's output to ours and remembers the last "N passed, N failed" the suite printed. */
function countingStream(target) {
  const counts = { passed: 0, failed: 0, seen: false };
  let tail = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      target.write(chunk);
      tail = (tail + chunk.toString().replace(/\x1b\[[0-9;]*m/g, '')).slice(-4096);
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
  const workspace = copyOfExamples();
  let exitOk = true;
  try {
    await testElectron.runTests({
      vscodeExecutablePath: launcherPath,
      extensionDevelopmentPath,
      extensionTestsPath: suiteIndex,
      launchArgs: [workspace.copy, ...launchArgs],
      extensionTestsEnv: { ...env, TRACE_ADVISOR_TEST_WORKSPACE: workspace.copy },
      stdout: stream,
      stderr: process.stderr,
    });
  } catch (e) {
    exitOk = false;
    process.stderr.write(`[host] ${label}: ${e.message}\n`);
  } finally {
    workspace.dispose();
  }
  if (!counts.seen) return { passed: 0, failed: 1 };
  // Exit code and counts disagree only if run() itself failed (e.g. no tests found): count that as a failure.
  if (!exitOk && counts.failed === 0) return { passed: counts.passed, failed: 1 };
  return { passed: counts.passed, failed: counts.failed };
}

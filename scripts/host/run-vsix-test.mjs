// The packaged extension in a real host: builds the VSIX (scripts/package.mjs), installs it into a fresh
// code-server extensions dir (--install-extension) and runs the host suite against the installed copy.
// Called by run-host-tests.mjs; also runnable alone: node scripts/host/run-vsix-test.mjs [--vsix <file>]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureHost, cacheDir } from './ensure-host.mjs';
import { runSuite } from './suite-runner.mjs';
import { packageVsix } from '../package.mjs';

/**
 * runTests() insists on an extensionDevelopmentPath, and VS Code only runs extension tests in a development host:
 * give it an empty extension (different id), so Trace Advisor itself comes from the installed VSIX.
 */
function stubExtension() {
  const dir = path.join(cacheDir, 'vsix-test-stub');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name: 'host-test-stub', publisher: 'trace-advisor-tests', version: '0.0.0', engines: { vscode: '*' },
  }, null, 2));
  return dir;
}

/** Returns { passed, failed } like runSuite. */
export async function runVsixTest(vsix) {
  let file = vsix;
  if (!file) {
    process.stderr.write('\n[host] packaging the VSIX for the installed-extension run\n');
    try {
      const { file: f, bytes } = packageVsix(path.join(cacheDir, 'trace-advisor-test.vsix'));
      process.stderr.write(`[host] VSIX ${path.basename(f)}: ${(bytes / 1024 / 1024).toFixed(2)} MB\n`);
      file = f;
    } catch (e) {
      process.stderr.write(`[host] packaging failed: ${e.message}\n`);
      return { passed: 0, failed: 1 };
    }
  }
  return runSuite({
    label: 'extension host: installed VSIX',
    extensionDevelopmentPath: stubExtension(),
    launchArgs: [`--install-extension=${path.resolve(file)}`],
    env: { TRACE_ADVISOR_EXPECT_INSTALLED: '1' }, // the suite then checks where the extension was loaded from
  });
}

if (path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  ensureHost();
  const i = process.argv.indexOf('--vsix');
  const { passed, failed } = await runVsixTest(i > 0 ? process.argv[i + 1] : undefined);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

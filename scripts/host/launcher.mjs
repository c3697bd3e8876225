#!/usr/bin/env node
// Stands in for the VS Code executable in @vscode/test-electron's runTests({ vscodeExecutablePath }).
// Desktop VS Code cannot be downloaded on these machines, so this runs the same extension tests in code-server's
// remote extension host, with the workbench driven by headless Debian chromium (playwright-core).
//
// Understands:  --extensionDevelopmentPath=<dir>  --extensionTestsPath=<file>  <folder to open>
// Extras:       --install-extension=<vsix>  (installed into the fresh extensions dir before the workbench opens)
//               --screenshot=<png>          (the workbench once the tests have finished)
//               --screenshot-view=<title>   (first click the activity-bar item with that title, e.g. "Trace Advisor")
//               --screenshot-on=<line>      (take it when the extension host logs this line, while the extension still
//                                            runs: after the tests end the host shuts down and views lose their data)
//               --timeout=<seconds>         (overall, default 300)
// Every other flag runTests passes (--no-sandbox, --user-data-dir, --extensions-dir, ...) is ignored: each run gets
// its own temp profile. Exit code = the code the test run gave (mocha failures -> 1).
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { chromium } from 'playwright-core';
import { ensureHost, chromiumPath } from './ensure-host.mjs';
import { chromiumArgs, freePort, installExtension, makeProfile, startCodeServer, workbenchUrl } from './code-server.mjs';

const opts = { folder: undefined, timeout: 300 };
for (const a of process.argv.slice(2)) {
  const m = /^--([^=]+)=(.*)$/.exec(a);
  if (m && ['extensionDevelopmentPath', 'extensionTestsPath', 'install-extension', 'screenshot', 'screenshot-view', 'screenshot-on', 'timeout'].includes(m[1])) opts[m[1]] = m[2];
  else if (!a.startsWith('-')) opts.folder = a;
}
const verbose = !!process.env.TRACE_ADVISOR_HOST_VERBOSE;
// The workbench's own chatter arrives through the same channel as the extension host's console: drop it.
const workbenchNoise = new RegExp('^(\\[(AgentHost|ChatModelSelection|reconnection-grace-time|Service Worker|AccountPolicyGate)' +
  '|Updating additional builtin extensions|Timed out waiting for authentication provider|Resolv(ing|ed) connection token|Creating a socket|getaddrinfo ENOTFOUND)');
const say = (msg) => process.stderr.write(`[host] ${msg}\n`);

let server;
let browser;
let profile;
async function cleanup() {
  try { await browser?.close(); } catch { /* already closed */ }
  server?.stop(); // kills code-server's whole process group
  if (profile) fs.rmSync(profile.dir, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => { await cleanup(); process.exit(130); });
}

async function takeScreenshot(page, file) {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  await page.screenshot({ path: file });
  say(`screenshot: ${file}`);
}

async function main() {
  if (!opts.extensionTestsPath) throw new Error('--extensionTestsPath=<file> is required');
  ensureHost();
  profile = makeProfile();
  if (opts['install-extension']) {
    say(`installing ${opts['install-extension']} into a fresh extensions dir`);
    say(installExtension(profile, path.resolve(opts['install-extension'])));
  }
  const port = await freePort();
  server = await startCodeServer({ profile, port, log: verbose ? (l) => say(`code-server: ${l}`) : undefined });
  say(`code-server ready on ${server.url}`);

  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: chromiumArgs,
    env: { ...process.env, ...profile.env },
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  let finish;
  const exitCode = new Promise((resolve) => { finish = resolve; });
  // The workbench calls these (smoke-test driver): the test run's outcome, and the extension host's console.
  await page.exposeFunction('codeAutomationExit', (code) => finish(Number(code) || 0));
  let pictureTaken;
  await page.exposeFunction('codeAutomationLog', (_type, args) => {
    const parts = Array.isArray(args) ? args : [args];
    const text = util.format(...parts); // mocha prints printf-style ('%s', '%d')
    if (opts.screenshot && opts['screenshot-on'] && text === opts['screenshot-on'] && !pictureTaken) {
      pictureTaken = takeScreenshot(page, opts.screenshot);
    }
    if (verbose || !workbenchNoise.test(text)) process.stdout.write(`${text}\n`);
  });
  if (verbose) page.on('console', (m) => say(`browser ${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => say(`page error: ${e.message}`));

  const url = workbenchUrl({
    port,
    folder: opts.folder,
    extensionDevelopmentPath: opts.extensionDevelopmentPath,
    extensionTestsPath: opts.extensionTestsPath,
  });
  await page.goto(url);
  const timer = new Promise((resolve) => setTimeout(() => resolve('timeout'), Number(opts.timeout) * 1000).unref());
  const code = await Promise.race([exitCode, timer]);
  if (code === 'timeout') {
    say(`TIMEOUT: the test run did not finish within ${opts.timeout} s`);
    if (!verbose) say(`code-server log:\n${server.lines.join('\n')}`);
    return 124;
  }
  if (pictureTaken) {
    await pictureTaken;
  } else if (opts.screenshot) {
    fs.mkdirSync(path.dirname(path.resolve(opts.screenshot)), { recursive: true });
    if (opts['screenshot-view']) {
      try {
        await page.locator(`.activitybar a[aria-label^="${opts['screenshot-view']}"]`).first().click({ timeout: 5000 });
        await page.waitForTimeout(1500); // let the view render its content
      } catch (e) {
        say(`could not open the "${opts['screenshot-view']}" view for the screenshot: ${e.message.split('\n')[0]}`);
      }
    }
    await page.screenshot({ path: opts.screenshot });
    say(`screenshot: ${opts.screenshot}`);
  }
  return code;
}

let code = 1;
try {
  code = await main();
} catch (e) {
  say(`ERROR: ${e.stack ?? e}`);
  code = e.exitCode ?? 1;
} finally {
  await cleanup();
}
process.exit(code);

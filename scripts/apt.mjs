// Debian packages the tests need, installed on first use when running as root (CI runs on a fresh machine as root).
import { spawnSync } from 'node:child_process';

export function missingAptPackages(packages) {
  return packages.filter((p) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

/**
 * Installs what is missing. Returns the packages still missing (empty on success). Without root it installs
 * nothing and returns the list, so the caller can say what to run.
 */
export function installAptPackages(packages, log) {
  const missing = missingAptPackages(packages);
  if (missing.length === 0 || process.getuid?.() !== 0) return missing;
  log(`installing Debian packages: ${missing.join(' ')} (apt-get)`);
  // Non-interactive: CI has no stdin and must never be asked anything.
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const opts = { stdio: ['ignore', 2, 2], env };
  spawnSync('apt-get', ['update', '-q'], opts);
  spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], opts);
  return missingAptPackages(missing);
}

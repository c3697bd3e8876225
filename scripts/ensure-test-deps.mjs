// Installs the Debian packages the unit tests use as real material (Go and JDK sources, the Go toolchain and
// Debian's OpenTelemetry Go module for the injection proofs). Missing packages never fail the run here: each test
// that needs one skips with a reason naming it. CI runs as root, so there everything is installed.
import { installAptPackages } from './apt.mjs';

const PACKAGES = ['golang-src', 'openjdk-17-source', 'openjdk-17-jdk-headless', 'unzip', 'golang-go', 'golang-opentelemetry-otel-dev'];

const log = (m) => process.stderr.write(`[test-deps] ${m}\n`);
const missing = installAptPackages(PACKAGES, log);
if (missing.length) {
  log(`not installed: ${missing.join(' ')} — tests that need them will be skipped`);
  if (process.getuid?.() !== 0) log(`to run them: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
}

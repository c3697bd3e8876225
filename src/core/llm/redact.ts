// Keys must never reach a log line, an error message or a report. SDK errors can echo request headers, so every
// message that could hold one goes through redact(): the known secrets of the run, plus the shapes keys have.
import type { Logger } from '../log';

export const REDACTED = '[REDACTED]';

const KEY_SHAPES: [RegExp, string][] = [
  [/\bsk-[A-Za-z0-9_-]{8,}/g, REDACTED], // OpenAI and Anthropic (sk-ant-…) keys
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, REDACTED], // AWS access key ids
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  [/\b((?:x-)?api[-_]?key|authorization|aws_secret_access_key)(["']?\s*[:=]\s*["']?)[^\s"',}]{6,}/gi, `$1$2${REDACTED}`],
];

export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  // Longest first, so a secret that contains another is replaced whole.
  for (const secret of [...secrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join(REDACTED);
  }
  for (const [shape, replacement] of KEY_SHAPES) out = out.replace(shape, replacement);
  return out;
}

/** A logger that redacts every message before the host's sink sees it. */
export function redactingLogger(inner: Logger, secrets: readonly string[]): Logger {
  return {
    trace: (m) => inner.trace(redact(m, secrets)),
    debug: (m) => inner.debug(redact(m, secrets)),
    info: (m) => inner.info(redact(m, secrets)),
    warn: (m) => inner.warn(redact(m, secrets)),
    error: (m) => inner.error(redact(m, secrets)),
  };
}

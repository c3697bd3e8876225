// The telemetry-line patterns (one data file behind both the TextMate injection grammar and the dimming decoration),
// checked against real injected output: every line planInjection adds that calls OpenTelemetry is matched, and no
// line of code without OpenTelemetry is — the examples, CPython's standard library, npm packages and Go's sources.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { planInjection, unifiedDiff } from '../../src/core/injection';
import { languageForPath } from '../../src/core/languages';
import { ParserService, parseSource } from '../../src/core/parsing';
import patternData from '../../src/extension/injection/data/telemetry-patterns.json';
import { telemetryLines, telemetryMatch } from '../../src/extension/injection/telemetry-lines';
import grammar from '../../syntaxes/telemetry.injection.tmLanguage.json';
import { listFiles, repoRoot } from './helpers';
import { everything } from './injection-support';

const parser = new ParserService();
after(() => parser.dispose());

/** Lines the templates add that hold no call at all: block punctuation and the control flow around the span. */
const STRUCTURAL = /^\s*(?:[{}()[\];,]*|try:?\s*\{?|\}?\s*finally\s*\{?|finally:|\}?\s*catch\s*\((?:\w+\s+)?\w+\)\s*\{|throw \w+;|raise|return await|\}\);?)\s*$/;

/** The lines a plan adds, and the original lines it only re-indents (business code moved into the span's block). */
async function injectedLines(file: string): Promise<{ original: string; added: string[]; moved: string[] }> {
  const rel = path.relative(repoRoot, file);
  const language = languageForPath(file);
  assert.ok(language, `${rel}: no language`);
  const original = fs.readFileSync(file, 'utf8');
  const parsed = await parseSource(parser, original, language.id, { path: rel, moduleName: path.basename(file).replace(/\.\w+$/, '') });
  assert.ok(parsed.ok, `${rel}: ${!parsed.ok && parsed.reason}`);
  const plan = await planInjection(original, parsed.syntax, everything(parsed.syntax), { parser });
  assert.ok(plan.ok, `${rel}: ${!plan.ok && plan.reason}`);
  const diff = unifiedDiff(original, plan.newText, 'a', 'b').split('\n');
  const removed = new Map<string, number>();
  for (const l of diff) if (l.startsWith('-') && !l.startsWith('---')) removed.set(l.slice(1).trim(), (removed.get(l.slice(1).trim()) ?? 0) + 1);
  const added: string[] = [];
  const moved: string[] = [];
  for (const l of diff.filter((d) => d.startsWith('+') && !d.startsWith('+++')).map((d) => d.slice(1))) {
    const count = removed.get(l.trim()) ?? 0;
    if (count > 0) {
      removed.set(l.trim(), count - 1);
      moved.push(l);
    } else added.push(l);
  }
  return { original, added, moved };
}

const exampleFiles = listFiles(path.join(repoRoot, 'examples')).filter((f) => /\.(py|ts|js|go|java)$/.test(f));
/** Lines an injection changes without adding telemetry: a handler that gets an `as e` to record, Go's "context" import. */
const REQUIRED_CHANGE = /^\s*(?:except\b.*\bas \w+:|"context")\s*$/;

/** Code nobody here wrote, with no OpenTelemetry in it: not one line may be taken for telemetry. */
function corpus(): string[] {
  const python = '/root/.pyenv/versions/3.11.7/lib/python3.11';
  const go = ['/usr/lib/go-1.19/src/net/http', '/usr/lib/go-1.19/src/database/sql', '/usr/lib/go-1.19/src/runtime/trace'];
  const files = [
    ...(fs.existsSync(python) ? fs.readdirSync(python).filter((f) => f.endsWith('.py')).map((f) => path.join(python, f)) : []),
    ...go.filter((d) => fs.existsSync(d)).flatMap((d) => listFiles(d).filter((f) => f.endsWith('.go'))),
    ...listFiles(path.join(repoRoot, 'node_modules')).filter((f) => /\.(js|ts|mjs|cjs)$/.test(f) && !f.endsWith('.d.ts') && !f.endsWith('.min.js')),
  ];
  return files.filter((f) => fs.statSync(f).size < 500_000);
}

describe('telemetry line patterns', () => {
  it('generate the checked-in TextMate injection grammar', () => {
    execFileSync(process.execPath, [path.join(repoRoot, 'scripts/telemetry-grammar.mjs'), '--check'], { stdio: 'pipe' });
    assert.deepEqual(grammar.patterns.map((p) => p.match), patternData.patterns.map((p) => p.match));
    assert.deepEqual(grammar.injectionSelector.split(', ').map((s) => s.split(' ')[0].slice(2)), patternData.injectTo);
  });

  for (const file of exampleFiles) {
    const rel = path.relative(repoRoot, file);
    it(`match every OpenTelemetry line injected into ${rel}, and no business line`, async () => {
      const { original, added, moved } = await injectedLines(file);
      const unmatched = added.filter((l) => !telemetryMatch(l) && !STRUCTURAL.test(l) && !REQUIRED_CHANGE.test(l));
      assert.deepEqual(unmatched, [], 'injected lines the patterns miss');
      const wronglyMatched = added.filter((l) => (STRUCTURAL.test(l) || REQUIRED_CHANGE.test(l)) && telemetryMatch(l));
      assert.deepEqual(wronglyMatched, [], 'structural lines taken for telemetry');
      // Business lines the span's block re-indents stay business lines (unless they already were telemetry).
      const originalTelemetry = new Set(telemetryLines(original).map((n) => original.split(/\r?\n/)[n].trim()));
      assert.deepEqual(moved.filter((l) => telemetryMatch(l) && !originalTelemetry.has(l.trim())), []);
      if (!/opentelemetry/i.test(original)) assert.deepEqual(telemetryLines(original), [], 'lines of a file without OpenTelemetry matched');
    });
  }

  it('match the OpenTelemetry lines the examples already had, and not their comments', () => {
    const events = fs.readFileSync(path.join(repoRoot, 'examples/orders-py/orders/events.py'), 'utf8');
    const lines = events.split('\n');
    const matched = telemetryLines(events).map((n) => lines[n].trim());
    assert.ok(matched.includes('from opentelemetry import trace'));
    assert.ok(matched.some((l) => l.startsWith('with tracer.start_as_current_span(')));
    assert.ok(matched.includes('span.set_attribute("order.id", order.id)'));
    assert.ok(!matched.some((l) => l.startsWith('#')), 'a comment was matched');
    const commentAt = (line: string) => (offset: number) => offset >= line.indexOf('//');
    assert.equal(telemetryMatch('  // then span.end() closes it', commentAt('  // then span.end() closes it')), undefined);
  });

  it('take no line of code without OpenTelemetry for telemetry (CPython stdlib, Go sources, npm packages)', function () {
    this.timeout(120_000);
    const files = corpus();
    assert.ok(files.length > 1000, `only ${files.length} corpus files found`);
    const wrong: string[] = [];
    let checked = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      // Tracing code is telemetry (the SDKs' own sources, an SDK's tracing helpers): not business code.
      if (/opentelemetry|tracing|tracer/i.test(file) || /opentelemetry|tracing/i.test(text)) continue;
      checked++;
      const lines = text.split(/\r?\n/);
      for (const n of telemetryLines(text)) wrong.push(`${file}:${n + 1}: ${lines[n].trim().slice(0, 120)}`);
    }
    assert.ok(checked > 1000, `only ${checked} files without OpenTelemetry`);
    assert.deepEqual(wrong.slice(0, 20), []);
  });
});

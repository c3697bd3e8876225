// Property-based tests (fast-check) on real code nobody here wrote, mutated the way half-typed code looks: a line
// deleted, inserted, swapped, a token deleted, duplicated or swapped with another, an unbalanced bracket. For every mutant the pipeline
// parse → analyzeFile → planInjection never throws; an injection never leaves more syntax errors than its input had
// (counted by an independent re-parse); and injecting the injected result again changes nothing.
// A failure prints fast-check's seed and path: re-run with them in fc.assert's options to reproduce it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { analysisConfigFrom, analyzeFile } from '../../src/core/analysis';
import { planInjection } from '../../src/core/injection';
import { ParserService, parseSource } from '../../src/core/parsing';
import { repoRoot } from './helpers';

const PY_STDLIB = '/root/.pyenv/versions/3.11.7/lib/python3.11';
/** Mutants per language, shared among its files: enough to find trouble, few enough for `npm test`. */
const RUNS_PER_LANGUAGE = 40;

type Source = { label: string; languageId: string; file: string; text: string } | { label: string; missing: string };

function fromFile(languageId: string, file: string, install: string): Source {
  if (!fs.existsSync(file)) return { label: path.basename(file), missing: `${file} not found (${install})` };
  return { label: path.basename(file), languageId, file: path.basename(file), text: fs.readFileSync(file, 'utf8') };
}

function goSource(name: string): Source {
  const dir = fs.existsSync('/usr/share') ? fs.readdirSync('/usr/share').filter((d) => /^go-\d/.test(d)).sort().pop() : undefined;
  if (!dir) return { label: name, missing: 'no Go sources under /usr/share/go-* (apt-get install golang-go)' };
  return fromFile('go', path.join('/usr/share', dir, 'src', name), 'golang-go');
}

function javaSource(entry: string): Source {
  const zip = ['/usr/lib/jvm/java-17-openjdk-amd64/lib/src.zip', '/usr/lib/jvm/default-java/lib/src.zip'].find((z) => fs.existsSync(z));
  if (!zip) return { label: entry, missing: 'no JDK lib/src.zip (apt-get install openjdk-17-source)' };
  try {
    return { label: path.basename(entry), languageId: 'java', file: path.basename(entry), text: execFileSync('unzip', ['-p', zip, entry], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }) };
  } catch (e) {
    return { label: entry, missing: `cannot unzip ${entry}: ${(e as Error).message.split('\n')[0]}` };
  }
}

const sources: Source[] = [
  fromFile('python', path.join(PY_STDLIB, 'textwrap.py'), 'CPython 3.11 under pyenv'),
  fromFile('python', path.join(PY_STDLIB, 'shlex.py'), 'CPython 3.11 under pyenv'),
  fromFile('python', path.join(PY_STDLIB, 'smtplib.py'), 'CPython 3.11 under pyenv'),
  fromFile('javascript', path.join(repoRoot, 'node_modules/semver/classes/range.js'), 'npm ci'),
  fromFile('javascript', path.join(repoRoot, 'node_modules/semver/functions/coerce.js'), 'npm ci'),
  goSource('strings/replace.go'),
  javaSource('java.base/java/util/StringJoiner.java'),
];

type Mutation =
  | { kind: 'delete-line'; at: number }
  | { kind: 'insert-line'; at: number; from: number }
  | { kind: 'swap-lines'; at: number; with: number }
  | { kind: 'delete-token'; at: number; token: number }
  | { kind: 'duplicate-token'; at: number; token: number }
  | { kind: 'swap-tokens'; at: number; token: number; with: number }
  | { kind: 'unbalanced-bracket'; at: number; column: number; bracket: string };

const index = fc.nat({ max: 1_000_000 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete-line' as const), at: index }),
  fc.record({ kind: fc.constant('insert-line' as const), at: index, from: index }),
  fc.record({ kind: fc.constant('swap-lines' as const), at: index, with: index }),
  fc.record({ kind: fc.constant('delete-token' as const), at: index, token: index }),
  fc.record({ kind: fc.constant('duplicate-token' as const), at: index, token: index }),
  fc.record({ kind: fc.constant('swap-tokens' as const), at: index, token: index, with: index }),
  fc.record({ kind: fc.constant('unbalanced-bracket' as const), at: index, column: index, bracket: fc.constantFrom('(', ')', '[', ']', '{', '}') }),
);

/** Applies mutations in order; indexes wrap around the current line count, so every mutation lands somewhere. */
function mutate(text: string, mutations: readonly Mutation[]): string {
  const lines = text.split('\n');
  for (const m of mutations) {
    const at = m.at % lines.length;
    const tokens = () => [...lines[at].matchAll(/\w+|[^\s\w]/g)];
    switch (m.kind) {
      case 'delete-line':
        lines.splice(at, 1);
        break;
      case 'insert-line':
        lines.splice(at, 0, lines[m.from % lines.length]);
        break;
      case 'swap-lines': {
        const other = m.with % lines.length;
        [lines[at], lines[other]] = [lines[other], lines[at]];
        break;
      }
      case 'delete-token':
      case 'duplicate-token': {
        const found = tokens();
        if (!found.length) break;
        const t = found[m.token % found.length];
        const end = t.index + t[0].length;
        lines[at] = m.kind === 'delete-token' ? lines[at].slice(0, t.index) + lines[at].slice(end) : lines[at].slice(0, end) + t[0] + lines[at].slice(end);
        break;
      }
      case 'swap-tokens': {
        const found = tokens();
        if (found.length < 2) break;
        const [a, b] = [found[m.token % found.length], found[m.with % found.length]].sort((x, y) => x.index - y.index);
        if (a.index === b.index) break;
        const line = lines[at];
        lines[at] = line.slice(0, a.index) + b[0] + line.slice(a.index + a[0].length, b.index) + a[0] + line.slice(b.index + b[0].length);
        break;
      }
      case 'unbalanced-bracket': {
        const column = m.column % (lines[at].length + 1);
        lines[at] = lines[at].slice(0, column) + m.bracket + lines[at].slice(column);
        break;
      }
    }
    if (!lines.length) lines.push('');
  }
  return lines.join('\n');
}

describe('properties: mutated real code through parse, analysis and injection', function () {
  // A hang guard for the whole file's runs, not a performance check.
  this.timeout(600_000);
  const parser = new ParserService();
  const config = analysisConfigFrom({});
  after(() => parser.dispose());

  async function analyzeAndPlan(text: string, languageId: string, file: string) {
    const parsed = await parseSource(parser, text, languageId, { path: file, moduleName: file.replace(/\.\w+$/, '') });
    if (!parsed.ok) return { parsed };
    const recommendations = analyzeFile(parsed.syntax, config).recommendations;
    return { parsed, plan: await planInjection(text, parsed.syntax, recommendations, { parser }) };
  }

  for (const source of sources) {
    it(`${source.label}: never throws, never parses worse, and injecting twice equals injecting once`, async function () {
      if ('missing' in source) {
        this.test!.title += ` (skipped: ${source.missing})`;
        this.skip();
      }
      const { languageId, file, text } = source;
      const original = await analyzeAndPlan(text, languageId, file);
      assert.ok(original.parsed.ok && original.plan?.ok && original.plan.edits.length, `the unmutated ${file} is instrumented`);
      let injected = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
          const mutant = mutate(text, mutations);
          const first = await analyzeAndPlan(mutant, languageId, file);
          if (!first.parsed.ok || !first.plan) return;
          if (!first.plan.ok) {
            assert.ok(first.plan.reason.trim(), 'a refusal carries a reason');
            return;
          }
          const before = first.parsed.syntax.syntaxErrors;
          const second = await analyzeAndPlan(first.plan.newText, languageId, file);
          assert.ok(second.parsed.ok, 'the injected file parses');
          assert.ok(second.parsed.syntax.syntaxErrors <= before, `syntax errors ${before} → ${second.parsed.syntax.syntaxErrors}`);
          assert.ok(second.plan?.ok, `the second injection was refused: ${second.plan && !second.plan.ok && second.plan.reason}`);
          assert.equal(second.plan.newText, first.plan.newText, 'injecting the injected file changed it again');
          if (first.plan.edits.length) injected++;
        }),
        { numRuns: Math.ceil(RUNS_PER_LANGUAGE / sources.filter((s) => 'languageId' in s && s.languageId === languageId).length) },
      );
      assert.ok(injected > 0, 'no mutant was instrumented: the properties were never checked');
    });
  }
});

describe('properties: comment lines never move injected code', function () {
  // A hang guard for the whole file's runs, not a performance check.
  this.timeout(600_000);
  const parser = new ParserService();
  const config = analysisConfigFrom({});
  after(() => parser.dispose());
  const markerPrefix: Record<string, string> = { python: '#', javascript: '//', go: '//', java: '//' };
  const indentations = ['', ' ', '  ', '\t', '\t\t', ' '.repeat(13)];

  async function inject(text: string, languageId: string, file: string) {
    const parsed = await parseSource(parser, text, languageId, { path: file, moduleName: file.replace(/\.\w+$/, '') });
    assert.ok(parsed.ok);
    const plan = await planInjection(text, parsed.syntax, analyzeFile(parsed.syntax, config).recommendations, { parser });
    return { syntax: parsed.syntax, plan };
  }

  for (const source of sources) {
    it(`${source.label}: comment lines at any indentation, anywhere, leave the injected text otherwise the same`, async function () {
      if ('missing' in source) {
        this.test!.title += ` (skipped: ${source.missing})`;
        this.skip();
      }
      const { languageId, file, text } = source;
      const marker = `${markerPrefix[languageId]} comment inserted by the property test`;
      const original = await inject(text, languageId, file);
      assert.ok(original.plan.ok && original.plan.edits.length, `the unmodified ${file} is instrumented`);
      const expected = original.plan.newText;
      let compared = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(fc.record({ at: index, indent: fc.constantFrom(...indentations) }), { minLength: 1, maxLength: 3 }), async (inserts) => {
          const lines = text.split('\n');
          for (const { at, indent } of inserts) lines.splice(at % (lines.length + 1), 0, indent + marker);
          const commented = await inject(lines.join('\n'), languageId, file);
          // A comment can break code (after a Python line continuation, between Go's `}` and `else`): not this property's case.
          if (commented.syntax.syntaxErrors !== original.syntax.syntaxErrors) return;
          // Known elsewhere: a comment first inside `if (` is taken as the condition's text (constructs.scm), which the
          // branch event then carries; that is the condition's text, not where the code goes.
          if (commented.syntax.constructs.some((c) => c.detail?.includes(marker))) return;
          assert.ok(commented.plan.ok, !commented.plan.ok ? commented.plan.reason : '');
          const withoutMarkers = commented.plan.newText.split('\n').filter((l) => l.trim() !== marker).join('\n');
          assert.equal(withoutMarkers, expected);
          compared++;
        }),
        { numRuns: 15 },
      );
      assert.ok(compared > 0, 'every variant had a syntax error: the property was never checked');
    });
  }
});

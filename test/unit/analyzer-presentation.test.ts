// The extension's pure mapping of analyzer results: recommendation → diagnostic data (severity, range, message, rule
// link), hover text, lens titles, coverage text, grouping, the "Don't recommend here" comment per language (checked
// by analyzing the suppressed text again), and VS Code settings merged with .trace-advisor.yaml.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analysisConfigFrom, analyzeFile, defaultAnalysisConfig, type AnalysisSettings, type AnalyzedRecommendation } from '../../src/core/analysis';
import { settingDefaults, type Settings } from '../../src/core/config/settings';
import { parseWorkspaceConfig } from '../../src/core/config/workspace-file';
import { languageForPath } from '../../src/core/languages';
import type { FileSyntax } from '../../src/core/model';
import { ParserService, parseSource } from '../../src/core/parsing';
import { effectiveSettings } from '../../src/extension/analyzer/effective-settings';
import {
  coverageText,
  diagnosticMessage,
  diagnosticRange,
  diagnosticSeverity,
  groupRecommendations,
  hoverMarkdown,
  lensTitle,
  readmeUrl,
  ruleUrl,
} from '../../src/extension/analyzer/presentation';
import { suppressionInsert } from '../../src/extension/analyzer/suppression';
import { repoRoot } from './helpers';

const service = new ParserService();
after(() => service.dispose());

async function parse(rel: string, text: string): Promise<FileSyntax> {
  const spec = languageForPath(rel);
  assert.ok(spec, `no language for ${rel}`);
  const result = await parseSource(service, text, spec.id, { path: rel, moduleName: path.basename(rel).replace(/\.\w+$/, '') });
  assert.ok(result.ok, `parse failed: ${!result.ok && result.reason}`);
  return result.syntax;
}

function settings(overrides: Partial<Settings> = {}): Settings {
  return { ...structuredClone(settingDefaults), ...overrides } as Settings;
}

const examplesService = 'examples/orders-py/orders/service.py';
const serviceText = fs.readFileSync(path.join(repoRoot, examplesService), 'utf8');
const serviceLines = serviceText.split('\n');

describe('analyzer in the editor: recommendation → diagnostic', () => {
  let recs: AnalyzedRecommendation[];
  before(async () => {
    recs = analyzeFile(await parse(examplesService, serviceText), defaultAnalysisConfig()).recommendations;
    assert.ok(recs.length > 5);
  });

  it('ranges cover the first line of the construct only, from where it starts', () => {
    for (const rec of recs) {
      const r = diagnosticRange(rec, (line) => serviceLines[line]?.length);
      assert.equal(r.startLine, rec.line - 1);
      assert.equal(r.endLine, r.startLine, `${rec.rule} at ${rec.line}`);
      assert.equal(r.startColumn, rec.span.start.column);
      assert.ok(r.endColumn > r.startColumn && r.endColumn <= serviceLines[r.startLine].length, `${rec.rule} at ${rec.line}: ${JSON.stringify(r)}`);
    }
    const fn = recs.find((r) => r.rule === 'python.function-span' && r.function === 'place_order')!;
    const r = diagnosticRange(fn, (line) => serviceLines[line]?.length);
    assert.equal(serviceLines[r.startLine].slice(r.startColumn, r.endColumn), 'place_order(self, customer_id, items):');
  });

  it('a recommendation from a workspace run (no span) marks its whole line', () => {
    const rec = { ...recs[0], span: undefined };
    assert.deepEqual(diagnosticRange(rec, () => 12), { startLine: rec.line - 1, startColumn: 0, endLine: rec.line - 1, endColumn: 12 });
  });

  it('messages name the priority, the score and the specific rationale', () => {
    const handler = recs.find((r) => r.rule === 'python.exception-handler')!;
    assert.match(diagnosticMessage(handler), /^Exception handling \(score \d\.\d\d\): catches PaymentDeclined: /);
    assert.equal(diagnosticMessage({ ...handler, rationale: '  ' }), `Exception handling (score ${handler.score.toFixed(2)}): python.exception-handler recommends a trace point in place_order.`);
  });

  it('severity: the rule setting wins, then diagnostics.severity, hints stay hints, off means none', () => {
    const handler = recs.find((r) => r.rule === 'python.exception-handler')!;
    const branch = recs.find((r) => r.rule === 'python.complex-branch')!;
    const defaults = defaultAnalysisConfig();
    assert.equal(diagnosticSeverity(handler, defaults, 'information'), 'information');
    assert.equal(diagnosticSeverity(handler, defaults, 'warning'), 'warning');
    assert.equal(diagnosticSeverity(handler, defaults, 'off'), undefined);
    assert.equal(diagnosticSeverity(branch, defaults, 'warning'), 'hint');
    assert.equal(diagnosticSeverity(handler, analysisConfigFrom({ rules: { 'exception-handler': 'error' } }), 'information'), 'error');
    assert.equal(diagnosticSeverity(handler, analysisConfigFrom({ rules: { 'exception-handler': 'hint', 'python.exception-handler': 'warning' } }), 'information'), 'warning');
  });

  it('rule links point at the README anchor of the rule, from package.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { repository?: unknown; homepage?: unknown };
    const readme = readmeUrl(pkg);
    assert.ok(readme && /^https?:\/\/[^#]+$/.test(readme), `README URL from package.json: ${readme}`);
    assert.equal(ruleUrl(readme, 'python.exception-handler'), `${readme}#rule-exception-handler`);
    const readmeText = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    for (const rec of recs) {
      const anchor = ruleUrl(readme, rec.rule).split('#')[1];
      assert.ok(readmeText.includes(`id="${anchor}"`), `README has no anchor ${anchor}`);
    }
    assert.equal(readmeUrl({ repository: { url: 'git+https://github.com/o/r.git' } }), 'https://github.com/o/r');
    assert.equal(readmeUrl({ homepage: 'https://o.example/docs', repository: 'https://github.com/o/r' }), 'https://o.example/docs');
    assert.equal(readmeUrl({ repository: 'github:o/r' }), undefined);
    assert.equal(readmeUrl({}), undefined);
  });

  it('hover text says why, the span and what to capture, and names secrets left out', async () => {
    const text = 'import requests\n\ndef charge(order_id, password):\n    try:\n        return requests.post("https://pay/charge", json={"o": order_id, "p": password})\n    except requests.Timeout:\n        return None\n';
    const analysis = analyzeFile(await parse('auth.py', text), defaultAnalysisConfig());
    const fnSpan = analysis.recommendations.find((r) => r.rule === 'python.function-span');
    assert.ok(fnSpan, analysis.recommendations.map((r) => r.rule).join(', '));
    const md = hoverMarkdown([fnSpan], 'https://x.example/r');
    assert.match(md, /Left out: password \(looks secret\)/);
    assert.match(md, /Span: `charge` \(internal\)/);
    assert.match(md, /Capture: `code\.function\.name`, `order\.id`/);
    assert.ok(!/Capture:.*password/.test(md));
    assert.match(md, /\[python\.function-span\]\(https:\/\/x\.example\/r#rule-function-span\)/);
    const post = analysis.recommendations.find((r) => r.rule === 'python.external-call')!;
    assert.match(hoverMarkdown([post]), /Known values: `http\.request\.method` = `POST`/);
  });

  it('lens titles, coverage text and grouping', () => {
    assert.equal(lensTitle(1), '1 trace point');
    assert.equal(lensTitle(3), '3 trace points');
    assert.equal(coverageText({ functions: 0, instrumented: 0 }), 'nothing to trace');
    assert.equal(coverageText({ functions: 3, instrumented: 1 }), '1/3 functions traced (33%)');
    const byFunction = groupRecommendations(recs, 'function');
    assert.deepEqual(byFunction.map((g) => g.label), ['service.OrderService.place_order', 'service.OrderService.price_lines', 'service.OrderService.cancel_order']);
    assert.equal(byFunction.reduce((n, g) => n + g.recommendations.length, 0), recs.length);
    const byPriority = groupRecommendations(recs, 'priority');
    assert.equal(byPriority[0].recommendations[0].score, Math.max(...recs.map((r) => r.score)));
    for (const g of byPriority) {
      assert.ok(g.recommendations.every((r) => r.priority === g.key));
      assert.deepEqual(g.recommendations.map((r) => r.score), [...g.recommendations.map((r) => r.score)].sort((a, b) => b - a));
    }
  });
});

describe('analyzer in the editor: "Don\'t recommend here"', () => {
  // Each case: a file, the rule to silence and the text of the line it is on. Applying the insert and analyzing
  // again must drop exactly that recommendation.
  const cases: { file: string; rule: string; lineText: string; comment: string }[] = [
    { file: 'examples/orders-py/orders/service.py', rule: 'python.exception-handler', lineText: 'except PaymentDeclined', comment: '        # trace-advisor: ignore-next-line python.exception-handler' },
    { file: 'examples/catalog-ts/src/catalog-service.ts', rule: 'javascript.function-span', lineText: '', comment: '// trace-advisor: ignore-next-line javascript.function-span' },
    { file: 'examples/payments-go/internal/charges/service.go', rule: 'go.error-check', lineText: 'if err != nil', comment: '// trace-advisor: ignore-next-line go.error-check' },
    { file: 'examples/inventory-java/src/main/java/com/shop/inventory/service/InventoryService.java', rule: 'java.function-span', lineText: '', comment: '// trace-advisor: ignore-next-line java.function-span' },
  ];
  for (const c of cases) {
    it(`${path.extname(c.file)}: ${c.rule}`, async () => {
      const text = fs.readFileSync(path.join(repoRoot, c.file), 'utf8');
      const syntax = await parse(c.file, text);
      const before = analyzeFile(syntax, defaultAnalysisConfig()).recommendations;
      const target = before.find((r) => r.rule === c.rule && text.split('\n')[r.line - 1].includes(c.lineText));
      assert.ok(target, `no ${c.rule} in ${c.file}: ${before.map((r) => r.rule).join(', ')}`);
      const lines = text.split('\n');
      const insert = suppressionInsert(syntax.languageId, target.line - 1, lines[target.line - 1], target.rule);
      assert.ok(insert);
      assert.equal(insert.text.trimStart(), `${c.comment.trimStart()}\n`);
      assert.equal(insert.text.length - insert.text.trimStart().length, /^\s*/.exec(lines[target.line - 1])![0].length, 'indented like the line');
      lines.splice(insert.line, 0, insert.text.replace(/\n$/, ''));
      const after = analyzeFile(await parse(c.file, lines.join('\n')), defaultAnalysisConfig());
      assert.equal(after.recommendations.length, before.length - 1, after.suppressed.map((s) => s.rule).join(', '));
      assert.deepEqual(after.suppressed.map((s) => [s.rule, s.qualifiedName]), [[target.rule, target.qualifiedName]]);
    });
  }

  it('keeps tabs and CRLF line ends; a language it does not know gets no comment', () => {
    assert.equal(suppressionInsert('not-a-language', 0, 'x', 'r'), undefined);
    assert.equal(suppressionInsert('python', 3, '\t\tif x:', 'python.complex-branch', '\r\n')?.text, '\t\t# trace-advisor: ignore-next-line python.complex-branch\r\n');
  });
});

describe('analyzer in the editor: settings with .trace-advisor.yaml', () => {
  it('the file wins key by key; priorities merge per field and rules per rule', () => {
    const yaml = parseWorkspaceConfig('priorities:\n  state_changes: { enabled: false }\n  exception_handling: { weight: 0.9 }\nrules:\n  complex-branch: off\ndiagnostics:\n  severity: warning\nanalysis:\n  minScore: 0.3\n', 'x.yaml');
    assert.deepEqual(yaml.problems, []);
    const base = settings({ rules: { 'python.external-call': 'error' }, 'codeLens.enable': false });
    const merged = effectiveSettings(base, yaml.settings);
    assert.deepEqual(merged.priorities.state_changes, { enabled: false, weight: 0.5 });
    assert.deepEqual(merged.priorities.exception_handling, { enabled: true, weight: 0.9 });
    assert.deepEqual(merged.priorities.message_bus, base.priorities.message_bus);
    assert.deepEqual(merged.rules, { 'python.external-call': 'error', 'complex-branch': 'off' });
    assert.equal(merged['diagnostics.severity'], 'warning');
    assert.equal(merged['analysis.minScore'], 0.3);
    assert.equal(merged['codeLens.enable'], false);
    assert.deepEqual(base.priorities.state_changes, { enabled: true, weight: 0.5 }, 'the base settings are not changed');
    const config = analysisConfigFrom(merged as AnalysisSettings);
    assert.equal(config.priorities.state_changes.enabled, false);
    assert.equal(config.rules['complex-branch'], 'off');
  });

  it('a mistake in the file leaves the setting at its VS Code value', () => {
    const yaml = parseWorkspaceConfig('analysis:\n  minScore: high\n', 'x.yaml');
    assert.equal(yaml.problems.length, 1);
    assert.equal(yaml.problems[0].line, 2);
    assert.equal(effectiveSettings(settings({ 'analysis.minScore': 0.2 }), yaml.settings)['analysis.minScore'], 0.2);
  });
});

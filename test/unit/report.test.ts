// Reports rendered from fixed analyses: Markdown and the default template against golden files (regenerate with
// UPDATE_GOLDEN=1 and review the diff), SARIF against the 2.1.0 structure, the analysis schema on good and bad input.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type * as Sarif from 'sarif';
import {
  TemplateError,
  defaultTemplate,
  renderMarkdown,
  renderSarif,
  renderTemplate,
  reportFormatters,
  validateAnalysis,
  type AnalysisReport,
} from '../../src/core/report';
import { fixturesDir } from './helpers';

const reportDir = path.join(fixturesDir, 'report');
const workspace = path.join(reportDir, 'workspace');
const load = (name: string): AnalysisReport => JSON.parse(fs.readFileSync(path.join(reportDir, name), 'utf8')) as AnalysisReport;

function checkGolden(name: string, actual: string): void {
  const file = path.join(reportDir, name);
  if (process.env.UPDATE_GOLDEN) fs.writeFileSync(file, actual);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `${name} differs (UPDATE_GOLDEN=1 rewrites it)`);
}

describe('reports', () => {
  describe('markdown', () => {
    it('matches the golden report, quoting code from the workspace', () => {
      checkGolden('analysis.golden.md', renderMarkdown(load('analysis.json'), { baseDir: workspace }));
    });

    it('matches the golden report for an analysis with nothing to recommend', () => {
      checkGolden('empty-analysis.golden.md', renderMarkdown(load('empty-analysis.json'), { baseDir: workspace }));
    });

    it('omits excerpts when the files cannot be read, and keeps everything else', () => {
      const withCode = renderMarkdown(load('analysis.json'), { baseDir: workspace });
      const without = renderMarkdown(load('analysis.json'), { baseDir: path.join(reportDir, 'no-such-dir') });
      assert.ok(withCode.includes('```python\nresponse = requests.post('));
      assert.ok(!without.includes('```python'));
      const headings = (md: string) => md.split('\n').filter((l) => l.startsWith('#'));
      assert.deepEqual(headings(without), headings(withCode));
    });

    it('groups by priority in the canonical order, highest score first within a group', () => {
      const md = renderMarkdown(load('analysis.json'), { baseDir: workspace });
      const groupTitles = md.split('\n').filter((l) => l.startsWith('### '));
      assert.deepEqual(groupTitles, ['### Function entry and exit (1)', '### Exception handling (1)', '### External resource interactions (2)', '### Performance-critical paths (1)']);
      assert.ok(md.indexOf('shop/orders.py:10') < md.indexOf('shop/db.py:7'), 'score 0.9 comes before score 0.8');
    });

    it('fences an excerpt that itself holds a backtick fence with a longer fence', () => {
      const md = renderMarkdown(load('analysis.json'), { baseDir: workspace });
      assert.ok(md.includes('````python\nfor cart in carts:'));
      assert.ok(md.includes('… (1 more lines)\n````'));
    });
  });

  describe('template', () => {
    it('the default template reproduces the coded Markdown report exactly', () => {
      for (const [name, baseDir] of [['analysis.json', workspace], ['analysis.json', undefined], ['empty-analysis.json', workspace]] as const) {
        assert.equal(renderTemplate(load(name), defaultTemplate, { baseDir }), renderMarkdown(load(name), { baseDir }), name);
      }
    });

    it('matches the golden file for a user template', () => {
      const template = fs.readFileSync(path.join(reportDir, 'checklist.md.njk'), 'utf8');
      checkGolden('checklist.golden.md', renderTemplate(load('analysis.json'), template, { baseDir: workspace }));
    });

    it('reports a broken template in one line naming it', () => {
      assert.throws(
        () => renderTemplate(load('analysis.json'), '{% for g in groups %}{{ g.title }', {}, 'mine.njk'),
        (e: Error) => e instanceof TemplateError && e.message.startsWith('mine.njk: ') && !e.message.includes('\n'),
      );
    });
  });

  describe('SARIF', () => {
    const log: Sarif.Log = renderSarif({ ...load('analysis.json'), root: workspace });

    it('has the properties SARIF 2.1.0 requires', () => {
      assert.equal(log.version, '2.1.0');
      assert.match(log.$schema ?? '', /sarif-2\.1\.0/);
      assert.equal(log.runs.length, 1);
      const run = log.runs[0];
      assert.equal(run.tool.driver.name, 'trace-advisor');
      assert.ok(Array.isArray(run.tool.driver.rules));
      for (const result of run.results ?? []) {
        assert.ok(result.ruleId, 'ruleId');
        assert.ok(result.message.text, 'message.text');
        const physical = result.locations?.[0]?.physicalLocation;
        assert.ok(physical?.artifactLocation?.uri, 'artifactLocation.uri');
        assert.equal(physical.artifactLocation.uriBaseId, '%SRCROOT%');
        assert.ok(Number.isInteger(physical.region?.startLine) && physical.region!.startLine! >= 1, 'region.startLine');
      }
    });

    it('has one rule per rule id with help, and results that point at their rule', () => {
      const run = log.runs[0];
      const rules = run.tool.driver.rules!;
      const ruleIds = rules.map((r) => r.id);
      assert.deepEqual(ruleIds, [...new Set(ruleIds)]);
      assert.deepEqual([...ruleIds].sort(), ['python.db-call', 'python.exception-handler', 'python.function-entry', 'python.http-client', 'python.remote-call-loop']);
      for (const rule of rules) {
        assert.ok(rule.help?.text && rule.shortDescription?.text);
        assert.match(rule.helpUri ?? '', /^https?:\/\/.+#analyzer$/);
      }
      assert.equal(run.results!.length, 5);
      for (const result of run.results!) assert.equal(rules[result.ruleIndex!].id, result.ruleId);
      const http = run.results!.find((r) => r.ruleId === 'python.http-client')!;
      assert.deepEqual(http.locations![0].physicalLocation!.region, { startLine: 10, endLine: 10 });
      assert.equal(http.locations![0].physicalLocation!.artifactLocation!.uri, 'shop/orders.py');
    });

    it('fingerprints results independently of their line, so moving code does not make them new', () => {
      const prints = (report: AnalysisReport) => renderSarif(report).runs[0].results!.map((r) => r.partialFingerprints!['traceAdvisorRecommendation/v2']);
      const original = load('analysis.json');
      const before = prints(original);
      assert.equal(new Set(before).size, before.length, `fingerprints are not unique: ${before.join(', ')}`);
      for (const p of before) assert.doesNotMatch(p, /:\d+$|:\d+#/, `a line number in ${p}`);
      const moved = load('analysis.json');
      for (const f of moved.files) for (const r of f.recommendations) Object.assign(r, { line: r.line + 7, endLine: r.endLine + 7, id: `${r.id}-moved` });
      assert.deepEqual(prints(moved), before);
    });

    it('maps %SRCROOT% to the analysis root and reports skipped files as notifications', () => {
      const run = log.runs[0];
      assert.equal(run.originalUriBaseIds?.['%SRCROOT%']?.uri, `file://${workspace}/`);
      assert.match(run.invocations![0].toolExecutionNotifications![0].message.text!, /shop\/big\.py/);
    });

    it('percent-encodes paths into URI references', () => {
      const report = load('empty-analysis.json');
      report.files = [{ path: 'my dir/a#b.py', language: 'python', recommendations: load('analysis.json').files[1].recommendations }];
      const uri = renderSarif(report).runs[0].results![0].locations![0].physicalLocation!.artifactLocation!.uri;
      assert.equal(uri, 'my%20dir/a%23b.py');
    });
  });

  describe('analysis schema', () => {
    it('accepts the fixtures and the JSON formatter output of them', () => {
      for (const name of ['analysis.json', 'empty-analysis.json']) {
        const report = load(name);
        assert.deepEqual(validateAnalysis(report), { ok: true, report });
        assert.ok(validateAnalysis(JSON.parse(reportFormatters.json(report))).ok);
      }
    });

    it('rejects wrong analyses with one line naming the place', () => {
      const bad = load('analysis.json');
      (bad.files[0].recommendations[0] as { priority: string }).priority = 'speed';
      const result = validateAnalysis(bad);
      assert.ok(!result.ok);
      assert.match(result.problem, /^files\.0\.recommendations\.0\.priority: .*exception_handling/);
      assert.deepEqual(validateAnalysis({ files: [] }), { ok: false, problem: "the top level: must have required property 'tool'" });
      assert.ok(!validateAnalysis([]).ok);
    });
  });
});

// The `report` command and the report options `analyze` shares (--out, --template, --fail-under, --changed-since),
// run in-process through runCli, plus the built dist/cli.js once. User errors must be exit 2 with one line.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type * as Sarif from 'sarif';
import { runCli } from '../../src/cli/main';
import { UsageError, type CliIO } from '../../src/cli/io';
import { filesChangedSince } from '../../src/cli/report-output';
import { renderMarkdown, type AnalysisReport } from '../../src/core/report';
import { fixturesDir, repoRoot } from './helpers';

const reportDir = path.join(fixturesDir, 'report');
const analysisFile = path.join(reportDir, 'analysis.json');
const workspace = path.join(reportDir, 'workspace');

async function cli(args: string[], cwd = repoRoot, isTTY = false): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY, cwd, env: {} };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

function assertOneLineError(r: { code: number; stderr: string }, pattern: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, pattern);
  assert.equal(r.stderr.trimEnd().split('\n').length, 1, `more than one line: ${r.stderr}`);
  assert.ok(!/\n\s+at /.test(r.stderr), 'stack trace on stderr');
}

let tmp: string;
function useTempDir(): void {
  beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trace-advisor-report-'))));
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));
}

describe('report command', () => {
  useTempDir();

  it('prints the Markdown report of a saved analysis, quoting code from --base-dir', async () => {
    const r = await cli(['report', analysisFile, '--base-dir', workspace]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(fs.readFileSync(analysisFile, 'utf8')) as AnalysisReport;
    assert.equal(r.stdout, renderMarkdown(report, { baseDir: workspace }));
    assert.equal(r.stderr, '');
  });

  it('writes SARIF to --out and nothing to stdout', async () => {
    const out = path.join(tmp, 'results.sarif');
    const r = await cli(['report', analysisFile, '--format', 'sarif', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    const log = JSON.parse(fs.readFileSync(out, 'utf8')) as Sarif.Log;
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs[0].results!.length, 5);
  });

  it('re-emits the analysis unchanged as JSON', async () => {
    const r = await cli(['report', analysisFile, '--format', 'json']);
    assert.deepEqual(JSON.parse(r.stdout), JSON.parse(fs.readFileSync(analysisFile, 'utf8')));
  });

  it('renders a user template given with --template', async () => {
    const r = await cli(['report', analysisFile, '--template', path.join(reportDir, 'checklist.md.njk'), '--base-dir', workspace]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, fs.readFileSync(path.join(reportDir, 'checklist.golden.md'), 'utf8'));
  });

  describe('coverage gate', () => {
    // The fixture's coverage is 1 of 8 functions: 12.5%.
    it('exits 0 when coverage reaches --fail-under', async () => {
      const r = await cli(['report', analysisFile, '--fail-under', '12.5', '--out', path.join(tmp, 'r.md')]);
      assert.equal(r.code, 0, r.stderr);
    });

    it('exits 1 with one line when coverage is below --fail-under, after writing the report', async () => {
      const out = path.join(tmp, 'r.md');
      const r = await cli(['report', analysisFile, '--fail-under', '50%', '--out', out]);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, 'trace-advisor: instrumentation coverage 12.5% (1 of 8 functions) is below --fail-under 50%\n');
      assert.ok(fs.readFileSync(out, 'utf8').startsWith('# Trace Advisor report'));
    });

    it('rejects a threshold that is not a percentage', async () => {
      assertOneLineError(await cli(['report', analysisFile, '--fail-under', 'lots']), /--fail-under must be a percentage/);
      assertOneLineError(await cli(['report', analysisFile, '--fail-under', '150']), /--fail-under must be a percentage/);
    });
  });

  describe('bad input', () => {
    it('a missing analysis file', async () => {
      assertOneLineError(await cli(['report', path.join(tmp, 'nope.json')]), /^trace-advisor: report: cannot read .*nope\.json: no such file or directory\n$/);
    });

    it('an analysis that is a directory', async () => {
      assertOneLineError(await cli(['report', tmp]), /cannot read .*: is a directory/);
    });

    it('a file that is not JSON', async () => {
      fs.writeFileSync(path.join(tmp, 'a.json'), '{ "tool": ');
      assertOneLineError(await cli(['report', 'a.json'], tmp), /report: a\.json is not JSON/);
    });

    it('JSON that is not an analysis', async () => {
      fs.writeFileSync(path.join(tmp, 'a.json'), JSON.stringify({ tool: { name: 'x', version: '1' }, files: [{ path: 'a.py' }], coverage: { functions: 1, instrumented: 0 }, usage: { llmRequests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 } }));
      assertOneLineError(await cli(['report', 'a.json'], tmp), /a\.json is not a Trace Advisor analysis: files\.0: must have required property 'language'/);
    });

    it('an unknown format, a missing template, a template with another format, a broken template', async () => {
      assertOneLineError(await cli(['report', analysisFile, '--format', 'html']), /unknown --format 'html' \(expected md, json, sarif\)/);
      assertOneLineError(await cli(['report', analysisFile, '--template', 'missing.njk']), /cannot read --template missing\.njk: no such file/);
      assertOneLineError(await cli(['report', analysisFile, '--format', 'sarif', '--template', path.join(reportDir, 'checklist.md.njk')]), /cannot be combined with --format sarif/);
      fs.writeFileSync(path.join(tmp, 'broken.njk'), '{% if %}');
      assertOneLineError(await cli(['report', analysisFile, '--template', 'broken.njk'], tmp), /template broken\.njk: /);
    });

    it('an --out that cannot be written', async () => {
      assertOneLineError(await cli(['report', analysisFile, '--out', path.join(tmp, 'no-dir', 'r.md')]), /cannot write --out .*: no such file or directory/);
    });

    it('no analysis file, or two', async () => {
      assertOneLineError(await cli(['report']), /expected one analysis file/);
      assertOneLineError(await cli(['report', analysisFile, analysisFile]), /expected one analysis file/);
    });
  });

  it('runs as the built dist/cli.js', async () => {
    const cliJs = path.join(repoRoot, 'dist', 'cli.js');
    const { stdout } = await promisify(execFile)(process.execPath, [cliJs, 'report', analysisFile, '--format', 'sarif']);
    assert.equal((JSON.parse(stdout) as Sarif.Log).runs[0].tool.driver.name, 'trace-advisor');
    const failed = await promisify(execFile)(process.execPath, [cliJs, 'report', path.join(tmp, 'nope.json')]).then(
      () => assert.fail('expected exit 2'),
      (e: { code: number; stderr: string }) => e,
    );
    assert.equal(failed.code, 2);
    assert.equal(failed.stderr.trimEnd().split('\n').length, 1);
  });
});

describe('progress on stderr', () => {
  it('draws a bar on a terminal and nothing otherwise; the results on stdout are the same', async () => {
    const tty = await cli(['analyze', 'shop', '--format', 'json'], workspace, true);
    const pipe = await cli(['analyze', 'shop', '--format', 'json'], workspace, false);
    assert.equal(tty.code, 0, tty.stderr);
    assert.equal(pipe.code, 0, pipe.stderr);
    assert.equal(pipe.stderr, '');
    assert.match(tty.stderr, /^\ranalyze \[[#.]{30}\] \d+% \(\d+\/\d+\)/);
    assert.match(tty.stderr, /\ranalyze \[#{30}\] 100% \((\d+)\/\1\)\n$/);
    assert.equal(tty.stdout, pipe.stdout);
  });
});

describe('--changed-since', () => {
  useTempDir();
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  let repo: string;
  let base: string;

  beforeEach(() => {
    repo = path.join(tmp, 'repo');
    fs.mkdirSync(path.join(repo, 'src'), { recursive: true });
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'config', 'user.email', 'test@example.invalid');
    git(repo, 'config', 'user.name', 'Test');
    for (const name of ['a.py', 'b.py', 'c.py']) fs.writeFileSync(path.join(repo, 'src', name), `def ${name[0]}():\n    return 1\n`);
    fs.writeFileSync(path.join(repo, 'README.md'), 'shop\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'base');
    base = git(repo, 'rev-parse', 'HEAD').trim();
  });

  it('lists the files committed, modified or added since the ref, under the given paths only', async () => {
    fs.appendFileSync(path.join(repo, 'src', 'b.py'), 'def b2():\n    return 2\n');
    fs.appendFileSync(path.join(repo, 'README.md'), 'more\n');
    git(repo, 'commit', '-q', '-am', 'change b');
    fs.appendFileSync(path.join(repo, 'src', 'c.py'), '# uncommitted\n');
    fs.writeFileSync(path.join(repo, 'src', 'new.py'), 'def n():\n    pass\n');
    const real = fs.realpathSync(repo);
    assert.deepEqual(await filesChangedSince('analyze', ['src'], base, repo), ['b.py', 'c.py', 'new.py'].map((f) => path.join(real, 'src', f)));
    assert.deepEqual(await filesChangedSince('analyze', ['.'], 'HEAD', repo), ['c.py', 'new.py'].map((f) => path.join(real, 'src', f)));
    assert.deepEqual(await filesChangedSince('analyze', [path.join(repo, 'src', 'a.py')], base, tmp), []);
  });

  it('leaves out files deleted since the ref', async () => {
    git(repo, 'rm', '-q', 'src/a.py');
    git(repo, 'commit', '-q', '-m', 'drop a');
    assert.deepEqual(await filesChangedSince('analyze', ['.'], base, repo), []);
  });

  it('rejects an unknown ref, an option-like ref and a path outside git with one-line usage errors', async () => {
    await assert.rejects(filesChangedSince('analyze', ['.'], 'no-such-branch', repo), (e: Error) => e instanceof UsageError && /'no-such-branch' is not a commit known/.test(e.message));
    await assert.rejects(filesChangedSince('analyze', ['.'], '--output=/tmp/x', repo), (e: Error) => e instanceof UsageError && /expects a git ref/.test(e.message));
    const outside = path.join(tmp, 'plain');
    fs.mkdirSync(outside);
    await assert.rejects(filesChangedSince('analyze', ['.'], 'HEAD', outside), (e: Error) => e instanceof UsageError && /not inside a git repository/.test(e.message));
    await assert.rejects(filesChangedSince('analyze', ['missing'], 'HEAD', repo), (e: Error) => e instanceof UsageError && /missing: no such file or directory/.test(e.message));
  });
});

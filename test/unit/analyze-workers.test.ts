// The rules run inside the parse workers for batch analysis: the reports must be the ones this thread computes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analysisConfigFrom, analyzePaths, defaultAnalysisConfig } from '../../src/core/analysis';
import { reportFile } from '../../src/core/analysis/analyze-paths';
import { findGrammarDir } from '../../src/core/parsing';
import { analyzeFilesInWorkers, parseFiles } from '../../src/core/workspace';
import { repoRoot } from './helpers';

const PY_STDLIB = '/root/.pyenv/versions/3.11.7/lib/python3.11';

describe('analysis in worker threads', function () {
  this.timeout(120_000);
  const grammarDir = findGrammarDir();

  it('gives the same reports as analyzing the parsed files in this thread (stdlib Python, npm JavaScript)', async () => {
    const python = ['smtplib.py', 'ftplib.py', 'subprocess.py', 'shutil.py', 'logging/handlers.py', 'http/client.py'].map((f) => path.join(PY_STDLIB, f));
    const javascript = ['node_modules/esbuild/lib/main.js', 'node_modules/semver/classes/range.js'].map((f) => path.join(repoRoot, f));
    const absPaths = [...python, ...javascript].filter((f) => fs.existsSync(f));
    assert.ok(absPaths.length >= 6, 'test material missing');
    const jobs = absPaths.map((absPath) => ({ path: absPath, absPath, moduleName: path.basename(absPath).replace(/\.\w+$/, '') }));
    // A configuration that differs from the defaults, so it must reach the workers intact.
    const config = analysisConfigFrom({ 'analysis.minScore': 0.3, priorities: { state_changes: { enabled: false } }, rules: { 'python.exception-handler': 'error' } });
    for (const cfg of [defaultAnalysisConfig(), config]) {
      const here = await parseFiles(jobs, { grammarDir, workerThreshold: Infinity });
      const expected = here.files.map((syntax) => reportFile(syntax, cfg));
      const workers = await analyzeFilesInWorkers(jobs, cfg, { grammarDir, workerThreshold: 0 });
      assert.ok(workers, 'workers were not used');
      assert.ok(expected.reduce((n, r) => n + r.recommendations.length, 0) > 50);
      assert.deepEqual(workers.reports, expected);
      assert.deepEqual(workers.skipped, here.skipped);
    }
  });

  it('analyzePaths gives the same run whether the rules run in the workers or in this thread', async () => {
    const dirs = ['asyncio', 'email', 'json', 'http', 'urllib'].filter((d) => fs.existsSync(path.join(PY_STDLIB, d)));
    // onParsed makes analyzePaths keep the syntax in this thread, so the rules run here.
    const inThread = await analyzePaths(dirs, { baseDir: PY_STDLIB, grammarDir, onParsed: () => undefined });
    const inWorkers = await analyzePaths(dirs, { baseDir: PY_STDLIB, grammarDir });
    assert.ok(inThread.files.length >= 64, 'too few files for the worker path');
    assert.deepEqual(inWorkers, inThread);
  });

  it('returns undefined for too few files, so the caller analyzes them in this thread', async () => {
    const jobs = [{ path: 'json/decoder.py', absPath: path.join(PY_STDLIB, 'json/decoder.py'), moduleName: 'json.decoder' }];
    assert.equal(await analyzeFilesInWorkers(jobs, defaultAnalysisConfig(), { grammarDir }), undefined);
  });
});

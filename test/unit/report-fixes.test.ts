// SARIF carries the suggested instrumentation as fixes: applying a result's replacements to the analyzed file gives
// valid code with the span in it, and a saved analysis of code that changed since gets no fix at all.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as Sarif from 'sarif';
import { runCli } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/io';
import { LineTable } from '../../src/core/injection/text';
import { ParserService, parseSource } from '../../src/core/parsing';

const SOURCE = `import requests


def fetch_order(order_id, session):
    try:
        response = requests.get(f"https://orders.example/{order_id}")
        response.raise_for_status()
    except requests.RequestException as error:
        session.rollback()
        raise
    if response.status_code == 204:
        return None
    return response.json()
`;

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, cwd, env: {} };
  return { code: await runCli(args, io), stdout, stderr };
}

/** Applies SARIF replacements (1-based lines and columns) to a text, last first. */
function applyReplacements(text: string, replacements: Sarif.Replacement[]): string {
  const lines = new LineTable(text);
  const offset = (line: number, column: number) => lines.starts[line - 1] + column - 1;
  const edits = replacements
    .map((r) => ({ start: offset(r.deletedRegion.startLine!, r.deletedRegion.startColumn!), end: offset(r.deletedRegion.endLine!, r.deletedRegion.endColumn!), text: r.insertedContent?.text ?? '' }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

describe('SARIF fixes', () => {
  let dir: string;
  const parser = new ParserService();
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-sarif-'));
    fs.writeFileSync(path.join(dir, 'orders.py'), SOURCE);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  after(() => parser.dispose());

  it('applying a fix gives code that parses and carries the span', async () => {
    const r = await cli(['analyze', 'orders.py', '--format', 'sarif'], dir);
    assert.equal(r.code, 0, r.stderr);
    const log = JSON.parse(r.stdout) as Sarif.Log;
    const withFixes = log.runs[0].results!.filter((x) => x.fixes?.length);
    assert.ok(withFixes.length > 0, 'no result carries a fix');
    for (const result of withFixes) {
      const change = result.fixes![0].artifactChanges[0];
      assert.equal(change.artifactLocation.uri, 'orders.py');
      const fixed = applyReplacements(SOURCE, change.replacements);
      assert.notEqual(fixed, SOURCE);
      assert.match(fixed, /start_as_current_span|record_exception/);
      const parsed = await parseSource(parser, fixed, 'python', { path: 'orders.py', moduleName: 'orders' });
      assert.ok(parsed.ok && parsed.syntax.syntaxErrors === 0, `${result.ruleId}: the fixed file does not parse:\n${fixed}`);
    }
  });

  it('gives no fix for a saved analysis whose file changed since', async () => {
    const saved = await cli(['analyze', 'orders.py', '--format', 'json', '--out', 'analysis.json'], dir);
    assert.equal(saved.code, 0, saved.stderr);
    fs.writeFileSync(path.join(dir, 'orders.py'), `# moved down by a line\n${SOURCE}`);
    const r = await cli(['report', 'analysis.json', '--format', 'sarif'], dir);
    assert.equal(r.code, 0, r.stderr);
    const results = (JSON.parse(r.stdout) as Sarif.Log).runs[0].results!;
    assert.ok(results.length > 0);
    assert.deepEqual(results.filter((x) => x.fixes), []);
  });
});

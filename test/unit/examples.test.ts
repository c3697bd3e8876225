// The demo workspace (examples/) is also the in-host tests' fixture: every file must parse cleanly, and each service
// must give the call tracer real material — several functions, and calls that cross from one file into another.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { languageForPath } from '../../src/core/languages';
import type { FileSyntax } from '../../src/core/model';
import { ParserService, parseSource } from '../../src/core/parsing';
import { listFiles, repoRoot } from './helpers';

const examplesDir = path.join(repoRoot, 'examples');
const services = fs
  .readdirSync(examplesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('examples workspace', () => {
  const service = new ParserService();
  after(() => service.dispose());

  async function parseService(name: string): Promise<FileSyntax[]> {
    const dir = path.join(examplesDir, name);
    const result: FileSyntax[] = [];
    for (const file of listFiles(dir)) {
      const language = languageForPath(file);
      if (!language) continue;
      const rel = path.relative(dir, file).split(path.sep).join('/');
      const parsed = await parseSource(service, fs.readFileSync(file, 'utf8'), language.id, { path: rel, moduleName: rel.replace(/\.\w+$/, '') });
      assert.ok(parsed.ok, `${name}/${rel}: ${parsed.ok ? '' : parsed.reason}`);
      result.push(parsed.syntax);
    }
    return result;
  }

  it('holds a service in each of Python, TypeScript/JavaScript, Go and Java', async () => {
    const languagesSeen = new Set<string>();
    for (const name of services) for (const f of await parseService(name)) languagesSeen.add(f.languageId);
    for (const id of ['python', 'typescript', 'javascript', 'go', 'java']) assert.ok(languagesSeen.has(id), `no ${id} file under examples/`);
  });

  for (const name of services) {
    describe(name, () => {
      it('parses with zero syntax errors', async () => {
        for (const f of await parseService(name)) assert.equal(f.syntaxErrors, 0, `${name}/${f.path} has syntax errors`);
      });

      it('defines at least five functions', async () => {
        const functions = (await parseService(name)).flatMap((f) => f.functions.filter((fn) => fn.kind !== 'module'));
        assert.ok(functions.length >= 5, `${name} defines only ${functions.map((fn) => fn.qualifiedName).join(', ')}`);
      });

      it('calls functions defined in its other files', async () => {
        const files = await parseService(name);
        const crossFile = files.filter((f) => {
          const elsewhere = new Set(files.filter((g) => g !== f).flatMap((g) => g.functions.map((fn) => fn.name)));
          return f.calls.some((c) => elsewhere.has(c.name) && !f.functions.some((fn) => fn.name === c.name));
        });
        assert.ok(crossFile.length >= 2, `${name}: only ${crossFile.map((f) => f.path).join(', ') || 'no file'} calls into another file`);
      });
    });
  }
});

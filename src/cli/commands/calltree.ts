// `trace-advisor calltree <file> --entry <name> [--root DIR] [--search-path DIR]... [--depth N]
//  [--format text|json|mermaid|dot]`: the call tree of one function.
import fs from 'node:fs';
import path from 'node:path';
import { settingDefaults } from '../../core/config/settings';
import { WorkspaceIndex, buildCallTree, findEntry, toDot, toMermaid, toText } from '../../core/callgraph';
import { findGrammarDir } from '../../core/parsing';
import { loadWorkspace, toPosix } from '../../core/workspace';
import { numberOption, parseOptions } from '../args';
import { UsageError, progressBar, stderrLogger, type CliIO } from '../io';

const FORMATS = ['text', 'json', 'mermaid', 'dot'];
/** Files that mark a project's top directory, where the index is rooted when --root is not given. */
const PROJECT_MARKERS = ['.git', 'package.json', 'pyproject.toml', 'setup.py', 'setup.cfg', 'go.mod', 'pom.xml', 'build.gradle', 'tsconfig.json'];

function projectRoot(file: string): string {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (PROJECT_MARKERS.some((m) => fs.existsSync(path.join(dir, m)))) return dir;
    if (path.dirname(dir) === dir) return path.dirname(file);
  }
}

export async function calltreeCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseOptions('calltree', args, {
    entry: { type: 'string' },
    root: { type: 'string' },
    'search-path': { type: 'string', multiple: true },
    depth: { type: 'string' },
    format: { type: 'string', default: 'text' },
    'hide-external': { type: 'boolean', default: false },
    'hide-unresolved': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  });
  if (positionals.length !== 1) throw new UsageError('calltree: expected exactly one <file>');
  if (!values.entry) throw new UsageError('calltree: --entry <name> is required (a function name, plain or qualified)');
  if (!FORMATS.includes(values.format!)) throw new UsageError(`calltree: --format must be one of ${FORMATS.join(', ')}, got '${values.format}'`);
  const depth = numberOption('calltree', 'depth', values.depth, 8);
  if (!Number.isInteger(depth) || depth < 0) throw new UsageError(`calltree: --depth must be a whole number ≥ 0, got '${values.depth}'`);
  const file = path.resolve(io.cwd, positionals[0]);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`calltree: ${positionals[0]} is not a file`);
  const root = values.root ? path.resolve(io.cwd, values.root) : projectRoot(file);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`calltree: --root ${values.root} is not a directory`);
  const relFile = toPosix(path.relative(root, file));
  if (relFile.startsWith('..') || path.isAbsolute(relFile)) throw new UsageError(`calltree: ${positionals[0]} is not inside the root ${root}`);
  const searchPaths = (values['search-path'] ?? []).map((p) => path.resolve(io.cwd, p));
  for (const [i, p] of searchPaths.entries()) {
    if (!fs.existsSync(p) || !fs.statSync(p).isDirectory()) throw new UsageError(`calltree: --search-path ${values['search-path']![i]} is not a directory`);
  }

  const logger = stderrLogger(io, values.verbose!);
  const bar = progressBar(io, 'indexing');
  // The extension's default excludes: vendored Go code is reached as library code through vendor/, not indexed twice.
  const workspace = await loadWorkspace(root, { exclude: settingDefaults.exclude, logger, grammarDir: findGrammarDir(), onProgress: bar.update });
  bar.done();
  if (!workspace.files.some((f) => f.path === relFile)) {
    const skipped = workspace.skipped.find((s) => s.path === relFile);
    throw new UsageError(`calltree: ${positionals[0]} was not indexed${skipped ? ` (${skipped.reason})` : ' (not a supported language, or excluded)'}`);
  }
  const index = await WorkspaceIndex.build(workspace.files, workspace.layout, { logger, searchPaths });
  try {
    const lookup = findEntry(index, values.entry, relFile);
    if ('missing' in lookup) {
      const hint = lookup.suggestions.length ? `; close matches: ${lookup.suggestions.join(', ')}` : '';
      throw new UsageError(`calltree: no function '${values.entry}' found in ${relFile} or the workspace${hint}`);
    }
    if ('ambiguous' in lookup) {
      throw new UsageError(`calltree: '${values.entry}' names several functions, give a qualified name: ${lookup.ambiguous.slice(0, 6).map((d) => d.qualifiedName).join(', ')}`);
    }
    const tree = buildCallTree(index, lookup.found.qualifiedName, { depth, hideExternal: values['hide-external'], hideUnresolved: values['hide-unresolved'] })!;
    const render = { text: toText, mermaid: toMermaid, dot: toDot, json: (t: typeof tree) => `${JSON.stringify(t, null, 2)}\n` }[values.format as 'text'];
    io.stdout(render(tree));
  } finally {
    index.dispose();
  }
  return 0;
}

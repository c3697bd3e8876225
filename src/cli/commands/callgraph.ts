// `trace-advisor callgraph <root> [--format json|dot|mermaid] [--exclude GLOB]...`: the whole project's call graph.
import fs from 'node:fs';
import path from 'node:path';
import { settingDefaults } from '../../core/config/settings';
import { WorkspaceIndex, callGraph, graphToDot, graphToMermaid } from '../../core/callgraph';
import { findGrammarDir } from '../../core/parsing';
import { loadWorkspace } from '../../core/workspace';
import { parseOptions } from '../args';
import { UsageError, progressBar, stderrLogger, type CliIO } from '../io';

const FORMATS = ['json', 'dot', 'mermaid'];

export async function callgraphCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseOptions('callgraph', args, {
    format: { type: 'string', default: 'json' },
    exclude: { type: 'string', multiple: true },
    verbose: { type: 'boolean', default: false },
  });
  if (positionals.length !== 1) throw new UsageError('callgraph: expected exactly one <root> directory');
  if (!FORMATS.includes(values.format!)) throw new UsageError(`callgraph: --format must be one of ${FORMATS.join(', ')}, got '${values.format}'`);
  const root = path.resolve(io.cwd, positionals[0]);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`callgraph: ${positionals[0]} is not a directory`);
  const logger = stderrLogger(io, values.verbose!);
  const bar = progressBar(io, 'indexing');
  // The extension's default excludes (vendor/, node_modules, build output…) hold here too; --exclude adds to them.
  const exclude = [...settingDefaults.exclude, ...(values.exclude ?? [])];
  const workspace = await loadWorkspace(root, { exclude, logger, grammarDir: findGrammarDir(), onProgress: bar.update });
  bar.done();
  const index = await WorkspaceIndex.build(workspace.files, workspace.layout, { logger });
  try {
    const graph = callGraph(index);
    if (values.format === 'dot') io.stdout(graphToDot(graph));
    else if (values.format === 'mermaid') io.stdout(graphToMermaid(graph));
    else io.stdout(`${JSON.stringify(graph, null, 2)}\n`);
  } finally {
    index.dispose();
  }
  return 0;
}

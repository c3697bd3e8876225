// The Call Tracer in VS Code: the call index (built in the FeatureContext, started here), its status bar item,
// the Call Tree view, the commands that start a trace, and the graph webview.
import type { FeatureContext } from '../context';
import { activateCallTreeView } from './call-tree-view';
import { activateCallGraph } from './graph-panel';
import { activateIndexStatus } from './status-bar';
import { activateTraceCommands } from './trace-commands';

export { CallIndexService, type IndexChange, type IndexState } from './index-service';
export { CallTreeProvider, type CallTreeDirection, type CurrentCallTree } from './call-tree';

export function activateCallTracer(ctx: FeatureContext): void {
  activateIndexStatus(ctx);
  activateCallTreeView(ctx);
  activateTraceCommands(ctx);
  activateCallGraph(ctx);
  ctx.index.start();
}

// Open as graph: the current call tree drawn as SVG in a webview, by a small script shipped in media/ (no CDN,
// strict Content-Security-Policy: nothing loads but our own script, with a nonce, and our stylesheet). Clicking
// a node opens its definition. The panel follows the Call Tree: a new trace or an index change redraws it.
import crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { FeatureContext } from '../context';
import type { CurrentCallTree } from './call-tree';
import { layoutTree } from './graph-layout';

type FromWebview = { type: 'ready' } | { type: 'open'; id: string };

export function activateCallGraph(ctx: FeatureContext): void {
  let panel: vscode.WebviewPanel | undefined;
  const media = vscode.Uri.joinPath(ctx.extension.extensionUri, 'media');

  const post = (tree: CurrentCallTree | undefined) => {
    if (!panel) return;
    const root = tree?.root;
    panel.title = titleOf(tree);
    void panel.webview.postMessage(
      root
        ? { type: 'render', layout: layoutTree(root), direction: tree.direction, title: root.qualifiedName }
        : { type: 'empty', message: 'No call tree: trace a function first (Trace from here).' },
    );
  };

  const open = () => {
    if (panel) {
      panel.reveal();
      return;
    }
    panel = vscode.window.createWebviewPanel('traceAdvisor.callGraph', titleOf(ctx.callTree.current()), vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: [media],
    });
    panel.webview.html = html(panel.webview, media);
    const watching = ctx.callTree.watch();
    const subscriptions = [
      watching,
      ctx.callTree.onDidChangeTree(post),
      panel.webview.onDidReceiveMessage((msg: FromWebview) => {
        if (msg.type === 'ready') post(ctx.callTree.current());
        else if (msg.type === 'open') {
          const node = ctx.callTree.nodeById(msg.id);
          if (node) void vscode.commands.executeCommand('traceAdvisor.callTree.open', node);
        }
      }),
    ];
    panel.onDidDispose(() => {
      for (const d of subscriptions) d.dispose();
      panel = undefined;
    });
  };

  ctx.subscriptions.push(
    vscode.commands.registerCommand('traceAdvisor.openCallGraph', open),
    { dispose: () => panel?.dispose() },
  );
}

function titleOf(tree: CurrentCallTree | undefined): string {
  return tree?.root ? `Call Graph: ${tree.root.name}` : 'Call Graph';
}

function html(webview: vscode.Webview, media: vscode.Uri): string {
  const nonce = crypto.randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(media, 'call-graph.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(media, 'call-graph.css'));
  const csp = [`default-src 'none'`, `img-src ${webview.cspSource}`, `style-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Call Graph</title>
</head>
<body>
<header><span id="title"></span><span class="hint">drag to pan · wheel to zoom · click a node to open it</span></header>
<p id="message"></p>
<svg id="graph" role="img" aria-label="Call graph"></svg>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

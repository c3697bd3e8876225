// AI analysis in a real extension host, on the examples/ workspace. The provider is the openai-compatible one,
// pointed at the loopback fake server of the unit tests (started here), with its key stored through Set API Key
// (SecretStorage). VS Code's own language models are not stood in for: in this host (1.139)
// vscode.lm.registerLanguageModelChatProvider accepts a provider, but selectChatModels lists its models only when
// the vendor is declared under `languageModelChatProviders` in the extension's manifest, which a shipped extension
// must not carry for a test (the vscode.lm adapter is unit-tested against a fake model instead). The consent modal
// and the trust check are answered through the extension's `ai.dialogs`.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { FakeLlmServer, SHOWN_FUNCTION_RATIONALE as RATIONALE, answerForShownFunction } from '../../unit/llm/fake-llm-server';
import type { CallTreeNode } from '../../../src/core/callgraph';
import type { AiDialogs, AiRunSummary, ConsentAnswer } from '../../../src/extension/ai';
import type { ConsentText } from '../../../src/extension/ai/consent-text';
import type { TraceAdvisorApi } from '../../../src/extension/main';
import { activateExtension, fileUri, untilDiagnostics } from './helpers';

const SERVICE = 'orders-py/orders/service.py';
const KEY = 'sk-host-test-KEY-never-shown-0123456789';

function aiDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Trace Advisor' && / \((rules \+ )?AI\)$/.test(d.message));
}

async function setAi(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('traceAdvisor').update(key, value, vscode.ConfigurationTarget.Global);
}

describe('AI analysis', function () {
  const server = new FakeLlmServer();
  let api: TraceAdvisorApi;
  let document: vscode.TextDocument;
  let originalDialogs: AiDialogs;
  let trusted = true;
  let answer: ConsentAnswer;
  const asked: ConsentText[] = [];

  const analyzeFile = async () => (await vscode.commands.executeCommand<AiRunSummary>('traceAdvisor.analyzeFileWithAi', document.uri))!;

  before(async () => {
    api = await activateExtension();
    await server.start();
    server.fallback = answerForShownFunction;
    originalDialogs = api.ai.dialogs;
    api.ai.dialogs = {
      isTrusted: () => trusted,
      askConsent: async (text) => {
        asked.push(text);
        return answer;
      },
    };
    // A profile kept from an earlier run may hold answers and a consent: start without them.
    await vscode.commands.executeCommand('traceAdvisor.clearAiCache');
    await vscode.commands.executeCommand('traceAdvisor.resetAiConsent');
    document = await vscode.workspace.openTextDocument(fileUri(SERVICE));
    await vscode.window.showTextDocument(document);
  });

  after(async () => {
    api.ai.dialogs = originalDialogs;
    // The suites after this one see the rules' diagnostics only.
    await vscode.commands.executeCommand('traceAdvisor.clearAiRecommendations');
    await untilDiagnostics(() => (vscode.workspace.textDocuments.some((d) => aiDiagnostics(d.uri).length) ? undefined : true), 'AI diagnostics to be cleared');
    for (const key of ['ai.provider', 'ai.baseUrl', 'ai.model']) await setAi(key, undefined);
    await vscode.commands.executeCommand('traceAdvisor.clearApiKey', 'openai-compatible');
    await vscode.commands.executeCommand('traceAdvisor.clearAiCache');
    await vscode.commands.executeCommand('traceAdvisor.resetAiConsent');
    await server.stop();
  });

  beforeEach(() => {
    server.requests.length = 0;
    asked.length = 0;
    trusted = true;
    answer = undefined;
  });

  it('is off by default: nothing is asked and nothing is sent', async () => {
    assert.equal(vscode.workspace.getConfiguration('traceAdvisor').get('ai.provider'), 'none');
    const summary = await analyzeFile();
    assert.equal(summary.notRun, 'off');
    assert.equal(server.requests.length, 0);
    assert.equal(asked.length, 0);
  });

  it('sends nothing from an untrusted workspace, even with a provider and a key', async () => {
    await vscode.commands.executeCommand('traceAdvisor.setApiKey', 'openai-compatible', KEY);
    await setAi('ai.provider', 'openai-compatible');
    await setAi('ai.baseUrl', `${server.url}/v1`);
    await setAi('ai.model', 'fake-model');
    trusted = false;
    answer = 'workspace';
    const summary = await analyzeFile();
    assert.equal(summary.notRun, 'untrusted');
    assert.equal(server.requests.length, 0);
    assert.equal(asked.length, 0);
  });

  it('asks for consent naming provider, model, endpoint and functions; declined sends nothing', async () => {
    answer = undefined;
    const summary = await analyzeFile();
    assert.equal(summary.stopped, 'declined');
    assert.equal(server.requests.length, 0);
    assert.equal(asked.length, 1);
    assert.equal(asked[0].message, 'Send code to an OpenAI-compatible server for AI analysis?');
    assert.match(asked[0].detail, /Model: fake-model/);
    assert.ok(asked[0].detail.includes(`Endpoint: ${server.url}/v1`), asked[0].detail);
    assert.match(asked[0].detail, /of orders-py\/orders\/service\.py \(orders\.service\./);
    assert.equal(aiDiagnostics(document.uri).length, 0);
  });

  it('with consent, AI recommendations appear in the diagnostics, marked as AI; the stored key is sent', async () => {
    answer = 'once';
    const summary = await analyzeFile();
    assert.equal(summary.stopped, undefined, summary.stopMessage);
    assert.ok(summary.requests > 0);
    assert.equal(summary.requests, server.requests.length);
    assert.equal(summary.cacheHits, 0);
    assert.ok(summary.recommendations > 0);
    assert.equal(asked.length, 1);
    assert.ok(server.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`), 'the key stored by Set API Key is the one sent');
    const shown = await untilDiagnostics(() => (aiDiagnostics(document.uri).length ? aiDiagnostics(document.uri) : undefined), 'AI diagnostics');
    assert.ok(shown.some((d) => d.message.includes(`AI: ${RATIONALE}`) && d.message.endsWith(' (rules + AI)')), 'a rule the AI agreed with is enriched and marked');
    for (const d of vscode.languages.getDiagnostics(document.uri)) assert.ok(!d.message.includes(KEY));
  });

  it('a second run over unchanged code is answered from the cache: no request, no question', async () => {
    answer = undefined;
    const summary = await analyzeFile();
    assert.equal(server.requests.length, 0);
    assert.equal(summary.requests, 0);
    assert.equal(summary.cacheHits, summary.total);
    assert.equal(asked.length, 0, 'nothing to send, so nothing to consent to');
    assert.ok(summary.recommendations > 0);
  });

  it('"Allow for this workspace" is remembered until Reset AI Consent', async () => {
    await vscode.commands.executeCommand('traceAdvisor.clearAiCache');
    answer = 'workspace';
    await analyzeFile();
    assert.equal(asked.length, 1);
    const firstRequests = server.requests.length;
    assert.ok(firstRequests > 0);

    await vscode.commands.executeCommand('traceAdvisor.clearAiCache');
    answer = undefined;
    const again = await analyzeFile();
    assert.equal(asked.length, 1, 'not asked again');
    assert.equal(again.stopped, undefined);
    assert.equal(server.requests.length, 2 * firstRequests);

    await vscode.commands.executeCommand('traceAdvisor.resetAiConsent');
    await vscode.commands.executeCommand('traceAdvisor.clearAiCache');
    const afterReset = await analyzeFile();
    assert.equal(asked.length, 2, 'asked again after the reset');
    assert.equal(afterReset.stopped, 'declined');
    assert.equal(server.requests.length, 2 * firstRequests);
  });

  it('a Call Tree node is analyzed with its subtree, across files', async () => {
    await api.index.whenReady();
    const root = await vscode.commands.executeCommand<CallTreeNode | undefined>('traceAdvisor.traceFunction', 'orders.service.OrderService.place_order');
    assert.ok(root, 'place_order is not in the index');
    const functions = new Map<string, string>();
    const visit = (n: CallTreeNode) => {
      if ((n.kind === 'function' || n.kind === 'method') && n.file && !n.library) functions.set(n.qualifiedName, n.file);
      n.children.forEach(visit);
    };
    visit(root);
    const files = new Set(functions.values());
    assert.ok(files.size > 1, `the tree spans one file only: ${[...files].join(', ')}`);
    answer = 'once';
    const summary = (await vscode.commands.executeCommand<AiRunSummary>('traceAdvisor.analyzeCallTreeWithAi', root))!;
    assert.equal(summary.stopped, undefined, summary.stopMessage);
    assert.equal(summary.total, functions.size);
    assert.equal(asked.length, 1);
    assert.match(asked[0].detail, new RegExp(`the call tree of orders\\.service\\.OrderService\\.place_order: the source of \\d+ functions? in ${files.size} files`));
    // A callee in another file gets its AI recommendation once that file is open.
    const other = [...files].find((f) => f !== SERVICE)!;
    const otherDocument = await vscode.workspace.openTextDocument(fileUri(other));
    await untilDiagnostics(() => (aiDiagnostics(otherDocument.uri).length ? true : undefined), `AI diagnostics in ${other}`);
  });

  it('a budget too small for one request stops the run before sending, and says so', async () => {
    await vscode.commands.executeCommand('traceAdvisor.clearAiCache');
    await setAi('ai.prices', { 'fake-model': { input: 1000, output: 1000 } });
    await setAi('ai.budgetUsd', 0.01);
    try {
      answer = 'once';
      const summary = await analyzeFile();
      assert.equal(summary.stopped, 'budget');
      assert.match(summary.stopMessage ?? '', /AI budget of \$0\.01 reached/);
      assert.equal(server.requests.length, 0);
      assert.equal(summary.requests, 0);
    } finally {
      await setAi('ai.prices', undefined);
      await setAi('ai.budgetUsd', undefined);
    }
  });

  it('Analyze Function with AI sends only the function at the cursor', async () => {
    answer = 'once';
    const line = document.getText().split('\n').findIndex((l) => /^\s*def \w+/.test(l));
    assert.ok(line >= 0);
    const summary = (await vscode.commands.executeCommand<AiRunSummary>('traceAdvisor.analyzeWithAi', document.uri, line + 1))!;
    assert.equal(summary.total, 1);
    assert.ok(summary.requests + summary.cacheHits === 1);
  });
});

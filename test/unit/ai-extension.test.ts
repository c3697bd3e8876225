// The extension's AI parts that need no VS Code: the consent dialog's text, the vscode.lm provider against a fake
// chat model (request shape, streamed text, token usage, error mapping, cancellation, timeout, and a whole
// analyzeWithLlm run through it), AI recommendations carried across edits and merged with the rules', and the
// status bar's usage text.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analysisConfigFrom, analyzeFile } from '../../src/core/analysis';
import { settingDefaults } from '../../src/core/config/settings';
import { analyzeWithLlm, LlmError, unitsForFile, type LlmRequest } from '../../src/core/llm';
import { PRIORITIES, type FileSyntax, type Recommendation } from '../../src/core/model';
import { ParserService, parseSource } from '../../src/core/parsing';
import { carryEntries, entriesFor, sourceLabel, sourceSuffix, withAiRecommendations } from '../../src/extension/ai/carry';
import { consentText, endpointOf, sameScope } from '../../src/extension/ai/consent-text';
import { LmChatProvider, lmError, NO_PERMISSION_MESSAGE, type ChatModelLike, type LmHost } from '../../src/extension/ai/lm-provider';
import { compactCount, usageText, usageTooltip } from '../../src/extension/ai/usage-text';
import { fixturesDir } from './helpers';

const service = new ParserService();
after(() => service.dispose());

const ORDERS = fs.readFileSync(path.join(fixturesDir, 'llm', 'orders.py'), 'utf8');

async function parsePython(text: string): Promise<FileSyntax> {
  const parsed = await parseSource(service, text, 'python', { path: 'shop/orders.py', moduleName: 'shop.orders' });
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.syntax;
}

describe('AI consent text', () => {
  const request = { provider: 'openai', model: 'gpt-4.1-mini', functions: ['shop.orders.checkout', 'shop.orders.load_customer'] };

  it('names the provider, model, endpoint and what is sent', () => {
    const text = consentText(request, endpointOf('openai', '', ''), { kind: 'file', name: 'shop/orders.py', files: ['shop/orders.py'] }, 1, false);
    assert.equal(text.message, 'Send code to OpenAI for AI analysis?');
    assert.match(text.detail, /^Provider: OpenAI$/m);
    assert.match(text.detail, /^Model: gpt-4\.1-mini$/m);
    assert.match(text.detail, /^Endpoint: https:\/\/api\.openai\.com\/v1$/m);
    assert.match(text.detail, /the source of 2 functions of shop\/orders\.py \(shop\.orders\.checkout, shop\.orders\.load_customer\)/);
    assert.match(text.detail, /capped at \$1\.00 per run/);
  });

  it('describes a call tree by its entry and files, and shortens long function lists', () => {
    const functions = Array.from({ length: 11 }, (_, i) => `app.f${i}`);
    const text = consentText({ provider: 'openai-compatible', model: 'llama3.1', functions }, endpointOf('openai-compatible', 'http://localhost:11434/v1', ''), { kind: 'call-tree', name: 'app.main', files: ['a.py', 'b.py'] }, 0.5, true);
    assert.equal(text.message, 'Send code to an OpenAI-compatible server for AI analysis?');
    assert.match(text.detail, /Endpoint: http:\/\/localhost:11434\/v1/);
    assert.match(text.detail, /the call tree of app\.main: the source of 11 functions in 2 files \(app\.f0, .*app\.f7, and 3 more\)/);
    assert.doesNotMatch(text.detail, /app\.f8/);
    assert.match(text.detail, /not billed per token/);
  });

  it('a remembered consent covers one provider, model and endpoint', () => {
    const scope = { provider: 'openai', model: 'gpt-4.1-mini', endpoint: endpointOf('openai', '', '') };
    assert.ok(sameScope(scope, { ...scope }));
    assert.ok(!sameScope(scope, { ...scope, endpoint: endpointOf('openai', 'https://evil.example/v1', '') }));
    assert.ok(!sameScope(scope, { ...scope, model: 'gpt-4.1' }));
    assert.match(endpointOf('bedrock', '', 'eu-west-1'), /eu-west-1/);
  });
});

/** A chat model that answers from a script; records what it was sent and counts tokens as words. */
class FakeChatModel implements ChatModelLike<{ role: string; text: string }> {
  readonly id = 'fake-family-1';
  readonly vendor = 'test';
  readonly family = 'fake-family';
  readonly sent: { role: string; text: string }[][] = [];
  constructor(private readonly answer: (messages: { role: string; text: string }[], token: { isCancellationRequested: boolean }) => AsyncIterable<string> | Error) {}

  sendRequest(messages: { role: string; text: string }[], _options: { justification?: string }, token: { isCancellationRequested: boolean }) {
    this.sent.push(messages);
    const answer = this.answer(messages, token);
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve({ text: answer });
  }

  countTokens(text: string) {
    return Promise.resolve(text.split(/\s+/).filter(Boolean).length);
  }
}

const host: LmHost<{ role: string; text: string }> = {
  userMessage: (text) => ({ role: 'user', text }),
  assistantMessage: (text) => ({ role: 'assistant', text }),
  cancellation: () => {
    const token = { isCancellationRequested: false };
    return { token, cancel: () => void (token.isCancellationRequested = true), dispose: () => undefined };
  },
};

async function* chunks(...parts: string[]): AsyncIterable<string> {
  for (const p of parts) yield p;
}

const request: LlmRequest = {
  system: 'You are a tracer.',
  messages: [{ role: 'user', content: 'analyze this' }, { role: 'assistant', content: 'bad answer' }, { role: 'user', content: 'again please' }],
  maxOutputTokens: 100,
  temperature: 0,
  format: { name: 'x', schema: {} },
  timeoutMs: 5000,
};

describe('vscode.lm provider', () => {
  it('sends the system prompt first, as the user, then the conversation; joins the stream; counts tokens', async () => {
    const model = new FakeChatModel(() => chunks('{"recommendations"', ': []}'));
    const provider = new LmChatProvider(model, host);
    const answer = await provider.complete(request, new AbortController().signal);
    assert.equal(answer.text, '{"recommendations": []}');
    assert.deepEqual(model.sent[0], [
      { role: 'user', text: 'You are a tracer.' },
      { role: 'user', text: 'analyze this' },
      { role: 'assistant', text: 'bad answer' },
      { role: 'user', text: 'again please' },
    ]);
    // Words: 4 + 2 + 2 + 2 in, 2 out.
    assert.deepEqual(answer.usage, { inputTokens: 10, outputTokens: 2 });
    assert.equal(provider.name, 'vscode-lm');
    assert.equal(provider.model, 'fake-family-1');
  });

  it('maps LanguageModelError codes to LlmError kinds with messages that say what to do', () => {
    const noPermission = lmError(Object.assign(new Error('Access denied'), { name: 'LanguageModelError', code: 'NoPermissions' }), false);
    assert.equal(noPermission.kind, 'auth');
    assert.equal(noPermission.message, NO_PERMISSION_MESSAGE);
    assert.equal(noPermission.retryable, false);
    const blocked = lmError(Object.assign(new Error('quota exceeded'), { code: 'Blocked' }), false);
    assert.equal(blocked.kind, 'bad-request');
    assert.match(blocked.message, /blocked.*quota exceeded/);
    assert.equal(lmError(Object.assign(new Error('gone'), { code: 'NotFound' }), false).kind, 'bad-request');
    assert.equal(lmError(Object.assign(new Error('Canceled'), { name: 'Canceled' }), false).kind, 'aborted');
    assert.equal(lmError(new Error('Server responded with 429 Too Many Requests'), false).kind, 'rate-limit');
    const other = lmError(new Error('socket hang up, key sk-abcdefghijklmnop1234'), false);
    assert.equal(other.kind, 'network');
    assert.doesNotMatch(other.message, /sk-abcdefghijklmnop1234/);
  });

  it('a refused permission surfaces as an auth error from complete()', async () => {
    const provider = new LmChatProvider(new FakeChatModel(() => Object.assign(new Error('no'), { code: 'NoPermissions' })), host);
    await assert.rejects(provider.complete(request, new AbortController().signal), (e: LlmError) => e.kind === 'auth' && e.message === NO_PERMISSION_MESSAGE);
  });

  it('abort cancels the token and rejects as aborted', async () => {
    const abort = new AbortController();
    let seenToken: { isCancellationRequested: boolean } | undefined;
    const model = new FakeChatModel((_m, token) => {
      seenToken = token;
      return (async function* () {
        yield '{"recomm';
        abort.abort();
        yield 'endations": []}';
      })();
    });
    await assert.rejects(new LmChatProvider(model, host).complete(request, abort.signal), (e: LlmError) => e.kind === 'aborted');
    assert.equal(seenToken?.isCancellationRequested, true);
  });

  it('a stream that never ends times out', async () => {
    const model = new FakeChatModel((_m, token) =>
      (async function* () {
        yield '{';
        while (!token.isCancellationRequested) await new Promise((r) => setTimeout(r, 5));
      })(),
    );
    await assert.rejects(new LmChatProvider(model, host).complete({ ...request, timeoutMs: 30 }, new AbortController().signal), (e: LlmError) => e.kind === 'timeout');
  });

  it('drives a whole analyzeWithLlm run: answers validated against the code become llm recommendations', async () => {
    const syntax = await parsePython(ORDERS);
    const checkout = syntax.functions.find((f) => f.name === 'checkout')!;
    const start = checkout.span.start.line + 1;
    const end = checkout.span.end.line + 1;
    const model = new FakeChatModel((messages) => {
      const shown = /Function (\S+) \(.*?lines (\d+)-(\d+)\./.exec(messages[1].text);
      const items = shown && shown[1] === checkout.qualifiedName
        ? [{ function: shown[1], startLine: start, endLine: end, priority: 'function_entry_exit', spanKind: 'internal', spanName: 'checkout', rationale: 'Order placement.', capture: ['order.id'], importance: 0.8 }]
        : [];
      return chunks(JSON.stringify({ recommendations: items }));
    });
    const units = unitsForFile({ syntax, text: ORDERS }, []);
    const result = await analyzeWithLlm(units, {
      provider: new LmChatProvider(model, host),
      secrets: [],
      priorities: PRIORITIES,
      customPriorities: [],
      temperature: 0,
      maxOutputTokens: 500,
      maxInputTokens: 4000,
      maxRetries: 0,
      requestTimeoutMs: 5000,
      concurrency: 2,
      budgetUsd: 0,
    });
    assert.equal(result.stopped, undefined, result.stopMessage);
    assert.equal(model.sent.length, units.length);
    assert.deepEqual(result.recommendations.map((r) => [r.qualifiedName, r.line, r.source]), [[checkout.qualifiedName, start, 'llm']]);
    assert.equal(result.usage.costUsd, 0, "VS Code's models are not priced by the table");
    assert.ok(result.usage.inputTokens > 0);
  });
});

describe('AI recommendations in the editor', () => {
  async function aiRecommendation(syntax: FileSyntax, text: string): Promise<Recommendation> {
    const checkout = syntax.functions.find((f) => f.name === 'checkout')!;
    const model = new FakeChatModel(() =>
      chunks(JSON.stringify({ recommendations: [{ function: checkout.qualifiedName, startLine: checkout.span.start.line + 1, endLine: checkout.span.end.line + 1, priority: 'function_entry_exit', spanKind: 'internal', spanName: 'checkout', rationale: 'Order placement.', capture: ['order.id'], importance: 0.9 }] })),
    );
    const result = await analyzeWithLlm(
      [{ functions: [{ file: syntax, text, fn: checkout, ruleFindings: [], calleeSignatures: [] }] }],
      { provider: new LmChatProvider(model, host), secrets: [], priorities: PRIORITIES, customPriorities: [], temperature: 0, maxOutputTokens: 500, maxInputTokens: 4000, maxRetries: 0, requestTimeoutMs: 5000, concurrency: 1, budgetUsd: 0 },
    );
    assert.equal(result.recommendations.length, 1, result.warnings.join('; '));
    return result.recommendations[0];
  }

  it('moves with its function when lines are added above it, and is dropped when the function changes', async () => {
    const syntax = await parsePython(ORDERS);
    const rec = await aiRecommendation(syntax, ORDERS);
    const entries = entriesFor([rec], syntax, ORDERS);
    assert.equal(entries.length, 1);

    const moved = `# a comment\n# another\n\n${ORDERS}`;
    const carried = carryEntries(entries, await parsePython(moved), moved);
    assert.equal(carried.length, 1);
    assert.equal(carried[0].recommendation.line, rec.line + 3);
    assert.equal(carried[0].recommendation.endLine, rec.endLine + 3);
    assert.equal(carried[0].recommendation.span.start.line, rec.span.start.line + 3);
    assert.equal(moved.split('\n')[carried[0].recommendation.line - 1], ORDERS.split('\n')[rec.line - 1]);

    const edited = ORDERS.replace('order.status = "placed"', 'order.status = "done"');
    assert.notEqual(edited, ORDERS);
    assert.deepEqual(carryEntries(entries, await parsePython(edited), edited), []);

    const elsewhere = ORDERS.replace('timeout=5', 'timeout=9');
    assert.equal(carryEntries(entries, await parsePython(elsewhere), elsewhere)[0].recommendation.line, rec.line);
  });

  it('merges with the rules: agreeing ones become "rules + AI", new ones "AI"', async () => {
    const syntax = await parsePython(ORDERS);
    const rules = analyzeFile(syntax, analysisConfigFrom(settingDefaults)).recommendations;
    const rec = await aiRecommendation(syntax, ORDERS);
    // The rules recommend a span for checkout (function_entry_exit over the whole function): the AI agrees.
    const agreeing = rules.find((r) => r.qualifiedName === rec.qualifiedName && r.priority === rec.priority);
    assert.ok(agreeing, 'the rules recommend the same span for checkout');
    const merged = withAiRecommendations(rules, [rec]);
    assert.equal(merged.length, rules.length);
    const both = merged.find((r) => r.id === agreeing.id)!;
    assert.equal(both.source, 'both');
    assert.match(both.rationale, /AI: Order placement\./);
    assert.ok(both.capture.includes('order.id'));
    assert.ok(merged.filter((r) => r !== both).every((r) => r.source === 'rules'));

    // A priority the rules did not find there is added as the AI's own, shown like a rule's at information level.
    assert.ok(!rules.some((r) => r.qualifiedName === rec.qualifiedName && r.priority === 'state_changes'));
    const added = withAiRecommendations(rules, [{ ...rec, priority: 'state_changes', rationale: 'Status changes.' }]);
    assert.equal(added.length, rules.length + 1);
    const novel = added.find((r) => r.source === 'llm')!;
    assert.equal(novel.priority, 'state_changes');
    assert.equal(novel.severity, 'information');
    assert.deepEqual(novel.attributes, {});
    assert.deepEqual(withAiRecommendations(rules, []), rules);
    assert.deepEqual([sourceSuffix('rules'), sourceSuffix('llm'), sourceSuffix('both')], ['', ' (AI)', ' (rules + AI)']);
    assert.deepEqual([sourceLabel('rules'), sourceLabel('llm'), sourceLabel('both')], ['', 'AI', 'rules + AI']);
  });
});

describe('AI usage in the status bar', () => {
  it('says tokens and cost; the tooltip requests, cache hits and budget left', () => {
    const usage = { llmRequests: 3, inputTokens: 12_000, outputTokens: 345, costUsd: 0.0042, cacheHits: 2, runs: 2, lastBudget: { limitUsd: 1, leftUsd: 0.9958 } };
    assert.equal(usageText(usage), 'AI 12.3k tokens · $0.0042');
    assert.equal(compactCount(999), '999');
    assert.equal(compactCount(2_500_000), '2.5M');
    const tooltip = usageTooltip(usage, 'openai');
    assert.match(tooltip, /2 runs, 3 requests, 2 answered from the cache/);
    assert.match(tooltip, /12000 input \+ 345 output tokens, \$0\.0042/);
    assert.match(tooltip, /Budget per run \$1\.00: the last run left \$0\.9958/);
  });
});

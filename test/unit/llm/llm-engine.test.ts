// The AI layer end to end through the real SDKs against a loopback server: prompts, structured answers, validation
// with feedback, retries, timeouts, budget, cache, merge, and keys that never leak.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RecordingLogger } from '../../../src/core/log';
import type { FileSyntax, FunctionDef } from '../../../src/core/model';
import { ParserService, parseSource } from '../../../src/core/parsing';
import {
  analyzeWithLlm,
  type Mergeable,
  buildPrompt,
  clearCache,
  createProvider,
  LlmCache,
  mergeRecommendations,
  redact,
  REDACTED,
  unitsForFile,
  SignatureIndex,
  type AnalysisUnit,
  type LlmAnalysisOptions,
  type LlmProvider,
  type RetryPolicy,
} from '../../../src/core/llm';
import { PRIORITIES } from '../../../src/core/model';
import { fixturesDir } from '../helpers';
import { FakeLlmServer, type RecordedRequest } from './fake-llm-server';

const KEY = 'sk-test-THIS-KEY-MUST-NEVER-LEAK-0123456789';
const PY_STDLIB = '/root/.pyenv/versions/3.11.7/lib/python3.11';

async function parsePython(service: ParserService, text: string, relPath: string, moduleName: string): Promise<FileSyntax> {
  const parsed = await parseSource(service, text, 'python', { path: relPath, moduleName });
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.syntax;
}

function rec(fields: Partial<Record<string, unknown>>) {
  return {
    function: 'shop.orders.checkout', startLine: 20, endLine: 24, priority: 'exception_handling', spanKind: 'internal',
    spanName: 'checkout save', rationale: 'Saving the order can fail on the database connection.', capture: ['order.id', 'exception.type'], importance: 0.8,
    ...fields,
  };
}

describe('AI analysis through the real SDKs', function () {
  const service = new ParserService();
  const server = new FakeLlmServer();
  let syntax: FileSyntax;
  let text: string;
  let checkout: FunctionDef;
  let units: AnalysisUnit[];
  const sleeps: number[] = [];
  const instantRetries: Partial<RetryPolicy> = { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, baseDelayMs: 100 };

  before(async () => {
    await server.start();
    text = fs.readFileSync(path.join(fixturesDir, 'llm', 'orders.py'), 'utf8');
    syntax = await parsePython(service, text, 'shop/orders.py', 'shop.orders');
    checkout = syntax.functions.find((f) => f.qualifiedName === 'shop.orders.checkout')!;
    units = unitsForFile({ syntax, text }, [], new SignatureIndex([syntax])).filter((u) => u.functions[0].fn === checkout);
  });
  after(async () => {
    await server.stop();
    service.dispose();
  });
  beforeEach(() => {
    server.requests.length = 0;
    server.maxInFlight = 0;
    server.fallback = { answer: { recommendations: [] } };
    sleeps.length = 0;
  });

  function options(provider: LlmProvider, extra: Partial<LlmAnalysisOptions> = {}): LlmAnalysisOptions {
    return {
      provider, secrets: [KEY], priorities: PRIORITIES, customPriorities: ['order ids on every span'], temperature: 0.2, maxOutputTokens: 1000,
      maxInputTokens: 8000, maxRetries: 2, requestTimeoutMs: 5000, concurrency: 2, budgetUsd: 1, retryPolicy: instantRetries, ...extra,
    };
  }
  const openai = (api: 'chat-completions' | 'responses' = 'chat-completions') =>
    createProvider({ provider: 'openai', model: 'gpt-4.1-mini', apiKey: KEY, baseUrl: `${server.url}/v1`, openaiApi: api });
  const anthropic = () => createProvider({ provider: 'anthropic', model: 'claude-haiku-4-5', apiKey: KEY, baseUrl: server.url });

  function assertNoKey(...texts: string[]) {
    for (const t of texts) assert.ok(!t.includes(KEY), `the key leaked into: ${t.slice(0, 200)}`);
  }

  it('OpenAI chat completions: a valid answer becomes an llm recommendation on the right lines', async () => {
    server.reply({ answer: { recommendations: [rec({})] } });
    const logger = new RecordingLogger();
    const result = await analyzeWithLlm(units, options(openai(), { logger }));
    assert.equal(server.requests.length, 1);
    const req = server.requests[0];
    assert.equal(req.wire, 'chat');
    assert.equal(req.headers.authorization, `Bearer ${KEY}`);
    assert.deepEqual((req.body.response_format as { type: string }).type, 'json_schema');
    assert.equal(req.body.max_completion_tokens, 1000);
    assert.equal(result.recommendations.length, 1);
    const r = result.recommendations[0];
    assert.equal(r.source, 'llm');
    assert.equal(r.rule, 'python.ai');
    assert.equal(r.qualifiedName, 'shop.orders.checkout');
    assert.equal(r.line, 20);
    assert.equal(text.slice(r.span.startIndex, r.span.endIndex).split('\n')[0], 'try:');
    assert.deepEqual(result.usage, { llmRequests: 1, inputTokens: 1000, outputTokens: 200, costUsd: (1000 * 0.4 + 200 * 1.6) / 1e6 });
    assertNoKey(req.rawBody, JSON.stringify(result), logger.text());
  });

  it('OpenAI responses API and Anthropic messages (forced tool call) give the same recommendation', async () => {
    server.reply({ answer: { recommendations: [rec({})] } }, { answer: { recommendations: [rec({})] } });
    const viaResponses = await analyzeWithLlm(units, options(openai('responses')));
    const viaAnthropic = await analyzeWithLlm(units, options(anthropic()));
    assert.deepEqual(server.requests.map((r) => r.wire), ['responses', 'messages']);
    assert.equal((server.requests[0].body.text as { format: { type: string } }).format.type, 'json_schema');
    // @anthropic-ai/sdk 1.x sends the key as a bearer token (0.x used x-api-key).
    const anthropicAuth = server.requests[1].headers['x-api-key'] ?? server.requests[1].headers.authorization;
    assert.ok(anthropicAuth === KEY || anthropicAuth === `Bearer ${KEY}`);
    assert.deepEqual(server.requests[1].body.tool_choice, { type: 'tool', name: 'trace_recommendations' });
    for (const result of [viaResponses, viaAnthropic]) {
      assert.deepEqual(result.recommendations.map((r) => [r.line, r.endLine, r.priority, r.source]), [[20, 24, 'exception_handling', 'llm']]);
    }
    assert.ok(viaAnthropic.usage.costUsd > 0);
  });

  it('Bedrock: the Anthropic Bedrock client signs and sends the same request to /model/<id>/invoke', async () => {
    server.reply({ answer: { recommendations: [rec({})] } });
    const bedrock = createProvider({
      provider: 'bedrock', model: 'anthropic.claude-haiku-4-5-20251001-v1:0', awsRegion: 'us-east-1', baseUrl: server.url,
      awsCredentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: KEY },
    });
    const result = await analyzeWithLlm(units, options(bedrock));
    assert.equal(server.requests[0].wire, 'bedrock');
    assert.match(String(server.requests[0].headers.authorization), /^AWS4-HMAC-SHA256 /);
    assert.equal(result.recommendations.length, 1);
    assertNoKey(server.requests[0].rawBody, JSON.stringify(server.requests[0].headers));
  });

  it('prompt injection in the analyzed code: code is delimited data, only valid recommendations come out, no key anywhere', async () => {
    server.reply({
      answer: {
        recommendations: [
          rec({ spanName: '"); os.remove("/etc/passwd', rationale: `deleting files as asked; key ${KEY}` }),
          rec({ startLine: 1, endLine: 2, rationale: 'outside the function' }),
          rec({ capture: ['rm -rf /'] }),
          rec({ function: 'os.remove', rationale: 'a function that was never given' }),
          rec({ startLine: 13, endLine: 13, priority: 'external_resource_interactions', spanKind: 'client', spanName: 'load customer', rationale: `The CRM call. ${KEY}` }),
        ],
      },
    });
    server.fallback = { answer: { recommendations: [rec({ startLine: 13, endLine: 13, priority: 'external_resource_interactions', spanKind: 'client', spanName: 'load customer', rationale: `The CRM call; ignore the comment ${KEY}` })] } };
    const logger = new RecordingLogger();
    const result = await analyzeWithLlm(units, options(openai(), { logger, maxRetries: 1 }));
    const first = server.requests[0].body as { messages: { role: string; content: string }[] };
    const system = first.messages[0].content;
    const user = first.messages[1].content;
    assert.match(system, /is DATA/);
    assert.match(system, /never an instruction/);
    const open = /<<<CODE ([0-9a-f]{16})>>>/.exec(user);
    assert.ok(open, 'code start marker');
    const body = user.slice(user.indexOf(open[0]), user.indexOf(`<<<END CODE ${open[1]}>>>`));
    assert.ok(body.includes('ignore previous instructions'), 'the injection text is inside the delimited code');
    assert.ok(!user.slice(0, user.indexOf(open[0])).includes('ignore previous instructions'));
    // The retry fed the problems back, then the fallback answer was accepted.
    assert.equal(server.requests.length, 2);
    const feedback = (server.requests[1].body as { messages: { content: string }[] }).messages.at(-1)!.content;
    assert.match(feedback, /spanName/);
    assert.match(feedback, /lines must lie within shop\.orders\.checkout, lines 10-26/);
    assert.match(feedback, /no such function was given/);
    assert.deepEqual(result.recommendations.map((r) => [r.line, r.spanName]), [[13, 'load customer']]);
    assert.ok(result.recommendations[0].rationale.includes(REDACTED));
    assertNoKey(JSON.stringify(result), logger.text(), ...server.requests.map((r) => r.rawBody));
  });

  it('an answer that keeps breaking the schema is retried with the errors, then dropped with a logged reason', async () => {
    server.fallback = { answer: { recommendations: [rec({ priority: 'deleting_files', importance: 7 })] } };
    const logger = new RecordingLogger();
    const result = await analyzeWithLlm(units, options(openai(), { logger, maxRetries: 2 }));
    assert.equal(server.requests.length, 3);
    assert.equal(result.recommendations.length, 0);
    assert.match(logger.text(), /AI recommendation dropped: schema: \/recommendations\/0\/priority must be equal to one of the allowed values/);
    assert.equal(result.usage.llmRequests, 3);
  });

  it('malformed, truncated and huge answers are rejected; an HTTP body cut off is retried as a transport error', async () => {
    server.reply({ answerText: '{"recommendations": [ {"function": "shop.orders.checkout", ' }, { answerText: `{"recommendations": [], "pad": "${'x'.repeat(150_000)}"}` }, { truncatedBody: true }, { answer: { recommendations: [rec({})] } });
    const result = await analyzeWithLlm(units, options(openai(), { maxRetries: 3 }));
    assert.equal(server.requests.length, 4);
    const feedback = (i: number) => (server.requests[i].body as { messages: { content: string }[] }).messages.at(-1)!.content;
    assert.match(feedback(1), /not valid JSON/);
    assert.match(feedback(2), /too long/);
    assert.equal(result.recommendations.length, 1);
  });

  it('429 with Retry-After waits what the server asked; 500 backs off exponentially with jitter; SDK retries are off', async () => {
    server.reply({ status: 429, headers: { 'retry-after': '2' } }, { status: 500 }, { status: 503 }, { answer: { recommendations: [rec({})] } });
    const result = await analyzeWithLlm(units, options(openai(), { maxRetries: 3 }));
    assert.equal(server.requests.length, 4);
    // random() is 0.5: half of 100·2^attempt.
    assert.deepEqual(sleeps, [2000, 100, 200]);
    assert.equal(result.recommendations.length, 1);
    assert.equal(result.stopped, undefined);
  });

  it('a server that never answers times out, is retried, and the run ends with a warning instead of an error', async () => {
    server.fallback = { hang: true };
    const result = await analyzeWithLlm(units, options(openai(), { requestTimeoutMs: 150, maxRetries: 1 }));
    assert.equal(server.requests.length, 2);
    assert.equal(result.recommendations.length, 0);
    assert.match(result.warnings.join('\n'), /timed out/);
  });

  it('many failing requests in one run leave no abort listeners behind on the run\'s signal (no MaxListenersExceededWarning)', async () => {
    server.fallback = { status: 500 };
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    const controller = new AbortController();
    try {
      const result = await analyzeWithLlm([...units, ...units, ...units], options(openai(), { maxRetries: 4, concurrency: 1, signal: controller.signal }));
      assert.equal(server.requests.length, 15);
      assert.equal(result.stopped, 'provider-failed');
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    assert.deepEqual(warnings.map((w) => `${w.name}: ${w.message}`), []);
  });

  it('an authentication error stops the run at once, redacted, without retries', async () => {
    server.fallback = { status: 401, message: `Incorrect API key provided: ${KEY}` };
    const many = [...units, ...units, ...units];
    const result = await analyzeWithLlm(many, options(openai(), { concurrency: 1 }));
    assert.equal(server.requests.length, 1);
    assert.equal(result.stopped, 'provider-failed');
    assert.match(result.stopMessage ?? '', /HTTP 401/);
    assertNoKey(JSON.stringify(result));
  });

  it('the budget stops further requests before one could exceed it', async () => {
    const all = unitsForFile({ syntax, text }, []);
    assert.ok(all.length >= 2);
    // 100 USD per million tokens both ways: a request's worst case is about 0.25 USD, the fake charges 0.12.
    const result = await analyzeWithLlm(all, options(openai(), { budgetUsd: 0.3, concurrency: 1, prices: { 'gpt-4.1-mini': { input: 100, output: 100 } } }));
    assert.equal(server.requests.length, 1);
    assert.equal(result.stopped, 'budget');
    assert.match(result.stopMessage ?? '', /AI budget of \$0\.30 reached/);
    assert.ok(result.usage.costUsd <= 0.3);
  });

  it('a budget of 0 still allows a free local model', async () => {
    const local = createProvider({ provider: 'openai-compatible', model: 'llama3.1', baseUrl: `${server.url}/v1` });
    const result = await analyzeWithLlm(units, options(local, { budgetUsd: 0 }));
    assert.equal(server.requests.length, 1);
    assert.equal(result.usage.costUsd, 0);
    assert.deepEqual((server.requests[0].body.response_format as { type: string }).type, 'json_object');
  });

  it('cache: a second run over unchanged code sends nothing; a corrupt entry is ignored and rewritten; clearCache empties it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-llm-cache-'));
    try {
      server.fallback = { answer: { recommendations: [rec({})] } };
      const run = () => analyzeWithLlm(units, options(openai(), { cache: new LlmCache(dir, new RecordingLogger()) }));
      const first = await run();
      const second = await run();
      assert.equal(server.requests.length, 1);
      assert.equal(second.cacheHits, 1);
      assert.deepEqual(second.usage, { llmRequests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 });
      assert.deepEqual(second.recommendations, first.recommendations);
      const entries = fs.readdirSync(path.join(dir, 'llm'), { recursive: true }).map(String).filter((f) => f.endsWith('.json'));
      assert.equal(entries.length, 1);
      const entry = path.join(dir, 'llm', entries[0]);
      assertNoKey(fs.readFileSync(entry, 'utf8'));
      fs.writeFileSync(entry, '{"version":1,"key":');
      await run();
      assert.equal(server.requests.length, 2);
      assert.doesNotThrow(() => JSON.parse(fs.readFileSync(entry, 'utf8')));
      // A changed function is a different key.
      const edited = text.replace('total = 0', 'total = 0.0');
      const editedSyntax = await parsePython(service, edited, 'shop/orders.py', 'shop.orders');
      const editedUnits = unitsForFile({ syntax: editedSyntax, text: edited }, []).filter((u) => u.functions[0].fn.name === 'checkout');
      await analyzeWithLlm(editedUnits, options(openai(), { cache: new LlmCache(dir, new RecordingLogger()) }));
      assert.equal(server.requests.length, 3);
      assert.equal(await clearCache(dir), 2);
      await run();
      assert.equal(server.requests.length, 4);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('concurrency limit, progress, consent declined and cancellation', async () => {
    const all = unitsForFile({ syntax, text }, []);
    const many = [...all, ...all, ...all];
    const progress: number[] = [];
    await analyzeWithLlm(many, options(openai(), { concurrency: 2, onProgress: (p) => progress.push(p.done) }));
    assert.equal(server.requests.length, many.length);
    assert.ok(server.maxInFlight <= 2 && server.maxInFlight >= 1, `max in flight ${server.maxInFlight}`);
    assert.deepEqual(progress, many.map((_, i) => i + 1));

    server.requests.length = 0;
    const asked: string[][] = [];
    const declined = await analyzeWithLlm(all, options(openai(), { confirm: async (c) => (asked.push(c.functions), false) }));
    assert.equal(server.requests.length, 0);
    assert.equal(declined.stopped, 'declined');
    assert.deepEqual(asked, [all.map((u) => u.functions[0].fn.qualifiedName)]);

    const controller = new AbortController();
    server.fallback = (req: RecordedRequest) => {
      controller.abort();
      return { answer: { recommendations: [] }, req };
    };
    const cancelled = await analyzeWithLlm(many, options(openai(), { concurrency: 1, signal: controller.signal }));
    assert.equal(cancelled.stopped, 'cancelled');
    assert.equal(server.requests.length, 1);
  });

  it('merging: an AI recommendation that agrees with a rule enriches it (both); others are added as llm', () => {
    const base = { qualifiedName: 'shop.orders.checkout', line: 20, endLine: 24, priority: 'exception_handling', score: 0.7, spanName: undefined as string | undefined };
    const rules: Mergeable[] = [{ ...base, rationale: 'Exception handler.', capture: ['exception.type'], source: 'rules' }];
    const ai: Mergeable[] = [
      { ...base, line: 21, endLine: 23, rationale: 'Saving can fail.', capture: ['order.id', 'exception.type'], score: 0.9, source: 'llm', spanName: 'checkout save' },
      { ...base, line: 13, endLine: 13, priority: 'external_resource_interactions', rationale: 'CRM call.', capture: [], source: 'llm' },
    ];
    const merged = mergeRecommendations(rules, ai);
    assert.deepEqual(merged.map((m) => [m.line, m.source]), [[13, 'llm'], [20, 'both']]);
    assert.equal(merged[1].rationale, 'Exception handler. AI: Saving can fail.');
    assert.deepEqual(merged[1].capture, ['exception.type', 'order.id']);
    assert.equal(merged[1].score, 0.9);
    assert.equal(merged[1].spanName, 'checkout save');
  });

  it('a long real function is cut at a statement boundary to fit maxInputTokens, and lines past the cut are rejected', async function () {
    const file = path.join(PY_STDLIB, 'argparse.py');
    if (!fs.existsSync(file)) this.skip();
    const source = fs.readFileSync(file, 'utf8');
    const big = await parsePython(service, source, 'argparse.py', 'argparse');
    const fn = big.functions.find((f) => f.qualifiedName === 'argparse.ArgumentParser._parse_known_args')!;
    assert.ok(fn.span.end.line - fn.span.start.line > 150);
    const [unit] = unitsForFile({ syntax: big, text: source }, []).filter((u) => u.functions[0].fn === fn);
    const prompt = buildPrompt(unit, { priorities: PRIORITIES, customPriorities: [], maxInputTokens: 2500 });
    assert.ok(prompt.ok);
    assert.ok(prompt.truncated);
    const shownEnd = prompt.shown[0].endLine;
    assert.ok(shownEnd < fn.span.end.line + 1);
    // The first omitted line starts a statement at the body's level, or a construct or call: never mid-statement.
    const lines = source.split('\n');
    const next = shownEnd; // 0-based index of the first omitted line
    const indent = (s: string) => s.length - s.trimStart().length;
    const bodyIndent = indent(lines.slice(fn.bodySpan.start.line).find((l) => l.trim())!);
    const isBoundary = (lines[next].trim() && indent(lines[next]) <= bodyIndent) || big.constructs.some((c) => c.span.start.line === next) || big.calls.some((c) => c.span.start.line === next);
    assert.ok(isBoundary, `cut before line ${next + 1}: ${lines[next]}`);
    assert.ok((prompt.system.length + prompt.user.length) / 4 <= 2500 * 1.05);
    assert.match(prompt.user, new RegExp(`lines ${shownEnd + 1}-${fn.span.end.line + 1} omitted`));

    server.reply({ answer: { recommendations: [rec({ function: fn.qualifiedName, startLine: fn.span.end.line, endLine: fn.span.end.line + 1, priority: 'conditional_branches' })] } });
    const result = await analyzeWithLlm([unit], options(openai(), { maxInputTokens: 2500, maxRetries: 0 }));
    assert.equal(result.recommendations.length, 0);
  });

  it('redact removes the run\'s secrets and anything shaped like a key', () => {
    const message = `401 Incorrect API key provided: ${KEY}. headers: {"x-api-key":"abcd1234efgh5678","authorization":"Bearer eyJhbGciOiJIUzI1NiJ9.payload"} aws AKIAIOSFODNN7EXAMPLE secret my-own-secret-value`;
    const out = redact(message, ['my-own-secret-value']);
    for (const leak of [KEY, 'abcd1234efgh5678', 'eyJhbGciOiJIUzI1NiJ9', 'AKIAIOSFODNN7EXAMPLE', 'my-own-secret-value']) assert.ok(!out.includes(leak), leak);
    assert.match(out, /Incorrect API key provided/);
    assert.equal(redact('nothing secret here, line 12'), 'nothing secret here, line 12');
  });
});

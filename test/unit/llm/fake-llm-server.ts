// A loopback server that speaks the wire formats of OpenAI (chat completions, responses), Anthropic (messages) and
// Anthropic on Bedrock (invoke), so the real SDKs can be driven without a network. Each test scripts the replies,
// including faults: error statuses with Retry-After, a server that never answers, broken bodies.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Wire = 'chat' | 'responses' | 'messages' | 'bedrock';

export type Reply =
  /** A well-formed API response whose answer text is `text` (or `json` serialized). */
  | { answer: unknown; usage?: { input: number; output: number } }
  | { answerText: string; usage?: { input: number; output: number } }
  /** An HTTP error with an API-style error body. */
  | { status: number; headers?: Record<string, string>; message?: string }
  /** Never answers: the client's timeout must fire. */
  | { hang: true }
  /** A 200 whose JSON body is cut off mid-way. */
  | { truncatedBody: true };

export interface RecordedRequest {
  wire: Wire;
  path: string;
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  body: Record<string, unknown>;
}

export const SHOWN_FUNCTION_RATIONALE = 'An operation worth a span of its own.';

/** A scripted model: for whatever function the request shows, a span over it, its first line to its last. */
export function answerForShownFunction(req: RecordedRequest): Reply {
  const messages = req.body.messages as { content: string }[];
  const m = /Function (\S+) \(.*?lines (\d+)-(\d+)\./.exec(messages[1].content);
  if (!m) return { answer: { recommendations: [] } };
  return {
    answer: {
      recommendations: [{
        function: m[1], startLine: Number(m[2]), endLine: Number(m[3]), priority: 'function_entry_exit', spanKind: 'internal',
        spanName: m[1].split('.').pop(), rationale: SHOWN_FUNCTION_RATIONALE, capture: ['order.id'], importance: 0.7,
      }],
    },
  };
}

export class FakeLlmServer {
  readonly requests: RecordedRequest[] = [];
  /** Replies in order; when none is left, every request gets `fallback`. */
  private readonly script: (Reply | ((req: RecordedRequest) => Reply))[] = [];
  fallback: Reply | ((req: RecordedRequest) => Reply) = { answer: { recommendations: [] } };
  maxInFlight = 0;
  private inFlight = 0;
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  private readonly sockets = new Set<import('node:net').Socket>();

  async start(): Promise<this> {
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  reply(...replies: (Reply | ((req: RecordedRequest) => Reply))[]): this {
    this.script.push(...replies);
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const url = req.url ?? '';
      const wire: Wire | undefined = url.endsWith('/chat/completions') ? 'chat' : url.endsWith('/responses') ? 'responses' : url.endsWith('/messages') ? 'messages' : /\/model\/.+\/invoke$/.test(url) ? 'bedrock' : undefined;
      if (!wire) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${url}` } }));
        return;
      }
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(rawBody) as Record<string, unknown>;
      } catch {
        // recorded as empty; the test will see it
      }
      const recorded: RecordedRequest = { wire, path: url, headers: req.headers, rawBody, body };
      this.requests.push(recorded);
      const next = this.script.length ? this.script.shift()! : this.fallback;
      const reply = typeof next === 'function' ? next(recorded) : next;
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      res.on('close', () => this.inFlight--);
      // Answer on a later tick so concurrent requests really overlap.
      setImmediate(() => this.send(res, wire, reply, body));
    });
  }

  private send(res: http.ServerResponse, wire: Wire, reply: Reply, request: Record<string, unknown>) {
    if ('hang' in reply) return;
    if ('status' in reply) {
      const payload = wire === 'chat' || wire === 'responses'
        ? { error: { message: reply.message ?? `status ${reply.status}`, type: 'server_error' } }
        : { type: 'error', error: { type: 'api_error', message: reply.message ?? `status ${reply.status}` } };
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(JSON.stringify(payload));
      return;
    }
    if ('truncatedBody' in reply) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assis');
      return;
    }
    const text = 'answerText' in reply ? reply.answerText : JSON.stringify(reply.answer);
    const usage = reply.usage ?? { input: 1000, output: 200 };
    const model = String(request.model ?? 'bedrock-model');
    let payload: unknown;
    if (wire === 'chat') {
      payload = {
        id: 'chatcmpl-1', object: 'chat.completion', created: 1, model,
        choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, finish_reason: 'stop', logprobs: null }],
        usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
      };
    } else if (wire === 'responses') {
      payload = {
        id: 'resp_1', object: 'response', created_at: 1, status: 'completed', model, error: null, incomplete_details: null,
        output: [{ type: 'message', id: 'msg_1', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] }],
        usage: { input_tokens: usage.input, output_tokens: usage.output, total_tokens: usage.input + usage.output },
      };
    } else {
      // Anthropic: the forced tool call carries the JSON; an answer that is not JSON comes back as text.
      const tools = (request.tools as { name: string }[] | undefined) ?? [];
      let content: unknown[];
      try {
        if (!('answer' in reply)) throw new Error('text');
        content = [{ type: 'tool_use', id: 'toolu_1', name: tools[0]?.name ?? 'tool', input: JSON.parse(text) }];
      } catch {
        content = [{ type: 'text', text }];
      }
      payload = { id: 'msg_1', type: 'message', role: 'assistant', model, content, stop_reason: 'tool_use', stop_sequence: null, usage: { input_tokens: usage.input, output_tokens: usage.output } };
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
  }
}

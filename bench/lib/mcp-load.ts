// The benchmark's load client: MCP sessions that call one tool as fast as answers come back,
// over Streamable HTTP or over stdio, and the two load shapes the benchmark reports.
//
// Three implementations, the same for every target:
//   - `wire` (default): JSON-RPC and HTTP/1.1 written by hand on one keep-alive TCP socket per
//     session (Streamable HTTP), or newline-delimited JSON on a child's pipes (stdio). It does
//     what the protocol asks (initialize, notifications/initialized, session and protocol
//     headers, JSON or SSE answers, Content-Length or chunked bodies) and nothing else: it is
//     the lightest client Node allows, so that on a 2-core machine the cores go to the proxies.
//   - `raw`: the same JSON-RPC over Node's http module (about 3 times the client CPU per call).
//   - `sdk`: the official SDK v2 client (`Client.callTool` over `StreamableHTTPClientTransport`
//     or `StdioClientTransport`), which validates every message with zod schemas and costs far
//     more CPU per call; on a 2-core machine it shares the cores with the proxies it measures.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

export type ClientKind = 'wire' | 'raw' | 'sdk';

export const PROTOCOL_VERSION = '2025-11-25';
const CLIENT_INFO = { name: 'gatehouse-bench', version: '1.0.0' };

/** One MCP client session that can call `add`. */
export interface LoadSession {
  /** Calls add(a, b); resolves when the answer came back, rejects on an error or a wrong sum. */
  add(a: number, b: number): Promise<void>;
  close(): Promise<void>;
}

/** Where a session connects: a Streamable HTTP URL, or a command the client starts itself. */
export type Endpoint = { kind: 'http'; url: string } | { kind: 'stdio'; command: string; args: string[]; cwd?: string };

export function openSession(endpoint: Endpoint, client: ClientKind): Promise<LoadSession> {
  if (client === 'sdk') return SdkSession.open(endpoint);
  if (endpoint.kind === 'stdio') return RawStdioSession.open(endpoint);
  return client === 'wire' ? WireHttpSession.open(endpoint.url) : RawHttpSession.open(endpoint.url);
}

function checkSum(result: unknown, a: number, b: number): void {
  const r = result as { isError?: boolean; content?: { type: string; text?: string }[] } | undefined;
  const text = r?.content?.[0]?.text;
  if (r?.isError === true || text !== String(a + b)) throw new Error(`unexpected tool result: ${JSON.stringify(result).slice(0, 300)}`);
}

interface RpcMessage {
  jsonrpc: '2.0';
  id?: string | number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

/** A hand-written client: one JSON-RPC request at a time, over whatever the subclass speaks. */
abstract class JsonRpcSession implements LoadSession {
  protected abstract request(method: string, params: unknown): Promise<RpcMessage>;
  abstract close(): Promise<void>;

  async add(a: number, b: number): Promise<void> {
    const answer = await this.request('tools/call', { name: 'add', arguments: { a, b } });
    if (answer.error) throw new Error(`tools/call failed: ${answer.error.message}`);
    checkSum(answer.result, a, b);
  }
}

// ---------------------------------------------------------------- raw Streamable HTTP

export class RawHttpSession extends JsonRpcSession {
  readonly #url: URL;
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  #sessionId: string | undefined;
  #protocolVersion: string | undefined;
  #nextId = 1;

  private constructor(url: string) {
    super();
    this.#url = new URL(url);
  }

  static async open(url: string): Promise<RawHttpSession> {
    const session = new RawHttpSession(url);
    await session.#initialize();
    return session;
  }

  /** The session id the server gave, or undefined when it runs without sessions. */
  get sessionId(): string | undefined {
    return this.#sessionId;
  }

  async #initialize(): Promise<void> {
    const params = { protocolVersion: PROTOCOL_VERSION, capabilities: {}, clientInfo: CLIENT_INFO };
    const answer = await this.request('initialize', params);
    if (answer.error) throw new Error(`initialize failed: ${answer.error.message}`);
    this.#protocolVersion = (answer.result as { protocolVersion?: string }).protocolVersion;
    await this.#post({ jsonrpc: '2.0', method: 'notifications/initialized' });
  }

  protected async request(method: string, params: unknown): Promise<RpcMessage> {
    const id = this.#nextId++;
    const { body, contentType } = await this.#post({ jsonrpc: '2.0', id, method, params });
    return answerIn(body, contentType, id, method);
  }

  #post(message: RpcMessage): Promise<{ status: number; body: string; contentType: string }> {
    const payload = JSON.stringify(message);
    const headers: http.OutgoingHttpHeaders = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'content-length': Buffer.byteLength(payload),
    };
    if (this.#sessionId !== undefined) headers['mcp-session-id'] = this.#sessionId;
    if (this.#protocolVersion !== undefined) headers['mcp-protocol-version'] = this.#protocolVersion;
    return new Promise((resolve, reject) => {
      const req = http.request({ hostname: this.#url.hostname, port: this.#url.port, path: this.#url.pathname, method: 'POST', agent: this.#agent, headers }, (res) => {
        const sid = res.headers['mcp-session-id'];
        if (typeof sid === 'string') this.#sessionId = sid;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const body = Buffer.concat(chunks).toString('utf8');
          if (status >= 400) reject(new Error(`HTTP ${status} from ${this.#url.href}: ${body.slice(0, 300)}`));
          else resolve({ status, body, contentType: String(res.headers['content-type'] ?? '') });
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Closes the connection and leaves the session open on the server, as a client gone quiet does. */
  disconnect(): void {
    this.#agent.destroy();
  }

  async close(): Promise<void> {
    if (this.#sessionId !== undefined) {
      await new Promise<void>((resolve) => {
        const headers: http.OutgoingHttpHeaders = { 'mcp-session-id': this.#sessionId! };
        if (this.#protocolVersion !== undefined) headers['mcp-protocol-version'] = this.#protocolVersion;
        const req = http.request({ hostname: this.#url.hostname, port: this.#url.port, path: this.#url.pathname, method: 'DELETE', agent: this.#agent, headers }, (res) => {
          res.resume();
          res.on('end', () => resolve());
          res.on('error', () => resolve());
        });
        req.on('error', () => resolve());
        req.setTimeout(5000, () => req.destroy());
        req.end();
      });
    }
    this.#agent.destroy();
  }
}

// ---------------------------------------------------------------- HTTP/1.1 by hand

interface WireResponse {
  status: number;
  headers: Map<string, string>;
  body: string;
}

/** Parses one HTTP/1.1 response off a socket's bytes: Content-Length or chunked, nothing else. */
class ResponseReader {
  #buffer: Buffer = Buffer.alloc(0);
  #head?: { status: number; headers: Map<string, string>; bodyStart: number };
  onresponse?: (response: WireResponse) => void;

  /** Forgets a half-read response: its connection is gone. */
  reset(): void {
    this.#buffer = Buffer.alloc(0);
    this.#head = undefined;
  }

  push(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const response = this.#take();
      if (!response) return;
      this.onresponse?.(response);
    }
  }

  #take(): WireResponse | undefined {
    if (!this.#head) {
      const end = this.#buffer.indexOf('\r\n\r\n');
      if (end < 0) return undefined;
      const lines = this.#buffer.subarray(0, end).toString('latin1').split('\r\n');
      const headers = new Map<string, string>();
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
      this.#head = { status: Number(lines[0].split(' ')[1]), headers, bodyStart: end + 4 };
    }
    const { status, headers, bodyStart } = this.#head;
    let body: Buffer;
    let consumed: number;
    if (headers.get('transfer-encoding')?.toLowerCase() === 'chunked') {
      const parts: Buffer[] = [];
      let at = bodyStart;
      for (;;) {
        const lineEnd = this.#buffer.indexOf('\r\n', at);
        if (lineEnd < 0) return undefined;
        const size = parseInt(this.#buffer.subarray(at, lineEnd).toString('latin1'), 16);
        if (this.#buffer.length < lineEnd + 2 + size + 2) return undefined;
        if (size === 0) {
          consumed = lineEnd + 4; // no trailers
          break;
        }
        parts.push(this.#buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
      }
      body = Buffer.concat(parts);
    } else {
      const length = Number(headers.get('content-length') ?? 0);
      if (this.#buffer.length < bodyStart + length) return undefined;
      body = this.#buffer.subarray(bodyStart, bodyStart + length);
      consumed = bodyStart + length;
    }
    this.#buffer = this.#buffer.subarray(consumed);
    this.#head = undefined;
    return { status, headers, body: body.toString('utf8') };
  }
}

export class WireHttpSession extends JsonRpcSession {
  readonly #url: URL;
  #socket: net.Socket;
  readonly #reader = new ResponseReader();
  #waiting?: { resolve: (r: WireResponse) => void; reject: (e: Error) => void };
  #sessionId: string | undefined;
  #protocolVersion: string | undefined;
  #nextId = 1;

  private constructor(url: string, socket: net.Socket) {
    super();
    this.#url = new URL(url);
    this.#socket = this.#attach(socket);
    this.#reader.onresponse = (response) => {
      const waiting = this.#waiting;
      this.#waiting = undefined;
      waiting?.resolve(response);
    };
  }

  #attach(socket: net.Socket): net.Socket {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#reader.push(chunk));
    const fail = (why: string) => {
      const waiting = this.#waiting;
      this.#waiting = undefined;
      waiting?.reject(new Error(why));
    };
    socket.on('error', (err) => fail(err.message));
    socket.on('close', () => fail('the connection closed'));
    return socket;
  }

  static #connect(u: URL): Promise<net.Socket> {
    return new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect(Number(u.port), u.hostname, () => resolve(s));
      s.once('error', reject);
    });
  }

  static async open(url: string): Promise<WireHttpSession> {
    const u = new URL(url);
    const session = new WireHttpSession(url, await WireHttpSession.#connect(u));
    const answer = await session.request('initialize', { protocolVersion: PROTOCOL_VERSION, capabilities: {}, clientInfo: CLIENT_INFO });
    if (answer.error) throw new Error(`initialize failed: ${answer.error.message}`);
    session.#protocolVersion = (answer.result as { protocolVersion?: string }).protocolVersion;
    await session.#exchange('POST', JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
    return session;
  }

  protected async request(method: string, params: unknown): Promise<RpcMessage> {
    const id = this.#nextId++;
    const response = await this.#exchange('POST', JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    return answerIn(response.body, response.headers.get('content-type') ?? '', id, method);
  }

  async #exchange(method: 'POST' | 'DELETE', payload = ''): Promise<WireResponse> {
    // A server closes a keep-alive connection idle past its timeout (Node's is 5 s), as HTTP/1.1
    // allows: a session left idle while others open gets a new connection, not a write into a
    // closed socket that nothing would ever answer.
    if (this.#socket.destroyed || !this.#socket.writable) {
      this.#reader.reset();
      this.#socket = this.#attach(await WireHttpSession.#connect(this.#url));
    }
    let head = `${method} ${this.#url.pathname} HTTP/1.1\r\nHost: ${this.#url.host}\r\n`;
    if (method === 'POST') head += `Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n`;
    head += `Content-Length: ${Buffer.byteLength(payload)}\r\n`;
    if (this.#sessionId !== undefined) head += `Mcp-Session-Id: ${this.#sessionId}\r\n`;
    if (this.#protocolVersion !== undefined) head += `Mcp-Protocol-Version: ${this.#protocolVersion}\r\n`;
    return new Promise<WireResponse>((resolve, reject) => {
      this.#waiting = { resolve, reject };
      this.#socket.write(`${head}\r\n${payload}`);
    }).then((response) => {
      const sid = response.headers.get('mcp-session-id');
      if (sid !== undefined) this.#sessionId = sid;
      if (response.status >= 400) throw new Error(`HTTP ${response.status} from ${this.#url.href}: ${response.body.slice(0, 300)}`);
      return response;
    });
  }

  async close(): Promise<void> {
    if (this.#sessionId !== undefined) await this.#exchange('DELETE').catch(() => undefined);
    this.#socket.destroy();
  }
}

/** The answer to request `id` in a POST's body, plain JSON or an SSE stream. */
function answerIn(body: string, contentType: string, id: number, method: string): RpcMessage {
  const messages: RpcMessage[] = contentType.includes('text/event-stream') ? parseSse(body) : [JSON.parse(body) as RpcMessage];
  const answer = messages.find((m) => m.id === id && (m.result !== undefined || m.error !== undefined));
  if (!answer) throw new Error(`no answer to ${method} in: ${body.slice(0, 300)}`);
  return answer;
}

/** The JSON-RPC messages in an SSE body (`data:` lines; multi-line data joined by newlines). */
export function parseSse(body: string): RpcMessage[] {
  const messages: RpcMessage[] = [];
  for (const event of body.split(/\r?\n\r?\n/)) {
    const data = event.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, '')).join('\n');
    if (data.trim() === '') continue;
    try {
      messages.push(JSON.parse(data) as RpcMessage);
    } catch {
      // a priming or keep-alive event without JSON
    }
  }
  return messages;
}

// ---------------------------------------------------------------- raw stdio

export class RawStdioSession extends JsonRpcSession {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, { resolve: (m: RpcMessage) => void; reject: (e: Error) => void }>();
  #buffer = '';
  #nextId = 1;
  #exited: Promise<void>;

  private constructor(endpoint: Extract<Endpoint, { kind: 'stdio' }>) {
    super();
    this.#child = spawn(endpoint.command, endpoint.args, { cwd: endpoint.cwd, stdio: ['pipe', 'pipe', 'inherit'] });
    this.#child.stdout!.setEncoding('utf8');
    this.#child.stdout!.on('data', (chunk: string) => this.#onData(chunk));
    this.#exited = new Promise((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.once('exit', (code) => {
      for (const p of this.#pending.values()) p.reject(new Error(`the server exited with code ${code}`));
      this.#pending.clear();
    });
  }

  static async open(endpoint: Extract<Endpoint, { kind: 'stdio' }>): Promise<RawStdioSession> {
    const session = new RawStdioSession(endpoint);
    const answer = await session.request('initialize', { protocolVersion: PROTOCOL_VERSION, capabilities: {}, clientInfo: CLIENT_INFO });
    if (answer.error) throw new Error(`initialize failed: ${answer.error.message}`);
    session.#write({ jsonrpc: '2.0', method: 'notifications/initialized' });
    return session;
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  protected request(method: string, params: unknown): Promise<RpcMessage> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#write({ jsonrpc: '2.0', id, method, params });
    });
  }

  #write(message: RpcMessage): void {
    this.#child.stdin!.write(JSON.stringify(message) + '\n');
  }

  #onData(chunk: string): void {
    this.#buffer += chunk;
    let newline: number;
    while ((newline = this.#buffer.indexOf('\n')) >= 0) {
      const line = this.#buffer.slice(0, newline);
      this.#buffer = this.#buffer.slice(newline + 1);
      if (line.trim() === '') continue;
      const message = JSON.parse(line) as RpcMessage;
      if (typeof message.id !== 'number') continue;
      const pending = this.#pending.get(message.id);
      if (!pending) continue;
      this.#pending.delete(message.id);
      pending.resolve(message);
    }
  }

  async close(): Promise<void> {
    this.#child.stdin!.end();
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 3000);
    await this.#exited;
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------- the official SDK client

class SdkSession implements LoadSession {
  readonly #client: Client;

  private constructor(client: Client) {
    this.#client = client;
  }

  static async open(endpoint: Endpoint): Promise<SdkSession> {
    const client = new Client(CLIENT_INFO);
    const transport = endpoint.kind === 'http'
      ? new StreamableHTTPClientTransport(new URL(endpoint.url))
      : new StdioClientTransport({ command: endpoint.command, args: endpoint.args, cwd: endpoint.cwd, stderr: 'inherit' });
    await client.connect(transport);
    return new SdkSession(client);
  }

  async add(a: number, b: number): Promise<void> {
    const result = await this.#client.callTool({ name: 'add', arguments: { a, b } });
    checkSum(result, a, b);
  }

  async close(): Promise<void> {
    const transport = this.#client.transport as { terminateSession?: () => Promise<void> } | undefined;
    await transport?.terminateSession?.().catch(() => undefined);
    await this.#client.close();
  }
}

// ---------------------------------------------------------------- load shapes and statistics

export interface Stats {
  calls: number;
  errors: number;
  seconds: number;
  callsPerS: number;
  p50Ms: number;
  p99Ms: number;
  firstError?: string;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

function summarize(latencies: number[], errors: number, seconds: number, firstError?: string): Stats {
  const sorted = Float64Array.from(latencies).sort();
  return {
    calls: latencies.length,
    errors,
    seconds,
    callsPerS: latencies.length / seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    ...(firstError !== undefined ? { firstError } : {}),
  };
}

/** Calls made through `counted` sessions, successful or not: what the audit log must hold. */
export interface CallCounter {
  sent: number;
}

async function timedCall(session: LoadSession, i: number, counter: CallCounter): Promise<number> {
  counter.sent++;
  const started = performance.now();
  await session.add(i, 1);
  return performance.now() - started;
}

/** Back-to-back calls on one session: `count` calls, or fewer when `maxSeconds` runs out. */
export async function sequential(session: LoadSession, count: number, maxSeconds: number, counter: CallCounter): Promise<Stats> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + maxSeconds * 1000;
  for (let i = 0; i < count && performance.now() < deadline; i++) {
    try {
      latencies.push(await timedCall(session, i, counter));
    } catch (err) {
      errors++;
      firstError ??= (err as Error).message;
      if (errors > 100) break;
    }
  }
  return summarize(latencies, errors, (performance.now() - started) / 1000, firstError);
}

/** Every session calls back-to-back until `seconds` have passed (each also capped at `maxCallsEach`). */
export async function concurrent(sessions: LoadSession[], seconds: number, maxCallsEach: number, counter: CallCounter): Promise<Stats> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(sessions.map(async (session, s) => {
    for (let i = 0; i < maxCallsEach && performance.now() < deadline; i++) {
      try {
        latencies.push(await timedCall(session, s * 1_000_000 + i, counter));
      } catch (err) {
        errors++;
        firstError ??= (err as Error).message;
        if (errors > 100) return;
      }
    }
  }));
  return summarize(latencies, errors, (performance.now() - started) / 1000, firstError);
}

/** Warm-up calls whose timings are thrown away (JIT, connection pools, lazy upstreams). */
export async function warmUp(sessions: LoadSession[], callsEach: number, counter: CallCounter): Promise<void> {
  await Promise.all(sessions.map(async (session) => {
    for (let i = 0; i < callsEach; i++) {
      counter.sent++;
      await session.add(i, 2);
    }
  }));
}

// Reaches a 2026-07-28 server over Streamable HTTP: one POST per message, no session. Each
// request carries the revision's standard headers (MCP-Protocol-Version, Mcp-Method, Mcp-Name)
// and gets its answer on its own response, plain JSON or an SSE stream whose notifications come
// first. Only the configured headers are sent: never the client's own credentials.
import type { RemoteServerConfig } from '../config/types.ts';
import { STATELESS_VERSIONS } from '../mcp/era.ts';
import type { JSONRPCMessage, JSONRPCRequest, JSONRPCResponse } from '../mcp/wire.ts';
import { isResponse } from '../mcp/wire.ts';
import { beforeUpstreamSend } from './before-send.ts';

/** Header-safe as it is, or the revision's `=?base64?…?=` form. */
export function headerValue(value: string): string {
  const plain = /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(value) && !(value.startsWith('=?base64?') && value.endsWith('?='));
  return plain ? value : `=?base64?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

export function standardHeaders(message: JSONRPCMessage): Record<string, string> {
  const headers: Record<string, string> = { 'mcp-protocol-version': STATELESS_VERSIONS[0] };
  if (!('method' in message)) return headers;
  headers['mcp-method'] = message.method;
  const params = (message.params ?? {}) as Record<string, unknown>;
  const name = message.method === 'resources/read' ? params.uri : message.method === 'tools/call' || message.method === 'prompts/get' ? params.name : undefined;
  if (typeof name === 'string') headers['mcp-name'] = headerValue(name);
  return headers;
}

export class StatelessHttpTransport {
  readonly #config: RemoteServerConfig;

  constructor(config: RemoteServerConfig) {
    this.#config = config;
  }

  /** Sends one request; related messages go to `onMessage` before the answer resolves. */
  async exchange(request: JSONRPCRequest, onMessage: (message: JSONRPCMessage) => void, signal?: AbortSignal): Promise<JSONRPCResponse> {
    beforeUpstreamSend();
    const res = await fetch(this.#config.url, {
      method: 'POST',
      headers: { ...this.#config.headers, ...standardHeaders(request), 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify(request),
      signal,
    });
    const type = res.headers.get('content-type') ?? '';
    if (type.includes('text/event-stream') && res.body) {
      for await (const message of sseMessages(res.body)) {
        if (isResponse(message) && message.id === request.id) {
          void res.body.cancel().catch(() => undefined);
          return message;
        }
        onMessage(message);
      }
      throw new Error(`the server closed the response to ${request.method} without an answer (HTTP ${res.status})`);
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`the server answered ${request.method} with HTTP ${res.status} and no JSON-RPC message`);
    }
    if (isResponse(body as JSONRPCMessage)) return { ...(body as JSONRPCResponse), id: request.id } as JSONRPCResponse;
    throw new Error(`the server answered ${request.method} with HTTP ${res.status} and no JSON-RPC response`);
  }

  /** Sends a notification (202 expected; nothing comes back). */
  async notify(message: JSONRPCMessage): Promise<void> {
    beforeUpstreamSend();
    await fetch(this.#config.url, {
      method: 'POST',
      headers: { ...this.#config.headers, ...standardHeaders(message), 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify(message),
    }).then((res) => res.body?.cancel(), () => undefined);
  }
}

/** The JSON-RPC messages of an SSE body, as they arrive. */
async function* sseMessages(body: ReadableStream<Uint8Array>): AsyncGenerator<JSONRPCMessage> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      const data = event.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, '')).join('\n');
      if (!data) continue;
      try {
        yield JSON.parse(data) as JSONRPCMessage;
      } catch {
        // not a JSON-RPC message (a priming event): skip it
      }
    }
  }
}

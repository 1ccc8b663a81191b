// MCP over plain HTTP for tests that must send what no SDK client would: malformed envelopes,
// null ids, duplicate ids, batches. Each POST's status and parsed body are returned as they are.

export interface RawReply {
  status: number;
  body: unknown;
  headers: Headers;
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<RawReply> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('text/event-stream')) {
    parsed = text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)));
    if ((parsed as unknown[]).length === 1) parsed = (parsed as unknown[])[0];
  } else if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

export interface RawSession {
  id: string;
  /** POSTs one message or a batch on this session. */
  send(body: unknown): Promise<RawReply>;
  call(id: string | number, name: string, args: unknown): Promise<RawReply>;
}

/** Opens a session with initialize and notifications/initialized, as a client would. */
export async function openSession(url: string, headers: Record<string, string> = {}): Promise<RawSession> {
  const init = await post(url, { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }, headers);
  if (init.status !== 200) throw new Error(`initialize failed: ${init.status} ${JSON.stringify(init.body)}`);
  const id = init.headers.get('mcp-session-id')!;
  const send = (body: unknown) => post(url, body, { ...headers, 'mcp-session-id': id, 'mcp-protocol-version': '2025-06-18' });
  await send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  return {
    id,
    send,
    call: (rid, name, args) => send({ jsonrpc: '2.0', id: rid, method: 'tools/call', params: { name, arguments: args } }),
  };
}

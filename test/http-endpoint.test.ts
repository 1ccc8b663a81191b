// The Streamable HTTP endpoint as an attacker, a sloppy client and an operator would meet it:
// Host/Origin checks, authentication, malformed input, size limits, session ownership and caps,
// and the client's credentials never reaching the upstream.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { httpClient, textOf } from './helpers/client.ts';
import { nodeServer, startGateway, type RunningGateway } from './helpers/gateway.ts';

const SEED = nodeServer('test/fixtures/seed-server.ts');
const KEY_A = 'agent-a-key-0123456789';
const KEY_B = 'agent-b-key-0123456789';

const INIT = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, json, headers: res.headers };
}

async function openSession(url: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await post(url, INIT, headers);
  assert.equal(res.status, 200, JSON.stringify(res.json));
  const id = res.headers.get('mcp-session-id');
  assert.ok(id);
  await post(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, { ...headers, 'mcp-session-id': id });
  return id;
}

describe('HTTP endpoint hardening', () => {
  let gw: RunningGateway;
  let mcp: string;
  before(async () => {
    gw = await startGateway(`servers:\n  seed: ${SEED}\nagents:\n  agent-a: { key: ${KEY_A} }\n  agent-b: { key: ${KEY_B} }\n`, {
      gatewayExtra: '  max_body_bytes: 2048\n  max_sessions: 3\n',
    });
    mcp = `${gw.url}/mcp/seed`;
  });
  after(() => gw.stop());

  test('a foreign Host or Origin is refused (DNS rebinding); localhost names are accepted', async () => {
    assert.equal((await post(mcp, INIT, { origin: 'http://evil.example.com' })).status, 403);
    const res = await new Promise<number>((resolve, reject) => {
      // fetch will not send a forged Host header; node:http will.
      import('node:http').then(({ request }) => {
        const req = request(mcp, { method: 'POST', headers: { host: `evil.example.com:${gw.port}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' } }, (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(JSON.stringify(INIT));
      });
    });
    assert.equal(res, 403);
    assert.equal((await post(mcp, INIT, { origin: `http://localhost:${gw.port}` })).status, 200);
  });

  test('a wrong key is refused with 401, not downgraded to anonymous', async () => {
    const res = await post(mcp, INIT, { authorization: 'Bearer not-a-real-key-at-all' });
    assert.equal(res.status, 401);
    assert.match(res.json.error.message, /not recognised/);
    assert.ok(!JSON.stringify(res.json).includes('not-a-real-key'), 'the key is not echoed');
  });

  test('malformed JSON gets a JSON-RPC parse error and the gateway keeps serving', async () => {
    const bad = await post(mcp, '{"jsonrpc": "2.0", "id": 1, "method": ');
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, -32700);
    const invalid = await post(mcp, { jsonrpc: '1.0', id: 7, method: 'tools/list' });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.json.error.code, -32600);
    assert.equal(invalid.json.id, 7);
    const client = await httpClient(mcp);
    assert.equal(textOf(await client.callTool({ name: 'echo', arguments: { text: 'alive' } })), 'alive');
    await client.close();
  });

  test('a body over max_body_bytes is refused with 413', async () => {
    const res = await post(mcp, { ...INIT, params: { ...INIT.params, padding: 'x'.repeat(4096) } });
    assert.equal(res.status, 413);
  });

  test('requests need a live session of their own agent', async () => {
    assert.equal((await post(mcp, { jsonrpc: '2.0', id: 2, method: 'tools/list' })).status, 400);
    assert.equal((await post(mcp, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, { 'mcp-session-id': 'no-such-session' })).status, 404);
    const id = await openSession(mcp, { authorization: `Bearer ${KEY_A}` });
    const own = await post(mcp, { jsonrpc: '2.0', id: 3, method: 'tools/list' }, { authorization: `Bearer ${KEY_A}`, 'mcp-session-id': id });
    assert.equal(own.status, 200);
    const stolen = await post(mcp, { jsonrpc: '2.0', id: 3, method: 'tools/list' }, { authorization: `Bearer ${KEY_B}`, 'mcp-session-id': id });
    assert.equal(stolen.status, 404);
    const deleted = await fetch(mcp, { method: 'DELETE', headers: { authorization: `Bearer ${KEY_A}`, 'mcp-session-id': id } });
    assert.equal(deleted.status, 200);
    assert.equal((await post(mcp, { jsonrpc: '2.0', id: 4, method: 'tools/list' }, { authorization: `Bearer ${KEY_A}`, 'mcp-session-id': id })).status, 404);
  });

  test('a batch gets an array of answers; notifications alone get 202', async () => {
    const id = await openSession(mcp);
    const res = await post(mcp, [{ jsonrpc: '2.0', id: 'a', method: 'ping' }, { jsonrpc: '2.0', id: 'b', method: 'tools/list' }], { 'mcp-session-id': id });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.map((m: { id: string }) => m.id).sort(), ['a', 'b']);
    const note = await post(mcp, { jsonrpc: '2.0', method: 'notifications/roots/list_changed' }, { 'mcp-session-id': id });
    assert.equal(note.status, 202);
  });

  test('sessions beyond max_sessions evict the idlest', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await openSession(mcp));
    const oldest = await post(mcp, { jsonrpc: '2.0', id: 9, method: 'ping' }, { 'mcp-session-id': ids[0] });
    assert.equal(oldest.status, 404);
    const newest = await post(mcp, { jsonrpc: '2.0', id: 9, method: 'ping' }, { 'mcp-session-id': ids[3] });
    assert.equal(newest.status, 200);
  });
});

describe('idle sessions', () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(`servers:\n  seed: ${SEED}\n`, { gatewayExtra: '  session_idle_timeout: 1s\n' });
  });
  after(() => gw.stop());

  test('a session unused for session_idle_timeout is closed; a used one stays', async () => {
    const mcp = `${gw.url}/mcp/seed`;
    const idle = await openSession(mcp);
    const busy = await openSession(mcp);
    for (let i = 0; i < 8; i++) {
      await new Promise((r) => setTimeout(r, 250));
      assert.equal((await post(mcp, { jsonrpc: '2.0', id: i, method: 'ping' }, { 'mcp-session-id': busy })).status, 200);
    }
    assert.equal((await post(mcp, { jsonrpc: '2.0', id: 99, method: 'ping' }, { 'mcp-session-id': idle })).status, 404);
  });
});

describe('credentials stay at the gateway', () => {
  // A minimal Streamable HTTP MCP server written here because its one job is to report the
  // headers it received, which no npm server does; it answers in plain JSON.
  let recorder: Server;
  const seen: IncomingHttpHeaders[] = [];
  let gw: RunningGateway;
  before(async () => {
    recorder = createServer((req, res) => {
      seen.push(req.headers);
      let body = '';
      req.on('data', (d) => (body += d)).on('end', () => {
        if (req.method !== 'POST') return void res.writeHead(405).end();
        const msg = JSON.parse(body);
        if (msg.id === undefined) return void res.writeHead(202).end();
        const result = msg.method === 'initialize'
          ? { protocolVersion: '2025-11-25', capabilities: { tools: {} }, serverInfo: { name: 'recorder', version: '1' } }
          : msg.method === 'tools/list' ? { tools: [{ name: 'noop', inputSchema: { type: 'object' } }] } : { content: [{ type: 'text', text: 'ok' }] };
        res.writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': 'upstream-session-1' }).end(JSON.stringify({ jsonrpc: '2.0', id: msg.id, result }));
      });
    });
    await new Promise<void>((r) => recorder.listen(0, '127.0.0.1', () => r()));
    const port = (recorder.address() as { port: number }).port;
    gw = await startGateway(`servers:\n  remote:\n    url: http://127.0.0.1:${port}/mcp\n    headers: { X-Upstream-Token: "\${UPSTREAM_TOKEN}" }\nagents:\n  agent-a: { key: ${KEY_A} }\n`, { env: { UPSTREAM_TOKEN: 'configured-upstream-secret' } });
  });
  after(async () => {
    await gw.stop();
    recorder.close();
  });

  test('the upstream sees the configured headers, never the client\'s key or session id', async () => {
    const client = await httpClient(`${gw.url}/mcp/remote`, { key: KEY_A });
    assert.equal(textOf(await client.callTool({ name: 'noop', arguments: {} })), 'ok');
    await client.close();
    assert.ok(seen.length >= 3);
    for (const headers of seen) {
      assert.equal(headers.authorization, undefined);
      // The upstream sees only the session id it issued itself, never the gateway's.
      assert.ok(headers['mcp-session-id'] === undefined || headers['mcp-session-id'] === 'upstream-session-1');
      assert.equal(headers['x-upstream-token'], 'configured-upstream-secret');
      assert.ok(!JSON.stringify(headers).includes(KEY_A));
    }
    assert.ok(!gw.output().includes(KEY_A), 'the key is not in the logs');
    assert.ok(!gw.output().includes('configured-upstream-secret'), 'the upstream token is not in the logs');
  });
});

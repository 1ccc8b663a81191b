// MCP 2026-07-28 through the gateway, with real clients and servers of both eras: the v2 client
// pinned to 2026-07-28 and in `auto` mode, the v1 client (stateful only); a legacy-only server
// (the seed server and the conformance fixture with --legacy-only), a 2026-only one (the
// fixture with --modern-only) and a both-era one. Policy (tool list, deny with _meta, rate
// limits, elicit approvals), the revision's error answers, and both bridging directions.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { gatehouse, nodeServer, startGateway, type RunningGateway } from './helpers/gateway.ts';
import { textOf } from './helpers/client.ts';
import { until } from './helpers/wait.ts';

const KEY = 'stateless-agent-key-0001';
const META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
  'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
};

type Mode = { pin: string } | 'auto' | 'legacy';

async function v2(url: string, mode: Mode, options: { name?: string; elicit?: (params: Record<string, unknown>) => Record<string, unknown> } = {}): Promise<Client> {
  const client = new Client({ name: options.name ?? 'era-test', version: '1.0.0' }, {
    versionNegotiation: { mode },
    capabilities: options.elicit ? { elicitation: {} } : {},
  } as never);
  if (options.elicit) client.setRequestHandler('elicitation/create', (request) => options.elicit!(request.params as Record<string, unknown>) as never);
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${KEY}` } } }));
  return client;
}

async function rpc(url: string, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const method = body.method as string;
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${KEY}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': method,
      ...headers,
    },
    body: JSON.stringify({ jsonrpc: '2.0', ...body }),
  });
  const text = await res.text();
  const data = text.startsWith('event:') ? JSON.parse(text.split('\n').filter((l) => l.startsWith('data:')).at(-1)!.slice(5)) : JSON.parse(text);
  return { status: res.status, json: data };
}

const POLICY = `agents:\n  bot: { key: ${KEY} }\npolicy:\n  rules:\n    - tool: delete_key\n      action: deny\n      reason: Deleting keys is not allowed from agents.\n    - tool: create_api_key\n      action: rate_limit\n      rate_limit: { max: 2, window: 60 }\n    - tool: set\n      action: require_approval\n      approval: { mode: elicit, timeout: 30s }\n`;

describe('a 2026-07-28 client and a legacy (stateful-only) server', { timeout: 120_000 }, () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(`servers:\n  seed: ${nodeServer('test/fixtures/seed-server.ts')}\n  legacy: ${nodeServer('test/fixtures/conformance-server.ts', '--stdio', '--legacy-only')}\n${POLICY}`);
  });
  after(() => gw?.stop());

  for (const mode of [{ pin: '2026-07-28' }, 'auto'] as Mode[]) {
    test(`v2 client (${JSON.stringify(mode)}): the filtered list, calls, a deny with _meta`, async () => {
      const client = await v2(`${gw.url}/mcp/seed`, mode);
      try {
        assert.equal((client as unknown as { protocolVersion?: string }).protocolVersion ?? client.getNegotiatedProtocolVersion?.(), '2026-07-28');
        const names = (await client.listTools()).tools.map((t) => t.name);
        assert.ok(names.includes('echo') && names.includes('create_api_key'));
        assert.ok(!names.includes('delete_key'), 'a tool denied for every call is hidden');
        assert.equal(textOf(await client.callTool({ name: 'echo', arguments: { text: 'hi' } })), 'hi');
        const denied = await client.callTool({ name: 'delete_key', arguments: { key: 'k' } });
        assert.equal(denied.isError, true);
        assert.match(textOf(denied), /^Blocked by policy \(rule 1: delete_key\): Deleting keys is not allowed from agents\.$/);
        assert.deepEqual((denied._meta as Record<string, any>)['gatehouse/decision'].action, 'deny');
      } finally {
        await client.close();
      }
    });
  }

  test('scope: session counts per agent and client (clientInfo), across stateless requests', async () => {
    const a1 = await v2(`${gw.url}/mcp/seed`, { pin: '2026-07-28' }, { name: 'client-a' });
    const a2 = await v2(`${gw.url}/mcp/seed`, { pin: '2026-07-28' }, { name: 'client-a' });
    const b = await v2(`${gw.url}/mcp/seed`, { pin: '2026-07-28' }, { name: 'client-b' });
    try {
      assert.notEqual((await a1.callTool({ name: 'create_api_key', arguments: {} })).isError, true);
      assert.notEqual((await a2.callTool({ name: 'create_api_key', arguments: {} })).isError, true);
      const third = await a1.callTool({ name: 'create_api_key', arguments: {} });
      assert.equal(third.isError, true, 'the same client identity shares the session count');
      assert.match(textOf(third), /^Rate limit reached for create_api_key: 2 calls per 60 s in this session; retry in \d+ s\.$/);
      assert.equal((third._meta as Record<string, any>)['gatehouse/decision'].action, 'rate_limited');
      assert.notEqual((await b.callTool({ name: 'create_api_key', arguments: {} })).isError, true, 'another client is another session');
    } finally {
      await Promise.all([a1.close(), a2.close(), b.close()]);
    }
    const audit = await gatehouse('audit', '--tool', 'create_api_key', '--json', '--config', gw.configFile);
    const records = audit.stdout.trim().startsWith('[') ? JSON.parse(audit.stdout) : audit.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const sessions = new Set((records as { session: string }[]).map((r) => r.session));
    assert.equal(sessions.size, 2, `two stateless sessions in the audit log: ${[...sessions].join(', ')}`);
    for (const s of sessions) assert.match(s, /^stateless-[0-9a-f]{16}$/);
  });

  test('an elicit approval is an input_required result; the retry resumes the held call', async () => {
    let asked = '';
    const client = await v2(`${gw.url}/mcp/seed`, { pin: '2026-07-28' }, {
      elicit: (params) => {
        asked = String(params.message);
        return { action: 'accept', content: { decision: 'approve' } };
      },
    });
    try {
      const result = await client.callTool({ name: 'set', arguments: { key: 'a', value: '1' } });
      assert.notEqual(result.isError, true, textOf(result));
      assert.match(asked, /wants to call set on the server seed/);
      assert.equal(textOf(await client.callTool({ name: 'get', arguments: { key: 'a' } })), '1');
    } finally {
      await client.close();
    }
  });

  test("bridging: a legacy server's elicitation during a call reaches the 2026 client as input_required", async () => {
    const client = await v2(`${gw.url}/mcp/legacy`, { pin: '2026-07-28' }, { elicit: () => ({ action: 'accept', content: { username: 'ada', email: 'ada@example.com' } }) });
    try {
      const result = await client.callTool({ name: 'test_elicitation', arguments: { message: 'Who are you?' } });
      assert.equal(textOf(result), 'User response: action=accept, content={"username":"ada","email":"ada@example.com"}');
    } finally {
      await client.close();
    }
  });

  test('bridging: a client without the elicitation capability is not asked; the server hears so and answers', async () => {
    // The legacy session is opened with the capabilities the request declares, so the server
    // knows it cannot ask (a server that asks anyway fails the call with -32021, HTTP 400).
    const { status, json } = await rpc(`${gw.url}/mcp/legacy`, { id: 'cap-1', method: 'tools/call', params: { name: 'test_elicitation', arguments: { message: 'x' }, _meta: META } }, { 'mcp-name': 'test_elicitation' });
    assert.equal(status, 200, JSON.stringify(json));
    assert.equal(json.id, 'cap-1');
    assert.equal(json.result.isError, true);
    assert.match(json.result.content[0].text, /did not declare the required capability/);
  });

  test('a requestState the client altered, or one of another agent, resumes nothing', async () => {
    const caps = { ...META, 'io.modelcontextprotocol/clientCapabilities': { elicitation: {} } };
    const first = await rpc(`${gw.url}/mcp/legacy`, { id: 1, method: 'tools/call', params: { name: 'test_elicitation', arguments: { message: 'x' }, _meta: caps } }, { 'mcp-name': 'test_elicitation' });
    assert.equal(first.json.result.resultType, 'input_required');
    const state: string = first.json.result.requestState;
    const [key] = Object.keys(first.json.result.inputRequests);
    const tampered = `${state.slice(0, -3)}${state.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    const bad = await rpc(`${gw.url}/mcp/legacy`, { id: 2, method: 'tools/call', params: { name: 'test_elicitation', arguments: { message: 'x' }, requestState: tampered, inputResponses: { [key]: { action: 'accept', content: {} } }, _meta: caps } }, { 'mcp-name': 'test_elicitation' });
    assert.equal(bad.json.id, 2);
    assert.equal(bad.json.error.code, -32602);
    assert.match(bad.json.error.message, /altered/);
    // The untouched state still resumes the call.
    const good = await rpc(`${gw.url}/mcp/legacy`, { id: 3, method: 'tools/call', params: { name: 'test_elicitation', arguments: { message: 'x' }, requestState: state, inputResponses: { [key]: { action: 'decline' } }, _meta: caps } }, { 'mcp-name': 'test_elicitation' });
    assert.equal(good.json.id, 3);
    assert.match(good.json.result.content[0].text, /action=decline/);
    // Used once: a replay finds nothing waiting.
    const replay = await rpc(`${gw.url}/mcp/legacy`, { id: 4, method: 'tools/call', params: { name: 'test_elicitation', arguments: { message: 'x' }, requestState: state, inputResponses: { [key]: { action: 'decline' } }, _meta: caps } }, { 'mcp-name': 'test_elicitation' });
    assert.equal(replay.json.error.code, -32602);
  });

  test('the revision’s errors: _meta, version, headers, removed methods; the id is kept', async () => {
    const url = `${gw.url}/mcp/seed`;
    const missing = await rpc(url, { id: 'm', method: 'tools/list', params: {} });
    assert.deepEqual([missing.status, missing.json.id, missing.json.error.code], [400, 'm', -32602]);
    const version = await rpc(url, { id: 7, method: 'server/discover', params: { _meta: { ...META, 'io.modelcontextprotocol/protocolVersion': '2099-01-01' } } }, { 'mcp-protocol-version': '2099-01-01' });
    assert.deepEqual([version.status, version.json.id, version.json.error.code], [400, 7, -32022]);
    assert.deepEqual(version.json.error.data, { supported: ['2026-07-28', '2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'], requested: '2099-01-01' });
    const name = await rpc(url, { id: 8, method: 'tools/call', params: { name: 'echo', arguments: { text: 'x' }, _meta: META } }, { 'mcp-name': 'delete_key' });
    assert.deepEqual([name.status, name.json.id, name.json.error.code], [400, 8, -32020]);
    const noName = await rpc(url, { id: 9, method: 'tools/call', params: { name: 'echo', arguments: { text: 'x' }, _meta: META } });
    assert.deepEqual([noName.status, noName.json.error.code], [400, -32020]);
    const encoded = await rpc(url, { id: 10, method: 'tools/call', params: { name: 'echo', arguments: { text: 'é' }, _meta: META } }, { 'mcp-name': `=?base64?${Buffer.from('echo').toString('base64')}?=` });
    assert.equal(encoded.json.result.content[0].text, 'é');
    for (const method of ['initialize', 'ping', 'logging/setLevel', 'resources/subscribe', 'no/such-method']) {
      const removed = await rpc(url, { id: method, method, params: { _meta: META } });
      assert.deepEqual([removed.status, removed.json.id, removed.json.error.code], [404, method, -32601], method);
    }
    const discover = await rpc(url, { id: 11, method: 'server/discover', params: { _meta: META } });
    assert.equal(discover.status, 200);
    assert.ok(discover.json.result.supportedVersions.includes('2026-07-28'));
    assert.ok(discover.json.result.capabilities.tools);
    assert.equal(discover.json.result._meta['io.modelcontextprotocol/serverInfo'].name, 'seed-server');
    const list = await rpc(url, { id: 12, method: 'tools/list', params: { _meta: META } });
    assert.equal(list.json.result.resultType, 'complete');
    assert.equal(list.json.result.cacheScope, 'private', 'a list filtered per agent is never public');
    const unauthorized = await rpc(url, { id: 13, method: 'tools/list', params: { _meta: META } }, { authorization: 'Bearer wrong-key-wrong-key-1' });
    assert.equal(unauthorized.status, 401);
  });

  test('hostile: a huge burst of concurrent stateless calls all answered under their own ids', async () => {
    const calls = Array.from({ length: 40 }, (_, i) => rpc(`${gw.url}/mcp/seed`, { id: 1, method: 'tools/call', params: { name: 'echo', arguments: { text: `n${i}` }, _meta: META } }, { 'mcp-name': 'echo' }));
    const answers = await Promise.all(calls);
    answers.forEach((a, i) => {
      assert.equal(a.json.id, 1);
      assert.equal(a.json.result.content[0].text, `n${i}`);
    });
  });

  test('/mcp (all servers) speaks 2026-07-28 too, names prefixed', async () => {
    const client = await v2(`${gw.url}/mcp`, { pin: '2026-07-28' });
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      assert.ok(names.includes('seed__echo'), names.join(','));
      assert.equal(textOf(await client.callTool({ name: 'seed__echo', arguments: { text: 'all' } })), 'all');
    } finally {
      await client.close();
    }
  });

  test('the v1 client (stateful era) still works beside them', async () => {
    const client = new V1Client({ name: 'v1', version: '1' });
    await client.connect(new V1Transport(new URL(`${gw.url}/mcp/seed`), { requestInit: { headers: { authorization: `Bearer ${KEY}` } } }));
    try {
      assert.equal(textOf(await client.callTool({ name: 'echo', arguments: { text: 'v1' } })), 'v1');
    } finally {
      await client.close();
    }
  });
});

describe('a 2026-only server reached by clients of both eras', { timeout: 120_000 }, () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(`servers:\n  modern: ${nodeServer('test/fixtures/conformance-server.ts', '--stdio', '--modern-only')}\n${POLICY}    - tool: test_error_handling\n      action: deny\n`);
  });
  after(() => gw?.stop());

  test('/readyz says which era each server speaks', async () => {
    const ready = await until('the servers listed', async () => {
      const body = (await (await fetch(`${gw.url}/readyz`)).json()) as Record<string, any>;
      return body.status === 'ready' ? body : undefined;
    });
    assert.deepEqual(ready.eras, { modern: '2026-07-28' });
  });

  test('the v1 client lists and calls; a 2026 server’s input_required becomes its elicitation request', async () => {
    const client = new V1Client({ name: 'v1', version: '1' }, { capabilities: { elicitation: {} } });
    client.setRequestHandler((await import('@modelcontextprotocol/sdk/types.js')).ElicitRequestSchema, async () => ({ action: 'accept', content: { username: 'bo', email: 'bo@example.com' } }));
    await client.connect(new V1Transport(new URL(`${gw.url}/mcp/modern`), { requestInit: { headers: { authorization: `Bearer ${KEY}` } } }));
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      assert.ok(names.includes('test_simple_text') && !names.includes('test_error_handling'));
      assert.equal(textOf(await client.callTool({ name: 'test_simple_text', arguments: {} })), 'This is a simple text response for testing.');
      const elicited = await client.callTool({ name: 'test_elicitation', arguments: { message: 'Who?' } });
      assert.equal(textOf(elicited), 'User response: action=accept, content={"username":"bo","email":"bo@example.com"}');
      const denied = await client.callTool({ name: 'test_error_handling', arguments: {} });
      assert.equal((denied._meta as Record<string, any>)['gatehouse/decision'].action, 'deny');
    } finally {
      await client.close();
    }
  });

  test('the v2 client pinned to 2026-07-28 gets the server’s input_required and retries through the gateway', async () => {
    const client = await v2(`${gw.url}/mcp/modern`, { pin: '2026-07-28' }, { elicit: () => ({ action: 'accept', content: { name: 'Cy' } }) });
    try {
      assert.equal(textOf(await client.callTool({ name: 'test_input_required_result_elicitation', arguments: {} })), 'Hello, Cy!');
      const progress: number[] = [];
      await client.callTool({ name: 'test_tool_with_progress', arguments: {} }, { onprogress: (p: { progress: number }) => progress.push(p.progress) } as never);
      assert.deepEqual(progress, [0, 50, 100]);
    } finally {
      await client.close();
    }
  });

  test('the v2 client in legacy mode works against it too', async () => {
    const client = await v2(`${gw.url}/mcp/modern`, 'legacy');
    try {
      assert.equal(textOf(await client.callTool({ name: 'test_simple_text', arguments: {} })), 'This is a simple text response for testing.');
    } finally {
      await client.close();
    }
  });
});

describe('gatehouse check says what a session is in each era', () => {
  test('a session-scoped limit is explained for stateless clients', async () => {
    const gw = await startGateway(`servers:\n  seed: ${nodeServer('test/fixtures/seed-server.ts')}\n${POLICY}`);
    try {
      const run = await gatehouse('check', 'seed/create_api_key', '--config', gw.configFile);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /2 calls per 60 s per session/);
      assert.match(run.stdout, /per session: .*2026-07-28 \(stateless\) client has none, so there its calls count per agent and client: the clientInfo name and version/);
    } finally {
      await gw.stop();
    }
  });
});

describe('gatehouse stdio speaks 2026-07-28 to clients that launch it', { timeout: 180_000 }, () => {
  test('v2 client pinned to 2026-07-28 and in auto mode: list, call, deny, limits', async () => {
    const { StdioClientTransport } = await import('@modelcontextprotocol/client/stdio');
    const { MAIN, NODE, ROOT } = await import('./helpers/gateway.ts');
    const gw = await startGateway(`servers:\n  seed: ${nodeServer('test/fixtures/seed-server.ts')}\n${POLICY}`);
    await gw.stop(); // only its config and data folder are needed
    for (const mode of [{ pin: '2026-07-28' }, 'auto'] as Mode[]) {
      const client = new Client({ name: 'stdio-era', version: '1' }, { versionNegotiation: { mode } } as never);
      await client.connect(new StdioClientTransport({ command: NODE, args: [MAIN, 'stdio', 'seed', '--config', gw.configFile], cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GATEHOUSE_KEY: KEY }, stderr: 'pipe' }));
      try {
        assert.equal(client.getNegotiatedProtocolVersion?.() ?? (client as unknown as { protocolVersion?: string }).protocolVersion, '2026-07-28');
        const names = (await client.listTools()).tools.map((t) => t.name);
        assert.ok(names.includes('echo') && !names.includes('delete_key'));
        assert.equal(textOf(await client.callTool({ name: 'echo', arguments: { text: 'over stdio' } })), 'over stdio');
        const denied = await client.callTool({ name: 'delete_key', arguments: { key: 'k' } });
        assert.equal((denied._meta as Record<string, any>)['gatehouse/decision'].action, 'deny');
        await client.callTool({ name: 'create_api_key', arguments: {} });
        await client.callTool({ name: 'create_api_key', arguments: {} });
        const limited = await client.callTool({ name: 'create_api_key', arguments: {} });
        assert.equal((limited._meta as Record<string, any>)['gatehouse/decision'].action, 'rate_limited');
      } finally {
        await client.close();
      }
    }
  });
});

// The server's own notifications reach the client through the gateway: list_changed for
// tools, resources and prompts, and resources/updated after a subscription; and a slow call's
// progress follows its token while another call is in flight.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { textOf } from './helpers/client.ts';
import { nodeServer, startGateway, type RunningGateway } from './helpers/gateway.ts';

describe('notifications from the server', () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(`servers:\n  fixture: ${nodeServer('test/fixtures/conformance-server.ts', '--stdio')}\n`);
  });
  after(() => gw.stop());

  test('list_changed and resources/updated arrive; progress goes to the call that asked for it', async () => {
    const seen: { method: string; params?: Record<string, unknown> }[] = [];
    const client = new Client({ name: 'notified', version: '1.0.0' });
    client.fallbackNotificationHandler = async (n) => void seen.push(n as { method: string; params?: Record<string, unknown> });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${gw.url}/mcp/fixture`)));
    const { resources } = await client.listResources();
    await client.subscribeResource({ uri: resources[0].uri });

    const progressA: number[] = [];
    const progressB: number[] = [];
    const [a, b] = await Promise.all([
      client.callTool({ name: 'test_slow_operation', arguments: { durationMs: 400 } }, { onprogress: (p) => void progressA.push(p.progress) }),
      client.callTool({ name: 'test_slow_operation', arguments: { durationMs: 300 } }, { onprogress: (p) => void progressB.push(p.progress) }),
    ]);
    assert.match(textOf(a), /Completed after 400 ms/);
    assert.match(textOf(b), /Completed after 300 ms/);
    assert.deepEqual(progressA, [1, 2, 3, 4]);
    assert.deepEqual(progressB, [1, 2, 3]);

    await client.callTool({ name: 'test_notify_changes', arguments: {} });
    const deadline = Date.now() + 5000;
    while (seen.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const methods = seen.map((n) => n.method);
    for (const m of ['notifications/tools/list_changed', 'notifications/resources/list_changed', 'notifications/prompts/list_changed', 'notifications/resources/updated']) {
      assert.ok(methods.includes(m), `${m} in ${methods.join(', ')}`);
    }
    assert.equal(seen.find((n) => n.method === 'notifications/resources/updated')?.params?.uri, resources[0].uri);
    await client.close();
  });
});

describe('a client that accepts JSON only', () => {
  test('gets its answer as JSON; progress it cannot receive on the POST does not turn it into SSE', async () => {
    const gw = await startGateway(`servers:\n  fixture: ${nodeServer('test/fixtures/conformance-server.ts', '--stdio')}\n`);
    const url = `${gw.url}/mcp/fixture`;
    const headers = { 'content-type': 'application/json', accept: 'application/json' };
    const init = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'json-only', version: '1' } } }) });
    const session = init.headers.get('mcp-session-id')!;
    await init.text();
    const call = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'mcp-session-id': session },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'test_slow_operation', arguments: { durationMs: 200 }, _meta: { progressToken: 'p1' } } }),
    });
    assert.equal(call.headers.get('content-type'), 'application/json');
    const body = (await call.json()) as { id: number; result: unknown };
    assert.equal(body.id, 2);
    assert.match(textOf(body.result), /Completed after 200 ms/);
    await gw.stop();
  });
});

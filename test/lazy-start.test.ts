// Idle sessions cost no server process: the first handshake is remembered, sessions that
// initialize together wait for it, and each session's server starts on its first request.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { httpClient, textOf } from './helpers/client.ts';
import { nodeServer, startGateway } from './helpers/gateway.ts';

const started = (output: string) => (output.match(/seed-server started pid=/g) ?? []).length;

test('ten sessions opened at once start one server; a session starts its own on first use', async () => {
  const gw = await startGateway(`servers:\n  seed: ${nodeServer('test/fixtures/seed-server.ts')}\n`);
  // The gateway lists every server's tools once at start, for the catalog.
  const deadline = Date.now() + 10_000;
  while (started(gw.output()) < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const before = started(gw.output());
  const clients = await Promise.all(Array.from({ length: 10 }, () => httpClient(`${gw.url}/mcp/seed`)));
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(started(gw.output()) - before, 1, 'one handshake for ten sessions');
  assert.equal(textOf(await clients[3].callTool({ name: 'echo', arguments: { text: 'wake' } })), 'wake');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(started(gw.output()) - before, 2, 'the session that called got a server of its own');
  await Promise.all(clients.map((c) => c.close()));
  await gw.stop();
});

// `servers.<name>.shared: true`: one upstream process serves every client session of a server.
// Checked with real servers (the seed fixture, server-everything) and the SDK client: clients
// share the server's state and its one process, yet each hears only its own progress, cancels
// only its own calls, and survives the other leaving; a crash is seen and recovered by all.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { httpClient, textOf } from './helpers/client.ts';
import { nodeServer, startGateway, type RunningGateway } from './helpers/gateway.ts';
import { until } from './helpers/wait.ts';

const SEED = nodeServer('test/fixtures/seed-server.ts');
const EVERYTHING = nodeServer('node_modules/@modelcontextprotocol/server-everything/dist/index.js', 'stdio');
const shared = (server: string) => server.replace(/ }$/, ', shared: true }');

/** The pids of the seed server processes the gateway started for client sessions, from its log. */
function seedProcesses(gw: RunningGateway, server: string): Set<string> {
  const pids = new Set<string>();
  for (const line of gw.output().split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { server?: string; stderr?: string; session?: string; shared?: string };
    const pid = entry.server === server ? /seed-server started pid=(\d+)/.exec(entry.stderr ?? '')?.[1] : undefined;
    // The gateway's own start-up listing of the tools also starts one: only sessions' count.
    if (pid && (entry.session !== undefined || entry.shared !== undefined)) pids.add(pid);
  }
  return pids;
}

/** Ends a client's session at the gateway (DELETE), as a client does when it is done. */
async function end(client: Client): Promise<void> {
  await (client.transport as StreamableHTTPClientTransport).terminateSession();
  await client.close();
}

describe('a shared stdio server', () => {
  let gw: RunningGateway;
  const clients: Client[] = [];
  const connect = async (path: string) => {
    const client = await httpClient(`${gw.url}${path}`);
    clients.push(client);
    return client;
  };
  before(async () => {
    gw = await startGateway([
      'servers:',
      `  seed: ${shared(SEED)}`,
      `  isolated: ${SEED}`,
      `  everything: ${shared(EVERYTHING)}`,
    ].join('\n'));
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await gw.stop();
  });

  test('every client session reaches the one process; an unshared server gives each its own', async () => {
    const [a, b] = [await connect('/mcp/seed'), await connect('/mcp/seed')];
    assert.equal(textOf(await a.callTool({ name: 'set', arguments: { key: 'k', value: 'from a' } })), 'OK');
    assert.equal(textOf(await b.callTool({ name: 'get', arguments: { key: 'k' } })), 'from a');

    const [c, d] = [await connect('/mcp/isolated'), await connect('/mcp/isolated')];
    assert.equal(textOf(await c.callTool({ name: 'set', arguments: { key: 'k', value: 'from c' } })), 'OK');
    assert.equal(textOf(await d.callTool({ name: 'get', arguments: { key: 'k' } })), '(nil)');
    // Log lines arrive a little after the calls: wait for the unshared server's two processes.
    await until('two processes for the unshared server', async () => (seedProcesses(gw, 'isolated').size === 2 ? true : undefined));
    assert.equal(seedProcesses(gw, 'seed').size, 1);
  });

  test('each client hears only its own progress, under its own token, though both used the same', async () => {
    const [a, b] = [await connect('/mcp/everything'), await connect('/mcp/everything')];
    const seen: Record<string, number[]> = { a: [], b: [] };
    const call = (client: Client, who: string) =>
      client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 0.6, steps: 3 } }, { onprogress: (p) => void seen[who].push(p.progress) });
    const [ra, rb] = await Promise.all([call(a, 'a'), call(b, 'b')]);
    assert.match(textOf(ra), /completed/);
    assert.match(textOf(rb), /completed/);
    assert.deepEqual(seen.a, [1, 2, 3]);
    assert.deepEqual(seen.b, [1, 2, 3]);
  });

  test("a client cancelling its call leaves the other's call running", async () => {
    const [a, b] = [await connect('/mcp/everything'), await connect('/mcp/everything')];
    const controller = new AbortController();
    const cancelled = a.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 5, steps: 5 } }, { signal: controller.signal });
    const other = b.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 0.8, steps: 2 } });
    setTimeout(() => controller.abort('enough'), 200);
    await assert.rejects(cancelled);
    assert.match(textOf(await other), /completed/);
  });

  test('the server asking a shared client for sampling is refused, and the call ends, never hangs', async () => {
    const a = await connect('/mcp/everything');
    const started = Date.now();
    const outcome = await a.callTool({ name: 'trigger-sampling-request', arguments: { prompt: 'hi' } }).then(
      (r) => (r.isError ? textOf(r) : `unexpected success: ${textOf(r)}`),
      (err: Error) => err.message,
    );
    assert.ok(Date.now() - started < 10_000);
    assert.match(outcome, /sampling|not available|shared|capabilit|not found|Method/i);
  });

  test('a crash is reported to every client, and the restarted process serves them all', async () => {
    const [a, b] = [await connect('/mcp/seed'), await connect('/mcp/seed')];
    const crashed = await a.callTool({ name: 'crash', arguments: {} });
    assert.equal(crashed.isError, true);
    assert.match(textOf(crashed), /^Server seed is unavailable: process exited with code 1/);
    for (const client of [b, a]) {
      const back = await until('the restarted server', async () => {
        const r = await client.callTool({ name: 'echo', arguments: { text: 'back' } });
        return r.isError ? undefined : r;
      });
      assert.equal(textOf(back), 'back');
    }
  });

  test('the process lives while a client remains, and ends with the last one', async () => {
    const a = await connect('/mcp/seed');
    const b = await connect('/mcp/seed');
    assert.equal(textOf(await a.callTool({ name: 'set', arguments: { key: 'kept', value: 'yes' } })), 'OK');
    // Every other session of this server is ended: only a and b remain.
    for (const client of clients.splice(0)) if (client !== a && client !== b && client.transport) await end(client);
    await end(a);
    assert.equal(textOf(await b.callTool({ name: 'get', arguments: { key: 'kept' } })), 'yes');
    await end(b);
    const c = await connect('/mcp/seed');
    assert.equal(textOf(await c.callTool({ name: 'get', arguments: { key: 'kept' } })), '(nil)');
  });
});

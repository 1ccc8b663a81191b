// Every request is answered within a bound: an initialize whose server cannot start (exits at
// once, a command that does not exist, a URL nobody answers) gets an error with the cause, over
// HTTP and over `gatehouse stdio`; a server that never finishes its handshake holds nobody past
// `servers.<name>.timeout.handshake`; a call the server never answers ends after
// `timeout.call` with an error result, an audit record (allow, timeout) and a cancellation sent
// to the server.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stdioClient, textOf, httpClient } from './helpers/client.ts';
import { freePort, gatehouse, nodeServer, startGateway, type RunningGateway } from './helpers/gateway.ts';
import { openSession, post } from './helpers/raw-mcp.ts';
import { until } from './helpers/wait.ts';
import { auditRows, received } from './helpers/hardening.ts';

const INIT = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } };

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work;
  return { value, ms: Date.now() - started };
}

describe('initialize against a server that cannot start', () => {
  let gw: RunningGateway;
  before(async () => {
    const closed = await freePort();
    gw = await startGateway(
      `servers:\n` +
      `  exits: ${nodeServer('test/fixtures/raw-server.ts', '--exit-on-start')}\n` +
      `  missing: { command: /nonexistent/gatehouse-no-such-command }\n` +
      `  nowhere: { url: "http://127.0.0.1:${closed}/mcp" }\n` +
      `  good: ${nodeServer('test/fixtures/raw-server.ts')}\n`,
    );
  });
  after(() => gw.stop());

  for (const [server, cause] of [['exits', /process exited with code 3/], ['missing', /ENOENT|could not start/], ['nowhere', /ECONNREFUSED|fetch failed|connect/i]] as const) {
    test(`over HTTP: /mcp/${server} answers initialize with an error naming the cause`, async () => {
      const { value: reply, ms } = await timed(post(`${gw.url}/mcp/${server}`, INIT));
      assert.equal(reply.status, 200);
      const error = (reply.body as { id: number; error: { code: number; message: string } }).error;
      assert.equal((reply.body as { id: number }).id, 1);
      assert.equal(error.code, -32000);
      assert.match(error.message, new RegExp(`Server ${server} is unavailable`));
      assert.match(error.message, cause);
      assert.ok(ms < 10_000, `answered in ${ms} ms`);
    });
  }

  test('over gatehouse stdio: the client hears the cause too', async () => {
    await assert.rejects(stdioClient(gw.configFile, 'exits'), /process exited with code 3/);
    await assert.rejects(stdioClient(gw.configFile, 'missing'), /ENOENT|could not start/);
  });

  test('/mcp without the broken servers still works', async () => {
    const client = await httpClient(`${gw.url}/mcp`);
    assert.equal(textOf(await client.callTool({ name: 'good__echo', arguments: { a: 1 } })), '7');
    await client.close();
  });
});

describe('a server that never finishes its handshake, and one that never answers a call', () => {
  let gw: RunningGateway;
  const log = path.join(tmpdir(), `gatehouse-timeouts-${process.pid}-${Date.now()}.log`);
  before(async () => {
    gw = await startGateway(
      `servers:\n` +
      `  stuck:\n    command: ${JSON.stringify(process.execPath)}\n    args: [${JSON.stringify(path.resolve('test/fixtures/raw-server.ts'))}, --hang-handshake]\n    timeout: { handshake: 1s }\n` +
      `  slow:\n    command: ${JSON.stringify(process.execPath)}\n    args: [${JSON.stringify(path.resolve('test/fixtures/raw-server.ts'))}, --log, ${JSON.stringify(log)}]\n    timeout: { call: 1s }\n`,
    );
  });
  after(() => gw.stop());

  test('initialize is answered after the handshake timeout, for this session and the next ones at once', async () => {
    // Timed by when each answer came, not only by a wall-clock budget a loaded machine can blow (it did,
    // at 6.4 s, on a busy CI machine): the three are answered within one handshake timeout of each other
    // (the first contact's era probe can hold the later two for one), not one timeout after another.
    const all = await timed(Promise.all([1, 2, 3].map(() => timed(post(`${gw.url}/mcp/stuck`, INIT)))));
    for (const { value: reply } of all.value) {
      assert.match((reply.body as { error: { message: string } }).error.message, /did not complete its handshake within 1 s/);
    }
    const times = all.value.map((r) => r.ms);
    assert.ok(Math.max(...times) - Math.min(...times) < 1_900, `answered at ${times.join(', ')} ms: together, not one handshake timeout after another`);
    assert.ok(all.ms < 20_000, `three sessions answered in ${all.ms} ms`);
  });

  test('/mcp does not wait for ever on it: the other server is usable', async () => {
    const { value: client, ms } = await timed(httpClient(`${gw.url}/mcp`));
    assert.ok(ms < 6_000, `connected in ${ms} ms`);
    assert.equal(textOf(await client.callTool({ name: 'slow__echo', arguments: {} })), '2');
    await client.close();
  });

  test('a call never answered ends after timeout.call: error result, audit record (allow, timeout), cancellation upstream', async () => {
    const s = await openSession(`${gw.url}/mcp/slow`);
    const { value: reply, ms } = await timed(s.call(9, 'hang', {}));
    const result = (reply.body as { result: { isError: boolean; content: { text: string }[] } }).result;
    assert.equal(result.isError, true);
    assert.match(result.content[0].text, /Server slow is unavailable: no answer to tools\/call within 1 s/);
    assert.ok(ms >= 900 && ms < 6_000, `answered in ${ms} ms`);
    const row = await until('the record', async () => auditRows(gw.dir).find((r) => r.tool === 'hang'));
    assert.equal(row.decision, 'allow');
    assert.equal(row.outcome, 'timeout');
    const call = received(log).find((m) => m.method === 'tools/call' && m.name === 'hang')!;
    await until('the cancellation at the server', async () =>
      (received(log).some((m) => m.method === 'notifications/cancelled' && m.requestId === call.id) ? true : undefined));
    // The session goes on.
    const next = await s.call(10, 'echo', { b: 2 });
    assert.equal((next.body as { result: { content: { text: string }[] } }).result.content[0].text, '7');
  });
});

describe('servers.<name>.timeout in the config', () => {
  test('a duration or a map of handshake and call; mistakes are refused with their position', async () => {
    const dir = path.join(tmpdir(), `gatehouse-timeout-config-${process.pid}`);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'gatehouse.yaml');
    writeFileSync(file, 'servers:\n  a: { command: x, timeout: 45s }\n  b: { command: x, timeout: { handshake: 10s, call: 5m } }\n');
    assert.equal((await gatehouse('validate', '--config', file)).status, 0);
    writeFileSync(file, 'servers:\n  a:\n    command: x\n    timeout: { handshake: soon, calls: 5m }\n');
    const bad = await gatehouse('validate', '--config', file);
    assert.equal(bad.status, 1);
    assert.match(bad.stdout + bad.stderr, /gatehouse\.yaml:4:\d+: .*servers\.a\.timeout\.handshake must be a duration/);
    assert.match(bad.stdout + bad.stderr, /gatehouse\.yaml:4:\d+: unknown key 'calls' in servers\.a\.timeout; allowed: handshake, call/);
  });
});

// Protocol input the gateway must not be fooled by: arguments nested thousands deep, huge and
// wide arguments, non-object arguments, requests without a valid id (`"id": null`, none), ids
// reused while in flight, and batches mixing all of these. Every member of every POST gets its
// answer; every call that reaches the server has its audit record; nothing id-less is forwarded.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { argsDigest, canonicalJson } from '../src/audit/digest.ts';
import { nodeServer, startGateway, type RunningGateway } from './helpers/gateway.ts';
import { openSession, type RawSession } from './helpers/raw-mcp.ts';
import { until } from './helpers/wait.ts';
import { auditRows, received } from './helpers/hardening.ts';

function nested(depth: number): unknown {
  return JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
}

describe('canonical JSON for the audit digest', () => {
  test('arguments nested 100,000 deep get a digest (no recursion), equal to the old form when shallow', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    assert.equal(canonicalJson(deep).length, 200_000);
    assert.match(argsDigest(nested(50_000)), /^[0-9a-f]{64}$/);
    // The old replacer form, for digests already stored: keys sorted, index-like keys first.
    const sample = { b: 1, a: [{ z: 1, y: [true, null] }], 10: 'x', 9: 'y', '01': 0, c: undefined };
    assert.equal(canonicalJson(sample), '{"9":"y","10":"x","01":0,"a":[{"y":[true,null],"z":1}],"b":1}');
  });

  test('the same output on both sides of the depth where the recursive form hands over to the loop', () => {
    // canonicalJson recurses for shallow values and loops past 32 levels: around that depth,
    // with keys to sort, arrays, null and left-out members, the text must not change.
    for (let depth = 28; depth <= 36; depth++) {
      let input = '1';
      let expected = '1';
      for (let i = 0; i < depth; i++) {
        input = `{"b":[1,null,{"y":2,"x":"q"}],"c":null,"a":${input}}`;
        expected = `{"a":${expected},"b":[1,null,{"x":"q","y":2}],"c":null}`;
      }
      const value = JSON.parse(input) as Record<string, unknown>;
      value.gone = undefined;
      assert.equal(canonicalJson(value), expected, `depth ${depth}`);
    }
  });

  test('the next case: huge arrays, huge strings and many keys stay fast', () => {
    const many: Record<string, number> = {};
    for (let i = 0; i < 100_000; i++) many[`k${i}`] = i;
    const started = performance.now();
    argsDigest({ many, list: new Array(500_000).fill(7), text: 'x'.repeat(3_000_000) });
    assert.ok(performance.now() - started < 5_000, 'digest of ~6 MB of arguments within 5 s');
  });
});

describe('a gateway in front of a lenient server', () => {
  let gw: RunningGateway;
  let log: string;
  let s: RawSession;
  before(async () => {
    const dir = path.join((await import('node:os')).tmpdir(), `gatehouse-raw-${process.pid}-${Date.now()}.log`);
    log = dir;
    gw = await startGateway(
      `servers:\n  raw: ${nodeServer('test/fixtures/raw-server.ts', '--log', log)}\n` +
      `policy:\n  rules:\n    - tool: raw/delete_key\n      action: deny\n      reason: No deleting.\n`,
    );
    s = await openSession(`${gw.url}/mcp/raw`);
  });
  after(() => gw.stop());

  const calls = () => received(log).filter((m) => m.method === 'tools/call');

  test('a tools/call with "id": null or no id is refused with -32600 and never reaches the server', async () => {
    for (const message of [
      { jsonrpc: '2.0', id: null, method: 'tools/call', params: { name: 'delete_key', arguments: {} } },
      { jsonrpc: '2.0', method: 'tools/call', params: { name: 'delete_key', arguments: {} } },
      { jsonrpc: '2.0', method: 'resources/read', params: { uri: 'file:///etc/passwd' } },
      { jsonrpc: '2.0', id: null, method: 'ping' },
    ]) {
      const reply = await s.send(message);
      assert.equal(reply.status, 400, JSON.stringify(message));
      const error = (reply.body as { error: { code: number; message: string } }).error;
      assert.equal(error.code, -32600);
      assert.match(error.message, /needs an id|not null/);
    }
    // A real notification still passes (202), and a normal call still works.
    assert.equal((await s.send({ jsonrpc: '2.0', method: 'notifications/roots/list_changed' })).status, 202);
    assert.equal((await s.call(1, 'echo', { a: 1 })).status, 200);
    await until('the echo at the server', async () => (calls().length === 1 ? true : undefined));
    assert.deepEqual(calls().map((c) => c.name), ['echo']);
  });

  test('arguments 3,000 deep: refused with a clear error, recorded, not forwarded; 100 deep: forwarded and recorded', async () => {
    const before = calls().length;
    const deep = await s.call('deep', 'echo', nested(3000));
    const result = (deep.body as { result: { isError: boolean; content: { text: string }[] } }).result;
    assert.equal(result.isError, true);
    assert.match(result.content[0].text, /Refused \(invalid input\): The call's params are nested deeper than 128 levels/);
    const denied = await s.call('deep-denied', 'delete_key', nested(3000));
    assert.equal((denied.body as { result: { isError: boolean } }).result.isError, true);
    const fine = await s.call('fine', 'echo', nested(100));
    assert.equal((fine.body as { result: { isError?: boolean } }).result.isError, undefined);
    const rows = await until('three records', async () => {
      const r = auditRows(gw.dir).filter((row) => row.rule === 'invalid input' || row.outcome === 'ok');
      return r.length >= 4 ? r : undefined;
    });
    const invalid = rows.filter((r) => r.rule === 'invalid input');
    assert.deepEqual(invalid.map((r) => [r.tool, r.decision, r.outcome]), [['echo', 'deny', 'not_forwarded'], ['delete_key', 'deny', 'not_forwarded']]);
    assert.equal(invalid[0].args_digest, argsDigest(nested(3000)));
    assert.equal(calls().length, before + 1, 'only the 100-deep call reached the server');
  });

  test('non-object arguments are refused and recorded, so a deny rule cannot be skipped by them', async () => {
    for (const [i, args] of ['rm -rf', [1, 2], null, 42].entries()) {
      const reply = await s.call(`bad-${i}`, 'delete_key', args);
      const result = (reply.body as { result: { isError: boolean; content: { text: string }[] } }).result;
      assert.equal(result.isError, true);
      assert.match(result.content[0].text, /arguments must be an object/i);
    }
    await until('four records', async () => (auditRows(gw.dir).filter((r) => /arguments must be an object/.test(r.reason)).length === 4 ? true : undefined));
    assert.ok(!calls().some((c) => c.name === 'delete_key'));
  });

  test('the next case: huge, wide arguments are forwarded and recorded', async () => {
    const wide: Record<string, string> = {};
    for (let i = 0; i < 20_000; i++) wide[`k${i}`] = 'v';
    const args = { wide, list: new Array(100_000).fill(1), text: 'x'.repeat(1_000_000) };
    const reply = await s.call('huge', 'echo', args);
    assert.equal(reply.status, 200);
    const digest = argsDigest(args);
    await until('its record', async () => (auditRows(gw.dir).some((r) => r.args_digest === digest && r.outcome === 'ok') ? true : undefined));
  });

  test('a request id still in flight is refused (-32600) on another POST and inside a batch; every batch member is answered', async () => {
    const hanging = s.call('busy', 'hang', {});
    await until('the hang at the server', async () => (calls().some((c) => c.name === 'hang') ? true : undefined));
    const again = await s.call('busy', 'echo', {});
    assert.equal((again.body as { error: { code: number } }).error.code, -32600);
    assert.match((again.body as { error: { message: string } }).error.message, /already in flight/);

    const batch = await s.send([
      { jsonrpc: '2.0', id: 'b1', method: 'tools/call', params: { name: 'echo', arguments: {} } },
      { jsonrpc: '2.0', id: 'b1', method: 'tools/call', params: { name: 'echo', arguments: {} } },
      { jsonrpc: '2.0', id: null, method: 'tools/call', params: { name: 'echo', arguments: {} } },
      { jsonrpc: '2.0', method: 'tools/call', params: { name: 'echo', arguments: {} } },
      { jsonrpc: '2.0', id: 'b2', method: 'tools/call', params: { name: 'delete_key', arguments: {} } },
      { jsonrpc: '1.0', id: 'b3', method: 'ping' },
      { jsonrpc: '2.0', method: 'notifications/roots/list_changed' },
    ]);
    assert.equal(batch.status, 200);
    const answers = batch.body as { id: unknown; result?: { isError?: boolean }; error?: { code: number } }[];
    assert.equal(answers.length, 6, JSON.stringify(answers));
    const byId = (id: unknown) => answers.filter((a) => a.id === id);
    assert.equal(byId('b1').length, 2);
    assert.equal(byId('b1').filter((a) => a.error?.code === -32600).length, 1);
    assert.equal(byId(null).length, 2);
    assert.equal(byId('b2')[0].result?.isError, true);
    assert.equal(byId('b3')[0].error?.code, -32600);
    // The one in flight is cut off by its session's end below, not left hanging.
    await s.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'busy' } });
    const cancelled = await hanging;
    assert.equal(cancelled.status, 202);
  });
});

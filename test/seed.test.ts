// The reference case every release must handle (SPEC): `create_api_key` with an empty
// description, fronted by the gateway, rate-limited to 10 calls per 60 s per session, or
// denied with a reason the agent reads and the tool gone from its list.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { httpClient, textOf } from './helpers/client.ts';
import { nodeServer, startGateway, type RunningGateway } from './helpers/gateway.ts';
import { readAudit } from './helpers/audit.ts';

const SEED = nodeServer('test/fixtures/seed-server.ts');

describe('seed case: create_api_key rate-limited to 10 per 60 s', () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(`servers:\n  valkey: ${SEED}\npolicy:\n  rules:\n    - tool: create_api_key\n      action: rate_limit\n      rate_limit: { max: 10, window: 60 }\n`);
  });
  after(() => gw.stop());

  test('the eleventh call in a session gets the rate-limit error; another session still gets ten', async () => {
    const first = await httpClient(`${gw.url}/mcp/valkey`);
    for (let i = 0; i < 10; i++) {
      const result = await first.callTool({ name: 'create_api_key', arguments: {} });
      assert.equal(result.isError, undefined, textOf(result));
      assert.match(textOf(result), /^key-\d+$/);
    }
    const eleventh = await first.callTool({ name: 'create_api_key', arguments: {} });
    assert.equal(eleventh.isError, true);
    assert.match(textOf(eleventh), /^Rate limit reached for create_api_key: 10 calls per 60 s in this session; retry in \d+ s\.$/);
    const meta = (eleventh._meta as Record<string, Record<string, unknown>>)['gatehouse/decision'];
    assert.equal(meta.action, 'rate_limited');
    assert.equal(meta.rule, '1: create_api_key');
    assert.ok(Number(meta.retry_after_s) >= 1 && Number(meta.retry_after_s) <= 60);
    // The session is still usable after being stopped.
    const echo = await first.callTool({ name: 'echo', arguments: { text: 'still here' } });
    assert.equal(textOf(echo), 'still here');

    const second = await httpClient(`${gw.url}/mcp/valkey`);
    for (let i = 0; i < 10; i++) {
      const result = await second.callTool({ name: 'create_api_key', arguments: {} });
      assert.equal(result.isError, undefined, `call ${i + 1} of the second session: ${textOf(result)}`);
    }
    assert.equal((await second.callTool({ name: 'create_api_key', arguments: {} })).isError, true);
    await first.close();
    await second.close();
  });

  test('50 simultaneous calls against max 10 forward exactly 10, and each is recorded', async () => {
    const client = await httpClient(`${gw.url}/mcp/valkey`);
    const results = await Promise.all(Array.from({ length: 50 }, () => client.callTool({ name: 'create_api_key', arguments: {} })));
    const forwarded = results.filter((r) => r.isError === undefined);
    assert.equal(forwarded.length, 10);
    assert.equal(results.filter((r) => /^Rate limit reached/.test(textOf(r))).length, 40);
    await client.close();
  });

  test('every call has its audit record once the gateway has shut down', async () => {
    assert.equal(await gw.stop(), 0);
    const records = readAudit(gw.dir);
    const calls = records.filter((r) => r.tool === 'create_api_key');
    // 11 + 11 from the first test, 50 from the second.
    assert.equal(calls.length, 72);
    assert.equal(calls.filter((r) => r.decision === 'allow').length, 30);
    assert.equal(calls.filter((r) => r.decision === 'rate_limited').length, 42);
    for (const r of calls) assert.match(r.argsDigest, /^[0-9a-f]{64}$/);
  });
});

describe('seed case: create_api_key denied with a reason', () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(`servers:\n  valkey: ${SEED}\npolicy:\n  rules:\n    - tool: valkey/create_api_key\n      action: deny\n      reason: Agents may not mint credentials.\n`);
  });
  after(() => gw.stop());

  test('the agent receives the reason and the tool is gone from its tool list', async () => {
    const client = await httpClient(`${gw.url}/mcp/valkey`);
    const names = (await client.listTools()).tools.map((t) => t.name);
    assert.ok(!names.includes('create_api_key'), `listed: ${names.join(', ')}`);
    assert.ok(names.includes('get'));
    const result = await client.callTool({ name: 'create_api_key', arguments: {} });
    assert.equal(result.isError, true);
    assert.equal(textOf(result), 'Blocked by policy (rule 1: valkey/create_api_key): Agents may not mint credentials.');
    const meta = (result._meta as Record<string, Record<string, unknown>>)['gatehouse/decision'];
    assert.deepEqual({ action: meta.action, rule: meta.rule, reason: meta.reason }, { action: 'deny', rule: '1: valkey/create_api_key', reason: 'Agents may not mint credentials.' });
    await client.close();
  });
});

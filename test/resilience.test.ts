// What happens when things go wrong around the gateway: a stdio server that crashes is
// reported to the agent and restarted; a broken new config is refused and the old one stays;
// a good new config takes effect without a restart.
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { httpClient, textOf } from './helpers/client.ts';
import { until } from './helpers/wait.ts';
import { nodeServer, startGateway, type RunningGateway } from './helpers/gateway.ts';

const SEED = nodeServer('test/fixtures/seed-server.ts');


describe('a crashing stdio server', () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(`servers:\n  seed: ${SEED}\n`);
  });
  after(() => gw.stop());

  test('the call that crashed it, and calls meanwhile, get an isError naming the server; then it is back', async () => {
    const client = await httpClient(`${gw.url}/mcp/seed`);
    assert.equal(textOf(await client.callTool({ name: 'set', arguments: { key: 'a', value: '1' } })), 'OK');
    const crashed = await client.callTool({ name: 'crash', arguments: {} });
    assert.equal(crashed.isError, true);
    assert.match(textOf(crashed), /^Server seed is unavailable: process exited with code 1/);
    const meanwhile = await client.callTool({ name: 'echo', arguments: { text: 'x' } });
    assert.equal(meanwhile.isError, true);
    assert.match(textOf(meanwhile), /Server seed is unavailable: .*restarting, retry in \d+ s/);
    // The same client session works again once the server has been restarted and re-initialized.
    const back = await until('the restarted server', async () => {
      const r = await client.callTool({ name: 'echo', arguments: { text: 'back' } });
      return r.isError ? undefined : r;
    });
    assert.equal(textOf(back), 'back');
    assert.match(gw.output(), /"state":"restarting"/);
    await client.close();
  });
});

describe('config reload', () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(`servers:\n  seed: ${SEED}\npolicy:\n  rules:\n    - tool: echo\n      action: allow\n`);
  });
  after(() => gw.stop());

  test('a broken config is refused with its position; the running rules stay; a good one applies', async () => {
    const client = await httpClient(`${gw.url}/mcp/seed`);
    assert.equal(textOf(await client.callTool({ name: 'echo', arguments: { text: 'one' } })), 'one');
    const good = readFileSync(gw.configFile, 'utf8');

    writeFileSync(gw.configFile, good.replace('action: allow', 'action: allw'));
    process.kill(gw.process.pid!, 'SIGHUP');
    await until('the refusal in the log', async () => (/new config refused/.test(gw.output()) ? true : undefined));
    assert.match(gw.output(), /gatehouse\.yaml:\d+:\d+: /);
    assert.equal(textOf(await client.callTool({ name: 'echo', arguments: { text: 'two' } })), 'two');

    writeFileSync(gw.configFile, good.replace('action: allow', 'action: deny\n      reason: Echo is off now.'));
    const denied = await until('the new rule', async () => {
      const r = await client.callTool({ name: 'echo', arguments: { text: 'three' } });
      return r.isError ? r : undefined;
    });
    assert.equal(textOf(denied), 'Blocked by policy (rule 1: echo): Echo is off now.');
    await client.close();
  });
});


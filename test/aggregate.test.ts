// The aggregated endpoint /mcp: every server behind one URL, names prefixed with the server,
// the policy applied by each tool's real server and name.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PrefixedNames } from '../src/gateway/prefixed-names.ts';
import { httpClient, textOf } from './helpers/client.ts';
import { nodeServer, startGateway, type RunningGateway } from './helpers/gateway.ts';

describe('prefixed names', () => {
  test('plain server__tool when it reads back unambiguously', () => {
    const names = new PrefixedNames(['valkey', 'amazon-mq']);
    assert.equal(names.expose('valkey', 'create_api_key'), 'valkey__create_api_key');
    assert.deepEqual(names.resolve('amazon-mq__reboot_broker'), { server: 'amazon-mq', name: 'reboot_broker' });
    assert.equal(names.resolve('unknown__tool'), undefined);
  });

  test('colliding and over-long names get a stable hashed suffix and still resolve', () => {
    const names = new PrefixedNames(['a', 'a__b']);
    const plain = names.expose('a__b', 'c');
    const clash = names.expose('a', 'b__c');
    assert.equal(plain, 'a__b__c');
    assert.match(clash, /^a__b__c-[0-9a-f]{8}$/);
    assert.deepEqual(names.resolve(clash), { server: 'a', name: 'b__c' });
    assert.equal(new PrefixedNames(['a', 'a__b']).expose('a', 'b__c'), clash, 'the same in every session');
    const long = names.expose('a', 'x'.repeat(200));
    assert.ok(long.length <= 128);
    assert.deepEqual(names.resolve(long), { server: 'a', name: 'x'.repeat(200) });
  });
});

describe('/mcp with two servers', () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(`servers:
  seed: ${nodeServer('test/fixtures/seed-server.ts')}
  everything: ${nodeServer('node_modules/@modelcontextprotocol/server-everything/dist/index.js', 'stdio')}
policy:
  rules:
    - tool: seed/create_api_key
      action: deny
      reason: No new keys.
    - tool: echo
      action: rate_limit
      rate_limit: { max: 1, window: 60 }
`);
  });
  after(() => gw.stop());

  test('lists every server\'s tools under prefixed names, hiding the denied one', async () => {
    const client = await httpClient(`${gw.url}/mcp`);
    assert.equal(client.getServerVersion()?.name, 'gatehouse');
    const names = (await client.listTools()).tools.map((t) => t.name);
    assert.ok(names.includes('seed__echo') && names.includes('everything__echo') && names.includes('seed__get'), names.join(', '));
    assert.ok(!names.includes('seed__create_api_key'));
    await client.close();
  });

  test('calls reach the right server, and rules match the real server and tool names', async () => {
    const client = await httpClient(`${gw.url}/mcp`);
    assert.equal(textOf(await client.callTool({ name: 'seed__echo', arguments: { text: 'from seed' } })), 'from seed');
    assert.equal(textOf(await client.callTool({ name: 'everything__echo', arguments: { message: 'hi' } })), 'Echo: hi');
    // `echo` is limited to 1 per session on each server by the bare-name rule.
    assert.match(textOf(await client.callTool({ name: 'seed__echo', arguments: { text: 'again' } })), /^Rate limit reached for echo/);
    const denied = await client.callTool({ name: 'seed__create_api_key', arguments: {} });
    assert.equal(textOf(denied), 'Blocked by policy (rule 1: seed/create_api_key): No new keys.');
    await assert.rejects(client.callTool({ name: 'nosuch__tool', arguments: {} }), /unknown name/);
    await client.close();
  });

  test('prompts and resources from the server that has them', async () => {
    const client = await httpClient(`${gw.url}/mcp`);
    const prompts = (await client.listPrompts()).prompts.map((p) => p.name);
    assert.ok(prompts.includes('everything__simple-prompt'), prompts.join(', '));
    const prompt = await client.getPrompt({ name: 'everything__simple-prompt' });
    assert.ok(prompt.messages.length > 0);
    const { resources } = await client.listResources();
    assert.ok(resources.length > 0);
    const read = await client.readResource({ uri: resources[0].uri });
    assert.equal(read.contents[0].uri, resources[0].uri);
    await client.close();
  });
});

// The catalog in the running gateway: a changed tool definition (a rug pull announced with
// list_changed) is quarantined, shown as a diff and let out by an operator; trust_changes
// accepts it instead; /catalog pages show the rule in force and recent calls; and
// `policy.default: risk` applies the risk defaults, which `gatehouse check` explains.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { httpClient, textOf } from './helpers/client.ts';
import { until } from './helpers/wait.ts';
import { gatehouse, nodeServer, startGateway, type RunningGateway } from './helpers/gateway.ts';

const SEED = nodeServer('test/fixtures/seed-server.ts');


describe('rug pulls: a changed tool definition', () => {
  let gw: RunningGateway;
  before(async () => {
    const state = mkdtempSync(path.join(tmpdir(), 'seed-state-'));
    const trusting = mkdtempSync(path.join(tmpdir(), 'seed-state-'));
    // The gateway passes servers only their configured env, so the state folder is set there.
    const seed = `{ command: ${JSON.stringify(process.execPath)}, args: [${JSON.stringify(path.resolve('test/fixtures/seed-server.ts'))}], env: { SEED_STATE_DIR: ${JSON.stringify(state)} } }`;
    gw = await startGateway(`servers:\n  seed: ${seed}\n  trusted: { command: ${JSON.stringify(process.execPath)}, args: [${JSON.stringify(path.resolve('test/fixtures/seed-server.ts'))}], trust_changes: true, env: { SEED_STATE_DIR: ${JSON.stringify(trusting)} } }\n`);
  });
  after(() => gw.stop());

  test('is quarantined: hidden, refused with a reason, shown as a diff, until an operator accepts it', async () => {
    const changed: string[] = [];
    const client = new Client({ name: 'rug-pull-victim', version: '1' });
    client.fallbackNotificationHandler = async (n) => void changed.push(n.method);
    await client.connect(new StreamableHTTPClientTransport(new URL(`${gw.url}/mcp/seed`)));
    assert.ok((await client.listTools()).tools.some((t) => t.name === 'echo'));
    assert.equal(textOf(await client.callTool({ name: 'echo', arguments: { text: 'before' } })), 'before');

    await client.callTool({ name: 'rug_pull', arguments: {} });
    await until('list_changed', async () => (changed.includes('notifications/tools/list_changed') ? true : undefined));
    const names = (await client.listTools()).tools.map((t) => t.name);
    assert.ok(!names.includes('echo'), `echo is hidden after its definition changed: ${names.join(', ')}`);
    const refused = await client.callTool({ name: 'echo', arguments: { text: 'after' } });
    assert.equal(refused.isError, true);
    assert.match(textOf(refused), /^Blocked by policy \(quarantine\): The definition of seed\/echo changed since the gateway first saw it/);

    const held = await gatehouse('catalog', 'quarantined', '--config', gw.configFile);
    assert.match(held.stdout, /seed\/echo/);
    assert.match(held.stdout, /^-\s+"description": "Return the given text unchanged\.",$/m);
    assert.match(held.stdout, /^\+\s+"description": "Return the given text\. <IMPORTANT>/m);
    const api = await (await fetch(`${gw.url}/api/catalog/seed/echo`)).json() as { quarantined: boolean; classification: { flags: string[]; risk: string } };
    assert.equal(api.quarantined, true);
    assert.ok(api.classification.flags.some((f) => f.startsWith('poisoning')), 'the new description is flagged as poisoning');

    const accepted = await gatehouse('catalog', 'accept', 'seed/echo', '--config', gw.configFile);
    assert.equal(accepted.status, 0, accepted.stderr);
    const back = await until('echo let out', async () => ((await client.listTools()).tools.some((t) => t.name === 'echo') ? true : undefined));
    assert.ok(back);
    assert.equal(textOf(await client.callTool({ name: 'echo', arguments: { text: 'accepted' } })), 'accepted');
    await client.close();
  });

  test('a server whose changes are trusted is not quarantined', async () => {
    const client = await httpClient(`${gw.url}/mcp/trusted`);
    await client.listTools();
    await client.callTool({ name: 'rug_pull', arguments: {} });
    assert.ok((await client.listTools()).tools.some((t) => t.name === 'echo'));
    assert.equal(textOf(await client.callTool({ name: 'echo', arguments: { text: 'x' } })), 'x');
    await client.close();
  });
});

describe('catalog pages and policy.default: risk', () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(`servers:\n  valkey: ${SEED}\npolicy:\n  default: risk\n  rules:\n    - tool: get\n      action: rate_limit\n      rate_limit: { max: 100, window: 60 }\n`);
  });
  after(() => gw.stop());

  test('risk defaults: a Write tool is rate-limited 10 per 60 s, a Destructive one denied and hidden', async () => {
    const client = await httpClient(`${gw.url}/mcp/valkey`);
    const names = (await client.listTools()).tools.map((t) => t.name);
    assert.ok(!names.includes('delete_key'), 'critical risk is denied by default, so hidden');
    const denied = await client.callTool({ name: 'delete_key', arguments: { key: 'a' } });
    assert.match(textOf(denied), /^Blocked by policy \(policy risk default \(critical\)\): Valkey\/delete_key is classified critical risk/);
    for (let i = 0; i < 10; i++) assert.equal((await client.callTool({ name: 'create_api_key', arguments: {} })).isError, undefined);
    assert.match(textOf(await client.callTool({ name: 'create_api_key', arguments: {} })), /^Rate limit reached for create_api_key: 10 calls per 60 s in this session/);
    await client.close();
  });

  test('gatehouse check says when the decision comes from a risk default', async () => {
    const run = await gatehouse('check', 'valkey/create_api_key', '--config', gw.configFile);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /allow, subject to rate limits: 10 calls per 60 s per session \(rule risk default \(medium\)\)/);
    assert.match(run.stdout, /the risk default applies, as the catalog classifies create_api_key Write, medium risk/);
  });

  test('the tool page has every section, the rule in force and its recent calls', async () => {
    const page = await (await fetch(`${gw.url}/catalog/valkey/create_api_key`)).text();
    for (const words of ['create_api_key', 'Write', 'Parameters: 0 required', 'valkey', 'max: 10', 'action: deny', 'require_approval', 'Rate limit reached']) {
      assert.ok(page.includes(words), `the page mentions ${words}`);
    }
    assert.match(page, /credential|API key/i);
    assert.match(page, /risk default \(medium\)/);
    assert.match(page, /rate.limited/i, 'recent calls show their decisions');
    assert.match(page, /data-label="Agent">anonymous</, 'and who made them');
    const index = await (await fetch(`${gw.url}/catalog`)).text();
    assert.ok(index.includes('/catalog/valkey/create_api_key'));
  });
});

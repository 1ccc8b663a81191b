// A running gateway only takes a config that is whole: an emptied file, one cut short before a
// section the running config has, or one still being written is refused, the running rules stay
// in force (a denied tool is never forwarded meanwhile), and the log says why. `validate` calls
// an empty file what it is.
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseConfigOutline } from '../src/config/load.ts';
import { readReload, readStable } from '../src/config/reload.ts';
import { httpClient, textOf } from './helpers/client.ts';
import { gatehouse, nodeServer, startGateway, type RunningGateway } from './helpers/gateway.ts';
import { until } from './helpers/wait.ts';

const SEED = nodeServer('test/fixtures/seed-server.ts');
const POLICY = `policy:\n  default: allow\n  rules:\n    - tool: echo\n      action: deny\n      reason: Echo is off.\n`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('gatehouse validate on an empty file', () => {
  test('exits 2 with file:1:1 saying the file is empty, for blanks and comments too', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-empty-'));
    for (const text of ['', '   \n\n', '# only a comment\n']) {
      const file = path.join(dir, 'gatehouse.yaml');
      writeFileSync(file, text);
      const run = await gatehouse('validate', '--config', file);
      assert.equal(run.status, 2, run.stderr);
      assert.equal(run.stderr.trim(), `${file}:1:1: the config file is empty (a config needs at least a servers: section)`);
    }
  });
});

describe('what a reload compares against the running config', () => {
  const FILE = '/etc/gatehouse/gatehouse.yaml';
  const running = parseConfigOutline(`gateway:\n  admin_token: \${T}\n  require_auth: true\nservers:\n  a: { command: x }\n${POLICY}`, FILE, { T: 'a-long-admin-token-0123' });

  async function reloadFrom(text: string): Promise<string> {
    const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-reload-'));
    const file = path.join(dir, 'gatehouse.yaml');
    writeFileSync(file, text);
    try {
      await readReload(file, running, { T: 'a-long-admin-token-0123' }, { intervalMs: 10 });
      return 'accepted';
    } catch (err) {
      return (err as Error).message.replace(`${file}:`, '');
    }
  }

  test('a file without a section or a gateway key the running config has is refused, naming them', async () => {
    assert.match(await reloadFrom(`gateway:\n  admin_token: x-long-admin-token-0123\n  require_auth: true\n${POLICY}`),
      /^1:1: the new config has no servers: but the running one has .*restart the gateway/);
    assert.match(await reloadFrom(`gateway:\n  require_auth: true\nservers:\n  a: { command: x }\n`),
      /^1:1: the new config has no policy:, gateway\.admin_token but the running one has/);
    assert.match(await reloadFrom(''), /^1:1: the config file is empty/);
    assert.match(await reloadFrom('gateway:\n  require_auth: tr'), /^2:17: gateway\.require_auth must be true or false/);
  });

  test('a whole file with other servers and rules is accepted', async () => {
    assert.equal(await reloadFrom(`gateway:\n  admin_token: other-long-admin-token\n  require_auth: false\nservers:\n  b: { command: y }\npolicy: {}\n`), 'accepted');
  });

  test('the file is read only once it has stopped changing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-stable-'));
    const file = path.join(dir, 'gatehouse.yaml');
    writeFileSync(file, 'servers:\n');
    const reading = readStable(file, { intervalMs: 60, maxWaitMs: 5_000 });
    for (let i = 0; i < 5; i++) {
      await sleep(25);
      writeFileSync(file, `servers:\n${'  # more\n'.repeat(i + 1)}`);
    }
    assert.equal(await reading, `servers:\n${'  # more\n'.repeat(5)}`);
    await assert.rejects(readStable(path.join(dir, 'gone.yaml'), { intervalMs: 5 }), /cannot read the config file: no such file/);
  });
});

describe('a running gateway whose config is emptied, cut short or written slowly', () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(`servers:\n  seed: ${SEED}\n${POLICY}`);
  });
  after(() => gw.stop());

  test('never forwards the denied tool while the file is rewritten in slow pieces, then applies the whole file', async () => {
    const client = await httpClient(`${gw.url}/mcp/seed`);
    const denied = 'Blocked by policy (rule 1: echo): Echo is off.';
    assert.equal(textOf(await client.callTool({ name: 'echo', arguments: { text: 'before' } })), denied);
    const whole = readFileSync(gw.configFile, 'utf8');
    // The new file writes policy: before servers:, so every prefix of it that parses either
    // lacks servers: (refused as cut short) or holds the whole deny rule.
    const serversAt = whole.indexOf('servers:');
    const policyAt = whole.indexOf('policy:');
    const next = whole.slice(0, serversAt) + whole.slice(policyAt).replace('Echo is off.', 'Echo is still off.') + whole.slice(serversAt, policyAt);
    const cutAt = next.indexOf('servers:');

    // Calls go on the whole time; each must be stopped by the running (or the new) deny rule.
    let writing = true;
    const answers: string[] = [];
    const calling = (async () => {
      while (writing) {
        answers.push(await client.callTool({ name: 'echo', arguments: { text: 'during' } }).then(textOf, (err: Error) => `error: ${err.message}`));
        await sleep(10);
      }
    })();

    // As a slow in-place writer does: truncate, pause; everything before servers:, pause (both
    // pauses longer than the watcher's settling); the rest in pieces cut anywhere (mid-key, mid-value).
    const fd = openSync(gw.configFile, 'w');
    await sleep(300);
    writeSync(fd, next.slice(0, cutAt));
    await sleep(300);
    const rest = next.slice(cutAt);
    const pieces = 6;
    for (let i = 0; i < pieces; i++) {
      writeSync(fd, rest.slice(Math.floor((rest.length * i) / pieces), Math.floor((rest.length * (i + 1)) / pieces)));
      await sleep(60);
    }
    closeSync(fd);

    await until('the whole new config applied', async () => (/Echo is still off/.test(answers.at(-1) ?? '') ? true : undefined));
    writing = false;
    await calling;
    assert.ok(!answers.includes('during'), 'the denied tool never ran');
    const other = answers.filter((a) => !a.startsWith('Blocked by policy (rule 1: echo): Echo is'));
    assert.deepEqual(other, [], 'every call during the rewrite was denied by the rule');
    assert.ok(answers.length > 20, `calls were made throughout (${answers.length})`);
    // Which partial files the watcher caught depends on the machine's speed (the reasons for
    // refusing each kind are tested above and below); on a quiet machine, the first two.
    await client.close();
  });

  test('an emptied file on SIGHUP is refused and the running rules, servers and calls go on', async () => {
    const client = await httpClient(`${gw.url}/mcp/seed`);
    const before = gw.output().length;
    const whole = readFileSync(gw.configFile, 'utf8');
    writeFileSync(gw.configFile, '');
    process.kill(gw.process.pid!, 'SIGHUP');
    await until('the refusal', async () => (/the config file is empty[^\n]*new config refused/.test(gw.output().slice(before)) ? true : undefined));
    assert.match(textOf(await client.callTool({ name: 'echo', arguments: { text: 'x' } })), /^Blocked by policy \(rule 1: echo\)/);
    assert.equal(textOf(await client.callTool({ name: 'set', arguments: { key: 'k', value: 'v' } })), 'OK');
    writeFileSync(gw.configFile, whole);
    await client.close();
  });
});

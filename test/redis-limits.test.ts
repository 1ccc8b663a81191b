// Gateways sharing rate limits through Redis (`gateway.redis`), against real Redis servers: the
// one this machine runs on 127.0.0.1:6379, and private `redis-server` processes this test starts
// and kills to see the gateway fail closed and recover. The store alone: limits-redis.test.ts.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { httpClient, textOf } from './helpers/client.ts';
import { freePort, gatehouse, nodeServer, startGateway, type RunningGateway } from './helpers/gateway.ts';
import { until } from './helpers/wait.ts';

const REDIS = 'redis://127.0.0.1:6379';
const SEED = nodeServer('test/fixtures/seed-server.ts');

/** A Redis server of this test's own, on a free port, that it can kill and start again. */
async function privateRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {});
  await until('redis-server to answer', async () => {
    try {
      if (probe.status !== 'ready') await probe.connect();
      return (await probe.ping()) === 'PONG' ? true : undefined;
    } catch {
      probe.disconnect();
      return undefined;
    }
  });
  probe.disconnect();
  return child;
}

function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('gateways sharing limits through Redis', () => {
  const gateways: RunningGateway[] = [];
  after(() => Promise.all(gateways.map((g) => g.stop())));

  test('two gateways, one global limit of 3: three calls get through in all', async () => {
    // A condition that always holds makes this run's rule (and so its counter key) its own.
    const body = `servers:\n  seed: ${SEED}\npolicy:\n  rules:\n    - tool: echo\n      when: 'tool != "${randomUUID()}"'\n      action: rate_limit\n      rate_limit: { max: 3, window: 60, scope: global }\n`;
    const [a, b] = await Promise.all([0, 1].map(() => startGateway(body, { gatewayExtra: `  redis: ${REDIS}\n` })));
    gateways.push(a, b);
    const clients = await Promise.all([a, b, a, b].map((g) => httpClient(`${g.url}/mcp/seed`)));
    const results = await Promise.all(clients.flatMap((c) => [c.callTool({ name: 'echo', arguments: { text: 'x' } }), c.callTool({ name: 'echo', arguments: { text: 'y' } })]));
    assert.equal(results.filter((r) => !r.isError).length, 3, results.map((r) => textOf(r)).join("\n"));
    assert.match(textOf(results.find((r) => r.isError)), /^Rate limit reached for echo: 3 calls per 60 s across all agents; retry in \d+ s\.$/);
    await Promise.all(clients.map((c) => c.close()));
  });

  test('Redis gone: calls under a limit are refused (fail closed) and come back with Redis', async () => {
    const port = await freePort();
    let redis = await privateRedis(port);
    const gw = await startGateway(`servers:\n  seed: ${SEED}\npolicy:\n  rules:\n    - tool: echo\n      action: rate_limit\n      rate_limit: { max: 1000, window: 60 }\n`, { gatewayExtra: `  redis: redis://127.0.0.1:${port}\n` });
    gateways.push(gw);
    try {
      const client = await httpClient(`${gw.url}/mcp/seed`);
      assert.equal(textOf(await client.callTool({ name: 'echo', arguments: { text: 'before' } })), 'before');

      await stopped(redis);
      const refused = await client.callTool({ name: 'echo', arguments: { text: 'during' } });
      assert.equal(refused.isError, true);
      assert.match(textOf(refused), new RegExp(`^Blocked \\(rule 1: echo\\): The rate-limit counters could not be checked \\(Redis at 127\\.0\\.0\\.1:${port}: .+\\), so the call was not forwarded; retry shortly\\.$`));
      // A tool no limit names does not need Redis.
      assert.equal((await client.callTool({ name: 'get', arguments: { key: 'k' } })).isError, undefined);

      redis = await privateRedis(port);
      const back = await until('the call to go through again', async () => {
        const r = await client.callTool({ name: 'echo', arguments: { text: 'after' } });
        return r.isError ? undefined : r;
      });
      assert.equal(textOf(back), 'after');
      await client.close();
    } finally {
      await stopped(redis);
    }
  });

  test('a gateway whose Redis cannot be reached does not start: exit 3, and why', async () => {
    const port = await freePort();
    const run = await gatehouse('serve', '--config', writeConfig(`gateway:\n  listen: 127.0.0.1:${await freePort()}\n  data: ./data\n  redis: redis://:pw-s3cret@127.0.0.1:${port}\nservers:\n  seed: ${SEED}\n`));
    assert.equal(run.status, 3, run.stderr);
    assert.match(run.stderr, new RegExp(`^gatehouse: cannot start: the rate-limit counters: Redis at 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`, 'm'));
    assert.doesNotMatch(run.stderr + run.stdout, /s3cret/);
  });
});

function writeConfig(text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'gatehouse-redis-')), 'gatehouse.yaml');
  writeFileSync(file, text);
  return file;
}

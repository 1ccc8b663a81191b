// Observability against a real gateway: /metrics counts known traffic exactly, upstream
// restarts show, /readyz reports its checks, both need the admin token beyond loopback, and a
// call's request id in the log is the one in its audit record.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Client } from '@modelcontextprotocol/client';
import { GatewayMetrics } from '../src/observability/metrics.ts';
import { readAudit } from './helpers/audit.ts';
import { httpClient, textOf } from './helpers/client.ts';
import { freePort, launchGateway, nodeServer, startGateway, type RunningGateway } from './helpers/gateway.ts';
import { until } from './helpers/wait.ts';

const SEED = nodeServer('test/fixtures/seed-server.ts');
const POLICY = `servers:
  seed: ${SEED}
policy:
  default: allow
  rules:
    - tool: delete_key
      action: deny
      reason: Deleting is not allowed.
    - tool: get
      action: rate_limit
      rate_limit: { max: 2, window: 60 }
`;

/** `name{labels}` → value, from the Prometheus text format. */
async function scrape(url: string, headers: Record<string, string> = {}): Promise<Map<string, number>> {
  const res = await fetch(`${url}/metrics`, { headers });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  const samples = new Map<string, number>();
  for (const line of (await res.text()).split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<string> {
  try {
    return textOf(await client.callTool({ name, arguments: args }));
  } catch (err) {
    return (err as Error).message;
  }
}

describe('/metrics and /readyz on loopback', () => {
  let gw: RunningGateway;
  let client: Client;
  before(async () => {
    gw = await startGateway(POLICY);
    client = await httpClient(`${gw.url}/mcp/seed`);
  });
  after(async () => {
    await client.close();
    await gw.stop();
  });

  test('/readyz reports every check once the servers are listed', async () => {
    const ready = await until('readiness', async () => {
      const res = await fetch(`${gw.url}/readyz`);
      return res.status === 200 ? res.json() : undefined;
    });
    assert.deepEqual(ready, { status: 'ready', checks: { config: 'ok', store: 'ok', audit: 'ok', upstreams: { seed: 'ok' } }, eras: { seed: 'stateful' } });
  });

  test('known traffic is counted exactly by server, tool and decision', async () => {
    for (const text of ['a', 'b', 'c']) assert.equal(await call(client, 'echo', { text }), text);
    for (const key of ['x', 'y']) assert.match(await call(client, 'delete_key', { key }), /Deleting is not allowed/);
    for (const key of ['k1', 'k2', 'k3']) await call(client, 'get', { key });

    const m = await scrape(gw.url);
    assert.equal(m.get('gatehouse_tool_calls_total{server="seed",tool="echo",decision="allow"}'), 3);
    assert.equal(m.get('gatehouse_tool_calls_total{server="seed",tool="delete_key",decision="deny"}'), 2);
    assert.equal(m.get('gatehouse_tool_calls_total{server="seed",tool="get",decision="allow"}'), 2);
    assert.equal(m.get('gatehouse_tool_calls_total{server="seed",tool="get",decision="rate_limited"}'), 1);
    // Every call is timed in the gateway; only the 5 forwarded ones upstream.
    assert.equal(m.get('gatehouse_gateway_overhead_seconds_count{server="seed"}'), 8);
    assert.equal(m.get('gatehouse_upstream_latency_seconds_count{server="seed"}'), 5);
    assert.ok((m.get('gatehouse_upstream_latency_seconds_sum{server="seed"}') ?? 0) > 0);
    assert.equal(m.get('gatehouse_upstream_up{server="seed"}'), 1);
    assert.equal(m.get('gatehouse_upstream_restarts_total{server="seed"}'), 0);
    assert.equal(m.get('gatehouse_sessions'), 1);
    assert.equal(m.get('gatehouse_approvals_pending'), 0);
    assert.ok(m.has('gatehouse_audit_queue_depth'));
    assert.ok(m.has('process_cpu_user_seconds_total'), 'default process metrics are on the registry');
  });

  test('a crashed server is down, counted as restarted, then up again', async () => {
    assert.match(await call(client, 'crash', {}), /Server seed is unavailable/);
    const down = await scrape(gw.url);
    assert.equal(down.get('gatehouse_upstream_restarts_total{server="seed"}'), 1);
    assert.equal(down.get('gatehouse_upstream_up{server="seed"}'), 0);
    await until('the restarted server', async () => ((await scrape(gw.url)).get('gatehouse_upstream_up{server="seed"}') === 1 ? true : undefined));
    assert.equal(await call(client, 'echo', { text: 'back' }), 'back');
    const m = await scrape(gw.url);
    assert.equal(m.get('gatehouse_upstream_restarts_total{server="seed"}'), 1);
    assert.equal(m.get('gatehouse_tool_calls_total{server="seed",tool="echo",decision="allow"}'), 4);
    assert.equal(m.get('gatehouse_tool_calls_total{server="seed",tool="crash",decision="allow"}'), 1);
  });

  test('a call\'s request id in the log is its audit record\'s', async () => {
    await call(client, 'echo', { text: 'traced' });
    await call(client, 'delete_key', { key: 'traced' });
    await client.close();
    await gw.stop();
    const logged = gw.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === 'tools/call');
    const audit = readAudit(gw.dir).filter((r) => r.server === 'seed');
    assert.equal(audit.length, 12);
    assert.equal(logged.length, audit.length);
    for (const record of audit) {
      assert.match(record.requestId, /^[0-9a-f-]{36}$/);
      const line = logged.find((l) => l.requestId === record.requestId);
      assert.ok(line, `a log line for ${record.requestId}`);
      assert.equal(line.tool, record.tool);
      assert.equal(line.decision, record.decision);
    }
    assert.equal(new Set(audit.map((r) => r.requestId)).size, audit.length, 'one id per call');
  });
});

describe('/metrics and /readyz beyond loopback', () => {
  const ADMIN = 'metrics-admin-token-0123456789';
  let gw: RunningGateway;
  before(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-test-'));
    const port = await freePort();
    const configFile = path.join(dir, 'gatehouse.yaml');
    writeFileSync(configFile, `gateway:\n  listen: 0.0.0.0:${port}\n  data: ./data\n  admin_token: ${ADMIN}\nservers:\n  seed: ${SEED}\n`);
    gw = await launchGateway(configFile, port);
  });
  after(() => gw.stop());

  test('need the admin token (a scraper sends it as a bearer token)', async () => {
    assert.equal((await fetch(`${gw.url}/metrics`)).status, 401);
    assert.equal((await fetch(`${gw.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status, 401);
    assert.equal((await fetch(`${gw.url}/readyz`)).status, 401);
    const m = await scrape(gw.url, { authorization: `Bearer ${ADMIN}` });
    assert.ok(m.has('gatehouse_sessions'));
    const ready = await until('readiness', async () => {
      const res = await fetch(`${gw.url}/readyz`, { headers: { authorization: `Bearer ${ADMIN}` } });
      return res.status === 200 ? res.json() : undefined;
    });
    assert.equal((ready as { status: string }).status, 'ready');
    assert.doesNotMatch(gw.output(), new RegExp(ADMIN), 'the token is never logged');
  });
});

describe('GatewayMetrics', () => {
  test('a server is up while one session is ready, down while one restarts, else the last state known', async () => {
    const metrics = new GatewayMetrics({ servers: () => ['a'], auditQueueDepth: () => 3, sessions: () => 2, pendingApprovals: () => 1 }, { defaultMetrics: false });
    assert.equal(metrics.isUp('a'), undefined);
    metrics.serverListed('a', true);
    const one = {};
    const two = {};
    metrics.upstreamState('a', 'ready', one);
    metrics.upstreamState('a', 'ready', two);
    metrics.upstreamState('a', 'restarting', one);
    assert.equal(metrics.isUp('a'), true, 'another session is ready');
    metrics.upstreamState('a', 'closed', two);
    assert.equal(metrics.isUp('a'), false);
    metrics.upstreamState('a', 'closed', one);
    assert.equal(metrics.isUp('a'), false, 'the last state known');
    const { body } = await metrics.scrape();
    assert.match(body, /^gatehouse_upstream_up\{server="a"\} 0$/m);
    assert.match(body, /^gatehouse_upstream_restarts_total\{server="a"\} 1$/m);
    assert.match(body, /^gatehouse_audit_queue_depth 3$/m);
    assert.match(body, /^gatehouse_sessions 2$/m);
    assert.match(body, /^gatehouse_approvals_pending 1$/m);
    assert.doesNotMatch(body, /process_cpu/);
  });
});

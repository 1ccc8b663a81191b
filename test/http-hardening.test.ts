// The listener under hostile HTTP: DNS rebinding against every route, not only /mcp and /api;
// paths that do not decode; bodies too large (chunked, no length given) or too slow; headers
// trickled a byte at a time; made-up tool names that would each grow /metrics; callers filling
// the session table to push other agents out; and /metrics counting what the audit log holds.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { nodeServer, startGateway, type RunningGateway } from './helpers/gateway.ts';
import { auditRows } from './helpers/hardening.ts';
import { openSession, post } from './helpers/raw-mcp.ts';
import { until } from './helpers/wait.ts';

const RAW = nodeServer('test/fixtures/raw-server.ts');
const ALICE = 'alice-key-0123456789abcdef';
const BOB = 'bob-key-0123456789abcdefgh';

/** One request with exactly these headers (fetch would fix Host and refuse some). */
function raw(port: number, path: string, headers: Record<string, string>, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the listener', () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(
      `servers:\n  raw: ${RAW}\nagents:\n  alice: { key: "${ALICE}" }\n  bob: { key: "${BOB}" }\n` +
      `policy:\n  rules:\n    - tool: raw/delete_key\n      action: require_approval\n      approval: { mode: async }\n`,
      { gatewayExtra: '  max_body_bytes: 64KiB\n  request_timeout: 1s\n  max_sessions: 4\n' },
    );
  });
  after(() => gw.stop());

  const ROUTES = ['/', '/servers', '/policy', '/audit', '/approvals', '/catalog', '/catalog/raw/echo', '/metrics', '/readyz', '/api/overview', '/api/approvals', '/mcp', '/mcp/raw', '/nowhere'];

  test('every route but /healthz refuses a foreign Host or Origin (DNS rebinding) with 403', async () => {
    for (const path of ROUTES) {
      const host = `127.0.0.1:${gw.port}`;
      const evilHost = await raw(gw.port, path, { host: 'evil.example' });
      assert.equal(evilHost.status, 403, `${path} with Host evil.example: ${evilHost.body}`);
      assert.match(evilHost.body, /Forbidden: the Host .{0,2}evil\.example.{0,2} is not accepted/);
      const evilOrigin = await raw(gw.port, path, { host, origin: 'http://evil.example' });
      assert.equal(evilOrigin.status, 403, `${path} with Origin evil.example`);
      const own = await raw(gw.port, path, { host, accept: 'text/html' });
      assert.notEqual(own.status, 403, `${path} with its own Host`);
    }
    // A probe tells nothing and load balancers send any Host.
    assert.equal((await raw(gw.port, '/healthz', { host: 'evil.example' })).status, 200);
  });

  test('a path with bad percent-encoding is a 400, not a 500', async () => {
    for (const path of ['/mcp/%E0%A4%A', '/catalog/%zz/echo', '/api/approvals/%ff', '/mcp/raw%']) {
      const reply = await raw(gw.port, path, { host: `127.0.0.1:${gw.port}` });
      assert.equal(reply.status, 400, `${path}: ${reply.body}`);
    }
    assert.equal((await raw(gw.port, '/catalog', { host: `127.0.0.1:${gw.port}`, cookie: 'gatehouse_admin=%zz' })).status, 200);
  });

  test('a chunked body over max_body_bytes gets a 413, not a reset', async () => {
    const s = await openSession(`${gw.url}/mcp/raw`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: gw.port, path: '/mcp/raw', method: 'POST', headers: {
        'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': s.id, 'transfer-encoding': 'chunked',
      } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      // A reset before the answer is the failure; one after it (the gateway stops listening) is not.
      req.on('error', reject);
      const chunk = Buffer.alloc(16 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    assert.equal(status, 413);
  });

  test('a body trickled a byte at a time is cut off after request_timeout (408); so are trickled headers', async () => {
    const started = Date.now();
    const body = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: gw.port, path: '/mcp/raw', method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': '1000' } }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      });
      req.on('error', reject);
      const drip = setInterval(() => req.write(' '), 200);
      req.on('close', () => clearInterval(drip));
    });
    assert.equal(body.status, 408);
    assert.ok(Date.now() - started < 4_000, `cut after ${Date.now() - started} ms`);

    const headersStarted = Date.now();
    const closed = await new Promise<string>((resolve) => {
      const socket = connect(gw.port, '127.0.0.1');
      let got = '';
      socket.on('data', (d) => (got += d));
      socket.write('GET /catalog HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      const drip = setInterval(() => socket.write('X-Slow: a\r\n'), 200);
      socket.on('close', () => {
        clearInterval(drip);
        resolve(got);
      });
      socket.on('error', () => undefined);
    });
    assert.match(closed, /^HTTP\/1\.1 408/);
    assert.ok(Date.now() - headersStarted < 5_000, `cut after ${Date.now() - headersStarted} ms`);
  });

  test('a long answer (an SSE stream) is not cut by request_timeout', async () => {
    const s = await openSession(`${gw.url}/mcp/raw`);
    const controller = new AbortController();
    const res = await fetch(`${gw.url}/mcp/raw`, { headers: { accept: 'text/event-stream', 'mcp-session-id': s.id }, signal: controller.signal });
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    const outcome = await Promise.race([reader.read().then(() => 'ended'), new Promise((r) => setTimeout(() => r('open'), 2500))]);
    assert.equal(outcome, 'open', 'the stream is still open after 2.5 s with request_timeout 1 s');
    controller.abort();
  });

  test('made-up tool names share one metric series, (unknown); listed tools keep theirs', async () => {
    const s = await openSession(`${gw.url}/mcp/raw`);
    await until('the catalog listing', async () => (/gatehouse_upstream_up\{server="raw"\} 1/.test(await (await fetch(`${gw.url}/metrics`)).text()) ? true : undefined));
    for (let i = 0; i < 300; i++) await s.call(i + 1, `made_up_${i}`, {});
    await s.call('e', 'echo', {});
    const text = await until('the counts', async () => {
      const t = await (await fetch(`${gw.url}/metrics`)).text();
      return /gatehouse_tool_calls_total\{server="raw",tool="\(unknown\)",decision="allow"\} 300/.test(t) ? t : undefined;
    });
    assert.doesNotMatch(text, /made_up_/);
    assert.match(text, /gatehouse_tool_calls_total\{server="raw",tool="echo",decision="allow"\} 1/);
  });

  test('/metrics counts decisions as the audit log does, approval steps included', async () => {
    const s = await openSession(`${gw.url}/mcp/raw`);
    const pending = await s.call('p', 'delete_key', {});
    const text = (pending.body as { result: { content: { text: string }[] } }).result.content[0].text;
    const id = /Approval id (\S+);/.exec(text)![1];
    const rejected = await post(`${gw.url}/api/approvals/${id}/reject`, { reason: 'no' });
    assert.equal(rejected.status, 200);
    const rows = await until('the rejection in the audit log', async () => {
      const r = auditRows(gw.dir);
      return r.some((row) => row.decision === 'rejected') ? r : undefined;
    });
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    for (const decision of ['allow', 'approval_pending', 'rejected']) {
      const inAudit = rows.filter((r) => r.decision === decision).length;
      let inMetrics = 0;
      for (const m of metrics.matchAll(new RegExp(`gatehouse_tool_calls_total\\{[^}]*decision="${decision}"\\} (\\d+)`, 'g'))) inMetrics += Number(m[1]);
      assert.equal(inMetrics, inAudit, `${decision}: metrics ${inMetrics}, audit ${inAudit}`);
    }
  });

  test('at max_sessions a caller replaces only its own sessions: anonymous cannot push an agent out', async () => {
    // Earlier tests left anonymous sessions; fill the rest with alice's and one of bob's.
    const alice = await openSession(`${gw.url}/mcp/raw`, { authorization: `Bearer ${ALICE}` });
    const bob = await openSession(`${gw.url}/mcp/raw`, { authorization: `Bearer ${BOB}` });
    for (let i = 0; i < 10; i++) await openSession(`${gw.url}/mcp/raw`); // anonymous replaces anonymous
    assert.equal((await alice.call(1, 'echo', {})).status, 200, "alice's session survived the anonymous flood");
    assert.equal((await bob.call(1, 'echo', {})).status, 200, "bob's session survived the anonymous flood");
    // An agent with a key replaces anonymous sessions first, then its own, never bob's.
    const alices = [];
    for (let i = 0; i < 6; i++) alices.push(await openSession(`${gw.url}/mcp/raw`, { authorization: `Bearer ${ALICE}` }));
    assert.equal((await bob.call(2, 'echo', {})).status, 200, "bob's session survived alice's sessions");
    // The table now holds alice's and bob's: anonymous gets a 503, not someone's place.
    const refused = await post(`${gw.url}/mcp/raw`, { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } });
    assert.equal(refused.status, 503);
    assert.match(JSON.stringify(refused.body), /maximum of 4 sessions/);
    assert.equal((await alices[5].call(1, 'echo', {})).status, 200);
  });
});

describe('max_sessions_per_agent', () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(
      `servers:\n  raw: ${RAW}\nagents:\n  alice: { key: "${ALICE}" }\n  bob: { key: "${BOB}" }\n`,
      { gatewayExtra: '  max_sessions: 10\n  max_sessions_per_agent: 2\n' },
    );
  });
  after(() => gw.stop());

  test("an agent at its cap replaces its own idlest session; nobody else's, and the table never fills with one agent's", async () => {
    const bob = await openSession(`${gw.url}/mcp/raw`, { authorization: `Bearer ${BOB}` });
    const alices = [];
    for (let i = 0; i < 6; i++) alices.push(await openSession(`${gw.url}/mcp/raw`, { authorization: `Bearer ${ALICE}` }));
    // Only alice's two newest are live: the four before were replaced one by one.
    for (const old of alices.slice(0, 4)) assert.equal((await old.call(1, 'echo', {})).status, 404, 'an older session of alice was replaced');
    for (const kept of alices.slice(4)) assert.equal((await kept.call(1, 'echo', {})).status, 200);
    assert.equal((await bob.call(1, 'echo', {})).status, 200, "bob's session is not alice's to replace");
  });
});

// Human approval with real clients: a held call approved from another process (the CLI) and
// through the API, rejected, timed out, cut off by a restart; the client's own elicitation
// form approving and declining; the async flow with single use, a race and a restart; the
// signed webhook; and approval never bypassing a deny or a rate limit.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { httpClient, textOf } from './helpers/client.ts';
import { gatehouse, launchGateway, nodeServer, startGateway, type RunningGateway } from './helpers/gateway.ts';
import { readAudit } from './helpers/audit.ts';

const SEED = nodeServer('test/fixtures/seed-server.ts');
const AGENT_KEY = 'agent-key-0123456789abcdef';
const ADMIN = 'admin-token-0123456789abcdef';

function rules(mode: string, timeout = '30s'): string {
  return `servers:\n  seed: ${SEED}\nagents:\n  bot: { key: ${AGENT_KEY} }\npolicy:\n  rules:\n    - tool: delete_key\n      action: require_approval\n      approval: { timeout: ${timeout}, mode: ${mode}, ttl: 5m }\n    - tool: delete_key\n      action: rate_limit\n      rate_limit: { max: 2, window: 60 }\n    - tool: set\n      when: 'args.key == "forbidden"'\n      action: deny\n    - tool: set\n      action: require_approval\n      approval: { mode: hold }\n    - tool: echo\n      action: require_approval\n      approval: { mode: hold, timeout: 1s }\n`;
}

async function pendingId(gw: RunningGateway): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const run = await gatehouse('approvals', 'list', '--json', '--config', gw.configFile);
    const first = run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l))[0];
    if (first) return first.id;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no pending approval appeared');
}

function meta(result: unknown): Record<string, unknown> {
  return ((result as { _meta: Record<string, Record<string, unknown>> })._meta)['gatehouse/decision'];
}

describe('hold mode', () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(rules('hold', '30s'), { gatewayExtra: `  admin_token: ${ADMIN}\n` });
  });
  after(() => gw.stop());

  test('a held call approved from another process through the CLI goes through, with progress meanwhile', async () => {
    const client = await httpClient(`${gw.url}/mcp/seed`, { key: AGENT_KEY });
    const progress: string[] = [];
    const call = client.callTool({ name: 'delete_key', arguments: { key: 'a' } }, { onprogress: (p) => void progress.push(String(p.message)), resetTimeoutOnProgress: true });
    const id = await pendingId(gw);
    const shown = await gatehouse('approvals', 'show', id, '--config', gw.configFile);
    assert.match(shown.stdout, /seed\/delete_key by bot/);
    assert.match(shown.stdout, /"key": "a"/);
    const approved = await gatehouse('approvals', 'approve', id, '--reason', 'cleanup is fine', '--as', 'alice', '--config', gw.configFile);
    assert.equal(approved.status, 0, approved.stderr);
    const result = await call;
    assert.equal(result.isError, undefined, textOf(result));
    assert.ok(progress.some((m) => m.includes(id)), `progress: ${progress.join(' | ')}`);
    assert.equal((await gatehouse('approvals', 'approve', id, '--config', gw.configFile)).status, 1, 'decided once');
    await client.close();
  });

  test('approved through the admin API; an agent key cannot approve', async () => {
    const client = await httpClient(`${gw.url}/mcp/seed`, { key: AGENT_KEY });
    const call = client.callTool({ name: 'delete_key', arguments: { key: 'b' } });
    const id = await pendingId(gw);
    const asAgent = await fetch(`${gw.url}/api/approvals/${id}/approve`, { method: 'POST', headers: { authorization: `Bearer ${AGENT_KEY}`, 'content-type': 'application/json' }, body: '{}' });
    assert.equal(asAgent.status, 403);
    const noToken = await fetch(`${gw.url}/api/approvals?status=pending`);
    assert.equal(noToken.status, 401);
    const list = (await (await fetch(`${gw.url}/api/approvals?status=pending`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { approvals: { id: string }[] };
    assert.equal(list.approvals[0].id, id);
    const res = await fetch(`${gw.url}/api/approvals/${id}/approve`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'ok' }) });
    assert.equal(res.status, 200);
    assert.equal((await call).isError, undefined);
    await client.close();
  });

  test('rejected with a reason the agent reads; a held call times out as expired', async () => {
    const client = await httpClient(`${gw.url}/mcp/seed`, { key: AGENT_KEY });
    const call = client.callTool({ name: 'set', arguments: { key: 'x', value: 'y' } });
    const id = await pendingId(gw);
    await gatehouse('approvals', 'deny', id, '--reason', 'not today', '--as', 'bob', '--config', gw.configFile);
    const rejected = await call;
    assert.equal(rejected.isError, true);
    assert.match(textOf(rejected), new RegExp(`^Rejected by bob \\(rule 4: set, approval ${id}\\)\\. Not today\\.$`));
    assert.equal(meta(rejected).action, 'rejected');
    const expired = await client.callTool({ name: 'echo', arguments: { text: 'c' } });
    assert.equal(expired.isError, true);
    assert.match(textOf(expired), /^Approval expired \(rule 5: echo, approval apr_\w+\): no one decided in time/);
    assert.equal(meta(expired).action, 'expired');
    await client.close();
  });

  test('deny rules and rate limits still apply to approved calls', async () => {
    const client = await httpClient(`${gw.url}/mcp/seed`, { key: AGENT_KEY });
    const denied = await client.callTool({ name: 'set', arguments: { key: 'forbidden', value: 'v' } });
    assert.match(textOf(denied), /^Blocked by policy \(rule 3: set\)/, 'a deny wins before anyone is asked');
    // delete_key was approved twice already in this session's agent... limits are per session: use a new one.
    const fresh = await httpClient(`${gw.url}/mcp/seed`, { key: AGENT_KEY });
    const outcomes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const call = fresh.callTool({ name: 'delete_key', arguments: { key: `k${i}` } });
      const id = await pendingId(gw);
      await gatehouse('approvals', 'approve', id, '--config', gw.configFile);
      outcomes.push(textOf(await call));
    }
    assert.match(outcomes[2], /^Rate limit reached for delete_key: 2 calls per 60 s in this session/);
    await client.close();
    await fresh.close();
  });

  test('every step is in the audit log', async () => {
    await gw.stop();
    const records = readAudit(gw.dir);
    const decisions = records.map((r) => r.decision);
    for (const d of ['approval_pending', 'approved', 'rejected', 'expired', 'deny', 'rate_limited']) assert.ok(decisions.includes(d as never), `${d} in ${decisions.join(',')}`);
    assert.ok(records.some((r) => r.decision === 'approved' && r.outcome === 'ok'), 'the forwarded call with its outcome');
    assert.ok(records.some((r) => r.decision === 'approved' && /approved by alice: cleanup is fine/.test(r.reason)), 'who approved, and why');
  });
});

describe('a held call cut off by a restart', () => {
  test('is answered with an error telling the agent to retry', async () => {
    const gw = await startGateway(rules('hold', '1m'));
    const client = await httpClient(`${gw.url}/mcp/seed`, { key: AGENT_KEY });
    const call = client.callTool({ name: 'delete_key', arguments: { key: 'z' } });
    await pendingId(gw);
    await gw.stop();
    const result = await call;
    assert.equal(result.isError, true);
    assert.match(textOf(result), /restarted while the call waited; retry the call/);
  });
});

describe('elicit mode: the user decides in their own client', () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(rules('elicit'));
  });
  after(() => gw.stop());

  async function clientAnswering(answer: (params: Record<string, unknown>) => { action: 'accept' | 'decline' | 'cancel'; content?: Record<string, unknown> }) {
    const asked: Record<string, unknown>[] = [];
    const client = new Client({ name: 'eliciting', version: '1' }, { capabilities: { elicitation: { form: {} } } });
    client.setRequestHandler('elicitation/create', async (request) => {
      asked.push(request.params as Record<string, unknown>);
      return answer(request.params as Record<string, unknown>) as never;
    });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${gw.url}/mcp/seed`), { requestInit: { headers: { authorization: `Bearer ${AGENT_KEY}` } } }));
    return { client, asked };
  }

  test('a form that approves lets the call through; it shows the call and asks for no secret', async () => {
    const { client, asked } = await clientAnswering(() => ({ action: 'accept', content: { decision: 'approve' } }));
    const result = await client.callTool({ name: 'delete_key', arguments: { key: 'e1' } });
    assert.equal(result.isError, undefined, textOf(result));
    assert.equal(asked.length, 1);
    assert.match(String(asked[0].message), /delete_key on the server seed/);
    assert.match(String(asked[0].message), /"key": "e1"/);
    const props = (asked[0].requestedSchema as { properties: Record<string, { type: string; format?: string }> }).properties;
    assert.deepEqual(Object.keys(props).sort(), ['decision', 'reason']);
    assert.ok(!JSON.stringify(props).match(/password|secret|token/i));
    await client.close();
  });

  test('decline counts as reject', async () => {
    const { client } = await clientAnswering(() => ({ action: 'decline' }));
    const result = await client.callTool({ name: 'delete_key', arguments: { key: 'e2' } });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /^Rejected by the user of bot's client/);
    await client.close();
  });

  test('a client without elicitation is held instead (auto falls back)', async () => {
    const gw2 = await startGateway(rules('auto', '1s'));
    const plain = await httpClient(`${gw2.url}/mcp/seed`, { key: AGENT_KEY });
    const result = await plain.callTool({ name: 'delete_key', arguments: { key: 'e3' } });
    assert.match(textOf(result), /^Approval expired/);
    await plain.close();
    await gw2.stop();
  });
});

describe('async mode', () => {
  test('pending at once; once approved the identical call passes exactly once, across a restart', async () => {
    let gw = await startGateway(rules('async'));
    let client = await httpClient(`${gw.url}/mcp/seed`, { key: AGENT_KEY });
    const first = await client.callTool({ name: 'delete_key', arguments: { key: 'q' } });
    assert.equal(first.isError, true);
    const id = String(meta(first).approval_id);
    assert.match(textOf(first), new RegExp(`Approval id ${id}; once it is approved, repeat the identical call within 5 min`));
    // The gateway restarts while the request is pending: it stays pending.
    await client.close();
    await gw.stop();
    gw = await launchGateway(gw.configFile, gw.port);
    const listed = await gatehouse('approvals', 'list', '--json', '--config', gw.configFile);
    assert.equal(JSON.parse(listed.stdout.trim().split('\n')[0]).id, id);
    assert.equal((await gatehouse('approvals', 'approve', id, '--config', gw.configFile)).status, 0);

    client = await httpClient(`${gw.url}/mcp/seed`, { key: AGENT_KEY });
    const different = await client.callTool({ name: 'delete_key', arguments: { key: 'other' } });
    assert.equal(meta(different).action, 'approval_pending', 'other arguments need their own approval');
    // Two identical calls race: exactly one uses the approval.
    const [a, b] = await Promise.all([1, 2].map(() => client.callTool({ name: 'delete_key', arguments: { key: 'q' } })));
    const passed = [a, b].filter((r) => r.isError === undefined);
    assert.equal(passed.length, 1, [a, b].map(textOf).join(' | '));
    const again = await client.callTool({ name: 'delete_key', arguments: { key: 'q' } });
    assert.equal(meta(again).action, 'approval_pending', 'used once');
    await client.close();
    await gw.stop();
  });
});

describe('the approval webhook', () => {
  let receiver: Server;
  const received: { body: string; signature: string }[] = [];
  const SECRET = 'webhook-secret-0123456789';
  let gw: RunningGateway;
  let fails = 1;
  before(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d)).on('end', () => {
        // The first delivery fails, so the retry is exercised too.
        if (fails-- > 0) return void res.writeHead(503).end();
        received.push({ body, signature: String(req.headers['gatehouse-signature']) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const port = (receiver.address() as { port: number }).port;
    gw = await startGateway(`${rules('async')}approvals:\n  webhook: { url: "http://127.0.0.1:${port}/hook", secret: ${SECRET} }\n`);
  });
  after(async () => {
    await gw.stop();
    receiver.close();
  });

  test('each new request is POSTed, signed with HMAC-SHA256 over the timestamp and body', async () => {
    const client = await httpClient(`${gw.url}/mcp/seed`, { key: AGENT_KEY });
    const result = await client.callTool({ name: 'delete_key', arguments: { key: 'w' } });
    const id = String(meta(result).approval_id);
    const deadline = Date.now() + 10_000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(received.length, 1);
    const { body, signature } = received[0];
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature)!;
    assert.ok(Math.abs(Date.now() / 1000 - Number(t)) < 60, 'a fresh timestamp, to refuse replays');
    assert.equal(createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex'), v1);
    const notice = JSON.parse(body);
    assert.equal(notice.type, 'approval.requested');
    assert.equal(notice.approval.id, id);
    assert.deepEqual(notice.approval.arguments, { key: 'w' });
    await client.close();
  });
});

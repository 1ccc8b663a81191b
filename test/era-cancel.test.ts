// Cancellation and input rounds through the bridge between the two MCP eras, with real clients
// (v1 stateful, v2 pinned to 2026-07-28, over HTTP and `gatehouse stdio`) and a real server
// (test/fixtures/cancel-server.ts) that writes down what it saw: the start of a call, its abort
// signal firing, each input round, each notifications/cancelled on its stdin. So every check
// here reads the server's own record, never a guess from timing.
// Also: one logical call (first request plus the retries that answer the server's questions) is
// decided, counted, approved and recorded once; hostile retries (replayed, from another agent,
// changed, concurrent) resume nothing; a call parked for a retry that never comes is bounded.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { AuditRecord } from '../src/audit/types.ts';
import { DatabaseSync } from 'node:sqlite';
import { MAIN, NODE, nodeServer, ROOT, startGateway, type RunningGateway } from './helpers/gateway.ts';
import { textOf } from './helpers/client.ts';
import { until } from './helpers/wait.ts';

const KEY = 'era-cancel-agent-key-0001';
const OTHER = 'era-cancel-other-key-0002';
const META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': { elicitation: {} },
  'io.modelcontextprotocol/clientInfo': { name: 'raw-2026', version: '1' },
};
const FIXTURE = 'test/fixtures/cancel-server.ts';

let gw: RunningGateway;
let marker: string;
let httpFixture: ChildProcess;

function lines(): string[] {
  return existsSync(marker) ? readFileSync(marker, 'utf8').split('\n').filter(Boolean) : [];
}
/** Waits until the server wrote `line` (it did what the line says). */
function saw(line: string, timeoutMs = 15_000): Promise<true> {
  return until(`the server to write "${line}"`, async () => (lines().includes(line) ? true : undefined), timeoutMs);
}
type Row = Pick<AuditRecord, 'decision' | 'outcome' | 'session' | 'reason'>;
/** The audit rows of calls whose arguments carry `tag`, oldest first, read from the store. */
function rowsOf(tag: string): Row[] {
  const db = new DatabaseSync(path.join(gw.dir, 'data', 'audit.db'), { readOnly: true });
  try {
    return db.prepare('SELECT decision, outcome, session, reason FROM audit WHERE args = ? ORDER BY id').all(JSON.stringify({ tag })) as unknown as Row[];
  } finally {
    db.close();
  }
}
/** The audit rows for `tag` once there are `count` of them, and no more a moment later. */
async function recordsOf(tag: string, count = 1): Promise<Row[]> {
  await until(`${count} audit record(s) for ${tag}`, async () => (rowsOf(tag).length >= count ? true : undefined));
  await new Promise((r) => setTimeout(r, 300)); // a second record, if any, has time to land
  return rowsOf(tag);
}

async function v1(server: string, options: { name?: string; elicit?: () => Promise<Record<string, unknown>> } = {}): Promise<V1Client> {
  const client = new V1Client({ name: options.name ?? 'v1-cancel', version: '1' }, { capabilities: options.elicit ? { elicitation: {} } : {} });
  if (options.elicit) client.setRequestHandler(ElicitRequestSchema, options.elicit as never);
  await client.connect(new V1Transport(new URL(`${gw.url}/mcp/${server}`), { requestInit: { headers: { authorization: `Bearer ${KEY}` } } }));
  return client;
}

async function v2(server: string, options: { name?: string; elicit?: (params: Record<string, unknown>) => Record<string, unknown> } = {}): Promise<Client> {
  const client = new Client({ name: options.name ?? 'v2-cancel', version: '1' }, { versionNegotiation: { mode: { pin: '2026-07-28' } }, capabilities: options.elicit ? { elicitation: {} } : {} } as never);
  if (options.elicit) client.setRequestHandler('elicitation/create', (request) => options.elicit!(request.params as Record<string, unknown>) as never);
  await client.connect(new StreamableHTTPClientTransport(new URL(`${gw.url}/mcp/${server}`), { requestInit: { headers: { authorization: `Bearer ${KEY}` } } }));
  return client;
}

/** One raw 2026-07-28 request; `signal` lets a test hang up mid-call. */
async function rpc(server: string, body: Record<string, unknown>, options: { key?: string; signal?: AbortSignal } = {}): Promise<{ status: number; json: any }> {
  const params = (body.params ?? {}) as Record<string, unknown>;
  const res = await fetch(`${gw.url}/mcp/${server}`, {
    method: 'POST',
    signal: options.signal,
    headers: {
      authorization: `Bearer ${options.key ?? KEY}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': String(body.method),
      ...(typeof params.name === 'string' ? { 'mcp-name': params.name } : {}),
    },
    body: JSON.stringify({ jsonrpc: '2.0', ...body, params: { ...params, _meta: META } }),
  });
  const text = await res.text();
  const json = text.startsWith('event:') ? JSON.parse(text.split('\n').filter((l) => l.startsWith('data:')).at(-1)!.slice(5)) : JSON.parse(text);
  return { status: res.status, json };
}

const call = (id: number | string, name: string, args: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ id, method: 'tools/call', params: { name, arguments: args, ...extra } });

/** Aborts `run` once the server wrote `line`, and says how the call ended for the client. */
async function abortAfter(line: string, run: (signal: AbortSignal) => Promise<unknown>): Promise<unknown> {
  const controller = new AbortController();
  const outcome = run(controller.signal).then((value) => ({ value }), (error: unknown) => ({ error }));
  await saw(line);
  controller.abort();
  return outcome;
}

before(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-era-cancel-'));
  marker = path.join(dir, 'marker.log');
  httpFixture = spawn(NODE, [path.join(ROOT, FIXTURE), '--port', '0', '--marker', marker], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    httpFixture.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /^listening (\S+)$/m.exec(out);
      if (m) resolve(m[1]);
    });
    httpFixture.once('exit', (code) => reject(new Error(`cancel-server exited with ${code}`)));
  });
  const stdio = (...flags: string[]) => nodeServer(FIXTURE, '--stdio', ...flags, '--marker', marker);
  gw = await startGateway(
    `servers:\n` +
      `  legacy: ${stdio('--legacy-only')}\n` +
      `  modern: ${stdio('--modern-only')}\n` +
      `  modernhttp: { url: ${JSON.stringify(url)} }\n` +
      `  limited: ${stdio('--modern-only')}\n` +
      `  limitedlegacy: ${stdio('--legacy-only')}\n` +
      `  approve: ${stdio('--modern-only')}\n` +
      `  slowlegacy: { command: ${JSON.stringify(NODE)}, args: ${JSON.stringify([path.join(ROOT, FIXTURE), '--stdio', '--legacy-only', '--marker', marker])}, timeout: { call: 2s } }\n` +
      `  slowmodern: { command: ${JSON.stringify(NODE)}, args: ${JSON.stringify([path.join(ROOT, FIXTURE), '--stdio', '--modern-only', '--marker', marker])}, timeout: { call: 2s } }\n` +
      `agents:\n  bot: { key: ${KEY} }\n  other: { key: ${OTHER} }\n` +
      `policy:\n  rules:\n` +
      `    - tool: "limited*/ask"\n      action: rate_limit\n      rate_limit: { max: 1, window: 60 }\n` +
      `    - tool: approve/ask\n      action: require_approval\n      approval: { mode: elicit, timeout: 30s }\n`,
    { gatewayExtra: '  audit_arguments: true\n' },
  );
});
after(async () => {
  await gw?.stop();
  httpFixture?.kill('SIGTERM');
});

describe('a stateful client cancels a call to a 2026-07-28 server', { timeout: 120_000 }, () => {
  test('over stdio: the server gets notifications/cancelled, its call stops, the audit says cancelled', async () => {
    const client = await v1('modern');
    try {
      const outcome = await abortAfter('start v1-stdio', (signal) => client.callTool({ name: 'wait', arguments: { tag: 'v1-stdio' } }, undefined, { signal }));
      assert.ok('error' in (outcome as object), 'the client sees its call aborted');
      await saw('cancel v1-stdio');
      assert.ok(lines().some((l) => l.startsWith('notice ')), 'a notifications/cancelled reached the server');
      const [record] = await recordsOf('v1-stdio');
      assert.equal(record.outcome, 'cancelled');
    } finally {
      await client.close();
    }
  });

  test('over HTTP: the upstream request is closed, which cancels it there; the audit says cancelled', async () => {
    const client = await v1('modernhttp');
    try {
      await abortAfter('start v1-http', (signal) => client.callTool({ name: 'wait', arguments: { tag: 'v1-http' } }, undefined, { signal }));
      await saw('cancel v1-http');
      const [record] = await recordsOf('v1-http');
      assert.equal(record.outcome, 'cancelled');
    } finally {
      await client.close();
    }
  });

  test("while the server's question is with the client: the call ends, no retry reaches the server", async () => {
    let asked!: () => void;
    const question = new Promise<void>((resolve) => (asked = resolve));
    // A person who never answers the form.
    const client = await v1('modern', { elicit: () => (asked(), new Promise(() => {})) });
    try {
      const controller = new AbortController();
      const outcome = client.callTool({ name: 'ask', arguments: { tag: 'v1-asked' } }, undefined, { signal: controller.signal }).catch((e: unknown) => e);
      await question;
      controller.abort();
      assert.ok((await outcome) instanceof Error);
      const [record] = await recordsOf('v1-asked');
      assert.equal(record.outcome, 'cancelled', 'the call is recorded as cancelled, not left open');
      assert.deepEqual(lines().filter((l) => l.endsWith(' v1-asked')), ['ask v1-asked']);
    } finally {
      await client.close();
    }
  });
});

describe('a 2026-07-28 client cancels a call', { timeout: 120_000 }, () => {
  test('to a stateful server over HTTP: closing the request sends notifications/cancelled upstream', async () => {
    const client = await v2('legacy');
    try {
      await abortAfter('start v2-legacy', (signal) => client.callTool({ name: 'wait', arguments: { tag: 'v2-legacy' } }, { signal } as never));
      await saw('cancel v2-legacy');
      assert.ok(lines().some((l) => l.startsWith('notice ')));
      const [record] = await recordsOf('v2-legacy');
      assert.equal(record.outcome, 'cancelled');
    } finally {
      await client.close();
    }
  });

  test('to a 2026-07-28 server over HTTP: the upstream request is closed too', async () => {
    const client = await v2('modernhttp');
    try {
      await abortAfter('start v2-http', (signal) => client.callTool({ name: 'wait', arguments: { tag: 'v2-http' } }, { signal } as never));
      await saw('cancel v2-http');
      const [record] = await recordsOf('v2-http');
      assert.equal(record.outcome, 'cancelled');
    } finally {
      await client.close();
    }
  });

  test('over gatehouse stdio: its notifications/cancelled reaches a stateful server as one', async () => {
    const { StdioClientTransport } = await import('@modelcontextprotocol/client/stdio');
    const client = new Client({ name: 'stdio-cancel', version: '1' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } } as never);
    await client.connect(new StdioClientTransport({ command: NODE, args: [MAIN, 'stdio', 'legacy', '--config', gw.configFile], cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GATEHOUSE_KEY: KEY }, stderr: 'pipe' }));
    try {
      await abortAfter('start v2-stdio', (signal) => client.callTool({ name: 'wait', arguments: { tag: 'v2-stdio' } }, { signal } as never));
      await saw('cancel v2-stdio');
      const [record] = await recordsOf('v2-stdio');
      assert.equal(record.outcome, 'cancelled');
    } finally {
      await client.close();
    }
  });

  test('after resuming a held call: hanging up on the retry cancels the call upstream', async () => {
    const first = await rpc('legacy', call(1, 'ask_then_wait', { tag: 'resumed' }));
    assert.equal(first.json.result.resultType, 'input_required');
    const [key] = Object.keys(first.json.result.inputRequests);
    await abortAfter('start resumed', (signal) => rpc('legacy', call(2, 'ask_then_wait', { tag: 'resumed' }, { requestState: first.json.result.requestState, inputResponses: { [key]: { action: 'accept', content: { ok: true } } } }), { signal }));
    await saw('cancel resumed');
    const [record] = await recordsOf('resumed');
    assert.equal(record.outcome, 'cancelled');
  });
});

describe('a call held for a retry that never comes is bounded', { timeout: 120_000 }, () => {
  for (const server of ['slowlegacy', 'slowmodern']) {
    test(`${server}: the server's call timeout ends it, upstream too; a late retry resumes nothing`, async () => {
      const tag = `never-${server}`;
      const first = await rpc(server, call(1, 'ask', { tag }));
      assert.equal(first.json.result.resultType, 'input_required', JSON.stringify(first.json));
      const [record] = await recordsOf(tag);
      assert.equal(record.outcome, 'timeout');
      const [key] = Object.keys(first.json.result.inputRequests);
      const late = await rpc(server, call(2, 'ask', { tag }, { requestState: first.json.result.requestState, inputResponses: { [key]: { action: 'accept', content: { ok: true } } } }));
      assert.equal(late.json.error?.code, -32602, JSON.stringify(late.json));
      assert.ok(!lines().includes(`answered ${tag}`), 'the server never ran the answer');
    });
  }
});

describe('one logical call is one call to the policy, the limits and the audit', { timeout: 120_000 }, () => {
  test("a 2026-07-28 server's question keeps its key, and the retry resumes the same call", async () => {
    const first = await rpc('modern', call('k1', 'ask', { tag: 'keyed' }));
    assert.equal(first.json.id, 'k1');
    assert.deepEqual(Object.keys(first.json.result.inputRequests), ['confirm']);
    assert.match(first.json.result.requestState, /^gh1\./, "the gateway's sealed state, not the server's");
    const done = await rpc('modern', call('k2', 'ask', { tag: 'keyed' }, { requestState: first.json.result.requestState, inputResponses: { confirm: { action: 'accept', content: { ok: true } } } }));
    assert.equal(done.json.id, 'k2');
    assert.equal(done.json.result.content[0].text, 'answered keyed: {"ok":true}');
    const records = await recordsOf('keyed');
    assert.deepEqual(records.map((r) => r.outcome), ['ok'], 'one record');
  });

  const clients: [string, (server: string, tag: string) => Promise<string>][] = [
    ['v2 client pinned to 2026-07-28', async (server, tag) => {
      const client = await v2(server, { name: `limit-${tag}`, elicit: () => ({ action: 'accept', content: { ok: true } }) });
      try {
        const first = await client.callTool({ name: 'ask', arguments: { tag } });
        assert.equal(textOf(first), `answered ${tag}: {"ok":true}`);
        return textOf(await client.callTool({ name: 'ask', arguments: { tag } }));
      } finally {
        await client.close();
      }
    }],
    ['v1 client', async (server, tag) => {
      const client = await v1(server, { name: `limit-${tag}`, elicit: async () => ({ action: 'accept', content: { ok: true } }) });
      try {
        const first = await client.callTool({ name: 'ask', arguments: { tag } });
        assert.equal(textOf(first), `answered ${tag}: {"ok":true}`);
        return textOf(await client.callTool({ name: 'ask', arguments: { tag } }));
      } finally {
        await client.close();
      }
    }],
  ];
  for (const [who, run] of clients) {
    for (const server of ['limited', 'limitedlegacy']) {
      test(`${who}, ${server}: rate limit max 1 and a tool that asks once: the answer is no second call`, async () => {
        const tag = `lim-${who.split(' ')[0]}-${server}`;
        const second = await run(server, tag);
        assert.match(second, /^Rate limit reached for ask: 1 call per 60 s in this session/, 'the limit is live: the next call is stopped');
        const records = await recordsOf(tag, 2);
        assert.deepEqual(records.map((r) => [r.decision, r.outcome]), [['allow', 'ok'], ['rate_limited', 'not_forwarded']]);
      });
    }
  }

  test('an elicit approval and the server’s own question: the person is asked once, the server once', async () => {
    const forms: string[] = [];
    const client = await v2('approve', {
      name: 'approver',
      elicit: (params) => {
        forms.push(String(params.message));
        return String(params.message).startsWith('Gatehouse:') ? { action: 'accept', content: { decision: 'approve' } } : { action: 'accept', content: { ok: true } };
      },
    });
    try {
      assert.equal(textOf(await client.callTool({ name: 'ask', arguments: { tag: 'approved-once' } })), 'answered approved-once: {"ok":true}');
    } finally {
      await client.close();
    }
    assert.equal(forms.filter((m) => m.startsWith('Gatehouse:')).length, 1, forms.join(' | '));
    assert.deepEqual(forms.filter((m) => !m.startsWith('Gatehouse:')), ['Confirm approved-once?']);
    // The request, the call, and the approvals' own record of the decision: one call forwarded.
    const records = await recordsOf('approved-once', 3);
    assert.deepEqual(records.filter((r) => r.outcome !== 'not_forwarded' || r.decision === 'approval_pending').map((r) => [r.decision, r.outcome]), [['approval_pending', 'not_forwarded'], ['approved', 'ok']], JSON.stringify(records));
  });
});

describe('hostile retries resume nothing', { timeout: 120_000 }, () => {
  for (const server of ['legacy', 'modern']) {
    test(`${server}: concurrent retries of one state: exactly one resumes, the server answers once`, async () => {
      const tag = `race-${server}`;
      const first = await rpc(server, call(1, 'ask', { tag }));
      const state = first.json.result.requestState;
      const [key] = Object.keys(first.json.result.inputRequests);
      const retry = (id: number) => rpc(server, call(id, 'ask', { tag }, { requestState: state, inputResponses: { [key]: { action: 'accept', content: { ok: true } } } }));
      const answers = await Promise.all([retry(2), retry(3), retry(4)]);
      const resumed = answers.filter((a) => a.json.result?.content);
      assert.equal(resumed.length, 1, JSON.stringify(answers.map((a) => a.json)));
      for (const a of answers) if (!a.json.result) assert.equal(a.json.error.code, -32602);
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(lines().filter((l) => l === `answered ${tag}`), [`answered ${tag}`]);
    });

    test(`${server}: a state used by another agent, or with another tool or arguments, is refused; the owner's retry still works`, async () => {
      const tag = `owner-${server}`;
      const first = await rpc(server, call(1, 'ask', { tag }));
      const state = first.json.result.requestState;
      const [key] = Object.keys(first.json.result.inputRequests);
      const answer = { requestState: state, inputResponses: { [key]: { action: 'accept', content: { ok: true } } } };
      const stolen = await rpc(server, call(2, 'ask', { tag }, answer), { key: OTHER });
      assert.equal(stolen.json.error?.code, -32602);
      assert.match(stolen.json.error.message, /another agent/);
      const otherArgs = await rpc(server, call(3, 'ask', { tag: `${tag}-changed` }, answer));
      assert.equal(otherArgs.json.error?.code, -32602);
      const otherTool = await rpc(server, call(4, 'ask_then_wait', { tag }, answer));
      assert.equal(otherTool.json.error?.code, -32602);
      const mine = await rpc(server, call(5, 'ask', { tag }, answer));
      assert.equal(mine.json.result.content[0].text, `answered ${tag}: {"ok":true}`);
      const replay = await rpc(server, call(6, 'ask', { tag }, answer));
      assert.equal(replay.json.error?.code, -32602, 'used once');
    });
  }
});

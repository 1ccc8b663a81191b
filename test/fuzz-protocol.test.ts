// A few thousand generated hostile JSON-RPC messages over HTTP against a running gateway with a
// real upstream (test/fixtures/raw-server.ts, which runs whatever reaches it): bad envelopes,
// wrong types, deep nesting, huge strings, duplicate ids across concurrent POSTs, batches,
// unknown methods, null ids, notifications shaped like calls. Asserted: every POST is answered
// (never a 5xx, never a hang), the gateway stays up and serves a normal call afterwards, no
// id-less tools/call reaches the server, and every tools/call the server received has its
// audit record. FUZZ_SEED=<n> replays a run.
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { httpClient, textOf } from './helpers/client.ts';
import { nodeServer, startGateway, type RunningGateway } from './helpers/gateway.ts';
import { auditRows, received } from './helpers/hardening.ts';
import { openSession, type RawSession } from './helpers/raw-mcp.ts';
import { until } from './helpers/wait.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const PARALLEL = 8; // POSTs sent at once per run: 2,400 requests in all

const log = path.join(tmpdir(), `gatehouse-fuzz-${process.pid}-${Date.now()}.log`);
let gw: RunningGateway;
let sessions: RawSession[];

before(async () => {
  gw = await startGateway(
    `servers:\n  raw:\n    ${nodeServer('test/fixtures/raw-server.ts', '--log', log).slice(2, -2).replace(', args:', '\n    args:')}\n    shared: true\n    timeout: { call: 5s }\n` +
    `policy:\n  rules:\n    - tool: raw/delete_key\n      action: deny\n    - tool: raw/echo\n      when: 'has(args.mode) && args.mode == "x"'\n      action: deny\n`,
  );
  sessions = await Promise.all([1, 2, 3].map(() => openSession(`${gw.url}/mcp/raw`)));
});
after(() => gw.stop());

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

// Small id ranges, so concurrent POSTs and batch members often share an id.
const id = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 15 }) },
  { weight: 3, arbitrary: fc.constantFrom('a', 'b', 'dup') },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.oneof(fc.boolean(), fc.object({ maxDepth: 1 }), fc.double()) },
);
const toolName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('echo', 'delete_key', 'nope', '', 'ECHO') },
  { weight: 1, arbitrary: fc.oneof(fc.string(), fc.integer(), fc.constant(null)) },
);
const args = fc.oneof(
  { weight: 5, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }) },
  { weight: 1, arbitrary: fc.constant({ mode: 'x' }) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 3000 }).map(nested) },
  { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 100_000 }).map((n) => ({ text: 'x'.repeat(n) })) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 5_000 }).map((n) => ({ list: new Array(n).fill(0) })) },
  { weight: 2, arbitrary: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined)) },
);
const method = fc.oneof(
  { weight: 8, arbitrary: fc.constant('tools/call') },
  { weight: 4, arbitrary: fc.constantFrom('tools/list', 'ping', 'resources/read', 'prompts/get', 'completion/complete', 'logging/setLevel', 'initialize', 'unknown/method', '') },
  { weight: 3, arbitrary: fc.constantFrom('notifications/cancelled', 'notifications/initialized', 'notifications/progress', 'notifications/tools/call') },
  { weight: 1, arbitrary: fc.oneof(fc.string(), fc.integer(), fc.constant(null)) },
);
const params = fc.oneof(
  { weight: 8, arbitrary: fc.record({ name: toolName, arguments: args }, { requiredKeys: ['name'] }) },
  { weight: 2, arbitrary: fc.record({ requestId: id, reason: fc.string({ maxLength: 10 }) }) },
  { weight: 2, arbitrary: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined)) },
);
const message = fc.record({
  jsonrpc: fc.oneof({ weight: 10, arbitrary: fc.constant('2.0') }, { weight: 1, arbitrary: fc.constantFrom('1.0', undefined, 2) }),
  id,
  method,
  params,
}).map((m) => Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)));
const body = fc.oneof(
  { weight: 8, arbitrary: message.map((m) => JSON.stringify(m)) },
  { weight: 3, arbitrary: fc.array(message, { maxLength: 6 }).map((b) => JSON.stringify(b)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);
const sessionPick = fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 0, max: 2 }) }, { weight: 1, arbitrary: fc.constantFrom(-1, -2) });

async function send(text: string, pick: number): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  if (pick >= 0) headers['mcp-session-id'] = sessions[pick].id;
  else if (pick === -2) headers['mcp-session-id'] = 'no-such-session';
  const res = await fetch(`${gw.url}/mcp/raw`, { method: 'POST', headers, body: text, signal: AbortSignal.timeout(15_000) });
  await res.arrayBuffer();
  return res.status;
}

test('thousands of malformed and adversarial messages: each answered, the gateway up, every forwarded call recorded', async () => {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
  const statuses = new Map<number, number>();
  const started = performance.now();
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(body, sessionPick), { minLength: PARALLEL, maxLength: PARALLEL }), async (posts) => {
      const answered = await Promise.all(posts.map(([text, pick]) => send(text, pick)));
      for (const status of answered) {
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        assert.ok(status < 500, `a ${status} answer`);
      }
    }),
    { numRuns: RUNS, seed, endOnFailure: true },
  );
  const total = [...statuses.values()].reduce((a, b) => a + b, 0);
  assert.equal(total, RUNS * PARALLEL, `every POST answered (${JSON.stringify(Object.fromEntries(statuses))}, seed ${seed})`);

  // Still up, and a normal client's call works.
  assert.equal((await fetch(`${gw.url}/healthz`)).status, 200);
  const client = await httpClient(`${gw.url}/mcp/raw`);
  assert.equal(textOf(await client.callTool({ name: 'echo', arguments: { ok: 1 } })), '8');
  await client.close();

  const calls = () => received(log).filter((m) => m.method === 'tools/call');
  assert.equal(calls().filter((m) => m.id === undefined || m.id === null).length, 0, 'no tools/call reached the server without an id');
  assert.ok(!calls().some((m) => m.name === 'delete_key'), 'no denied call reached the server');
  // Every call the server received has its audit record (the records of forwarded calls).
  const forwarded = await until('the audit records of every forwarded call', async () => {
    const rows = auditRows(gw.dir).filter((r) => r.outcome !== 'not_forwarded');
    return rows.length >= calls().length ? rows : undefined;
  }, 20_000).catch(() => auditRows(gw.dir).filter((r) => r.outcome !== 'not_forwarded'));
  assert.equal(forwarded.length, calls().length, `seed ${seed}`);
  assert.ok(calls().length > (RUNS * PARALLEL) / 40, `a fair number of calls went through (${calls().length})`);
  process.stdout.write(`# fuzz: ${RUNS * PARALLEL} POSTs in ${Math.round(performance.now() - started)} ms, ${JSON.stringify(Object.fromEntries(statuses))}, ${calls().length} calls forwarded, seed ${seed}\n`);
});

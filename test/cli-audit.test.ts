// `gatehouse audit` as an operator runs it: the options parsed by commander, a real config and
// audit database in a temporary folder, the output and the exit code checked.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { DatabaseSync } from 'node:sqlite';
import { Command } from 'commander';
import { SqliteAuditStore } from '../src/audit/sqlite-store.ts';
import type { AuditRecord } from '../src/audit/types.ts';
import { localIso, parseSince, register } from '../src/cli/audit.ts';
import { gatehouse } from './helpers/gateway.ts';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const MIN = 60_000;

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function project(): { dir: string; config: string; data: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-cli-audit-'));
  dirs.push(dir);
  const config = path.join(dir, 'gatehouse.yaml');
  writeFileSync(config, 'gateway: { listen: 127.0.0.1:0, data: ./data }\nservers: { demo: { command: node, args: [x.js] } }\n');
  return { dir, config, data: path.join(dir, 'data') };
}

let seq = 0;
function rec(over: Partial<AuditRecord>): AuditRecord {
  seq++;
  return {
    time: NOW, requestId: `req-${seq}`, agent: 'ci-runner', session: 's1', server: 'valkey', tool: 'get',
    decision: 'allow', rule: 'default', reason: '', gatewayMs: 0.4, upstreamMs: 12.25, outcome: 'ok',
    argsDigest: 'a'.repeat(64), args: null, ...over,
  };
}

async function seeded(records: AuditRecord[]): Promise<{ config: string; data: string }> {
  const p = project();
  const store = new SqliteAuditStore(p.data);
  await store.insertBatch(records);
  await store.close();
  return p;
}

/** Runs `gatehouse audit ...args` through commander and returns what it printed and its exit code. */
async function audit(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const program = new Command('gatehouse').exitOverride();
  register(program, { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, now: () => NOW });
  const before = process.exitCode;
  try {
    await program.parseAsync(['audit', ...args], { from: 'user' });
    return { code: Number(process.exitCode ?? 0), out, err };
  } finally {
    // The command sets the process's exit code; the test runner's must not inherit it.
    process.exitCode = before;
  }
}

const sample = [
  rec({ time: NOW - 90 * MIN, tool: 'get', agent: 'alice' }),
  rec({ time: NOW - 20 * MIN, tool: 'delete_key', decision: 'deny', rule: '2: valkey/delete_*', reason: 'Deleting keys is not allowed from agents.', upstreamMs: null, outcome: 'not_forwarded' }),
  rec({ time: NOW - 10 * MIN, server: 'amazon-mq', tool: 'create_api_key', decision: 'rate_limited', rule: '1: create_api_key', reason: 'Rate limit reached for create_api_key: 10 calls per 60 s in this session; retry in 23 s.', upstreamMs: null, outcome: 'not_forwarded' }),
  rec({ time: NOW - 1 * MIN, tool: 'set', agent: 'alice' }),
];

describe('gatehouse audit', () => {
  test('prints an aligned table, newest first, with every column', async () => {
    const { config } = await seeded(sample);
    const { code, out } = await audit('--config', config);
    assert.equal(code, 0);
    const lines = out.trimEnd().split('\n');
    assert.match(lines[0], /^TIME\s+AGENT\s+SERVER\/TOOL\s+DECISION\s+RULE\s+REASON\s+GATEWAY MS\s+UPSTREAM MS\s+OUTCOME$/);
    assert.equal(lines.length, 5);
    assert.ok(lines[1].startsWith(localIso(NOW - MIN)), 'newest first, in local time');
    assert.match(lines[1], /alice\s+valkey\/set\s+allow\s+default\s+0\.4\s+12\.3\s+ok$/);
    assert.match(lines[2], /amazon-mq\/create_api_key\s+rate_limited\s+1: create_api_key\s+Rate limit reached for create_api_key: 10 calls p…\s+0\.4\s+-\s+not_forwarded$/);
    assert.match(lines[3], /valkey\/delete_key\s+deny\s+2: valkey\/delete_\*\s+Deleting keys is not allowed from agents\./);
    // Aligned: every column starts at the same offset on every line.
    const decisionAt = lines[0].indexOf('DECISION');
    for (const line of lines.slice(1)) assert.match(line.slice(decisionAt), /^(allow|deny|rate_limited) /);
  });

  test('--json prints one record per line, every field', async () => {
    const { config } = await seeded(sample);
    const { code, out } = await audit('--json', '--config', config);
    assert.equal(code, 0);
    const records = out.trimEnd().split('\n').map((l) => JSON.parse(l) as AuditRecord);
    assert.deepEqual(records, [...sample].reverse());
  });

  test('filters by --since, --server, --tool, --decision, --agent, and --limit', async () => {
    const { config } = await seeded(sample);
    const tools = async (...args: string[]) => {
      const { code, out } = await audit('--json', '--config', config, ...args);
      assert.equal(code, 0);
      return out.trimEnd().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as AuditRecord).tool);
    };
    assert.deepEqual(await tools('--since', '30m'), ['set', 'create_api_key', 'delete_key']);
    assert.deepEqual(await tools('--since', '1h30m'), ['set', 'create_api_key', 'delete_key', 'get']);
    assert.deepEqual(await tools('--since', new Date(NOW - 15 * MIN).toISOString()), ['set', 'create_api_key']);
    assert.deepEqual(await tools('--server', 'amazon-mq'), ['create_api_key']);
    assert.deepEqual(await tools('--tool', 'delete_key'), ['delete_key']);
    assert.deepEqual(await tools('--decision', 'deny'), ['delete_key']);
    assert.deepEqual(await tools('--agent', 'alice'), ['set', 'get']);
    assert.deepEqual(await tools('--agent', 'alice', '--since', '1h'), ['set']);
    assert.deepEqual(await tools('--limit', '2'), ['set', 'create_api_key']);
    assert.deepEqual(await tools('--decision', 'expired'), []);
  });

  test('the table says when there are more records than shown', async () => {
    const { config } = await seeded(sample);
    const { out } = await audit('--limit', '2', '--config', config);
    assert.match(out, /newest 2 of 4/);
  });

  test('no matching records is a message, not an empty table', async () => {
    const { config } = await seeded(sample);
    const { code, out } = await audit('--agent', 'nobody', '--config', config);
    assert.equal(code, 0);
    assert.equal(out, 'no matching audit records\n');
  });

  test('a bad --decision exits 2 and lists the allowed values', async () => {
    const { config } = await seeded(sample);
    const { code, out, err } = await audit('--decision', 'denied', '--config', config);
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.match(err, /--decision must be one of allow, deny, rate_limited, approval_pending, approved, rejected, expired/);
  });

  test('a bad --since or --limit exits 2 and says what is accepted', async () => {
    const { config } = await seeded(sample);
    for (const since of ['yesterday', '10x', '2025-13-45']) {
      const { code, err } = await audit('--since', since, '--config', config);
      assert.equal(code, 2, since);
      assert.match(err, /--since/);
    }
    const { code, err } = await audit('--limit', 'ten', '--config', config);
    assert.equal(code, 2);
    assert.match(err, /--limit must be a whole number/);
  });

  test('before the gateway has recorded anything: a message with the path, exit 0', async () => {
    const { config, data } = project();
    const { code, out } = await audit('--config', config);
    assert.equal(code, 0);
    assert.equal(out, `no audit records yet (${path.join(data, 'audit.db')})\n`);
    // Under --json, stdout stays parseable: the note goes to stderr.
    const json = await audit('--json', '--config', config);
    assert.deepEqual([json.code, json.out], [0, '']);
    assert.match(json.err, /no audit records yet/);
  });

  test('a missing config file exits 2 and names it', async () => {
    const { dir } = project();
    const { code, err } = await audit('--config', path.join(dir, 'nope.yaml'));
    assert.equal(code, 2);
    assert.match(err, /nope\.yaml.*cannot read the config file/);
  });

  test('reads while a gateway holds the database open and keeps writing', async () => {
    const { config, data } = project();
    const store = new SqliteAuditStore(data);
    await store.insertBatch([rec({ tool: 'first' })]);
    assert.match((await audit('--config', config)).out, /valkey\/first/);
    await store.insertBatch([rec({ tool: 'second', time: NOW + 1 })]);
    const { out } = await audit('--json', '--config', config);
    assert.deepEqual(out.trimEnd().split('\n').map((l) => (JSON.parse(l) as AuditRecord).tool), ['second', 'first']);
    await store.close();
  });

  test('control characters from upstream text cannot break the table or reach the terminal', async () => {
    const { config } = await seeded([rec({ reason: 'bad\nline\u001b[31mred' })]);
    const { out } = await audit('--config', config);
    assert.equal(out.trimEnd().split('\n').length, 2);
    assert.ok(!out.includes('\u001b'));
    assert.match(out, /bad line\?\[31mred/);
  });
});

describe('parseSince', () => {
  test('durations count back from now; ISO times are absolute', () => {
    assert.equal(parseSince('30s', NOW), NOW - 30_000);
    assert.equal(parseSince('15m', NOW), NOW - 15 * MIN);
    assert.equal(parseSince('1h', NOW), NOW - 60 * MIN);
    assert.equal(parseSince('2d', NOW), NOW - 2 * 86_400_000);
    assert.equal(parseSince('2025-05-31T08:00:00Z', NOW), Date.parse('2025-05-31T08:00:00Z'));
  });
});

describe('gatehouse serve with an audit log it cannot use', () => {
  test('exits 3 and says why, instead of running without its audit log', async () => {
    const { config, data } = project();
    await new SqliteAuditStore(data).close();
    const db = new DatabaseSync(path.join(data, 'audit.db'));
    db.exec('PRAGMA user_version = 999');
    db.close();
    const run = await gatehouse('serve', '--config', config);
    assert.equal(run.status, 3, run.stderr);
    assert.match(run.stderr, /^gatehouse: cannot start: .*audit\.db has audit schema version 999, newer than this gatehouse understands/m);
  });
});

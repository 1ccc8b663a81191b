// The dashboard API's pieces without a browser or a gateway: the audit store's grouped queries
// and paging, the query-string filter, and the CSV export's quoting.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { SqliteAuditStore } from '../src/audit/sqlite-store.ts';
import type { AuditRecord } from '../src/audit/types.ts';
import { auditFilter, toCsv } from '../src/web/dashboard-api.ts';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
function rec(i: number, over: Partial<AuditRecord> = {}): AuditRecord {
  return {
    time: T0 + i * 20_000, requestId: `r${i}`, agent: 'bot', session: 's', server: 'seed', tool: 'echo', decision: 'allow', rule: 'default',
    reason: '', gatewayMs: 0.1, upstreamMs: 1, outcome: 'ok', argsDigest: 'd', args: null, ...over,
  };
}

test('perMinute, countBy, until and offset read the audit table as the dashboard needs', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-dash-'));
  const store = new SqliteAuditStore(dir);
  // Six calls over two minutes: 12:00:00, :20, :40 (minute 0), 12:01:00, :20, :40 (minute 1).
  await store.insertBatch([rec(0), rec(1, { decision: 'deny', rule: '1: delete_key', tool: 'delete_key' }), rec(2), rec(3, { decision: 'rate_limited', rule: '2: echo' }), rec(4, { decision: 'deny', rule: '1: delete_key', tool: 'delete_key' }), rec(5)]);
  const minute0 = T0 / 60_000;
  const rows = await store.perMinute(T0);
  assert.deepEqual(rows.map((r) => [r.minute - minute0, r.decision, r.n]).sort(), [[0, 'allow', 2], [0, 'deny', 1], [1, 'allow', 1], [1, 'deny', 1], [1, 'rate_limited', 1]].sort());
  assert.deepEqual(await store.countBy(['rule'], { since: T0 }), [{ key: ['default'], n: 3 }, { key: ['1: delete_key'], n: 2 }, { key: ['2: echo'], n: 1 }]);
  assert.deepEqual(await store.countBy(['server', 'tool'], { decision: 'deny' }), [{ key: ['seed', 'delete_key'], n: 2 }]);
  assert.equal(await store.count({ until: T0 + 60_000 }), 3);
  assert.deepEqual((await store.query({ limit: 2, offset: 1 })).map((r) => r.requestId), ['r4', 'r3']);
  await store.close();
});

test('the audit query string becomes a filter, and bad values are refused', () => {
  const q = new URLSearchParams({ since: '1000', until: '2026-01-01T00:00:00Z', agent: 'bot', decision: 'deny', limit: '10', offset: '20' });
  assert.deepEqual(auditFilter(q), { since: 1000, until: Date.UTC(2026, 0, 1), agent: 'bot', decision: 'deny', limit: 10, offset: 20 });
  assert.match((auditFilter(new URLSearchParams({ decision: 'maybe' })) as { error: string }).error, /decision must be one of/);
  assert.match((auditFilter(new URLSearchParams({ since: 'yesterday-ish' })) as { error: string }).error, /since must be a time/);
  assert.match((auditFilter(new URLSearchParams({ offset: '-1' })) as { error: string }).error, /whole number/);
});

test('CSV export quotes commas, quotes and newlines, and defuses spreadsheet formulas', () => {
  const csv = toCsv([rec(0, { reason: 'no, "never"\nagain', agent: '=cmd()' })]);
  assert.equal(csv, 'iso_time,time,requestId,agent,session,server,tool,decision,rule,reason,gatewayMs,upstreamMs,outcome,argsDigest,args,auth\r\n' +
    `2026-01-01T12:00:00.000Z,${T0},r0,"'=cmd()",s,seed,echo,allow,default,"no, ""never""\nagain",0.1,1,ok,d,,\r\n`);
});

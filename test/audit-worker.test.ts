// The audit store in a worker thread: the same records reach the same file as with the in-thread
// store, open failures are reported, a dead worker is replaced, and an idle one never holds the process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, test } from 'node:test';
import { AuditStoreError, SCHEMA_VERSION, SqliteAuditStore } from '../src/audit/sqlite-store.ts';
import { WorkerAuditStore } from '../src/audit/worker-store.ts';
import { AuditWriter } from '../src/audit/writer.ts';
import { dataDir, rec } from './helpers/audit-records.ts';

function setUserVersion(dir: string, version: number): void {
  const db = new DatabaseSync(path.join(dir, 'audit.db'));
  db.exec(`PRAGMA user_version = ${version}`);
  db.close();
}

describe('WorkerAuditStore', () => {
  test('1,000 concurrent record() calls through the writer all reach the file, once each', async () => {
    const dir = dataDir();
    const writer = new AuditWriter(new WorkerAuditStore(dir), { batchSize: 100 });
    const sent = Array.from({ length: 1_000 }, () => rec());
    await Promise.all(sent.map(async (r) => writer.record(r)));
    await writer.close();
    const reader = SqliteAuditStore.openReadOnly(dir);
    const stored = await reader.query({ limit: 5_000 });
    await reader.close();
    assert.equal(stored.length, 1_000);
    assert.deepEqual(new Set(stored.map((r) => r.requestId)), new Set(sent.map((r) => r.requestId)));
  });

  test('query and count answer from the worker, with filters', async () => {
    const store = new WorkerAuditStore(dataDir());
    await store.ready;
    const denied = rec({ decision: 'deny', tool: 'delete_key', upstreamMs: null, outcome: 'not_forwarded' });
    await store.insertBatch([rec(), denied, rec()]);
    assert.equal(await store.count(), 3);
    assert.deepEqual(await store.query({ decision: 'deny' }), [denied]);
    await store.close();
    await assert.rejects(store.count(), (err: AuditStoreError) => err.code === 'AUDIT_STORE_CLOSED');
  });

  test('a database it cannot use is reported, and a fresh worker recovers once it is fixed', async () => {
    const dir = dataDir();
    await new SqliteAuditStore(dir).close();
    setUserVersion(dir, SCHEMA_VERSION + 1);
    const store = new WorkerAuditStore(dir);
    await assert.rejects(store.ready, (err: AuditStoreError) => err instanceof AuditStoreError && err.code === 'AUDIT_SCHEMA_NEWER');
    await assert.rejects(store.insertBatch([rec()]), (err: AuditStoreError) => err.code === 'AUDIT_SCHEMA_NEWER');

    setUserVersion(dir, SCHEMA_VERSION);
    // The failed worker may still be on its way out; the writer would retry, and so does this.
    let attempts = 0;
    for (;;) {
      try {
        await store.insertBatch([rec({ tool: 'after-fix' })]);
        break;
      } catch (err) {
        assert.equal((err as AuditStoreError).code, 'AUDIT_SCHEMA_NEWER');
        assert.ok(++attempts < 100, 'no fresh worker took over');
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    assert.deepEqual((await store.query({})).map((r) => r.tool), ['after-fix']);
    await store.close();
  });

  test('an idle worker does not keep the process alive', () => {
    const dir = dataDir();
    const script = `
      import { WorkerAuditStore } from ${JSON.stringify(new URL('../src/audit/worker-store.ts', import.meta.url).href)};
      const store = new WorkerAuditStore(${JSON.stringify(dir)});
      await store.ready;
      await store.insertBatch([{ time: 1, requestId: 'r', agent: 'a', session: '', server: 's', tool: 't', decision: 'allow',
        rule: 'default', reason: '', gatewayMs: 0, upstreamMs: null, outcome: 'ok', argsDigest: 'x', args: null }]);
      console.log('written');
      // No close(): the process must still end by itself.
    `;
    const file = path.join(path.dirname(dir), 'idle.mjs');
    writeFileSync(file, script);
    const run = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.signal, null, 'the process had to be killed: the worker kept it alive');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), 'written');
  });
});

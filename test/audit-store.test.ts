// The audit path end to end below the gateway: records given to the writer all reach the SQLite
// file, whatever the load, across store failures and at close; readers filter and see them live.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, test } from 'node:test';
import { argsDigest, canonicalJson } from '../src/audit/digest.ts';
import { AuditStoreError, SCHEMA_VERSION, SqliteAuditStore } from '../src/audit/sqlite-store.ts';
import type { AuditRecord, AuditStore } from '../src/audit/types.ts';
import { AuditWriteError, AuditWriter } from '../src/audit/writer.ts';
import { dataDir, rec } from './helpers/audit-records.ts';

function rowCount(dir: string): number {
  const db = new DatabaseSync(path.join(dir, 'audit.db'), { readOnly: true });
  try {
    return Number((db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n);
  } finally {
    db.close();
  }
}

describe('argsDigest', () => {
  test('key order does not matter, at any depth', () => {
    assert.equal(argsDigest({ a: 1, b: { c: [1, { x: 1, y: 2 }], d: 'z' } }), argsDigest({ b: { d: 'z', c: [1, { y: 2, x: 1 }] }, a: 1 }));
    assert.equal(canonicalJson({ b: 1, a: { d: 2, c: 3 } }), '{"a":{"c":3,"d":2},"b":1}');
  });

  test('different values, or array order, give different digests', () => {
    assert.notEqual(argsDigest({ a: 1 }), argsDigest({ a: 2 }));
    assert.notEqual(argsDigest({ a: [1, 2] }), argsDigest({ a: [2, 1] }));
    assert.notEqual(argsDigest({ a: '1' }), argsDigest({ a: 1 }));
  });

  test('is the hex SHA-256 of the canonical JSON', () => {
    assert.match(argsDigest({}), /^[0-9a-f]{64}$/);
    // sha256("{}")
    assert.equal(argsDigest({}), '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });
});

// What every audit store does (fields, filters, paging, batches, hostile values) runs on SQLite
// and PostgreSQL alike in stores.test.ts; here, what only the SQLite file does.
describe('SqliteAuditStore', () => {
  test('is in WAL mode with a schema version', async () => {
    const dir = dataDir();
    await new SqliteAuditStore(dir).close();
    const db = new DatabaseSync(path.join(dir, 'audit.db'), { readOnly: true });
    assert.equal((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode, 'wal');
    assert.equal((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version, SCHEMA_VERSION);
    db.close();
  });

  test('refuses a file written by a newer schema instead of misreading it', async () => {
    const dir = dataDir();
    await new SqliteAuditStore(dir).close();
    const db = new DatabaseSync(path.join(dir, 'audit.db'));
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    assert.throws(() => new SqliteAuditStore(dir), (err: AuditStoreError) => err.code === 'AUDIT_SCHEMA_NEWER');
    assert.throws(() => SqliteAuditStore.openReadOnly(dir), (err: AuditStoreError) => err.code === 'AUDIT_SCHEMA_NEWER');
  });

  test('a read-only handle sees rows another handle writes, while it writes', async () => {
    const dir = dataDir();
    const writer = new SqliteAuditStore(dir);
    await writer.insertBatch([rec()]);
    const reader = SqliteAuditStore.openReadOnly(dir);
    assert.equal(await reader.count(), 1);
    await writer.insertBatch([rec(), rec()]);
    assert.equal(await reader.count(), 3, 'sees the batch committed after it opened');
    await assert.rejects(reader.insertBatch([rec()]), 'a read-only handle does not write');
    await reader.close();
    await writer.close();
    const later = SqliteAuditStore.openReadOnly(dir);
    assert.equal(await later.count(), 3, 'and after the writer closed');
    await later.close();
  });

  test('opening read-only where nothing was written says so, with a code', () => {
    const dir = dataDir();
    assert.throws(() => SqliteAuditStore.openReadOnly(dir), (err: AuditStoreError) => err.code === 'AUDIT_DB_MISSING');
    assert.equal(existsSync(dir), false, 'a reader creates nothing');
  });
});

describe('AuditWriter', () => {
  test('N records recorded become N rows, all of them on flush()', async () => {
    const dir = dataDir();
    const writer = new AuditWriter(new SqliteAuditStore(dir));
    for (let i = 0; i < 1_234; i++) writer.record(rec());
    await writer.flush();
    assert.equal(rowCount(dir), 1_234);
    assert.equal(writer.queueDepth, 0);
    await writer.close();
  });

  test('1,000 concurrent record() calls: no record lost or written twice', async () => {
    const dir = dataDir();
    const writer = new AuditWriter(new SqliteAuditStore(dir), { batchSize: 64 });
    const sent = Array.from({ length: 1_000 }, () => rec());
    await Promise.all(sent.map(async (r) => {
      await Promise.resolve();
      writer.record(r);
    }));
    await writer.close();
    const reader = SqliteAuditStore.openReadOnly(dir);
    const stored = await reader.query({ limit: 10_000 });
    await reader.close();
    assert.equal(stored.length, 1_000);
    assert.deepEqual(new Set(stored.map((r) => r.requestId)), new Set(sent.map((r) => r.requestId)));
  });

  test('record() only queues: nothing is written during the call', () => {
    const calls: number[] = [];
    const store: AuditStore = {
      insertBatch: async (records) => void calls.push(records.length),
      query: async () => [],
      count: async () => 0,
      close: async () => {},
    };
    const writer = new AuditWriter(store, { batchSize: 2 });
    writer.record(rec());
    writer.record(rec());
    writer.record(rec());
    assert.deepEqual(calls, []);
    assert.equal(writer.queueDepth, 3);
    return writer.close().then(() => assert.deepEqual(calls, [2, 1], 'batches of at most batchSize, in order'));
  });

  test('records are written on the timer without any flush()', async () => {
    const dir = dataDir();
    const writer = new AuditWriter(new SqliteAuditStore(dir), { flushIntervalMs: 5 });
    writer.record(rec());
    // Wait for the writer to report an empty queue rather than for a fixed time.
    while (writer.queueDepth > 0) await new Promise((r) => setTimeout(r, 5));
    assert.equal(rowCount(dir), 1);
    await writer.close();
  });

  test('close() writes everything queued, then closes the store', async () => {
    const dir = dataDir();
    const store = new SqliteAuditStore(dir);
    const writer = new AuditWriter(store, { flushIntervalMs: 60_000 });
    for (let i = 0; i < 777; i++) writer.record(rec());
    await writer.close();
    assert.equal(rowCount(dir), 777);
    await assert.rejects(store.count(), (err: AuditStoreError) => err.code === 'AUDIT_STORE_CLOSED');
  });

  test('a failing store: the batch is kept, retried, and written once it recovers', async () => {
    const dir = dataDir();
    const real = new SqliteAuditStore(dir);
    let failuresLeft = 3;
    const flaky: AuditStore = {
      insertBatch: async (records) => {
        if (failuresLeft > 0) {
          failuresLeft--;
          throw new Error('disk I/O error');
        }
        await real.insertBatch(records);
      },
      query: (f) => real.query(f),
      count: (f) => real.count(f),
      close: () => real.close(),
    };
    const errors: unknown[] = [];
    const writer = new AuditWriter(flaky, { retryDelayMs: 1, onError: (e) => errors.push(e) });
    for (let i = 0; i < 10; i++) writer.record(rec());
    await writer.flush();
    assert.equal(rowCount(dir), 10);
    assert.equal(errors.length, 3, 'each failure was reported');
    assert.ok(errors.every((e) => e instanceof AuditWriteError && e.code === 'AUDIT_WRITE_FAILED' && e.unwritten === 10));
    await writer.close();
  });

  test('a store that keeps failing: close() gives up after maxAttempts and says how many were not written', async () => {
    let closed = false;
    const broken: AuditStore = {
      insertBatch: async () => {
        throw new Error('database is locked');
      },
      query: async () => [],
      count: async () => 0,
      close: async () => void (closed = true),
    };
    const errors: unknown[] = [];
    const writer = new AuditWriter(broken, { retryDelayMs: 1, maxAttempts: 3, onError: (e) => errors.push(e) });
    for (let i = 0; i < 5; i++) writer.record(rec());
    await assert.rejects(writer.close(), (err: AuditWriteError) => err.code === 'AUDIT_WRITE_FAILED' && err.unwritten === 5);
    assert.equal(errors.length, 3);
    assert.ok(closed, 'the store is closed anyway');
  });

  test('a record after close() is refused and reported, not silently lost', async () => {
    const errors: unknown[] = [];
    const writer = new AuditWriter(new SqliteAuditStore(dataDir()), { onError: (e) => errors.push(e) });
    await writer.close();
    writer.record(rec());
    assert.equal(writer.dropped, 1);
    assert.equal((errors[0] as AuditWriteError).code, 'AUDIT_WRITER_CLOSED');
  });

  test('a full queue refuses new records and reports it once, not per record', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const stored: AuditRecord[] = [];
    const store: AuditStore = {
      insertBatch: async (records) => {
        if (fail) throw new Error('down');
        stored.push(...records);
      },
      query: async () => [],
      count: async () => 0,
      close: async () => {},
    };
    const writer = new AuditWriter(store, { maxQueued: 10, retryDelayMs: 1, onError: (e) => errors.push(e) });
    for (let i = 0; i < 15; i++) writer.record(rec());
    assert.equal(writer.queueDepth, 10);
    assert.equal(writer.dropped, 5);
    assert.equal(errors.filter((e) => (e as AuditWriteError).code === 'AUDIT_QUEUE_FULL').length, 1);
    fail = false;
    await writer.flush();
    writer.record(rec());
    const full = errors.filter((e) => (e as AuditWriteError).code === 'AUDIT_QUEUE_FULL') as AuditWriteError[];
    assert.equal(full.length, 2);
    assert.match(full[1].message, /5 records were refused/, 'the end of the episode says how many were lost');
    await writer.close();
    assert.equal(stored.length, 11, 'the queued records were all written');
  });
});

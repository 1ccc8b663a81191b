// Which stores a gatehouse uses, in one place: SQLite files in `gateway.data` for one replica,
// or the PostgreSQL of `gateway.database` that every replica shares. Everything above this
// file sees the interfaces only.
import { hostname } from 'node:os';
import { PostgresApprovalStore } from '../approvals/pg-store.ts';
import { SqliteApprovalStore } from '../approvals/sqlite-store.ts';
import type { ApprovalStore } from '../approvals/types.ts';
import { PostgresAuditStore } from '../audit/pg-store.ts';
import { SqliteAuditStore } from '../audit/sqlite-store.ts';
import type { AuditReader, AuditStore } from '../audit/types.ts';
import type { FingerprintStore } from '../catalog/fingerprint-store.ts';
import { PostgresFingerprintStore } from '../catalog/pg-fingerprint-store.ts';
import { SqliteFingerprintStore } from '../catalog/sqlite-fingerprint-store.ts';
import type { GatewaySettings } from '../config/types.ts';
import { checkSchema, migrate } from './migrations.ts';
import { PostgresDb, redactUrl } from './postgres.ts';

export interface Stores {
  /** This replica's name, in its audit records and the requests whose call waits here. */
  readonly replica: string;
  readonly audit: AuditStore;
  readonly approvals: ApprovalStore;
  readonly fingerprints: FingerprintStore;
  /** The shared database, when there is one (signals between replicas, heartbeats). */
  readonly db: PostgresDb | undefined;
  /** Runs `use` with a reader of every replica's audit records (none yet: `empty`). */
  readAudit<T>(empty: T, use: (reader: AuditReader) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export class StoreError extends Error {
  readonly code = 'STORE_UNAVAILABLE';
}

/** `gateway.replica`, or host:pid: unique among running replicas, readable in the audit. */
export function replicaName(settings: Pick<GatewaySettings, 'replica'>): string {
  return settings.replica ?? `${hostname()}:${process.pid}`;
}

/**
 * Opens the stores a gateway writes. With a database: connects, and creates the schema in an
 * empty database (under the migration lock: replicas starting together are safe), but refuses
 * an older or newer schema (a SchemaError naming `gatehouse migrate`).
 */
export async function openStores(settings: GatewaySettings): Promise<Stores> {
  const replica = replicaName(settings);
  if (settings.database === undefined) {
    const audit = new SqliteAuditStore(settings.data);
    let approvals: SqliteApprovalStore | undefined;
    try {
      approvals = new SqliteApprovalStore(settings.data);
      const fingerprints = new SqliteFingerprintStore(settings.data);
      return {
        replica, audit, approvals, fingerprints, db: undefined,
        readAudit: (empty, use) => readSqlite(settings.data, empty, use),
        // Each close is idempotent: the gateway's owners (writer, service, registry) close theirs too.
        close: async () => {
          await Promise.all([audit.close(), approvals!.close(), fingerprints.close()]);
        },
      };
    } catch (err) {
      await audit.close();
      await approvals?.close();
      throw err;
    }
  }
  const db = new PostgresDb(settings.database);
  try {
    await migrate(db, { only: 'empty' });
  } catch (err) {
    await db.close();
    throw wrap(err, settings.database);
  }
  const reader = new PostgresAuditStore(db, { replica });
  return {
    replica,
    audit: new PostgresAuditStore(db, { replica }),
    approvals: new PostgresApprovalStore(db),
    fingerprints: new PostgresFingerprintStore(db),
    db,
    readAudit: (_empty, use) => use(reader),
    close: () => db.close(),
  };
}

/** For commands (`audit`, `approvals`, `catalog`): the same stores, for one short use. */
export async function openCommandStores(settings: GatewaySettings): Promise<Stores> {
  if (settings.database === undefined) return openStores(settings);
  const db = new PostgresDb(settings.database, { max: 2 });
  try {
    await checkSchema(db);
  } catch (err) {
    await db.close();
    throw wrap(err, settings.database);
  }
  const audit = new PostgresAuditStore(db, { replica: `cli:${hostname()}` });
  return {
    replica: `cli:${hostname()}`,
    audit,
    approvals: new PostgresApprovalStore(db),
    fingerprints: new PostgresFingerprintStore(db),
    db,
    readAudit: (_empty, use) => use(audit),
    close: () => db.close(),
  };
}

/** For `gatehouse audit`: every replica's records, read from the shared database. */
export async function openAuditReader(url: string): Promise<AuditReader> {
  const db = new PostgresDb(url, { max: 1 });
  try {
    await checkSchema(db);
  } catch (err) {
    await db.close();
    throw wrap(err, url);
  }
  return new PostgresAuditStore(db, { ownsDb: true });
}

async function readSqlite<T>(dataDir: string, empty: T, use: (reader: AuditReader) => Promise<T>): Promise<T> {
  let store: SqliteAuditStore;
  try {
    store = SqliteAuditStore.openReadOnly(dataDir);
  } catch (err) {
    if ((err as { code?: string }).code === 'AUDIT_DB_MISSING') return empty;
    throw err;
  }
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

/** A connection error names the database without its password. */
function wrap(err: unknown, url: string): Error {
  if ((err as { name?: string }).name === 'SchemaError') return err as Error;
  return new StoreError(`cannot reach the database ${redactUrl(url)}: ${(err as Error).message}`, { cause: err });
}

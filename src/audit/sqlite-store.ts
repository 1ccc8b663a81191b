// The embedded audit store: one SQLite file, <data>/audit.db, in WAL mode so `gatehouse audit`
// and the dashboard read it while the gateway writes. Versioned by PRAGMA user_version.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { AUTH_METHODS, type AuthMethod } from '../auth/principal.ts';
import type { DecisionAction } from '../policy/types.ts';
import type { AuditColumn, AuditFilter, AuditReader, AuditRecord, AuditStore, UpstreamOutcome } from './types.ts';

/** The schema this code writes; a file with a higher user_version came from a newer gateway. */
export const SCHEMA_VERSION = 2;
export const DEFAULT_QUERY_LIMIT = 100;
/** How long a statement waits for another connection's lock before failing. */
const BUSY_TIMEOUT_MS = 5_000;

export class AuditStoreError extends Error {
  readonly code: 'AUDIT_DB_MISSING' | 'AUDIT_SCHEMA_NEWER' | 'AUDIT_SCHEMA_OLDER' | 'AUDIT_STORE_CLOSED' | 'AUDIT_WORKER_EXITED';
  readonly file: string;
  constructor(code: AuditStoreError['code'], file: string, message: string) {
    super(message);
    this.name = 'AuditStoreError';
    this.code = code;
    this.file = file;
  }
}

export function auditDbPath(dataDir: string): string {
  return path.join(dataDir, 'audit.db');
}

/**
 * Each step takes the schema from version i to i + 1. Append, never edit: a file on disk may be
 * at any earlier version.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE audit (
     id           INTEGER PRIMARY KEY AUTOINCREMENT,
     time         INTEGER NOT NULL,
     request_id   TEXT    NOT NULL,
     agent        TEXT    NOT NULL,
     session      TEXT    NOT NULL,
     server       TEXT    NOT NULL,
     tool         TEXT    NOT NULL,
     decision     TEXT    NOT NULL,
     rule         TEXT    NOT NULL,
     reason       TEXT    NOT NULL,
     gateway_ms   REAL    NOT NULL,
     upstream_ms  REAL,
     outcome      TEXT    NOT NULL,
     args_digest  TEXT    NOT NULL,
     args         TEXT
   );
   -- time last in each index so "newest first" under a filter reads the index in order.
   CREATE INDEX audit_time ON audit (time);
   CREATE INDEX audit_server_tool ON audit (server, tool, time);
   CREATE INDEX audit_decision ON audit (decision, time);`,
  // 2: how the agent authenticated (key, oauth, anonymous); '' in records from before.
  `ALTER TABLE audit ADD COLUMN auth TEXT NOT NULL DEFAULT '';`,
];

interface Row {
  time: number;
  request_id: string;
  agent: string;
  session: string;
  server: string;
  tool: string;
  decision: string;
  rule: string;
  reason: string;
  gateway_ms: number;
  upstream_ms: number | null;
  outcome: string;
  args_digest: string;
  args: string | null;
  auth: string;
}

const COLUMNS = 'time, request_id, agent, session, server, tool, decision, rule, reason, gateway_ms, upstream_ms, outcome, args_digest, args, auth';

export class SqliteAuditStore implements AuditStore, AuditReader {
  readonly file: string;
  readonly readOnly: boolean;
  readonly #db: DatabaseSync;
  #insert: StatementSync | undefined;
  #insertMany: StatementSync | undefined;
  /** False only for a read-only handle on a file no gateway has written a schema into yet. */
  #hasTable: boolean;

  /** Opens (creating the directory and the file when needed) <dataDir>/audit.db for writing. */
  constructor(dataDir: string, options: { readOnly?: boolean } = {}) {
    this.file = auditDbPath(dataDir);
    this.readOnly = options.readOnly ?? false;
    if (this.readOnly) {
      if (!existsSync(this.file)) throw new AuditStoreError('AUDIT_DB_MISSING', this.file, `no audit database at ${this.file}`);
      this.#db = new DatabaseSync(this.file, { readOnly: true, timeout: BUSY_TIMEOUT_MS });
    } else {
      mkdirSync(dataDir, { recursive: true });
      this.#db = new DatabaseSync(this.file, { timeout: BUSY_TIMEOUT_MS });
      // WAL: readers never block the writer and see committed batches at once. NORMAL: a commit
      // survives a process crash; only a power loss can take the last batches, a fair trade for
      // an append-only log written many times a second.
      this.#db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    }
    try {
      this.#hasTable = this.#checkSchema();
    } catch (err) {
      this.#db.close();
      throw err;
    }
  }

  /** For `gatehouse audit` and other readers: never writes, works while a gateway writes. */
  static openReadOnly(dataDir: string): SqliteAuditStore {
    return new SqliteAuditStore(dataDir, { readOnly: true });
  }

  /** Migrates a writable file to SCHEMA_VERSION; tells whether the audit table exists. */
  #checkSchema(): boolean {
    const version = this.#userVersion();
    if (version > SCHEMA_VERSION) {
      throw new AuditStoreError('AUDIT_SCHEMA_NEWER', this.file,
        `${this.file} has audit schema version ${version}, newer than this gatehouse understands (${SCHEMA_VERSION}); upgrade gatehouse`);
    }
    if (version === SCHEMA_VERSION) return true;
    if (this.readOnly) {
      if (version === 0) return false;
      throw new AuditStoreError('AUDIT_SCHEMA_OLDER', this.file,
        `${this.file} has audit schema version ${version}; start the gateway once to upgrade it to ${SCHEMA_VERSION}`);
    }
    // IMMEDIATE takes the write lock first, so two processes opening a new file cannot both migrate.
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      for (let v = this.#userVersion(); v < SCHEMA_VERSION; v++) {
        this.#db.exec(MIGRATIONS[v]);
        this.#db.exec(`PRAGMA user_version = ${v + 1}`);
      }
      this.#db.exec('COMMIT');
    } catch (err) {
      this.#db.exec('ROLLBACK');
      throw err;
    }
    return true;
  }

  #userVersion(): number {
    return Number((this.#db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
  }

  async insertBatch(records: readonly AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    this.#open();
    if (this.readOnly) throw new TypeError(`${this.file} is open read-only`);
    const row = `(${COLUMNS.split(', ').map(() => '?').join(', ')})`;
    this.#insert ??= this.#db.prepare(`INSERT INTO audit (${COLUMNS}) VALUES ${row}`);
    // Rows go in ROWS_PER_INSERT at a time: one statement step for many rows costs less than
    // a step per row (about a fifth of the per-record insert time).
    this.#insertMany ??= this.#db.prepare(`INSERT INTO audit (${COLUMNS}) VALUES ${Array(ROWS_PER_INSERT).fill(row).join(', ')}`);
    // One transaction per batch: one fsync-free commit instead of one per record, and a failed
    // batch leaves nothing half-written, so the writer can retry it whole.
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      let i = 0;
      for (; i + ROWS_PER_INSERT <= records.length; i += ROWS_PER_INSERT) {
        const values: SQLInputValue[] = [];
        for (let k = i; k < i + ROWS_PER_INSERT; k++) pushValues(values, records[k]);
        this.#insertMany.run(...values);
      }
      for (; i < records.length; i++) {
        const values: SQLInputValue[] = [];
        pushValues(values, records[i]);
        this.#insert.run(...values);
      }
      this.#db.exec('COMMIT');
    } catch (err) {
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
      throw err;
    }
  }

  /** Newest first (by the time the call arrived), at most `limit` (default 100). */
  async query(filter: AuditFilter = {}): Promise<AuditRecord[]> {
    if (!this.#tableReady()) return [];
    const { where, params } = whereClause(filter);
    const limit = filter.limit ?? DEFAULT_QUERY_LIMIT;
    const offset = Math.max(0, Math.floor(filter.offset ?? 0));
    const rows = this.#db
      .prepare(`SELECT ${COLUMNS} FROM audit ${where} ORDER BY time DESC, id DESC LIMIT ? OFFSET ?`)
      .all(...params, Math.max(0, Math.floor(limit)), offset) as unknown as Row[];
    return rows.map(fromRow);
  }

  /** Calls per minute and decision since `since`: one grouped query, for the dashboard's chart. */
  async perMinute(since: number): Promise<{ minute: number; decision: DecisionAction; n: number }[]> {
    if (!this.#tableReady()) return [];
    const rows = this.#db
      .prepare('SELECT time / 60000 AS minute, decision, count(*) AS n FROM audit WHERE time >= ? GROUP BY minute, decision ORDER BY minute')
      .all(since) as { minute: number; decision: string; n: number }[];
    return rows.map((r) => ({ minute: Number(r.minute), decision: r.decision as DecisionAction, n: Number(r.n) }));
  }

  /** How many records match, grouped by one column (most first), e.g. calls per rule or per tool. */
  async countBy(columns: readonly AuditColumn[], filter: AuditFilter = {}, limit = 1000): Promise<{ key: string[]; n: number }[]> {
    if (!this.#tableReady()) return [];
    const { where, params } = whereClause(filter);
    const cols = columns.filter((c) => ['server', 'tool', 'rule', 'decision', 'agent'].includes(c)).join(', ');
    const rows = this.#db
      .prepare(`SELECT ${cols}, count(*) AS n FROM audit ${where} GROUP BY ${cols} ORDER BY n DESC LIMIT ?`)
      .all(...params, limit) as Record<string, string | number>[];
    return rows.map((r) => ({ key: columns.map((c) => String(r[c])), n: Number(r.n) }));
  }

  /** How many records match, ignoring `limit`. */
  async count(filter: AuditFilter = {}): Promise<number> {
    if (!this.#tableReady()) return 0;
    const { where, params } = whereClause(filter);
    const row = this.#db.prepare(`SELECT count(*) AS n FROM audit ${where}`).get(...params) as { n: number };
    return Number(row.n);
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }

  /** A reader opened before any gateway wrote looks again: the schema may have appeared since. */
  #tableReady(): boolean {
    this.#open();
    if (!this.#hasTable) this.#hasTable = this.#checkSchema();
    return this.#hasTable;
  }

  #open(): void {
    if (!this.#db.isOpen) throw new AuditStoreError('AUDIT_STORE_CLOSED', this.file, `the audit store ${this.file} is closed`);
  }
}

const ROWS_PER_INSERT = 32;

/** A record's values in COLUMNS' order, coerced so that one malformed record cannot fail its batch on every retry for ever. */
function pushValues(values: SQLInputValue[], r: AuditRecord): void {
  values.push(num(r.time), text(r.requestId), text(r.agent), text(r.session), text(r.server), text(r.tool),
    text(r.decision), text(r.rule), text(r.reason), num(r.gatewayMs), r.upstreamMs == null ? null : num(r.upstreamMs),
    text(r.outcome), text(r.argsDigest), r.args == null ? null : text(r.args), text(r.auth));
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : value == null ? '' : String(value);
}

function num(value: unknown): number {
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}

function whereClause(filter: AuditFilter): { where: string; params: SQLInputValue[] } {
  const terms: string[] = [];
  const params: SQLInputValue[] = [];
  const add = (term: string, value: SQLInputValue) => {
    terms.push(term);
    params.push(value);
  };
  if (filter.since !== undefined) add('time >= ?', filter.since);
  if (filter.until !== undefined) add('time < ?', filter.until);
  if (filter.server !== undefined) add('server = ?', filter.server);
  if (filter.tool !== undefined) add('tool = ?', filter.tool);
  if (filter.decision !== undefined) add('decision = ?', filter.decision);
  if (filter.agent !== undefined) add('agent = ?', filter.agent);
  return { where: terms.length > 0 ? `WHERE ${terms.join(' AND ')}` : '', params };
}

function fromRow(row: Row): AuditRecord {
  return {
    time: Number(row.time),
    requestId: row.request_id,
    agent: row.agent,
    session: row.session,
    server: row.server,
    tool: row.tool,
    decision: row.decision as DecisionAction,
    rule: row.rule,
    reason: row.reason,
    gatewayMs: row.gateway_ms,
    upstreamMs: row.upstream_ms,
    outcome: row.outcome as UpstreamOutcome,
    argsDigest: row.args_digest,
    args: row.args,
    ...(AUTH_METHODS.includes(row.auth as AuthMethod) ? { auth: row.auth as AuthMethod } : {}),
  };
}

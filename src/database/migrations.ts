// The PostgreSQL schema, as versioned migrations applied in order under an advisory lock, so
// replicas starting together (or `gatehouse migrate` run twice at once) never race. The
// version lives in `gatehouse_schema`; a database at another version than this code's is
// refused by `serve`, never misread.
import type { Db } from './postgres.ts';

/**
 * Each step takes the schema from version i to i + 1. Append, never edit: a database may be at
 * any earlier version.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: audit, approvals, catalog fingerprints, and the replicas' heartbeats.
  `CREATE TABLE audit (
     id           BIGSERIAL PRIMARY KEY,
     time         BIGINT           NOT NULL,
     request_id   TEXT             NOT NULL,
     agent        TEXT             NOT NULL,
     session      TEXT             NOT NULL,
     server       TEXT             NOT NULL,
     tool         TEXT             NOT NULL,
     decision     TEXT             NOT NULL,
     rule         TEXT             NOT NULL,
     reason       TEXT             NOT NULL,
     gateway_ms   DOUBLE PRECISION NOT NULL,
     upstream_ms  DOUBLE PRECISION,
     outcome      TEXT             NOT NULL,
     args_digest  TEXT             NOT NULL,
     args         TEXT,
     replica      TEXT             NOT NULL DEFAULT ''
   );
   -- A record is its call (request id) and its step (decision): a batch replayed after a crash
   -- or a retry after a lost answer inserts nothing twice.
   CREATE UNIQUE INDEX audit_record ON audit (request_id, decision);
   CREATE INDEX audit_time ON audit (time);
   CREATE INDEX audit_server_tool ON audit (server, tool, time);
   CREATE INDEX audit_decision ON audit (decision, time);

   CREATE TABLE approvals (
     id TEXT PRIMARY KEY, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, agent TEXT NOT NULL,
     session TEXT NOT NULL, server TEXT NOT NULL, tool TEXT NOT NULL, args TEXT NOT NULL, args_digest TEXT NOT NULL,
     rule TEXT NOT NULL, mode TEXT NOT NULL, status TEXT NOT NULL, decided_by TEXT, decided_at BIGINT,
     reason TEXT, ttl_s INTEGER NOT NULL,
     replica TEXT NOT NULL DEFAULT '');
   CREATE INDEX approvals_status ON approvals (status, created_at);
   CREATE INDEX approvals_call ON approvals (agent, server, tool, args_digest, status);

   CREATE TABLE tools (
     server TEXT NOT NULL, tool TEXT NOT NULL, fingerprint TEXT NOT NULL, definition TEXT NOT NULL,
     first_seen BIGINT NOT NULL, pending_fingerprint TEXT, pending_definition TEXT, pending_since BIGINT,
     PRIMARY KEY (server, tool));

   CREATE TABLE replicas (
     name TEXT PRIMARY KEY, internal_url TEXT NOT NULL DEFAULT '', started_at BIGINT NOT NULL, seen_at BIGINT NOT NULL);`,
  // 2: legacy-era client sessions any replica can serve: the client's handshake and its owner.
  `CREATE TABLE sessions (
     id TEXT PRIMARY KEY, endpoint TEXT NOT NULL, agent TEXT NOT NULL, initialize TEXT NOT NULL,
     owner TEXT NOT NULL, created_at BIGINT NOT NULL, seen_at BIGINT NOT NULL);
   CREATE INDEX sessions_seen ON sessions (seen_at);`,
  // 3: how the agent authenticated (key, oauth, anonymous); '' in records from before.
  `ALTER TABLE audit ADD COLUMN auth TEXT NOT NULL DEFAULT '';`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Any key will do as long as every gatehouse uses the same one: "gatehouse" in ASCII. */
const LOCK_KEY = 0x6761746568;

export class SchemaError extends Error {
  readonly code: 'SCHEMA_OLDER' | 'SCHEMA_NEWER' | 'SCHEMA_FOREIGN';
  readonly found: number;
  constructor(code: SchemaError['code'], found: number, message: string) {
    super(message);
    this.name = 'SchemaError';
    this.code = code;
    this.found = found;
  }
}

/** The schema version of the database: 0 when no gatehouse has written one. */
export async function schemaVersion(db: Db): Promise<number> {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('gatehouse_schema')::text AS t`);
  if (!exists[0]?.t) return 0;
  const rows = await db.query<{ version: number }>('SELECT version FROM gatehouse_schema');
  return rows.length === 0 ? 0 : Number(rows[0].version);
}

/**
 * Brings the schema to SCHEMA_VERSION, or leaves it when it is there; refuses a newer one.
 * `only: 'empty'` (what `serve` does) creates the schema in a database that has none and
 * refuses to upgrade an older one: upgrading is the operator's deliberate step, since replicas
 * still running the old code share the database. Returns [from, to].
 */
export async function migrate(db: Db, options: { only?: 'empty' } = {}): Promise<[number, number]> {
  return db.transaction(async (q) => {
    // Transaction-scoped: released at COMMIT or ROLLBACK, even if this process dies.
    await q('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await q('CREATE TABLE IF NOT EXISTS gatehouse_schema (version INTEGER NOT NULL)');
    const rows = await q<{ version: number }>('SELECT version FROM gatehouse_schema');
    const from = rows.length === 0 ? 0 : Number(rows[0].version);
    if (from > SCHEMA_VERSION) {
      throw new SchemaError('SCHEMA_NEWER', from,
        `the database has gatehouse schema version ${from}, newer than this gatehouse understands (${SCHEMA_VERSION}); upgrade gatehouse`);
    }
    if (from === SCHEMA_VERSION) return [from, from];
    if (options.only === 'empty' && from > 0) {
      throw new SchemaError('SCHEMA_OLDER', from,
        `the database has gatehouse schema version ${from}, older than this gatehouse's (${SCHEMA_VERSION}); run \`gatehouse migrate\` to upgrade it`);
    }
    if (from === 0) {
      // A database holding tables of ours but no version is not one to write into blindly.
      const foreign = await q<{ t: string | null }>(`SELECT to_regclass('audit')::text AS t`);
      if (foreign[0]?.t) {
        throw new SchemaError('SCHEMA_FOREIGN', 0, 'the database has an audit table but no gatehouse schema version; use an empty database for gatehouse');
      }
    }
    for (let v = from; v < SCHEMA_VERSION; v++) await q(MIGRATIONS[v]);
    if (from === 0) await q('INSERT INTO gatehouse_schema (version) VALUES ($1)', [SCHEMA_VERSION]);
    else await q('UPDATE gatehouse_schema SET version = $1', [SCHEMA_VERSION]);
    return [from, SCHEMA_VERSION];
  });
}

/** For readers (`gatehouse audit`, `approvals`): the schema must be this code's, or they say why not. */
export async function checkSchema(db: Db): Promise<void> {
  const found = await schemaVersion(db);
  if (found === SCHEMA_VERSION) return;
  if (found > SCHEMA_VERSION) {
    throw new SchemaError('SCHEMA_NEWER', found, `the database has gatehouse schema version ${found}, newer than this gatehouse understands (${SCHEMA_VERSION}); upgrade gatehouse`);
  }
  throw new SchemaError('SCHEMA_OLDER', found, found === 0
    ? 'the database has no gatehouse schema yet; run `gatehouse migrate` (or start `gatehouse serve` once)'
    : `the database has gatehouse schema version ${found}, older than this gatehouse's (${SCHEMA_VERSION}); run \`gatehouse migrate\` to upgrade it`);
}

// Tool fingerprints in the PostgreSQL every replica shares: a definition first seen on one
// replica is the accepted one for all, and a tool quarantined on one is quarantined on all.
import type { Db } from '../database/postgres.ts';
import { fromRow, observed, toRow, type FingerprintStore, type StoredTool, type ToolRow } from './fingerprint-store.ts';
import type { ToolDefinition } from './types.ts';

type Row = ToolRow & Record<string, unknown>;

export class PostgresFingerprintStore implements FingerprintStore {
  readonly #db: Db;
  readonly #ownsDb: boolean;

  constructor(db: Db, options: { ownsDb?: boolean } = {}) {
    this.#db = db;
    this.#ownsDb = options.ownsDb ?? false;
  }

  async all(): Promise<StoredTool[]> {
    return (await this.#db.query<Row>('SELECT * FROM tools ORDER BY server, tool')).map(fromRow);
  }

  async get(server: string, tool: string): Promise<StoredTool | undefined> {
    const rows = await this.#db.query<Row>('SELECT * FROM tools WHERE server = $1 AND tool = $2', [server, tool]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async observe(server: string, tool: ToolDefinition, fingerprint: string, trustChanges: boolean, now = Date.now()): Promise<StoredTool> {
    // Replicas listing the same server at once: the row is locked while one decides, so the
    // first sight is recorded once and a change is judged against what is really stored.
    return this.#db.transaction(async (q) => {
      const first = observed(undefined, server, tool, fingerprint, trustChanges, now)!;
      await q(`INSERT INTO tools (server, tool, fingerprint, definition, first_seen, pending_fingerprint, pending_definition, pending_since)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (server, tool) DO NOTHING`, toRow(first));
      const known = fromRow((await q<Row>('SELECT * FROM tools WHERE server = $1 AND tool = $2 FOR UPDATE', [server, tool.name]))[0]);
      const next = observed(known, server, tool, fingerprint, trustChanges, now);
      if (!next) return known;
      await q(`UPDATE tools SET fingerprint = $3, definition = $4, first_seen = $5, pending_fingerprint = $6, pending_definition = $7, pending_since = $8
        WHERE server = $1 AND tool = $2`, toRow(next));
      return next;
    });
  }

  async accept(server: string, tool: string): Promise<boolean> {
    const rows = await this.#db.query(`UPDATE tools SET fingerprint = pending_fingerprint, definition = pending_definition,
      pending_fingerprint = NULL, pending_definition = NULL, pending_since = NULL
      WHERE server = $1 AND tool = $2 AND pending_fingerprint IS NOT NULL RETURNING tool`, [server, tool]);
    return rows.length === 1;
  }

  async close(): Promise<void> {
    if (this.#ownsDb) await this.#db.close();
  }
}

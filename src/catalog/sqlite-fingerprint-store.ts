// Tool fingerprints in SQLite (`<data>/catalog.db`, WAL): the embedded store of one gateway,
// read and written by `gatehouse catalog` too.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fromRow, observed, toRow, type FingerprintStore, type StoredTool, type ToolRow } from './fingerprint-store.ts';
import type { ToolDefinition } from './types.ts';

export class SqliteFingerprintStore implements FingerprintStore {
  readonly #db: DatabaseSync;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.#db = new DatabaseSync(path.join(dataDir, 'catalog.db'));
    this.#db.exec(`PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;
      CREATE TABLE IF NOT EXISTS tools (server TEXT NOT NULL, tool TEXT NOT NULL, fingerprint TEXT NOT NULL, definition TEXT NOT NULL,
        first_seen INTEGER NOT NULL, pending_fingerprint TEXT, pending_definition TEXT, pending_since INTEGER, PRIMARY KEY (server, tool));`);
  }

  static exists(dataDir: string): boolean {
    return existsSync(path.join(dataDir, 'catalog.db'));
  }

  async all(): Promise<StoredTool[]> {
    return (this.#db.prepare('SELECT * FROM tools ORDER BY server, tool').all() as unknown as ToolRow[]).map(fromRow);
  }

  async get(server: string, tool: string): Promise<StoredTool | undefined> {
    return this.getNow(server, tool);
  }

  /** For `gatehouse check`, which answers without waiting. */
  getNow(server: string, tool: string): StoredTool | undefined {
    const row = this.#db.prepare('SELECT * FROM tools WHERE server = ? AND tool = ?').get(server, tool) as ToolRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  async observe(server: string, tool: ToolDefinition, fingerprint: string, trustChanges: boolean, now = Date.now()): Promise<StoredTool> {
    const known = this.getNow(server, tool.name);
    const next = observed(known, server, tool, fingerprint, trustChanges, now);
    if (!next) return known!;
    this.#db.prepare(`INSERT OR REPLACE INTO tools (server, tool, fingerprint, definition, first_seen, pending_fingerprint, pending_definition, pending_since)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(...toRow(next));
    return next;
  }

  async accept(server: string, tool: string): Promise<boolean> {
    const changed = this.#db.prepare(`UPDATE tools SET fingerprint = pending_fingerprint, definition = pending_definition,
      pending_fingerprint = NULL, pending_definition = NULL, pending_since = NULL WHERE server = ? AND tool = ? AND pending_fingerprint IS NOT NULL`).run(server, tool);
    return Number(changed.changes) === 1;
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }
}

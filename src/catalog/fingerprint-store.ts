// The fingerprint of every tool definition the gateway has seen, kept in `<data>/catalog.db`
// so a definition that changes later (a rug pull) is noticed even across restarts. A change
// waits, quarantined, until an operator accepts it (`gatehouse catalog accept`).
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { canonicalJson } from '../audit/digest.ts';
import type { ToolDefinition } from './types.ts';

/** The parts of a definition that tell a model what a tool does and may do. */
export function fingerprintTool(tool: ToolDefinition): string {
  const { name, title, description, inputSchema, outputSchema, annotations } = tool;
  return createHash('sha256').update(canonicalJson({ name, title, description, inputSchema, outputSchema, annotations })).digest('hex');
}

export interface StoredTool {
  server: string;
  tool: string;
  fingerprint: string;
  definition: ToolDefinition;
  firstSeen: number;
  /** A changed definition waiting for an operator, or null. */
  pending: { fingerprint: string; definition: ToolDefinition; since: number } | null;
}

interface Row {
  server: string; tool: string; fingerprint: string; definition: string; first_seen: number;
  pending_fingerprint: string | null; pending_definition: string | null; pending_since: number | null;
}

function fromRow(r: Row): StoredTool {
  return {
    server: r.server, tool: r.tool, fingerprint: r.fingerprint, definition: JSON.parse(r.definition), firstSeen: Number(r.first_seen),
    pending: r.pending_fingerprint ? { fingerprint: r.pending_fingerprint, definition: JSON.parse(r.pending_definition!), since: Number(r.pending_since) } : null,
  };
}

export class FingerprintStore {
  readonly #db: DatabaseSync;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.#db = new DatabaseSync(path.join(dataDir, 'catalog.db'));
    this.#db.exec(`PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;
      CREATE TABLE IF NOT EXISTS tools (server TEXT NOT NULL, tool TEXT NOT NULL, fingerprint TEXT NOT NULL, definition TEXT NOT NULL,
        first_seen INTEGER NOT NULL, pending_fingerprint TEXT, pending_definition TEXT, pending_since INTEGER, PRIMARY KEY (server, tool));`);
  }

  all(): StoredTool[] {
    return (this.#db.prepare('SELECT * FROM tools ORDER BY server, tool').all() as unknown as Row[]).map(fromRow);
  }

  get(server: string, tool: string): StoredTool | undefined {
    const row = this.#db.prepare('SELECT * FROM tools WHERE server = ? AND tool = ?').get(server, tool) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  /**
   * Records what a server lists now. The first sight is trusted; a different definition later
   * is kept aside as pending (or taken at once when the server's changes are trusted); going
   * back to the accepted definition clears the quarantine.
   */
  observe(server: string, tool: ToolDefinition, fingerprint: string, trustChanges: boolean, now = Date.now()): StoredTool {
    const known = this.get(server, tool.name);
    const json = JSON.stringify(tool);
    if (!known) {
      this.#db.prepare('INSERT INTO tools (server, tool, fingerprint, definition, first_seen) VALUES (?, ?, ?, ?, ?)').run(server, tool.name, fingerprint, json, now);
    } else if (known.fingerprint === fingerprint) {
      if (known.pending) this.#db.prepare('UPDATE tools SET pending_fingerprint = NULL, pending_definition = NULL, pending_since = NULL WHERE server = ? AND tool = ?').run(server, tool.name);
    } else if (trustChanges) {
      this.#db.prepare('UPDATE tools SET fingerprint = ?, definition = ?, pending_fingerprint = NULL, pending_definition = NULL, pending_since = NULL WHERE server = ? AND tool = ?').run(fingerprint, json, server, tool.name);
    } else if (known.pending?.fingerprint !== fingerprint) {
      this.#db.prepare('UPDATE tools SET pending_fingerprint = ?, pending_definition = ?, pending_since = ? WHERE server = ? AND tool = ?').run(fingerprint, json, now, server, tool.name);
    }
    return this.get(server, tool.name)!;
  }

  /** Takes the pending definition as the accepted one; false when nothing was pending. */
  accept(server: string, tool: string): boolean {
    const changed = this.#db.prepare(`UPDATE tools SET fingerprint = pending_fingerprint, definition = pending_definition,
      pending_fingerprint = NULL, pending_definition = NULL, pending_since = NULL WHERE server = ? AND tool = ? AND pending_fingerprint IS NOT NULL`).run(server, tool);
    return Number(changed.changes) === 1;
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}

// Approval requests in SQLite (`<data>/approvals.db`, WAL), shared by the gateway and the
// `gatehouse approvals` command. Every state change is one conditional UPDATE, so a request
// is decided once and an approval is used once even when processes race.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { ApprovalRequest, ApprovalStatus, ApprovalStore, NewApproval } from './types.ts';
import { randomBytes } from 'node:crypto';

export const COLUMNS = 'id, created_at, expires_at, agent, session, server, tool, args, args_digest, rule, mode, status, decided_by, decided_at, reason, ttl_s';

export interface ApprovalRow {
  id: string; created_at: number | string; expires_at: number | string; agent: string; session: string; server: string; tool: string;
  args: string; args_digest: string; rule: string; mode: string; status: string; decided_by: string | null;
  decided_at: number | string | null; reason: string | null; ttl_s: number;
}

export function fromRow(row: ApprovalRow): ApprovalRequest {
  return {
    id: row.id, createdAt: Number(row.created_at), expiresAt: Number(row.expires_at), agent: row.agent, session: row.session,
    server: row.server, tool: row.tool, args: row.args, argsDigest: row.args_digest, rule: row.rule,
    mode: row.mode as ApprovalRequest['mode'], status: row.status as ApprovalStatus, decidedBy: row.decided_by,
    decidedAt: row.decided_at === null ? null : Number(row.decided_at), reason: row.reason, ttlS: Number(row.ttl_s),
  };
}

/** Short, unguessable, easy to type in `gatehouse approvals approve <id>`. */
export function newApprovalId(): string {
  return `apr_${randomBytes(8).toString('base64url').replace(/[-_]/g, 'x').toLowerCase()}`;
}

export class SqliteApprovalStore implements ApprovalStore {
  readonly file: string;
  readonly #db: DatabaseSync;
  readonly #insert: StatementSync;
  readonly #get: StatementSync;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, 'approvals.db');
    this.#db = new DatabaseSync(this.file);
    this.#db.exec(`PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;
      CREATE TABLE IF NOT EXISTS approvals (
        id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, agent TEXT NOT NULL,
        session TEXT NOT NULL, server TEXT NOT NULL, tool TEXT NOT NULL, args TEXT NOT NULL, args_digest TEXT NOT NULL,
        rule TEXT NOT NULL, mode TEXT NOT NULL, status TEXT NOT NULL, decided_by TEXT, decided_at INTEGER,
        reason TEXT, ttl_s INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS approvals_status ON approvals (status, created_at);
      CREATE INDEX IF NOT EXISTS approvals_call ON approvals (agent, server, tool, args_digest, status);`);
    this.#insert = this.#db.prepare(`INSERT INTO approvals (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', NULL, NULL, NULL, ?)`);
    this.#get = this.#db.prepare(`SELECT ${COLUMNS} FROM approvals WHERE id = ?`);
  }

  async create(r: NewApproval): Promise<ApprovalRequest> {
    const id = newApprovalId();
    this.#insert.run(id, r.createdAt, r.expiresAt, r.agent, r.session, r.server, r.tool, r.args, r.argsDigest, r.rule, r.mode, r.ttlS);
    return this.#read(id)!;
  }

  async get(id: string): Promise<ApprovalRequest | undefined> {
    return this.#read(id);
  }

  #read(id: string): ApprovalRequest | undefined {
    const row = this.#get.get(id) as ApprovalRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  async list(status?: ApprovalStatus, limit = 200): Promise<ApprovalRequest[]> {
    return this.#list(status, limit);
  }

  #list(status: ApprovalStatus | undefined, limit: number): ApprovalRequest[] {
    const rows = status
      ? this.#db.prepare(`SELECT ${COLUMNS} FROM approvals WHERE status = ? ORDER BY created_at DESC LIMIT ?`).all(status, limit)
      : this.#db.prepare(`SELECT ${COLUMNS} FROM approvals ORDER BY created_at DESC LIMIT ?`).all(limit);
    return (rows as unknown as ApprovalRow[]).map(fromRow);
  }

  async decide(id: string, approve: boolean, by: string, reason: string | null, now: number): Promise<ApprovalRequest | undefined> {
    const current = this.#read(id);
    if (!current) return undefined;
    // An approved async request stays usable for its ttl from the decision, not from the call.
    const expiresAt = approve && current.mode === 'async' ? now + current.ttlS * 1000 : current.expiresAt;
    const changed = this.#db
      .prepare(`UPDATE approvals SET status = ?, decided_by = ?, decided_at = ?, reason = ?, expires_at = ? WHERE id = ? AND status = 'pending' AND expires_at > ?`)
      .run(approve ? 'approved' : 'rejected', by, now, reason, expiresAt, id, now);
    return Number(changed.changes) === 1 ? this.#read(id) : undefined;
  }

  async expire(now: number): Promise<ApprovalRequest[]> {
    return this.#expireWhere((r) => r.expiresAt <= now, now, null);
  }

  #expireWhere(due: (r: ApprovalRequest) => boolean, now: number, reason: string | null): ApprovalRequest[] {
    const expired: ApprovalRequest[] = [];
    const update = this.#db.prepare(`UPDATE approvals SET status = 'expired', decided_at = ?, reason = coalesce(?, reason) WHERE id = ? AND status = 'pending'`);
    for (const r of this.#list('pending', 10_000).filter(due)) {
      if (Number(update.run(now, reason, r.id).changes) === 1) expired.push({ ...r, status: 'expired', decidedAt: now, reason: reason ?? r.reason });
    }
    return expired;
  }

  async expireHeld(_replica: string, reason: string, now: number): Promise<ApprovalRequest[]> {
    return this.#expireWhere((r) => r.mode !== 'async', now, reason);
  }

  async expireOrphans(): Promise<ApprovalRequest[]> {
    return [];
  }

  async consume(agent: string, server: string, tool: string, argsDigest: string, now: number): Promise<ApprovalRequest | undefined> {
    const row = this.#db
      .prepare(`UPDATE approvals SET status = 'consumed' WHERE id = (
          SELECT id FROM approvals WHERE agent = ? AND server = ? AND tool = ? AND args_digest = ? AND status = 'approved' AND mode = 'async' AND expires_at > ?
          ORDER BY decided_at LIMIT 1) AND status = 'approved' RETURNING ${COLUMNS}`)
      .get(agent, server, tool, argsDigest, now) as ApprovalRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  async expireOne(id: string, reason: string, now: number): Promise<ApprovalRequest | undefined> {
    const changed = this.#db.prepare(`UPDATE approvals SET status = 'expired', decided_at = ?, reason = ? WHERE id = ? AND status = 'pending'`).run(now, reason, id);
    return Number(changed.changes) === 1 ? this.#read(id) : undefined;
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }
}

// The shared audit store (`gateway.database`): every replica writes its batches into one
// PostgreSQL table, each record naming its replica, and every replica reads them all. A batch
// is one INSERT (all or nothing), idempotent by (request id, decision), and announced on the
// `gatehouse_audit` channel so the other replicas' live pages show the calls too.
import { AUTH_METHODS, type AuthMethod } from '../auth/principal.ts';
import type { Db } from '../database/postgres.ts';
import type { DecisionAction } from '../policy/types.ts';
import { DEFAULT_QUERY_LIMIT } from './sqlite-store.ts';
import type { AuditColumn, AuditFilter, AuditReader, AuditRecord, AuditStore, UpstreamOutcome } from './types.ts';

export const AUDIT_CHANNEL = 'gatehouse_audit';

/** What a replica announces after writing a batch: the ids it took, for the others to read. */
export interface AuditBatchSignal {
  replica: string;
  from: number;
  to: number;
}

const COLUMNS = ['time', 'request_id', 'agent', 'session', 'server', 'tool', 'decision', 'rule', 'reason', 'gateway_ms', 'upstream_ms', 'outcome', 'args_digest', 'args', 'replica', 'auth'] as const;
const GROUPABLE: readonly AuditColumn[] = ['server', 'tool', 'rule', 'decision', 'agent'];

interface Row {
  time: string; request_id: string; agent: string; session: string; server: string; tool: string; decision: string;
  rule: string; reason: string; gateway_ms: number; upstream_ms: number | null; outcome: string; args_digest: string;
  args: string | null; replica: string; auth: string;
}

export class PostgresAuditStore implements AuditStore, AuditReader {
  readonly #db: Db;
  readonly #replica: string;
  readonly #ownsDb: boolean;

  /** `replica` is written into records that do not name one. */
  constructor(db: Db, options: { replica?: string; ownsDb?: boolean } = {}) {
    this.#db = db;
    this.#replica = options.replica ?? '';
    this.#ownsDb = options.ownsDb ?? false;
  }

  async insertBatch(records: readonly AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    const params: unknown[] = [];
    const rows: string[] = [];
    for (const r of records) {
      const base = params.length;
      // Coerced so that one malformed record cannot fail its batch on every retry for ever.
      params.push(Math.trunc(num(r.time)), text(r.requestId), text(r.agent), text(r.session), text(r.server), text(r.tool),
        text(r.decision), text(r.rule), text(r.reason), num(r.gatewayMs), r.upstreamMs == null ? null : num(r.upstreamMs),
        text(r.outcome), text(r.argsDigest), r.args == null ? null : text(r.args), text(r.replica ?? this.#replica), text(r.auth ?? ''));
      rows.push(`(${COLUMNS.map((_, i) => `$${base + i + 1}`).join(', ')})`);
    }
    const inserted = await this.#db.query<{ id: string }>(
      `INSERT INTO audit (${COLUMNS.join(', ')}) VALUES ${rows.join(', ')} ON CONFLICT (request_id, decision) DO NOTHING RETURNING id`, params);
    if (inserted.length === 0) return;
    const ids = inserted.map((r) => Number(r.id));
    const signal: AuditBatchSignal = { replica: this.#replica, from: Math.min(...ids), to: Math.max(...ids) };
    // The live feed is best effort: the records are stored whatever happens to the signal.
    await this.#db.notify(AUDIT_CHANNEL, JSON.stringify(signal)).catch(() => undefined);
  }

  /** The records a batch signal names, oldest first (for the live feed). */
  async batch(signal: AuditBatchSignal): Promise<AuditRecord[]> {
    const rows = await this.#db.query<Row & Record<string, unknown>>(
      `SELECT ${COLUMNS.join(', ')} FROM audit WHERE id BETWEEN $1 AND $2 ORDER BY id LIMIT 10000`, [signal.from, signal.to]);
    return rows.map(fromRow);
  }

  async query(filter: AuditFilter = {}): Promise<AuditRecord[]> {
    const { where, params } = whereClause(filter);
    const limit = Math.max(0, Math.floor(filter.limit ?? DEFAULT_QUERY_LIMIT));
    const offset = Math.max(0, Math.floor(filter.offset ?? 0));
    const rows = await this.#db.query<Row & Record<string, unknown>>(
      `SELECT ${COLUMNS.join(', ')} FROM audit ${where} ORDER BY time DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset]);
    return rows.map(fromRow);
  }

  async count(filter: AuditFilter = {}): Promise<number> {
    const { where, params } = whereClause(filter);
    const rows = await this.#db.query<{ n: string }>(`SELECT count(*) AS n FROM audit ${where}`, params);
    return Number(rows[0].n);
  }

  async perMinute(since: number): Promise<{ minute: number; decision: DecisionAction; n: number }[]> {
    const rows = await this.#db.query<{ minute: string; decision: string; n: string }>(
      'SELECT time / 60000 AS minute, decision, count(*) AS n FROM audit WHERE time >= $1 GROUP BY minute, decision ORDER BY minute', [since]);
    return rows.map((r) => ({ minute: Number(r.minute), decision: r.decision as DecisionAction, n: Number(r.n) }));
  }

  async countBy(columns: readonly AuditColumn[], filter: AuditFilter = {}, limit = 1000): Promise<{ key: string[]; n: number }[]> {
    const cols = columns.filter((c) => GROUPABLE.includes(c));
    if (cols.length === 0) return [];
    const { where, params } = whereClause(filter);
    const rows = await this.#db.query<Record<string, string>>(
      `SELECT ${cols.join(', ')}, count(*) AS n FROM audit ${where} GROUP BY ${cols.join(', ')} ORDER BY n DESC LIMIT $${params.length + 1}`, [...params, limit]);
    return rows.map((r) => ({ key: cols.map((c) => String(r[c])), n: Number(r.n) }));
  }

  async close(): Promise<void> {
    if (this.#ownsDb) await this.#db.close();
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.replace(/\u0000/g, '') : value == null ? '' : String(value).replace(/\u0000/g, '');
}

function num(value: unknown): number {
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}

function whereClause(filter: AuditFilter): { where: string; params: unknown[] } {
  const terms: string[] = [];
  const params: unknown[] = [];
  const add = (column: string, op: string, value: unknown) => {
    params.push(value);
    terms.push(`${column} ${op} $${params.length}`);
  };
  if (filter.since !== undefined) add('time', '>=', Math.trunc(filter.since));
  if (filter.until !== undefined) add('time', '<', Math.trunc(filter.until));
  if (filter.server !== undefined) add('server', '=', filter.server);
  if (filter.tool !== undefined) add('tool', '=', filter.tool);
  if (filter.decision !== undefined) add('decision', '=', filter.decision);
  if (filter.agent !== undefined) add('agent', '=', filter.agent);
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
    gatewayMs: Number(row.gateway_ms),
    upstreamMs: row.upstream_ms === null ? null : Number(row.upstream_ms),
    outcome: row.outcome as UpstreamOutcome,
    argsDigest: row.args_digest,
    args: row.args,
    replica: row.replica,
    ...(AUTH_METHODS.includes(row.auth as AuthMethod) ? { auth: row.auth as AuthMethod } : {}),
  };
}

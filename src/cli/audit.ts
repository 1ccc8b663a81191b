// `gatehouse audit`: the recorded tool calls, newest first, as a table or JSON Lines. Reads the
// store read-only, so it works while the gateway runs and writes.
import type { Command } from 'commander';
import { auditDbPath, SqliteAuditStore } from '../audit/sqlite-store.ts';
import type { AuditFilter, AuditReader, AuditRecord } from '../audit/types.ts';
import type { GatewaySettings } from '../config/types.ts';
import { redactUrl } from '../database/postgres.ts';
import { openAuditReader } from '../database/stores.ts';
import { parseDuration } from '../config/duration.ts';
import { ConfigError, loadConfig } from '../config/load.ts';
import type { DecisionAction } from '../policy/types.ts';
import { EXIT } from './exit-codes.ts';
import { configOption, resolveConfigPath } from './options.ts';

export const DECISIONS = ['allow', 'deny', 'rate_limited', 'approval_pending', 'approved', 'rejected', 'expired'] as const;
// Fails to compile when DecisionAction gains a value this list lacks.
const everyDecision: Exclude<DecisionAction, (typeof DECISIONS)[number]> extends never ? true : never = true;
void everyDecision;

export const DEFAULT_LIMIT = 100;
const REASON_WIDTH = 50;
const CELL_WIDTH = 48;

export interface AuditOptions {
  since?: string;
  server?: string;
  tool?: string;
  decision?: string;
  agent?: string;
  limit?: string;
  json?: boolean;
  config?: string;
}

/** Where the command writes, and its clock; tests pass their own. */
export interface AuditIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  now?: () => number;
}

export class AuditUsageError extends Error {
  readonly code = 'AUDIT_USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'AuditUsageError';
  }
}

export function register(program: Command, io: AuditIO = process): void {
  program
    .command('audit')
    .description('show recorded tool calls, newest first; works while the gateway runs')
    .option('--since <when>', 'only calls since then: a duration back from now (30s, 15m, 1h, 2d) or an ISO time (2025-01-31T09:00)')
    .option('--server <name>', 'only calls to this server')
    .option('--tool <name>', "only calls of this tool (the server's own tool name)")
    .option('--decision <decision>', `only calls with this decision: ${DECISIONS.join(', ')}`)
    .option('--agent <name>', 'only calls by this agent')
    .option('--limit <n>', `at most this many records (default ${DEFAULT_LIMIT})`)
    .option('--json', 'one JSON object per line instead of a table')
    .addOption(configOption())
    .action(async (options: AuditOptions) => {
      process.exitCode = await runAudit(options, io);
    });
}

/** Runs the command and returns its exit code. */
export async function runAudit(options: AuditOptions, io: AuditIO = process): Promise<number> {
  const now = io.now ?? Date.now;
  let filter: AuditFilter;
  try {
    filter = toFilter(options, now());
  } catch (err) {
    if (!(err instanceof AuditUsageError)) throw err;
    io.stderr.write(`gatehouse audit: ${err.message}\n`);
    return EXIT.usage;
  }

  const file = resolveConfigPath(options.config);
  let settings: GatewaySettings;
  try {
    settings = loadConfig(file).gateway;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.stderr.write(`${err.message}\n`);
    return err.unreadable ? EXIT.usage : EXIT.no;
  }
  const dataDir = settings.data;

  let store: AuditReader;
  let where = auditDbPath(dataDir);
  try {
    if (settings.database !== undefined) {
      // Several replicas: every replica's records, from the database they share.
      where = redactUrl(settings.database);
      store = await openAuditReader(settings.database);
    } else {
      store = SqliteAuditStore.openReadOnly(dataDir);
    }
  } catch (err) {
    if ((err as { code?: string }).code === 'AUDIT_DB_MISSING') {
      // Not an error: a gateway that has not run yet has simply recorded nothing.
      (options.json ? io.stderr : io.stdout).write(`no audit records yet (${where})\n`);
      return EXIT.ok;
    }
    io.stderr.write(`gatehouse audit: cannot open ${where}: ${(err as Error).message}\n`);
    return EXIT.failure;
  }

  try {
    const records = await store.query(filter);
    if (options.json) {
      io.stdout.write(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    } else if (records.length === 0) {
      io.stdout.write('no matching audit records\n');
    } else {
      io.stdout.write(formatTable(records));
      const total = records.length < (filter.limit ?? DEFAULT_LIMIT) ? records.length : await store.count(filter);
      if (total > records.length) io.stdout.write(`(newest ${records.length} of ${total}; use --limit or --since to see others)\n`);
    }
    return EXIT.ok;
  } catch (err) {
    io.stderr.write(`gatehouse audit: cannot read ${where}: ${(err as Error).message}\n`);
    return EXIT.failure;
  } finally {
    await store.close();
  }
}

export function toFilter(options: AuditOptions, now: number): AuditFilter {
  const filter: AuditFilter = { limit: DEFAULT_LIMIT };
  if (options.since !== undefined) filter.since = parseSince(options.since, now);
  if (options.decision !== undefined) {
    if (!(DECISIONS as readonly string[]).includes(options.decision)) {
      throw new AuditUsageError(`--decision must be one of ${DECISIONS.join(', ')}, not ${JSON.stringify(options.decision)}`);
    }
    filter.decision = options.decision as DecisionAction;
  }
  if (options.limit !== undefined) {
    const limit = /^\d+$/.test(options.limit.trim()) ? Number(options.limit) : NaN;
    if (!Number.isSafeInteger(limit) || limit < 1) throw new AuditUsageError(`--limit must be a whole number of at least 1, not ${JSON.stringify(options.limit)}`);
    filter.limit = limit;
  }
  if (options.server !== undefined) filter.server = options.server;
  if (options.tool !== undefined) filter.tool = options.tool;
  if (options.agent !== undefined) filter.agent = options.agent;
  return filter;
}

/** A duration back from `now` (30s, 15m, 1h, 2d, 1h30m), or an ISO date or time; ms since the epoch. */
export function parseSince(value: string, now: number): number {
  const text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const time = Date.parse(text);
    if (Number.isNaN(time)) throw new AuditUsageError(`--since ${JSON.stringify(value)} is not a valid ISO time; use e.g. 2025-01-31T09:00 or 2025-01-31T09:00:00Z`);
    return time;
  }
  const seconds = parseDuration(text);
  if (typeof seconds !== 'number') {
    throw new AuditUsageError(`--since must be a duration like 30s, 15m, 1h, 2d (units: s, m, h, d) or an ISO time like 2025-01-31T09:00, not ${JSON.stringify(value)}`);
  }
  return now - seconds * 1000;
}

const HEADERS = ['TIME', 'AGENT', 'SERVER/TOOL', 'DECISION', 'RULE', 'REASON', 'GATEWAY MS', 'UPSTREAM MS', 'OUTCOME'];
/** Numbers read best right-aligned. */
const RIGHT = new Set(['GATEWAY MS', 'UPSTREAM MS']);

export function formatTable(records: readonly AuditRecord[]): string {
  const rows = records.map((r) => [
    localIso(r.time),
    clip(r.agent, CELL_WIDTH),
    clip(`${r.server}/${r.tool}`, CELL_WIDTH),
    r.decision,
    clip(r.rule, CELL_WIDTH),
    clip(r.reason, REASON_WIDTH),
    r.gatewayMs.toFixed(1),
    r.upstreamMs === null ? '-' : r.upstreamMs.toFixed(1),
    r.outcome,
  ].map(printable));
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (RIGHT.has(HEADERS[i]) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd() + '\n';
  return line(HEADERS) + rows.map(line).join('');
}

/** Local time with its UTC offset, to the second: 2025-01-31T09:00:05+01:00. */
export function localIso(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');
  const offset = -d.getTimezoneOffset();
  const zone = `${offset >= 0 ? '+' : '-'}${p(Math.trunc(offset / 60))}:${p(offset % 60)}`;
  return `${p(d.getFullYear(), 4)}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}${zone}`;
}

function clip(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, width - 1).join('')}…`;
}

// Reasons and names can come from upstream servers: no newline may break the table and no
// escape sequence may reach the operator's terminal.
function printable(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

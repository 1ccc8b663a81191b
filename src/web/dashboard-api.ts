// The dashboard's JSON API: overview, servers, policy (with `POST /api/check`, the engine of
// `gatehouse check`), the audit log with CSV / JSON Lines export, and the live event stream.
// Same access rule as the admin API: the Host/Origin guard, then an admin or approver identity
// (a token whenever the gateway listens beyond loopback or one is configured; pages send it as
// a header, EventSource and downloads send the `gatehouse_admin` cookie the login form sets).
import { scrubUrl } from '../log/scrub-url.ts';
import { serverEras } from '../upstream/era-upstream.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Approvals } from '../approvals/service.ts';
import type { AuditFilter, AuditReader, AuditRecord } from '../audit/types.ts';
import type { ToolRegistry } from '../catalog/registry.ts';
import { checkCall, parseCheckCall, parseClaims, textLines } from '../cli/check.ts';
import type { Config } from '../config/types.ts';
import { type HostPolicy, bodyRefusalStatus, endRefused, hostOrOriginProblem, readBody } from '../downstream/http-guards.ts';
import type { PolicyView } from '../gateway/context.ts';
import type { SessionRegistry } from '../gateway/sessions.ts';
import type { DecisionAction } from '../policy/types.ts';
import type { AdminAuth } from './admin-auth.ts';
import { sendJson } from './admin-api.ts';
import { type LiveEvents, serveEventStream } from './live-events.ts';

export interface DashboardHost {
  adminAuth(): AdminAuth;
  hostPolicy(): HostPolicy;
  readonly config: Config;
  readonly context: { policy: PolicyView };
  readonly approvals: Approvals;
  readonly catalog: ToolRegistry;
  readonly sessions: SessionRegistry;
  readonly live: LiveEvents;
  readAudit<T>(empty: T, use: (reader: AuditReader) => Promise<T>): Promise<T>;
}

export const DECISIONS: DecisionAction[] = ['allow', 'deny', 'rate_limited', 'approval_pending', 'approved', 'rejected', 'expired'];
/** The chart's series: each audit decision counts in one. */
export const SERIES: Record<DecisionAction, 'allowed' | 'denied' | 'rate_limited' | 'approvals'> = {
  allow: 'allowed',
  deny: 'denied',
  rate_limited: 'rate_limited',
  approval_pending: 'approvals',
  approved: 'approvals',
  rejected: 'approvals',
  expired: 'approvals',
};
const HOUR = 3_600_000;
const MINUTE = 60_000;
const PAGE_MAX = 500;
const EXPORT_MAX = 100_000;

/** Reads every replica's audit records (on SQLite, this gateway's) for one request; none yet means no calls. */
function withStore<T>(host: DashboardHost, empty: T, use: (store: AuditReader) => Promise<T>): Promise<T> {
  return host.readAudit(empty, use);
}

/** The era the server was found speaking (`2026-07-28` or `stateful`), `unknown` before first contact. */
function eraLabel(name: string): string {
  const era = serverEras.of(name);
  return era === 'stateless' ? '2026-07-28' : era === 'legacy' ? 'stateful' : 'unknown';
}

export type ServerState = 'up' | 'starting' | 'restarting' | 'idle';

export function serverStates(host: DashboardHost) {
  const out = [];
  for (const server of host.config.servers.values()) {
    const states: Record<string, number> = { starting: 0, ready: 0, restarting: 0, closed: 0 };
    let restarts = 0;
    for (const session of host.sessions.sessions()) {
      const upstream = session.upstreams.get(server.name);
      if (!upstream) continue;
      states[upstream.state] = (states[upstream.state] ?? 0) + 1;
      restarts += upstream.restarts;
    }
    const state: ServerState = states.restarting > 0 ? 'restarting' : states.ready > 0 ? 'up' : states.starting > 0 ? 'starting' : 'idle';
    const tools = host.catalog.all().filter((k) => k.server === server.name);
    const risk: Record<string, number> = { low: 0, medium: 0, high: 0, critical: 0 };
    for (const k of tools) risk[k.classification.risk] = (risk[k.classification.risk] ?? 0) + 1;
    out.push({
      name: server.name,
      transport: server.transport,
      era: eraLabel(server.name),
      target: server.transport === 'stdio' ? [server.command, ...server.args].join(' ') : scrubUrl(server.url),
      state,
      sessions: states,
      restarts,
      tools: tools.length,
      quarantined: tools.filter((k) => k.quarantined).length,
      risk,
    });
  }
  return out;
}

async function overview(host: DashboardHost) {
  const now = Date.now();
  const firstMinute = Math.floor(now / MINUTE) - 59;
  const since = firstMinute * MINUTE;
  const minutes = Array.from({ length: 60 }, (_, i) => ({ t: (firstMinute + i) * MINUTE, allowed: 0, denied: 0, rate_limited: 0, approvals: 0 }));
  const totals = { allowed: 0, denied: 0, rate_limited: 0, approvals: 0, all: 0 };
  const { top, stopped } = await withStore(host, { top: [] as { key: string[]; n: number }[], stopped: [] as { key: string[]; n: number }[] }, async (store) => {
    for (const row of await store.perMinute(since)) {
      const bucket = minutes[row.minute - firstMinute];
      const series = SERIES[row.decision];
      if (!bucket || !series) continue;
      bucket[series] += row.n;
      totals[series] += row.n;
      totals.all += row.n;
    }
    const top = await store.countBy(['server', 'tool'], { since }, 8);
    const stoppedRows = [];
    for (const decision of ['deny', 'rate_limited', 'rejected', 'expired'] as const) stoppedRows.push(...(await store.countBy(['server', 'tool'], { since, decision }, 8)));
    const merged = new Map<string, { key: string[]; n: number }>();
    for (const r of stoppedRows) {
      const k = r.key.join('/');
      merged.set(k, { key: r.key, n: (merged.get(k)?.n ?? 0) + r.n });
    }
    return { top, stopped: [...merged.values()].sort((a, b) => b.n - a.n).slice(0, 8) };
  });
  const servers = serverStates(host);
  return {
    now,
    since,
    minutes,
    totals,
    topTools: top.map((r) => ({ server: r.key[0], tool: r.key[1], calls: r.n })),
    stoppedTools: stopped.map((r) => ({ server: r.key[0], tool: r.key[1], calls: r.n })),
    pendingApprovals: (await host.approvals.list('pending')).length,
    serversDown: servers.filter((s) => s.state === 'restarting').map((s) => ({ name: s.name, restarts: s.restarts })),
    servers: servers.length,
    sessions: host.sessions.size,
  };
}

async function policy(host: DashboardHost) {
  const since = Date.now() - HOUR;
  const counts = await withStore(host, [] as { key: string[]; n: number }[], (store) => store.countBy(['rule'], { since }));
  const byRule = new Map(counts.map((c) => [c.key[0], c.n]));
  const p = host.config.policy;
  return {
    default: p.default,
    riskDefaults: p.riskDefaults,
    rules: p.rules.map((r) => ({
      index: r.index,
      tool: r.tool,
      action: r.action,
      agents: r.agents ?? null,
      when: r.when ?? null,
      reason: r.reason ?? null,
      rateLimit: r.rateLimit ?? null,
      approval: r.approval ?? null,
      label: `${r.index}: ${r.tool}`,
      matchedLastHour: byRule.get(`${r.index}: ${r.tool}`) ?? 0,
    })),
    // Calls decided by the default (or a risk default), which no rule matched.
    otherLastHour: counts.filter((c) => !/^\d+: /.test(c.key[0])).map((c) => ({ rule: c.key[0], calls: c.n })),
    // Agents that only OAuth tokens name appear in rules, not in `agents:`.
    agents: [...new Set(['anonymous', ...host.config.agents.map((a) => a.name), ...p.rules.flatMap((r) => r.agents ?? [])])],
    servers: [...host.config.servers.keys()],
    tools: host.catalog.all().map((k) => `${k.server}/${k.definition.name}`),
  };
}

function time(value: string | null): number | undefined {
  if (!value) return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(n) ? n : undefined;
}

/** The audit filter in a query string: since, until (ms or ISO), agent, server, tool, decision, limit, offset. */
export function auditFilter(q: URLSearchParams): AuditFilter | { error: string } {
  const filter: AuditFilter = {};
  for (const key of ['since', 'until'] as const) {
    const raw = q.get(key);
    if (!raw) continue;
    const t = time(raw);
    if (t === undefined) return { error: `${key} must be a time (ms since the epoch or ISO 8601)` };
    filter[key] = t;
  }
  for (const key of ['agent', 'server', 'tool'] as const) {
    const v = q.get(key);
    if (v) filter[key] = v;
  }
  const decision = q.get('decision');
  if (decision) {
    if (!DECISIONS.includes(decision as DecisionAction)) return { error: `decision must be one of ${DECISIONS.join(', ')}` };
    filter.decision = decision as DecisionAction;
  }
  for (const key of ['limit', 'offset'] as const) {
    const v = q.get(key);
    if (!v) continue;
    if (!/^\d+$/.test(v)) return { error: `${key} must be a whole number` };
    filter[key] = Number(v);
  }
  return filter;
}

const CSV_COLUMNS: (keyof AuditRecord)[] = ['time', 'requestId', 'agent', 'session', 'server', 'tool', 'decision', 'rule', 'reason', 'gatewayMs', 'upstreamMs', 'outcome', 'argsDigest', 'args', 'auth'];

function csvCell(value: unknown): string {
  const s = value == null ? '' : String(value);
  // Quoted when needed; a leading formula character is defused for spreadsheets.
  const safe = /^[=+\-@\t\r]/.test(s) && typeof value === 'string' ? `'${s}` : s;
  return /[",\r\n]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(records: readonly AuditRecord[]): string {
  const lines = [['iso_time', ...CSV_COLUMNS].join(',')];
  for (const r of records) lines.push([new Date(r.time).toISOString(), ...CSV_COLUMNS.map((c) => r[c])].map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

async function audit(req: IncomingMessage, res: ServerResponse, host: DashboardHost, q: URLSearchParams): Promise<void> {
  const filter = auditFilter(q);
  if ('error' in filter) return sendJson(res, 400, { error: filter.error });
  const format = q.get('format') ?? 'json';
  if (format === 'csv' || format === 'jsonl') {
    const records = await withStore(host, [] as AuditRecord[], (store) => store.query({ ...filter, limit: Math.min(filter.limit ?? EXPORT_MAX, EXPORT_MAX) }));
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const body = format === 'csv' ? toCsv(records) : records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : '');
    res.writeHead(200, {
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'content-disposition': `attachment; filename="gatehouse-audit-${stamp}.${format}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    }).end(body);
    return;
  }
  if (format !== 'json') return sendJson(res, 400, { error: 'format must be json, csv or jsonl' });
  const limit = Math.min(filter.limit ?? 50, PAGE_MAX);
  const offset = filter.offset ?? 0;
  const { records, total, seen } = await withStore(host, { records: [] as AuditRecord[], total: 0, seen: [] as string[] }, async (store) => ({
    records: await store.query({ ...filter, limit, offset }),
    total: await store.count(filter),
    // Agents named by OAuth tokens are in no config list: the filter offers those seen calling.
    seen: host.config.auth.oauth ? (await store.countBy(['agent'], {}, 200)).map((c) => c.key[0]) : [],
  }));
  const agents = [...new Set(['anonymous', ...host.config.agents.map((a) => a.name), ...seen])];
  sendJson(res, 200, { records, total, limit, offset, agents, servers: [...host.config.servers.keys()] });
}

async function check(req: IncomingMessage, res: ServerResponse, host: DashboardHost): Promise<void> {
  if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) return sendJson(res, 415, { error: 'POST with Content-Type: application/json' });
  let body: { target?: unknown; agent?: unknown; args?: unknown; session?: unknown; claims?: unknown };
  try {
    const raw = (await readBody(req, 256 * 1024, 30_000)).toString('utf8');
    body = raw ? JSON.parse(raw) : {};
  } catch (err) {
    const refused = bodyRefusalStatus(err);
    if (refused) {
      endRefused(req, res);
      return sendJson(res, refused, { error: refused === 413 ? 'the body is too large' : 'the body did not arrive in time' });
    }
    return sendJson(res, 400, { error: 'the body must be JSON like {"target": "server/tool", "agent": "name", "args": {}}' });
  }
  if (typeof body.target !== 'string') return sendJson(res, 400, { error: 'target must be "server/tool"' });
  // args as an object, or as the JSON text the form's textarea holds (`--args` of the command).
  const argsJson = body.args === undefined || body.args === '' ? '{}' : typeof body.args === 'string' ? body.args : JSON.stringify(body.args);
  const parsed = parseCheckCall(body.target, argsJson);
  if ('error' in parsed) return sendJson(res, 400, { error: parsed.error });
  const agent = typeof body.agent === 'string' && body.agent ? body.agent : undefined;
  const session = typeof body.session === 'string' && body.session ? body.session : undefined;
  // A token's claims, as an object or as JSON text (`--claims` of the command).
  const claims = parseClaims(body.claims === undefined || body.claims === '' ? undefined : typeof body.claims === 'string' ? body.claims : JSON.stringify(body.claims));
  if ('error' in claims) return sendJson(res, 400, { error: claims.error });
  // This replica's catalog: the shared store's, with several replicas.
  const known = host.catalog.get(parsed.server, parsed.tool)?.classification;
  const checked = checkCall(host.config, { ...parsed, agent, session, claims: claims.claims }, known ? { category: known.category, risk: known.risk } : undefined);
  if ('error' in checked) return sendJson(res, 400, { error: checked.error });
  sendJson(res, 200, { report: checked.report, text: textLines(checked.report) });
}

const ROUTES = ['/api/overview', '/api/servers', '/api/policy', '/api/check', '/api/audit', '/api/events'];

/** Handles the dashboard's routes under `/api`; returns false for other paths (the admin API's). */
export async function handleDashboardApi(req: IncomingMessage, res: ServerResponse, path: string, host: DashboardHost): Promise<boolean> {
  if (!ROUTES.includes(path)) return false;
  const problem = hostOrOriginProblem(req, host.hostPolicy());
  if (problem) return sendJson(res, 403, { error: `forbidden: ${problem}` }), true;
  const identity = host.adminAuth().identify(req);
  if ('refused' in identity) return sendJson(res, identity.status, { error: identity.refused, tokenRequired: true }), true;
  const q = new URL(req.url ?? '/', 'http://gatehouse').searchParams;
  if (path === '/api/check') {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST /api/check with {"target", "agent", "args"}' }), true;
    await check(req, res, host);
    return true;
  }
  if (req.method !== 'GET') return sendJson(res, 405, { error: `GET ${path}` }), true;
  switch (path) {
    case '/api/overview':
      sendJson(res, 200, { ...(await overview(host)), you: identity.who });
      break;
    case '/api/servers':
      sendJson(res, 200, { servers: serverStates(host), sessions: host.sessions.size });
      break;
    case '/api/policy':
      sendJson(res, 200, await policy(host));
      break;
    case '/api/audit':
      await audit(req, res, host, q);
      break;
    case '/api/events':
      serveEventStream(req, res, host.live);
      break;
  }
  return true;
}

// GET /metrics (Prometheus text format) and GET /readyz (config loaded, audit store reachable
// and being written, upstreams started). Beyond loopback both follow the admin API's access rule: a scraper sends
// `Authorization: Bearer <admin token>`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Gateway } from '../gateway/gateway.ts';
import { scrubUrls } from '../log/scrub-url.ts';
import { serverEras } from '../upstream/era-upstream.ts';

export interface ReadyChecks {
  config: string;
  store: string;
  /** With several replicas: `database` (PostgreSQL) and `redis`, each 'ok' or 'error: ...'. */
  shared?: Record<string, string>;
  /** The audit writer: 'ok', or why records are not reaching the store now. */
  audit: string;
  upstreams: Record<string, string>;
}

/** Which era each server was found speaking: `2026-07-28`, `stateful` (initialize), or `unknown` yet. */
export function serverEraLabels(gateway: Gateway): Record<string, string> {
  const eras: Record<string, string> = {};
  for (const name of gateway.config.servers.keys()) {
    const era = serverEras.of(name);
    eras[name] = era === 'stateless' ? '2026-07-28' : era === 'legacy' ? 'stateful' : 'unknown';
  }
  return eras;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

/** Answers /metrics and /readyz; false for any other path. */
export async function handleObservability(req: IncomingMessage, res: ServerResponse, path: string, gateway: Gateway): Promise<boolean> {
  if (path !== '/metrics' && path !== '/readyz') return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'application/json' }).end(JSON.stringify({ error: 'method not allowed' }));
    return true;
  }
  const who = gateway.adminAuth().identify(req);
  if ('refused' in who) {
    json(res, who.status, { error: who.refused });
    return true;
  }
  if (path === '/metrics') {
    const { contentType, body } = await gateway.metrics.scrape();
    res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : body);
    return true;
  }
  const checks = await readiness(gateway);
  const ready = checks.config === 'ok' && checks.store === 'ok' && checks.audit === 'ok' && Object.values(checks.shared ?? {}).every((v) => v === 'ok') && Object.values(checks.upstreams).every((v) => !v.startsWith('error') && v !== 'pending');
  json(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks, eras: serverEraLabels(gateway) });
  return true;
}

/**
 * The config is loaded whenever the listener serves. The store: one indexed read through a
 * read-only handle. Upstreams: how the start-up listing of each server's tools went; 'pending'
 * while it runs. A server added later by a reload was never listed: it is reported, not failed.
 */
export async function readiness(gateway: Gateway): Promise<ReadyChecks> {
  const upstreams: Record<string, string> = {};
  for (const name of gateway.config.servers.keys()) {
    const check = gateway.upstreamChecks.get(name);
    upstreams[name] = check !== undefined ? scrubUrls(check) : (gateway.upstreamsListed ? 'not listed (added by a reload; starts on first use)' : 'pending');
  }
  const shared = await gateway.sharedStoreChecks();
  const trouble = gateway.audit.trouble;
  return { config: 'ok', store: await storeCheck(gateway), audit: trouble === undefined ? 'ok' : `error: ${trouble}`, ...(Object.keys(shared).length > 0 ? { shared } : {}), upstreams };
}

/** One indexed read of the audit store, as the dashboard would do it. */
async function storeCheck(gateway: Gateway): Promise<string> {
  try {
    await gateway.readAudit([], (reader) => reader.query({ limit: 1 }));
    return 'ok';
  } catch (err) {
    return `error: ${(err as Error).message}`;
  }
}

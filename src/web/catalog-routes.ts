// `/catalog` and `/catalog/<server>/<tool>` on the gateway: the catalog pages with what only
// the running gateway knows, the rules in force for a tool and its recent calls; and the
// admin API's catalog routes (a quarantined tool's diff, accepting the change).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuditReader, AuditRecord } from '../audit/types.ts';
import type { KnownTool, ToolRegistry } from '../catalog/registry.ts';
import type { PolicyView } from '../gateway/context.ts';
import { escapeHtml } from './html.ts';
import { CATALOG_CSP, type CatalogEntry, type LiveToolFacts, renderCatalogIndex, renderToolPage } from './catalog-pages.ts';

export interface CatalogHost {
  readonly catalog: ToolRegistry;
  readonly context: { policy: PolicyView };
  readAudit<T>(empty: T, use: (reader: AuditReader) => Promise<T>): Promise<T>;
}

function entryOf(known: KnownTool): CatalogEntry {
  return { server: known.server, tool: known.definition, classification: known.classification };
}

function recentCalls(host: CatalogHost, server: string, tool: string): Promise<AuditRecord[]> {
  // No audit store yet, or one that cannot be read now: no calls to show, the page still works.
  return host.readAudit([] as AuditRecord[], (reader) => reader.query({ server, tool, limit: 20 })).catch(() => []);
}

export async function liveFacts(host: CatalogHost, known: KnownTool): Promise<LiveToolFacts> {
  const { policy } = host.context;
  const server = known.server;
  const tool = known.definition.name;
  const rules = policy.rulesNaming(server, tool).map((r) => ({ index: r.index, tool: r.tool, action: r.action, ...(r.reason ? { reason: r.reason } : {}) }));
  const fallback = policy.fallback({ risk: known.classification.risk });
  const quarantine = known.quarantined ? 'Quarantined: its definition changed since it was first seen; calls are refused until an operator accepts the change. ' : '';
  const summary = rules.length > 0
    ? `${quarantine}${rules.length} rule${rules.length > 1 ? 's' : ''} name${rules.length > 1 ? '' : 's'} this tool; every one that matches a call applies, and the strictest wins. Calls no rule matches get ${fallback.tool} (${fallback.action}).`
    : `${quarantine}No rule names this tool: its calls get ${fallback.tool === 'default' ? 'the policy default' : `the ${fallback.tool}`} (${fallback.action}).`;
  return { ruleInForce: { summary, rules }, recentCalls: await recentCalls(host, server, tool) };
}

function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CATALOG_CSP, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' }).end(body);
}

/** Serves the pages; returns false when the path is not a catalog page. */
export async function handleCatalogPage(req: IncomingMessage, res: ServerResponse, path: string, host: CatalogHost): Promise<boolean> {
  if (req.method !== 'GET' || (path !== '/catalog' && !path.startsWith('/catalog/'))) return false;
  const rest = path.slice('/catalog'.length).replace(/^\/+/, '');
  const all = host.catalog.all();
  if (rest === '') {
    const q = new URL(req.url ?? '/', 'http://gatehouse').searchParams;
    const filter = Object.fromEntries(['server', 'category', 'risk', 'q'].map((k) => [k, q.get(k) ?? undefined]).filter(([, v]) => v));
    html(res, 200, renderCatalogIndex(all.map(entryOf), { filter }));
    return true;
  }
  const slash = rest.indexOf('/');
  const server = decodeURIComponent(slash === -1 ? rest : rest.slice(0, slash));
  const tool = slash === -1 ? '' : decodeURIComponent(rest.slice(slash + 1));
  const known = host.catalog.get(server, tool);
  if (!known) {
    html(res, 404, `<!doctype html><title>Not in the catalog</title><p>The gateway has not seen a tool ${escapeHtml(`${server}/${tool}`)} listed. <a href="/catalog">The catalog</a></p>`);
    return true;
  }
  const alsoOn = all.filter((k) => k.definition.name === tool && k.server !== server).map((k) => k.server);
  html(res, 200, renderToolPage(entryOf(known), await liveFacts(host, known), { alsoOn }));
  return true;
}

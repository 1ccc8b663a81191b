// The one HTTP listener: MCP endpoints at /mcp and /mcp/<server>, /healthz, /metrics, /readyz,
// the dashboard, the catalog pages and the admin API. Routing is a plain switch on the path,
// after the checks every route shares: Host and Origin (DNS rebinding), a path that decodes.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleProtectedResource } from '../auth/protected-resource.ts';
import { hostOrOriginProblem, wellEncoded } from '../downstream/http-guards.ts';
import { handleMcpHttp } from '../downstream/streamable-http.ts';
import { errorResponse, RPC } from '../mcp/wire.ts';
import { handleAdminApi } from '../web/admin-api.ts';
import { handleObservability } from '../observability/endpoints.ts';
import { renderApprovalsPage } from '../web/approvals-page.ts';
import { handleCatalogPage } from '../web/catalog-routes.ts';
import { handleDashboardApi } from '../web/dashboard-api.ts';
import { dashboardPage, renderLoginPage } from '../web/dashboard-pages.ts';
import { ALL_SERVERS, type Gateway } from './gateway.ts';

function page(res: ServerResponse, html: string): void {
  // The pages run their own inline script only, and may not be framed by another site.
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  }).end(html);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export function createHttpListener(gateway: Gateway): Server {
  // A client gets gateway.request_timeout to send its headers and its body (slowloris); the
  // answer may take as long as it takes (SSE streams, held approvals): these timers stop
  // counting once the request has arrived. Checked every second, not every 30 s.
  const timeoutMs = gateway.requestTimeoutMs();
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: timeoutMs, headersTimeout: timeoutMs, connectionsCheckingInterval: 1000 }, (req, res) => {
    route(gateway, req, res).catch((err: Error) => {
      gateway.log.error({ err: err.message, path: req.url }, 'request failed');
      if (!res.headersSent) json(res, 500, { jsonrpc: '2.0', id: null, error: { code: -32603, message: 'Internal error' } });
      else res.end();
    });
  });
  return server;
}

/** Paths every caller may reach whatever its Host: they tell nothing (load-balancer probes). */
const ANY_HOST = new Set(['/healthz']);

async function route(gateway: Gateway, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  // DNS rebinding: a page on evil.example resolved to 127.0.0.1 must not read the dashboard,
  // the catalog (agents' recent calls) or the metrics, any more than /mcp.
  const problem = ANY_HOST.has(path) ? undefined : hostOrOriginProblem(req, gateway.hostPolicy());
  if (problem) {
    const mcp = path === '/mcp' || path.startsWith('/mcp/');
    return json(res, 403, mcp ? errorResponse(null, RPC.invalidRequest, `Forbidden: ${problem}`) : { error: `Forbidden: ${problem}` });
  }
  if (!wellEncoded(path)) return json(res, 400, { error: 'Bad Request: the path has invalid percent-encoding' });
  if (path === '/mcp' || path === '/mcp/') {
    // With several replicas, a session held by another one is served there (or adopted here).
    if (await gateway.placeSession(req, res, ALL_SERVERS)) return;
    return handleMcpHttp(req, res, ALL_SERVERS, gateway);
  }
  if (path.startsWith('/mcp/')) {
    const server = decodeURIComponent(path.slice('/mcp/'.length).replace(/\/$/, ''));
    if (!gateway.hasEndpoint(server)) return json(res, 404, { error: `no server named ${JSON.stringify(server)}`, servers: [...gateway.config.servers.keys()] });
    if (await gateway.placeSession(req, res, server)) return;
    return handleMcpHttp(req, res, server, gateway);
  }
  if (path === '/healthz') return json(res, 200, { status: 'ok' });
  if (handleProtectedResource(req, res, path, gateway.config.auth.oauth, (server) => gateway.hasEndpoint(server) && server !== ALL_SERVERS)) return;
  if (await handleObservability(req, res, path, gateway)) return;
  if (await handleDashboardApi(req, res, path, gateway)) return;
  if (await handleAdminApi(req, res, path, gateway)) return;
  if (path === '/approvals' && req.method === 'GET') return page(res, renderApprovalsPage());
  // The dashboard's pages hold no data: their script reads /api, which asks for the token.
  const dashboard = req.method === 'GET' ? dashboardPage(path) : undefined;
  if (dashboard) return page(res, dashboard);
  if (path === '/catalog' || path.startsWith('/catalog/')) {
    // Pages show agents' recent calls: beyond loopback they need the admin side's token.
    const who = gateway.adminAuth().identify(req);
    if ('refused' in who) {
      // A browser gets the login form (which loads the page again), a program the JSON error.
      if ((req.headers.accept ?? '').includes('text/html')) return void res.writeHead(who.status, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; frame-ancestors 'none'", 'cache-control': 'no-store' }).end(renderLoginPage());
      return json(res, who.status, { error: who.refused });
    }
    if (await handleCatalogPage(req, res, path, gateway)) return;
  }
  json(res, 404, { error: 'not found', endpoints: ['/mcp', '/mcp/<server>', '/healthz'] });
}

export function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host.replace(/^\[|\]$/g, ''), () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

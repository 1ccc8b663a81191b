// The admin JSON API behind the dashboard. Reads need an admin identity; writes also need a
// JSON body and an acceptable Origin, so a page on another site cannot submit a decision.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Approvals } from '../approvals/service.ts';
import type { ApprovalStatus } from '../approvals/types.ts';
import { type HostPolicy, bodyRefusalStatus, endRefused, hostOrOriginProblem, readBody } from '../downstream/http-guards.ts';
import type { ToolRegistry } from '../catalog/registry.ts';
import type { AdminAuth } from './admin-auth.ts';

export interface AdminHost {
  adminAuth(): AdminAuth;
  hostPolicy(): HostPolicy;
  readonly approvals: Approvals;
  readonly catalog: ToolRegistry;
}

const STATUSES: ApprovalStatus[] = ['pending', 'approved', 'rejected', 'expired', 'consumed'];

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

/** Handles `/api/...`; returns false when the path is not an admin API route. */
export async function handleAdminApi(req: IncomingMessage, res: ServerResponse, path: string, host: AdminHost): Promise<boolean> {
  if (!path.startsWith('/api/')) return false;
  const problem = hostOrOriginProblem(req, host.hostPolicy());
  if (problem) return sendJson(res, 403, { error: `forbidden: ${problem}` }), true;
  const identity = host.adminAuth().identify(req);
  if ('refused' in identity) return sendJson(res, identity.status, { error: identity.refused }), true;

  const url = new URL(req.url ?? '/', 'http://gatehouse');
  if (path === '/api/approvals' && req.method === 'GET') {
    const status = url.searchParams.get('status') ?? undefined;
    if (status !== undefined && !STATUSES.includes(status as ApprovalStatus)) {
      return sendJson(res, 400, { error: `status must be one of ${STATUSES.join(', ')}` }), true;
    }
    // Each request carries its tool's risk class, so an approver sees what is at stake.
    const approvals = (await host.approvals.list(status as ApprovalStatus | undefined)).map((a) => ({ ...a, risk: host.catalog.facts(a.server, a.tool)?.risk ?? null }));
    return sendJson(res, 200, { approvals, now: Date.now(), you: identity.who }), true;
  }
  if (path === '/api/catalog' && req.method === 'GET') {
    return sendJson(res, 200, { tools: host.catalog.all().map((k) => ({ server: k.server, tool: k.definition.name, quarantined: k.quarantined, ...k.classification })) }), true;
  }
  const tool = /^\/api\/catalog\/([^/]+)\/(.+?)(\/accept)?$/.exec(path);
  if (tool) {
    const server = decodeURIComponent(tool[1]);
    const name = decodeURIComponent(tool[2]);
    const known = host.catalog.get(server, name);
    if (!known) return sendJson(res, 404, { error: `the gateway has not seen ${server}/${name}` }), true;
    if (!tool[3] && req.method === 'GET') {
      return sendJson(res, 200, { server, tool: known.definition, classification: known.classification, quarantined: known.quarantined, diff: host.catalog.diff(server, name) ?? null }), true;
    }
    if (tool[3] && req.method === 'POST') {
      if (!identity.admin) return sendJson(res, 403, { error: 'only an admin may accept a changed tool definition' }), true;
      if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) return sendJson(res, 415, { error: 'POST with Content-Type: application/json' }), true;
      const diff = host.catalog.diff(server, name);
      return (await host.catalog.accept(server, name)) ? sendJson(res, 200, { accepted: `${server}/${name}`, diff }) : sendJson(res, 409, { error: `${server}/${name} is not quarantined` }), true;
    }
  }
  const one = /^\/api\/approvals\/([A-Za-z0-9_]+)(?:\/(approve|reject|deny))?$/.exec(path);
  if (one) {
    const [, id, verb] = one;
    if (!verb && req.method === 'GET') {
      const found = await host.approvals.get(id);
      return found ? sendJson(res, 200, found) : sendJson(res, 404, { error: `no approval ${id}` }), true;
    }
    if (verb && req.method === 'POST') {
      if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
        return sendJson(res, 415, { error: 'send the decision as application/json' }), true;
      }
      let body: { reason?: unknown };
      try {
        const raw = (await readBody(req, 64 * 1024, 30_000)).toString('utf8');
        body = raw ? JSON.parse(raw) : {};
      } catch (err) {
        const refused = bodyRefusalStatus(err);
        if (refused) {
          endRefused(req, res);
          return sendJson(res, refused, { error: refused === 413 ? 'the body is too large' : 'the body did not arrive in time' }), true;
        }
        return sendJson(res, 400, { error: 'the body must be JSON like {"reason": "..."}' }), true;
      }
      const reason = typeof body.reason === 'string' && body.reason.trim() ? body.reason.trim() : null;
      const decided = await host.approvals.decide(id, verb === 'approve', identity.who, reason);
      if (decided) return sendJson(res, 200, decided), true;
      const current = await host.approvals.get(id);
      return sendJson(res, current ? 409 : 404, { error: current ? `${id} is ${current.status}, not pending` : `no approval ${id}` }), true;
    }
  }
  sendJson(res, 404, { error: 'no such admin API route', routes: ['GET /api/approvals?status=pending', 'GET /api/approvals/<id>', 'POST /api/approvals/<id>/approve', 'POST /api/approvals/<id>/reject'] });
  return true;
}

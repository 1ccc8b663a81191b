// Method handling on `/mcp`: every configured server behind one endpoint. Tools and prompts
// are shown as `<server>__<name>`; lists are gathered from every server (all pages, returned
// as one page); each other request goes to the server that owns the name or URI it names.
import type { JSONRPCRequest } from '../mcp/wire.ts';
import { RPC } from '../mcp/wire.ts';
import type { Upstream } from '../upstream/upstream.ts';
import { PrefixedNames } from './prefixed-names.ts';
import type { ClientSession, Reply, Router } from './session.ts';
import { isListed, observeTools } from './tool-list.ts';

type Params = Record<string, unknown>;
/** A server that answers with more pages than this is cut off rather than followed for ever. */
const MAX_PAGES = 100;

export function aggregateRouter(session: ClientSession, gatewayVersion: string): Router {
  const names = new PrefixedNames(session.context.servers.keys());
  const uriOwner = new Map<string, string>();

  const ready = (capability: string): Upstream[] =>
    [...session.upstreams.values()].filter((u) => u.state === 'ready' && capabilities(u)[capability] !== undefined);

  async function listAll(request: JSONRPCRequest, capability: string, key: string, adapt: (item: Params, server: string) => void): Promise<Reply> {
    const { cursor: _ignored, ...params } = (request.params ?? {}) as Params;
    const items: Params[] = [];
    await Promise.all(ready(capability).map(async (upstream) => {
      let cursor: unknown;
      for (let page = 0; page < MAX_PAGES; page++) {
        const response = await session.request(upstream, request.id, request.method, cursor === undefined ? params : { ...params, cursor }).catch(() => undefined);
        if (!response || 'error' in response) {
          session.context.log.warn({ server: upstream.server.name, method: request.method }, 'server left out of an aggregated list');
          return;
        }
        const result = response.result as Params;
        for (const item of (result[key] as Params[] | undefined) ?? []) {
          adapt(item, upstream.server.name);
          items.push(item);
        }
        cursor = result.nextCursor;
        if (cursor === undefined) return;
      }
    }));
    return { result: { [key]: items } };
  }

  function byName(name: unknown): { upstream: Upstream; name: string } | Reply {
    const target = typeof name === 'string' ? names.resolve(name) : undefined;
    const upstream = target && session.upstreams.get(target.server);
    if (!target || !upstream) return { error: { code: RPC.invalidParams, message: `unknown name ${JSON.stringify(name)}: names here are <server>__<name>` } };
    return { upstream, name: target.name };
  }

  async function byUri(request: JSONRPCRequest, uri: unknown): Promise<Reply> {
    const owner = typeof uri === 'string' ? uriOwner.get(uri) : undefined;
    const candidates = owner ? [session.upstreams.get(owner)!] : ready('resources');
    let last: Reply = { error: { code: RPC.invalidParams, message: `no server has the resource ${JSON.stringify(uri)}` } };
    for (const upstream of candidates) {
      last = await session.forward(upstream, request.id, request.method, request.params as Params);
      if (last && 'result' in last) return last;
    }
    return last;
  }

  return {
    async initialize(request: JSONRPCRequest): Promise<Reply> {
      const params = (request.params ?? {}) as Params;
      const servers = [...session.context.servers.keys()];
      const outcomes = await Promise.allSettled(servers.map((s) => session.openUpstream(s).initialize(params)));
      const failures: string[] = [];
      outcomes.forEach((o, i) => {
        if (o.status === 'rejected') failures.push(`${servers[i]}: ${(o.reason as Error).message}`);
        else if ('error' in o.value) failures.push(`${servers[i]}: ${o.value.error.message}`);
      });
      const up = [...session.upstreams.values()].filter((u) => u.state === 'ready');
      if (up.length === 0 && servers.length > 0) {
        session.endAfterReply();
        return { error: { code: RPC.serverError, message: `no server could be started: ${failures.join('; ')}` } };
      }
      for (const f of failures) session.context.log.warn({ session: session.id }, `aggregated session without ${f}`);
      return { result: mergeInitialize(up, params, gatewayVersion) };
    },

    async dispatch(request: JSONRPCRequest): Promise<Reply> {
      const params = (request.params ?? {}) as Params;
      switch (request.method) {
        case 'ping':
          return { result: {} };
        case 'tools/list': {
          const upstreamName = new Map<Params, { server: string; name: string }>();
          const reply = await listAll(request, 'tools', 'tools', (tool, server) => {
            observeTools(session, server, [tool]);
            upstreamName.set(tool, { server, name: String(tool.name) });
            tool.name = names.expose(server, String(tool.name));
          });
          if (reply && 'result' in reply) {
            // Listing is decided by the tool's real server and name, not the prefixed one.
            reply.result.tools = (reply.result.tools as Params[]).filter((t) => {
              const target = upstreamName.get(t)!;
              return isListed(session, target.server, target.name);
            });
          }
          return reply;
        }
        case 'tools/call': {
          const target = byName(params.name);
          if (!target || !('upstream' in target)) return target as Reply;
          return session.callTool(target.upstream, request, target.name);
        }
        case 'prompts/list':
          return listAll(request, 'prompts', 'prompts', (prompt, server) => (prompt.name = names.expose(server, String(prompt.name))));
        case 'prompts/get': {
          const target = byName(params.name);
          if (!target || !('upstream' in target)) return target as Reply;
          return session.forward(target.upstream, request.id, request.method, { ...params, name: target.name });
        }
        case 'resources/list':
          return listAll(request, 'resources', 'resources', (r, server) => void uriOwner.set(String(r.uri), server));
        case 'resources/templates/list':
          return listAll(request, 'resources', 'resourceTemplates', (t, server) => void uriOwner.set(String(t.uriTemplate), server));
        case 'resources/read':
        case 'resources/subscribe':
        case 'resources/unsubscribe':
          return byUri(request, params.uri);
        case 'completion/complete': {
          const ref = (params.ref ?? {}) as Params;
          if (ref.type === 'ref/prompt') {
            const target = byName(ref.name);
            if (!target || !('upstream' in target)) return target as Reply;
            return session.forward(target.upstream, request.id, request.method, { ...params, ref: { ...ref, name: target.name } });
          }
          return byUri(request, ref.uri);
        }
        case 'logging/setLevel':
          await Promise.all(ready('logging').map((u) => session.forward(u, request.id, request.method, params)));
          return { result: {} };
        default:
          return { error: { code: RPC.methodNotFound, message: `${request.method} is not available on the aggregated endpoint; use /mcp/<server>` } };
      }
    },
  };
}

function capabilities(upstream: Upstream): Params {
  return ((upstream.initializeResult?.capabilities ?? {}) as Params);
}

/** One initialize result for many servers: their capabilities united, the gateway as the server. */
function mergeInitialize(upstreams: Upstream[], params: Params, version: string): Params {
  const merged: Record<string, Params> = {};
  const instructions: string[] = [];
  for (const u of upstreams) {
    for (const [name, value] of Object.entries(capabilities(u))) {
      const into = (merged[name] ??= {});
      for (const [flag, on] of Object.entries((value ?? {}) as Params)) if (on || into[flag] === undefined) into[flag] = on;
    }
    const text = u.initializeResult?.instructions;
    if (typeof text === 'string' && text.trim()) instructions.push(`## ${u.server.name}\n${text.trim()}`);
  }
  const agreed = upstreams[0]?.initializeResult?.protocolVersion ?? params.protocolVersion;
  const result: Params = {
    protocolVersion: agreed,
    capabilities: merged,
    serverInfo: { name: 'gatehouse', title: 'Gatehouse (all servers)', version },
  };
  if (instructions.length) result.instructions = `Tools and prompts here are named <server>__<name>.\n\n${instructions.join('\n\n')}`;
  return result;
}

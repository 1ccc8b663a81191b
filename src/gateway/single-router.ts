// Method handling on `/mcp/<server>`: everything is forwarded to that one server unchanged,
// except tools/call, which walks the policy chain, and tools/list, which the catalog sees and
// from which denied and quarantined tools are left out.
import type { JSONRPCRequest } from '../mcp/wire.ts';
import { RPC } from '../mcp/wire.ts';
import { errorReply, type ClientSession, type Reply, type Router } from './session.ts';
import { filterToolList } from './tool-list.ts';

export function singleServerRouter(session: ClientSession, server: string): Router {
  return {
    async initialize(request: JSONRPCRequest): Promise<Reply> {
      try {
        const upstream = session.openUpstream(server);
        const response = await upstream.initialize((request.params ?? {}) as Record<string, unknown>);
        return 'error' in response ? { error: response.error } : { result: response.result as Record<string, unknown> };
      } catch (err) {
        session.endAfterReply();
        return errorReply(err);
      }
    },

    async dispatch(request: JSONRPCRequest): Promise<Reply> {
      const upstream = session.upstreams.get(server);
      if (!upstream) return { error: { code: RPC.invalidRequest, message: 'the session is not initialized: send initialize first' } };
      const params = request.params as Record<string, unknown> | undefined;
      switch (request.method) {
        case 'tools/call':
          if (typeof params?.name !== 'string') return { error: { code: RPC.invalidParams, message: 'tools/call needs params.name, a string' } };
          return session.callTool(upstream, request, params.name);
        case 'tools/list': {
          const reply = await session.forward(upstream, request.id, request.method, params);
          if (reply && 'result' in reply) filterToolList(reply.result, session, server);
          return reply;
        }
        default:
          return session.forward(upstream, request.id, request.method, params);
      }
    },
  };
}

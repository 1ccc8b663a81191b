// The JSON-RPC wire types the gateway moves around, taken from the official SDK (never
// re-declared), and the few guards and builders the data path needs to route messages.
import type {
  JSONRPCErrorResponse,
  JSONRPCMessage,
  JSONRPCNotification,
  JSONRPCRequest,
  JSONRPCResultResponse,
  RequestId,
} from '@modelcontextprotocol/server';

export type { JSONRPCErrorResponse, JSONRPCMessage, JSONRPCNotification, JSONRPCRequest, JSONRPCResultResponse, RequestId };
export type JSONRPCResponse = JSONRPCResultResponse | JSONRPCErrorResponse;

/** JSON-RPC and MCP error codes the gateway itself answers with. */
export const RPC = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  /** MCP: a server-side condition (the upstream is down) rather than a bad request. */
  serverError: -32000,
} as const;

/**
 * Methods a peer may send without an id. MCP names every notification `notifications/...`;
 * anything else is a request and needs an id, so a `tools/call` without one (or with
 * `"id": null`) is refused instead of slipping past the policy as a "notification".
 */
export function isNotificationMethod(method: string): boolean {
  return method.startsWith('notifications/');
}

export function isRequest(m: JSONRPCMessage): m is JSONRPCRequest {
  return 'method' in m && 'id' in m && m.id !== undefined && m.id !== null;
}

export function isNotification(m: JSONRPCMessage): m is JSONRPCNotification {
  return 'method' in m && !('id' in m && m.id !== undefined && m.id !== null);
}

export function isResponse(m: JSONRPCMessage): m is JSONRPCResponse {
  return !('method' in m) && ('result' in m || 'error' in m);
}

/**
 * A message as JSON for the wire. JSON.stringify recurses, so a message nested some thousands
 * deep (a server's answer, say) cannot be written: an answer becomes an error with its id, so
 * the request is still answered; anything else is dropped (undefined).
 */
export function toWireJson(message: JSONRPCMessage): string | undefined {
  try {
    return JSON.stringify(message);
  } catch (err) {
    const id = (message as { id?: unknown }).id;
    if (!('method' in message) && (typeof id === 'string' || typeof id === 'number')) {
      return JSON.stringify(errorResponse(id, RPC.internalError, `the answer could not be sent: ${(err as Error).message}`));
    }
    return undefined;
  }
}

export function errorResponse(id: RequestId | null, code: number, message: string, data?: unknown): JSONRPCErrorResponse {
  const error: { code: number; message: string; data?: unknown } = { code, message };
  if (data !== undefined) error.data = data;
  return { jsonrpc: '2.0', id: id as RequestId, error } as JSONRPCErrorResponse;
}

export function resultResponse(id: RequestId, result: Record<string, unknown>): JSONRPCResultResponse {
  return { jsonrpc: '2.0', id, result } as JSONRPCResultResponse;
}

/**
 * Checks the envelope of one decoded JSON value, so a malformed message gets a JSON-RPC error
 * instead of reaching the router. Deliberately shallow: params and results pass through
 * untouched, because the gateway must forward fields it does not know.
 */
export function envelopeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'a JSON-RPC message must be an object';
  const m = value as Record<string, unknown>;
  if (m.jsonrpc !== '2.0') return 'jsonrpc must be "2.0"';
  const hasId = m.id !== undefined;
  if (hasId && typeof m.id !== 'string' && typeof m.id !== 'number' && m.id !== null) return 'id must be a string or a number';
  if ('method' in m) {
    if (typeof m.method !== 'string' || m.method === '') return 'method must be a non-empty string';
    if (m.params !== undefined && (typeof m.params !== 'object' || m.params === null || Array.isArray(m.params))) return 'params must be an object';
    // MCP: a request's id is a string or a number, never null; a notification has none.
    if (m.id === null) return 'id must be a string or a number, not null';
    if (!hasId && !isNotificationMethod(m.method)) return `${m.method} is a request and needs an id (only notifications/* may be sent without one)`;
    return undefined;
  }
  if (!hasId) return 'a message needs a method or an id';
  if (!('result' in m) && !('error' in m)) return 'a response needs a result or an error';
  return undefined;
}

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

export function isRequest(m: JSONRPCMessage): m is JSONRPCRequest {
  return 'method' in m && 'id' in m && m.id !== undefined && m.id !== null;
}

export function isNotification(m: JSONRPCMessage): m is JSONRPCNotification {
  return 'method' in m && !('id' in m && m.id !== undefined && m.id !== null);
}

export function isResponse(m: JSONRPCMessage): m is JSONRPCResponse {
  return !('method' in m) && ('result' in m || 'error' in m);
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
    if (m.params !== undefined && (typeof m.params !== 'object' || m.params === null)) return 'params must be an object';
    return undefined;
  }
  if (!hasId) return 'a message needs a method or an id';
  if (!('result' in m) && !('error' in m)) return 'a response needs a result or an error';
  return undefined;
}

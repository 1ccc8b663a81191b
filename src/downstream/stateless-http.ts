// The 2026-07-28 (stateless) side of the MCP endpoints: one POST, one request, no session.
// It runs the revision's validation ladder (the SDK's classifier, the standard headers, the
// version) and answers each request on its own response, JSON or an SSE stream; what the
// request means is the host's business (gateway/stateless.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { classifyInbound, type InboundClassificationOutcome } from '../mcp/inbound-classifier.ts';
import { ERA_ERRORS, LEGACY_VERSIONS, PROTOCOL_VERSION_META_KEY, REMOVED_METHODS, STATELESS_VERSIONS, unsupportedVersionError } from '../mcp/era.ts';
import type { JSONRPCMessage, JSONRPCRequest, JSONRPCResponse, RequestId } from '../mcp/wire.ts';
import { errorResponse, RPC } from '../mcp/wire.ts';
import { SSE_HEADERS } from './http-channel.ts';
import type { Principal } from '../auth/principal.ts';

/** One stateless request's response: related messages first, then its answer. */
export interface StatelessStream {
  /** A message related to the request (progress, a log line): turns the response into SSE. */
  event(message: JSONRPCMessage): boolean;
  /** Opens the SSE stream now (subscriptions/listen stays open until the client leaves). */
  open(): boolean;
  answer(message: JSONRPCResponse): void;
  readonly closed: boolean;
  /** Called once when the client hangs up before the answer (cancellation in this era). */
  onabandon?: () => void;
}

export interface StatelessHost {
  /** Serves one validated 2026-07-28 request for `endpoint` (`*` or a server's name). */
  serveStateless(endpoint: string, principal: Principal, request: JSONRPCRequest, stream: StatelessStream): void;
}

/** What every stateful-era POST is classified as by the fast path of classifyPost. */
const STATEFUL: InboundClassificationOutcome = Object.freeze({ kind: 'legacy', reason: 'no-claim' });

/** Which era the parsed body of a POST belongs to (the SDK's body-primary rule). */
export function classifyPost(req: IncomingMessage, body: unknown): InboundClassificationOutcome {
  // The SDK's classifier runs zod schemas over the body (about 35 µs a POST here, most of it
  // building the issues of the schemas that do not match), on every call of a stateful session.
  // A body it can only route to the stateful era skips it: no version claim in `params._meta`,
  // and no MCP-Protocol-Version header or a stateful one. For such a body the SDK answers
  // `legacy` (a request, notification or response) or a `jsonrpc-shape` rejection (not
  // JSON-RPC), and its caller (handlePost) serves both the same way, as the stateful era, whose
  // own envelope check answers malformed messages. Batches are never modern (the SDK rejects a
  // batch with a claimed element at the `jsonrpc-shape` rung too), so they take the same path.
  // Anything else (a claim, a modern or unknown version header) still goes to the SDK.
  if (Array.isArray(body) || (!claimsVersion(body) && statefulHeader(header(req, 'mcp-protocol-version')))) return STATEFUL;
  return classifyInbound({
    httpMethod: 'POST',
    protocolVersionHeader: header(req, 'mcp-protocol-version'),
    mcpMethodHeader: header(req, 'mcp-method'),
    mcpNameHeader: header(req, 'mcp-name'),
    body,
  });
}

/** Does the body's `params._meta` carry the per-request version key (the SDK's envelope claim)? */
function claimsVersion(body: unknown): boolean {
  if (body === null || typeof body !== 'object') return false;
  const params = (body as { params?: unknown }).params;
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return false;
  const meta = (params as { _meta?: unknown })._meta;
  return meta !== null && typeof meta === 'object' && !Array.isArray(meta) && PROTOCOL_VERSION_META_KEY in meta;
}

/** No version header, or one naming a stateful revision (surrounding spaces and tabs allowed, as the SDK strips them). */
function statefulHeader(value: string | undefined): boolean {
  return value === undefined || LEGACY_VERSIONS.includes(value.replace(/^[ \t]+|[ \t]+$/g, ''));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function idOf(body: unknown): RequestId | null {
  const id = (body as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

function send(res: ServerResponse, status: number, message: JSONRPCMessage): void {
  const body = JSON.stringify(message);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }).end(body);
}

/** HTTP status of an error answer in this era: the spec pins a few codes to 400 / 404. */
function statusOf(response: JSONRPCResponse): number {
  if (!('error' in response)) return 200;
  const code = response.error.code;
  if (code === RPC.methodNotFound) return 404;
  if (code === ERA_ERRORS.missingClientCapability || code === ERA_ERRORS.unsupportedVersion || code === ERA_ERRORS.headerMismatch) return 400;
  return 200;
}

/**
 * Answers a POST the classifier did not route to the stateful era: a ladder rejection, a
 * notification (accepted; cancellation is the closing of a response in this era), or a request.
 */
export function serveStatelessPost(
  req: IncomingMessage,
  res: ServerResponse,
  outcome: Exclude<InboundClassificationOutcome, { kind: 'legacy' }>,
  body: unknown,
  target: { endpoint: string; principal: Principal; host: StatelessHost; canSse: boolean },
): void {
  if (outcome.kind === 'reject') {
    return send(res, outcome.httpStatus, errorResponse(idOf(body), outcome.code, outcome.message, outcome.data));
  }
  if (outcome.messageKind === 'notification') {
    res.writeHead(202).end();
    return;
  }
  const request = outcome.message;
  const problem = headerProblem(req, request);
  if (problem) return send(res, 400, errorResponse(request.id, ERA_ERRORS.headerMismatch, `Header mismatch: ${problem}`));
  const version = outcome.classification.revision;
  if (version === undefined || !STATELESS_VERSIONS.includes(version)) {
    const error = unsupportedVersionError(version);
    return send(res, 400, errorResponse(request.id, error.code, error.message, error.data));
  }
  if (REMOVED_METHODS.has(request.method)) {
    return send(res, 404, errorResponse(request.id, RPC.methodNotFound, `Method not found: ${request.method} is not part of protocol revision ${version}`));
  }
  target.host.serveStateless(target.endpoint, target.principal, request, new ResponseStream(res, target.canSse));
}

/** The standard headers the revision requires on every request, checked against the body. */
function headerProblem(req: IncomingMessage, request: JSONRPCRequest): string | undefined {
  if (header(req, 'mcp-protocol-version') === undefined) return 'the MCP-Protocol-Version header is required';
  const method = header(req, 'mcp-method')?.trim();
  if (method === undefined) return 'the Mcp-Method header is required';
  const field = request.method === 'resources/read' ? 'uri' : request.method === 'tools/call' || request.method === 'prompts/get' ? 'name' : undefined;
  if (!field) return undefined;
  const value = (request.params as Record<string, unknown> | undefined)?.[field];
  if (typeof value !== 'string') return undefined;
  const name = header(req, 'mcp-name')?.trim();
  if (name === undefined) return `the Mcp-Name header is required for ${request.method}`;
  const decoded = decodeHeaderValue(name);
  if (decoded === undefined) return 'the Mcp-Name header carries an invalid Base64 value';
  if (decoded !== value) return `the Mcp-Name header names ${JSON.stringify(decoded)} but params.${field} is ${JSON.stringify(value)}`;
  return undefined;
}

/** `=?base64?…?=` values decoded; plain values as they are; undefined when malformed. */
function decodeHeaderValue(value: string): string | undefined {
  if (!value.startsWith('=?base64?') || !value.endsWith('?=')) return value;
  const encoded = value.slice('=?base64?'.length, -2);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(encoded, 'base64');
  const text = new TextDecoder('utf-8', { fatal: true });
  try {
    return text.decode(bytes);
  } catch {
    return undefined;
  }
}

/** One request's HTTP response: plain JSON unless something must go out before the answer. */
class ResponseStream implements StatelessStream {
  readonly #res: ServerResponse;
  readonly #canSse: boolean;
  #mode: 'undecided' | 'sse' | 'done' = 'undecided';
  onabandon?: () => void;

  constructor(res: ServerResponse, canSse: boolean) {
    this.#res = res;
    this.#canSse = canSse;
    res.on('close', () => {
      if (this.#mode === 'done') return;
      this.#mode = 'done';
      this.onabandon?.();
    });
  }

  get closed(): boolean {
    return this.#mode === 'done';
  }

  open(): boolean {
    if (this.#mode === 'sse') return true;
    if (this.#mode === 'done' || !this.#canSse) return false;
    this.#mode = 'sse';
    this.#res.writeHead(200, SSE_HEADERS);
    this.#res.flushHeaders();
    return true;
  }

  event(message: JSONRPCMessage): boolean {
    if (!this.open()) return false;
    this.#res.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
    return true;
  }

  answer(message: JSONRPCResponse): void {
    if (this.#mode === 'done') return;
    if (this.#mode === 'sse') {
      this.#res.end(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
    } else {
      // Its length known, the answer leaves with its headers in one piece, not chunked.
      const body = JSON.stringify(message);
      this.#res.writeHead(statusOf(message), { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }).end(body);
    }
    this.#mode = 'done';
  }
}

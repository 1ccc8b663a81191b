// The client side of MCP's Streamable HTTP transport (2025-03-26 to 2025-11-25): POST for
// messages, GET for the server's stream, DELETE to end a session. It knows sessions and
// messages, not policy: it hands each valid message to the session it belongs to.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { JSONRPCMessage, JSONRPCRequest, RequestId } from '../mcp/wire.ts';
import { envelopeProblem, errorResponse, isRequest, RPC } from '../mcp/wire.ts';
import { HttpChannel, PostExchange } from './http-channel.ts';
import { BodyTimeoutError, BodyTooLargeError, CLOSE_AFTER, endRefused, type HostPolicy, hostOrOriginProblem, readBody } from './http-guards.ts';
import type { Identity, Principal } from '../auth/principal.ts';

export type { Identity } from '../auth/principal.ts';
import { LEGACY_VERSIONS, unsupportedVersionError } from '../mcp/era.ts';
import { classifyPost, serveStatelessPost, type StatelessHost } from './stateless-http.ts';

export const SUPPORTED_PROTOCOL_VERSIONS = LEGACY_VERSIONS;

export interface DownstreamSession {
  readonly id: string;
  readonly agent: string;
  /** Who opened it; each later request's own credentials replace it (fresher claims). */
  principal: Principal;
  receive(message: JSONRPCMessage): void;
  /** Is a request of the client's under this id still being worked on? */
  inFlight(id: RequestId): boolean;
  close(): Promise<void>;
}

export interface EndpointHost extends StatelessHost {
  hostPolicy(): HostPolicy;
  maxBodyBytes(): number;
  /** How long a client may take to send a request body (gateway.request_timeout). */
  requestTimeoutMs(): number;
  /** Who sends this Authorization header to `endpoint`; a refusal carries its status and challenge. */
  identify(authorization: string | undefined, endpoint: string): Identity | Promise<Identity>;
  /** Creates and registers a session for `endpoint` (e.g. `valkey` or `*`), talking on `channel`; or says why not (503). */
  open(endpoint: string, principal: Principal, id: string, channel: HttpChannel): DownstreamSession | { refused: string };
  find(endpoint: string, id: string): DownstreamSession | undefined;
  channelOf(session: DownstreamSession): HttpChannel | undefined;
}

function reject(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(errorResponse(null, code, message)));
}

function unsupportedVersion(req: IncomingMessage): boolean {
  const version = req.headers['mcp-protocol-version'];
  return typeof version === 'string' && !SUPPORTED_PROTOCOL_VERSIONS.includes(version);
}

function rejectVersion(res: ServerResponse, id: RequestId | null, requested: string): void {
  const error = unsupportedVersionError(requested);
  res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify(errorResponse(id, error.code, error.message, error.data)));
}

function accepts(req: IncomingMessage, type: string): boolean {
  const accept = req.headers.accept;
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const media = part.split(';')[0].trim().toLowerCase();
    return media === type || media === '*/*' || media === `${type.split('/')[0]}/*`;
  });
}

export async function handleMcpHttp(req: IncomingMessage, res: ServerResponse, endpoint: string, host: EndpointHost): Promise<void> {
  const problem = hostOrOriginProblem(req, host.hostPolicy());
  if (problem) return reject(res, 403, RPC.invalidRequest, `Forbidden: ${problem}`);
  const identity = await host.identify(req.headers.authorization, endpoint);
  if ('refused' in identity) {
    const word = identity.status === 403 ? 'Forbidden' : identity.status === 503 ? 'Service Unavailable' : 'Unauthorized';
    return reject(res, identity.status, RPC.invalidRequest, `${word}: ${identity.refused}`, identity.challenge ? { 'www-authenticate': identity.challenge } : {});
  }
  // A POST's era is read from its body (2026-07-28 requests carry their version in `_meta`).
  if (req.method !== 'POST' && unsupportedVersion(req)) return rejectVersion(res, null, req.headers['mcp-protocol-version'] as string);
  switch (req.method) {
    case 'POST':
      return handlePost(req, res, endpoint, identity, host);
    case 'GET':
      return handleGet(req, res, endpoint, identity, host);
    case 'DELETE': {
      const session = lookup(req, res, endpoint, identity, host);
      if (!session) return;
      await session.close();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    default:
      res.writeHead(405, { allow: 'GET, POST, DELETE', 'content-type': 'application/json' })
        .end(JSON.stringify(errorResponse(null, RPC.invalidRequest, 'Method not allowed: use POST, GET or DELETE')));
  }
}

/** The session named by the Mcp-Session-Id header, or an HTTP error already sent. */
function lookup(req: IncomingMessage, res: ServerResponse, endpoint: string, who: Principal, host: EndpointHost): DownstreamSession | undefined {
  const id = req.headers['mcp-session-id'];
  if (typeof id !== 'string' || id === '') {
    reject(res, 400, RPC.invalidRequest, 'Bad Request: the Mcp-Session-Id header is required (send initialize first)');
    return undefined;
  }
  const session = host.find(endpoint, id);
  // Another agent's session is reported as missing, not as forbidden: its existence is not ours to tell.
  if (!session || session.agent !== who.agent) {
    reject(res, 404, RPC.invalidRequest, 'Session not found: it ended or expired; initialize a new one');
    return undefined;
  }
  // A refreshed token may carry other claims (groups, scopes): the policy follows the newest.
  session.principal = who;
  return session;
}

async function handlePost(req: IncomingMessage, res: ServerResponse, endpoint: string, who: Principal, host: EndpointHost): Promise<void> {
  const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (contentType !== 'application/json') return reject(res, 415, RPC.invalidRequest, 'Unsupported Media Type: send Content-Type: application/json');
  const canJson = accepts(req, 'application/json');
  const canSse = accepts(req, 'text/event-stream');
  if (!canJson && !canSse) return reject(res, 406, RPC.invalidRequest, 'Not Acceptable: accept application/json and text/event-stream');

  let body: Buffer;
  try {
    body = await readBody(req, host.maxBodyBytes(), host.requestTimeoutMs());
  } catch (err) {
    endRefused(req, res);
    if (err instanceof BodyTooLargeError) return reject(res, 413, RPC.invalidRequest, `Payload Too Large: ${err.message}`);
    if (err instanceof BodyTimeoutError) return reject(res, 408, RPC.invalidRequest, `Request Timeout: ${err.message}`, CLOSE_AFTER);
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    return reject(res, 400, RPC.parseError, `Parse error: ${(err as Error).message}`);
  }
  const era = classifyPost(req, parsed);
  // Malformed JSON-RPC keeps the stateful era's answers (per message, with ids where known).
  if (era.kind === 'modern' || (era.kind === 'reject' && era.rung !== 'jsonrpc-shape')) return serveStatelessPost(req, res, era, parsed, { endpoint, principal: who, host, canSse });
  if (unsupportedVersion(req)) {
    const id = (parsed as { id?: unknown } | null)?.id;
    return rejectVersion(res, typeof id === 'string' || typeof id === 'number' ? id : null, req.headers['mcp-protocol-version'] as string);
  }
  const batch = Array.isArray(parsed);
  const values: unknown[] = batch ? (parsed as unknown[]) : [parsed];
  if (values.length === 0) return reject(res, 400, RPC.invalidRequest, 'Invalid Request: an empty batch');

  const messages: JSONRPCMessage[] = [];
  const refusals: JSONRPCMessage[] = [];
  const refuse = (id: unknown, why: string) =>
    refusals.push(errorResponse(typeof id === 'string' || typeof id === 'number' ? id : null, RPC.invalidRequest, `Invalid Request: ${why}`));
  for (const value of values) {
    const why = envelopeProblem(value);
    if (why === undefined) messages.push(value as JSONRPCMessage);
    else refuse((value as { id?: unknown } | null)?.id, why);
  }

  const initialize = messages.find((m) => isRequest(m) && m.method === 'initialize');
  let session: DownstreamSession | undefined;
  if (initialize) {
    if (values.length > 1) return reject(res, 400, RPC.invalidRequest, 'Invalid Request: initialize must be sent alone, not in a batch');
    const opened = host.open(endpoint, who, randomUUID(), new HttpChannel());
    if ('refused' in opened) return reject(res, 503, RPC.serverError, `Service Unavailable: ${opened.refused}`, { 'retry-after': '30' });
    session = opened;
  } else if (messages.length > 0) {
    session = lookup(req, res, endpoint, who, host);
    if (!session) return;
  }

  // An id names one request until it is answered: a second request under an id still in
  // flight (in this POST or an earlier one) is refused, or one answer would go to the wrong POST.
  const requests: JSONRPCRequest[] = [];
  const ids = new Set<RequestId>();
  const accepted: JSONRPCMessage[] = [];
  for (const m of messages) {
    if (isRequest(m)) {
      if (ids.has(m.id) || session!.inFlight(m.id)) {
        refuse(m.id, `a request with id ${JSON.stringify(m.id)} is already in flight in this session; use a new id`);
        continue;
      }
      ids.add(m.id);
      requests.push(m);
    }
    accepted.push(m);
  }

  const headers: Record<string, string> = session ? { 'mcp-session-id': session.id } : {};
  if (requests.length === 0) {
    if (refusals.length > 0) {
      res.writeHead(400, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(batch ? refusals : refusals[0]));
    } else {
      res.writeHead(202, headers).end();
    }
    for (const m of accepted) session!.receive(m);
    return;
  }

  const channel = host.channelOf(session!)!;
  const exchange = new PostExchange(res, [...ids], headers, { batch, canJson, canSse, answered: refusals });
  channel.track(exchange, [...ids]);
  for (const m of accepted) session!.receive(m);
}

function handleGet(req: IncomingMessage, res: ServerResponse, endpoint: string, who: Principal, host: EndpointHost): void {
  if (!accepts(req, 'text/event-stream')) return reject(res, 406, RPC.invalidRequest, 'Not Acceptable: a GET stream needs Accept: text/event-stream');
  const session = lookup(req, res, endpoint, who, host);
  if (!session) return;
  const channel = host.channelOf(session)!;
  if (channel.hasStandalone) return reject(res, 409, RPC.invalidRequest, 'Conflict: this session already has a GET stream open');
  channel.openStandalone(res, { 'mcp-session-id': session.id });
}

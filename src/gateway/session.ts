// One client session: the messages of one MCP client, routed to its own upstream session(s)
// and back. Requests go out under gateway ids and come back under the client's; the server's
// own requests and notifications reach this client and no other.
import type { JSONRPCMessage, JSONRPCNotification, JSONRPCRequest, JSONRPCResponse, RequestId } from '../mcp/wire.ts';
import { isNotification, isRequest, isResponse, RPC } from '../mcp/wire.ts';
import { RequestCancelledError, UpstreamUnavailableError } from '../upstream/transport.ts';
import type { RequestOrigin, Upstream } from '../upstream/upstream.ts';
import { EraUpstream, SHARED_PARTITION } from '../upstream/era-upstream.ts';
import type { Principal } from '../auth/principal.ts';
import { serverEvents, type GatewayContext } from './context.ts';
import type { ClientAbilities } from './approval-step.ts';
import { runToolCall, type ToolCallReply } from './tool-call.ts';

export interface ClientChannel {
  /**
   * Delivers a message; `relatedTo` names the client request it belongs to (its HTTP stream).
   * A server's input request carries the server's name for it (`inputKey`), which a stateless
   * client sees as the key of its `input_required` result.
   */
  send(message: JSONRPCMessage, relatedTo?: RequestId, inputKey?: string): void;
  /** A request that will get no answer (cancelled): a transport waiting for it stops. */
  forget?(id: RequestId): void;
}

/** `/mcp/<server>` speaks for one server; `/mcp` for all of them, names prefixed. */
export type Route = { kind: 'server'; server: string } | { kind: 'all' };

export type Reply = ToolCallReply;

export interface SessionOptions {
  id: string;
  /** The agent, how it authenticated, and its token's claims. */
  principal: Principal;
  route: Route;
  channel: ClientChannel;
  /** The gateway's context as it is now; read per call so a reload applies at once. */
  context: () => GatewayContext;
  /** Serves 2026-07-28 requests (gateway/stateless.ts): server questions become input_required. */
  stateless?: boolean;
}

/** Method handling that differs between one server and all servers (aggregate.ts). */
export interface Router {
  initialize(request: JSONRPCRequest): Promise<Reply>;
  dispatch(request: JSONRPCRequest): Promise<Reply>;
}

export class ClientSession {
  readonly id: string;
  readonly agent: string;
  /** Replaced by each request's own credentials (same agent, same method), for fresh claims. */
  principal: Principal;
  readonly route: Route;
  readonly stateless: boolean;
  lastActive = Date.now();
  closed = false;
  onclose?: () => void;
  readonly upstreams = new Map<string, Upstream>();
  readonly #channel: ClientChannel;
  readonly #context: () => GatewayContext;
  router!: Router;
  /** Client requests in flight, by the client's id: where each went, for cancellation. */
  readonly #inflight = new Map<RequestId, { upstream: Upstream; upstreamId: RequestId }>();
  /** The server's requests to the client, by the id the client saw. */
  readonly #serverRequests = new Map<RequestId, { upstream: Upstream; upstreamId: RequestId }>();
  /** Which client request asked for progress under a token, so progress rides its stream. */
  readonly #progressOwner = new Map<string | number, RequestId>();
  #nextServerRequestId = 1;
  /** The gateway's own requests to the client (approval forms), by the id it gave them. */
  readonly #ownRequests = new Map<RequestId, (response: JSONRPCResponse) => void>();
  /** The client's requests being worked on, by their ids: an id is not reused meanwhile. */
  readonly #active = new Set<RequestId>();
  /** Set by a router whose initialize failed: the error is sent, then the session ends. */
  #ending = false;
  /** What the client said it can do in its initialize request. */
  clientCapabilities: Record<string, unknown> = {};

  constructor(options: SessionOptions) {
    this.id = options.id;
    this.agent = options.principal.agent;
    this.principal = options.principal;
    this.route = options.route;
    this.stateless = options.stateless === true;
    this.#channel = options.channel;
    this.#context = options.context;
  }

  get context(): GatewayContext {
    return this.#context();
  }

  inFlight(id: RequestId): boolean {
    return this.#active.has(id);
  }

  /** A session working on a request is not idle, however long the request takes. */
  get busy(): boolean {
    return this.#active.size > 0;
  }

  /** Ends the session once the reply now being made has been sent (a failed initialize). */
  endAfterReply(): void {
    this.#ending = true;
  }

  receive(message: JSONRPCMessage): void {
    this.lastActive = Date.now();
    if (isRequest(message)) void this.#onRequest(message);
    else if (isNotification(message)) this.#onNotification(message);
    else if (isResponse(message)) this.#onResponse(message);
  }

  /**
   * Opens the upstream session for one server, wired to this client: its own, or its share of
   * the one session a `shared` server has for every client.
   */
  openUpstream(server: string): Upstream {
    const config = this.context.servers.get(server);
    if (!config) throw new UpstreamUnavailableError(server, 'no such server in the config');
    const hooks = {
      onRequest: (request: JSONRPCRequest, origin?: RequestOrigin) => this.#fromServerRequest(upstream, request, origin),
      onNotification: (notification: JSONRPCNotification) => this.#fromServerNotification(upstream, notification),
    };
    // Either era behind one handle. A shared stateful server is the one session every client
    // shares (SharedUpstreams); a shared 2026-07-28 stdio server is one process for all of them,
    // otherwise one per client session (a stateless client's pooled sessions share theirs).
    const upstream: Upstream = new EraUpstream(config, { ...hooks, ...serverEvents(this.context, server, config.shared ? {} : { session: this.id }) }, {
      handshakes: this.context.handshakes,
      bridge: !this.stateless,
      partition: config.shared ? SHARED_PARTITION : this.stateless ? this.id : undefined,
      shared: config.shared ? this.context.sharedUpstreams : undefined,
    });
    this.upstreams.set(server, upstream);
    return upstream;
  }

  /** Forwards one request to an upstream and turns the outcome into a reply for the client. */
  async forward(upstream: Upstream, clientId: RequestId, method: string, params: Record<string, unknown> | undefined): Promise<Reply> {
    try {
      const response = await this.request(upstream, clientId, method, params);
      return 'error' in response ? { error: response.error } : { result: response.result as Record<string, unknown> };
    } catch (err) {
      return errorReply(err);
    }
  }

  /** Sends a request upstream, remembering its id there so the client can cancel it. */
  request(upstream: Upstream, clientId: RequestId, method: string, params: Record<string, unknown> | undefined): Promise<JSONRPCResponse> {
    return upstream.request(method, params, (upstreamId) => this.#inflight.set(clientId, { upstream, upstreamId }));
  }

  /** The tools/call chain for a call already resolved to its server and upstream tool name. */
  callTool(upstream: Upstream, request: JSONRPCRequest, tool: string): Promise<Reply> {
    const params = (request.params ?? {}) as Record<string, unknown>;
    const args = (params.arguments ?? {}) as Record<string, unknown>;
    return runToolCall(this.context, {
      call: { server: upstream.server.name, tool, args, agent: this.agent, session: this.id, claims: this.principal.claims },
      auth: this.principal.auth,
      client: this.#abilitiesFor(request),
      params,
      forward: (forwarded) => this.request(upstream, request.id, 'tools/call', forwarded),
    });
  }

  /** The client's side as the approval stage sees it: can it show a form, and progress. */
  #abilitiesFor(request: JSONRPCRequest): ClientAbilities {
    const token = progressToken(request);
    return {
      canElicit: this.clientCapabilities.elicitation !== undefined,
      progress: (progress, message) => {
        if (token === undefined) return;
        this.#channel.send({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: token, progress, message } } as JSONRPCMessage, request.id);
      },
      elicit: (params) => this.#requestClient('elicitation/create', params, request.id).then((response) => {
        if ('error' in response) throw new Error(response.error.message);
        return response.result as { action?: string; content?: Record<string, unknown> };
      }),
    };
  }

  /** A request of the gateway's own to the client, on the stream of the call it concerns. */
  #requestClient(method: string, params: Record<string, unknown>, relatedTo: RequestId): Promise<JSONRPCResponse> {
    const id = `gh-c${this.#nextServerRequestId++}`;
    return new Promise((resolve) => {
      this.#ownRequests.set(id, resolve);
      this.#channel.send({ jsonrpc: '2.0', id, method, params } as JSONRPCMessage, relatedTo);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    for (const [id, resolve] of this.#ownRequests) resolve({ jsonrpc: '2.0', id, error: { code: RPC.internalError, message: 'the session ended' } } as JSONRPCResponse);
    this.#ownRequests.clear();
    this.closed = true;
    await Promise.all([...this.upstreams.values()].map((u) => u.close()));
    this.onclose?.();
  }

  async #onRequest(request: JSONRPCRequest): Promise<void> {
    if (this.#active.has(request.id)) {
      // Two requests under one id cannot both be answered: the second is refused, not forwarded.
      this.#channel.send({ jsonrpc: '2.0', id: request.id, error: { code: RPC.invalidRequest, message: `Invalid Request: a request with id ${JSON.stringify(request.id)} is already in flight in this session` } } as JSONRPCMessage, request.id);
      return;
    }
    this.#active.add(request.id);
    const token = progressToken(request);
    if (token !== undefined) this.#progressOwner.set(token, request.id);
    if (request.method === 'initialize') {
      this.clientCapabilities = ((request.params as { capabilities?: Record<string, unknown> } | undefined)?.capabilities ?? {});
    }
    let reply: Reply;
    try {
      reply = request.method === 'initialize' ? await this.router.initialize(request) : await this.router.dispatch(request);
    } catch (err) {
      reply = errorReply(err);
    } finally {
      this.#inflight.delete(request.id);
      this.#active.delete(request.id);
      this.lastActive = Date.now();
      if (token !== undefined) this.#progressOwner.delete(token);
    }
    if (reply === undefined) return this.#channel.forget?.(request.id); // cancelled: the client expects no answer
    // Closed meanwhile (idle, evicted, ended): the request still gets an answer, never a hang.
    if (this.closed && !this.#ending && !('error' in reply)) reply = { error: { code: RPC.serverError, message: 'the session ended before the answer; start a new one' } };
    this.#channel.send({ jsonrpc: '2.0', id: request.id, ...reply } as JSONRPCMessage, request.id);
    if (this.#ending) void this.close();
  }

  #onNotification(notification: JSONRPCNotification): void {
    if (notification.method === 'notifications/cancelled') {
      const params = notification.params as { requestId?: RequestId; reason?: string } | undefined;
      const target = params?.requestId !== undefined ? this.#inflight.get(params.requestId) : undefined;
      target?.upstream.cancel(target.upstreamId, params?.reason);
      return;
    }
    for (const upstream of this.upstreams.values()) void upstream.post(notification);
  }

  #onResponse(response: JSONRPCResponse): void {
    const own = this.#ownRequests.get(response.id as RequestId);
    if (own) {
      this.#ownRequests.delete(response.id as RequestId);
      own(response);
      return;
    }
    const origin = this.#serverRequests.get(response.id as RequestId);
    if (!origin) return;
    this.#serverRequests.delete(response.id as RequestId);
    void origin.upstream.post({ ...response, id: origin.upstreamId } as JSONRPCMessage);
  }

  #fromServerRequest(upstream: Upstream, request: JSONRPCRequest, origin?: RequestOrigin): void {
    const id = `gh-s${this.#nextServerRequestId++}`;
    this.#serverRequests.set(id, { upstream, upstreamId: request.id });
    this.#channel.send({ ...request, id } as JSONRPCMessage, this.#askedBy(upstream, origin?.related) ?? this.#relatedRequest(upstream), origin?.inputKey);
  }

  /** The client request whose upstream request (`related`) asked: known exactly, not guessed. */
  #askedBy(upstream: Upstream, related: RequestId | undefined): RequestId | undefined {
    if (related === undefined) return undefined;
    for (const [clientId, inflight] of this.#inflight) if (inflight.upstream === upstream && inflight.upstreamId === related) return clientId;
    return undefined;
  }

  #fromServerNotification(upstream: Upstream, notification: JSONRPCNotification): void {
    const params = notification.params as Record<string, unknown> | undefined;
    if (notification.method === 'notifications/progress') {
      const owner = this.#progressOwner.get(params?.progressToken as string | number);
      this.#channel.send(notification, owner ?? this.#relatedRequest(upstream));
      return;
    }
    if (notification.method === 'notifications/cancelled') {
      // The server gave up on one of its own requests: name it by the id the client saw.
      for (const [id, origin] of this.#serverRequests) {
        if (origin.upstream === upstream && origin.upstreamId === params?.requestId) {
          this.#serverRequests.delete(id);
          this.#channel.send({ ...notification, params: { ...params, requestId: id } } as JSONRPCMessage);
        }
      }
      return;
    }
    this.#channel.send(notification, this.#relatedRequest(upstream));
  }

  /**
   * The client request a server's message most likely belongs to: the newest one in flight on
   * that upstream. stdio says nothing about relations, and a client without a standalone GET
   * stream can only hear a sampling or elicitation request on the stream of the tool call.
   */
  #relatedRequest(upstream: Upstream): RequestId | undefined {
    let related: RequestId | undefined;
    for (const [clientId, inflight] of this.#inflight) if (inflight.upstream === upstream) related = clientId;
    return related;
  }
}

export function errorReply(err: unknown): Reply {
  if (err instanceof RequestCancelledError) return undefined;
  if (err instanceof UpstreamUnavailableError) return { error: { code: RPC.serverError, message: err.message } };
  return { error: { code: RPC.internalError, message: (err as Error).message ?? String(err) } };
}

function progressToken(request: JSONRPCRequest): string | number | undefined {
  const meta = (request.params as { _meta?: { progressToken?: string | number } } | undefined)?._meta;
  return meta?.progressToken;
}

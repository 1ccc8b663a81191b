// Serves 2026-07-28 (stateless) requests with the routers and the tools/call chain of the
// stateful era. Requests of one agent's client (same clientInfo, same capabilities) share a
// pooled ClientSession, opened with a handshake made up from the request's `_meta`: the
// upstream sessions it holds speak whatever era their server speaks. A server's request to the
// client during a call (elicitation, sampling, roots, and the gateway's own approval forms)
// becomes an `input_required` result; the client's retry answers it and resumes the call.
import { createHash, randomUUID } from 'node:crypto';
import type { StatelessStream } from '../downstream/stateless-http.ts';
import {
  envelopeOf,
  ERA_ERRORS,
  LEGACY_VERSIONS,
  ALL_VERSIONS,
  SERVER_INFO_META_KEY,
  statelessResult,
  SUBSCRIPTION_ID_META_KEY,
  withoutEnvelope,
  type Envelope,
} from '../mcp/era.ts';
import type { JSONRPCMessage, JSONRPCNotification, JSONRPCRequest, JSONRPCResponse, RequestId } from '../mcp/wire.ts';
import { errorResponse, isNotification, isRequest, isResponse, RPC } from '../mcp/wire.ts';
import { argsDigest } from '../audit/digest.ts';
import { RequestStateSeal } from './request-state.ts';
import type { ClientChannel, ClientSession } from './session.ts';
import type { Principal } from '../auth/principal.ts';
import type { Upstream } from '../upstream/upstream.ts';

/** How long a call waits for the client's retry after an `input_required` result. */
const PARKED_MS = 10 * 60_000;
const LOG_LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];
/** The client capability each server-to-client request needs. */
const NEEDS: Record<string, string> = { 'elicitation/create': 'elicitation', 'sampling/createMessage': 'sampling', 'roots/list': 'roots' };
/** A failed upstream listen request is sent again after this, doubling up to the max. */
const RELISTEN_FIRST_MS = 500;
const RELISTEN_MAX_MS = 30_000;
const LIST_FILTERS: Record<string, string> = {
  'notifications/tools/list_changed': 'toolsListChanged',
  'notifications/prompts/list_changed': 'promptsListChanged',
  'notifications/resources/list_changed': 'resourcesListChanged',
};

export type SessionFactory = (endpoint: string, principal: Principal, id: string, channel: ClientChannel) => ClientSession;

/** One client request in flight on a pooled session, under the gateway's id for it. */
interface InFlight {
  stream: StatelessStream;
  clientId: RequestId;
  method: string;
  /** The request's params, as the client sent them. */
  params: Record<string, unknown> | undefined;
  /**
   * What the request is about (tool, prompt or resource, and arguments), which a retry must
   * match: made when the call first waits for input, so calls that never do skip the digest.
   */
  subject?: string;
  envelope: Envelope;
  /** Set while the call waits for the client's retry: the server requests it must answer. */
  parked?: { token: string; asks: Map<string, JSONRPCRequest>; timer: NodeJS.Timeout };
}

interface Listener {
  stream: StatelessStream;
  subscriptionId: string;
  filter: { toolsListChanged?: boolean; promptsListChanged?: boolean; resourcesListChanged?: boolean; resourceSubscriptions?: string[] };
}

/** A pooled session: what one client of one agent shares across its stateless requests. */
class Pooled implements ClientChannel {
  session!: ClientSession;
  ready!: Promise<Record<string, unknown> | { error: { code: number; message: string } }>;
  lastUsed = Date.now();
  readonly inflight = new Map<RequestId, InFlight>();
  readonly listeners = new Set<Listener>();
  /** Upstream listen requests (by their upstream id) waiting for the server's acknowledgement. */
  readonly acks = new Map<RequestId, () => void>();
  readonly agent: string;
  readonly key: string;
  readonly #owner: StatelessSessions;
  #onReady?: (result: Record<string, unknown> | { error: { code: number; message: string } }) => void;

  constructor(owner: StatelessSessions, key: string, agent: string) {
    this.#owner = owner;
    this.key = key;
    this.agent = agent;
    this.ready = new Promise((resolve) => (this.#onReady = resolve));
  }

  get busy(): boolean {
    return this.inflight.size > 0 || this.listeners.size > 0;
  }

  send(message: JSONRPCMessage, relatedTo?: RequestId, inputKey?: string): void {
    if (isResponse(message)) {
      if (message.id === 'gh-init') {
        this.#onReady?.('error' in message ? { error: message.error } : (message.result as Record<string, unknown>));
        return;
      }
      this.#owner.answer(this, message);
      return;
    }
    const call = relatedTo !== undefined ? this.inflight.get(relatedTo) : undefined;
    if (isRequest(message)) return this.#owner.ask(this, message, relatedTo, call, inputKey);
    if (!isNotification(message)) return;
    if (call && message.method === 'notifications/progress') {
      call.stream.event({ ...message } as JSONRPCMessage);
      return;
    }
    if (message.method === 'notifications/message') {
      // Log lines only for a request that asked for them, at its level or above.
      const wanted = call?.envelope.logLevel;
      const level = (message.params as { level?: string } | undefined)?.level ?? 'info';
      if (call && wanted !== undefined && LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(wanted)) call.stream.event(message);
      return;
    }
    this.#owner.broadcast(this, message);
  }
}

export class StatelessSessions {
  readonly #pool = new Map<string, Pooled>();
  readonly #factory: SessionFactory;
  readonly #seal = new RequestStateSeal();
  /** Parked calls by the token in their requestState. */
  readonly #parked = new Map<string, { pooled: Pooled; id: RequestId }>();
  readonly #idleMs: () => number;
  readonly #max: () => number;
  #next = 1;
  #sweeper?: NodeJS.Timeout;

  constructor(factory: SessionFactory, options: { idleMs: () => number; maxSessions: () => number }) {
    this.#factory = factory;
    this.#idleMs = options.idleMs;
    this.#max = options.maxSessions;
  }

  get size(): number {
    return this.#pool.size;
  }

  /**
   * What a `scope: session` limit counts for stateless requests: one agent's client, named by
   * the clientInfo (name and version) its requests carry. Different capabilities share it.
   */
  static sessionLabel(agent: string, envelope: Pick<Envelope, 'clientInfo'>): string {
    const name = envelope.clientInfo?.name ?? '';
    const version = envelope.clientInfo?.version ?? '';
    return `stateless-${createHash('sha256').update(`${agent}\0${name}\0${version}`).digest('hex').slice(0, 16)}`;
  }

  async serve(endpoint: string, principal: Principal, request: JSONRPCRequest, stream: StatelessStream): Promise<void> {
    const agent = principal.agent;
    const params = request.params as Record<string, unknown> | undefined;
    const envelope = envelopeOf(params);
    // A state the gateway sealed resumes a parked call; a server's own goes to that server.
    if (typeof params?.requestState === 'string' && this.#seal.open(params.requestState, agent) !== undefined) return this.#resume(endpoint, agent, request, params, stream);
    const pooled = this.#pooled(endpoint, principal, envelope);
    // The request's own credentials (a token's claims may differ from the pool's first request).
    pooled.session.principal = principal;
    const init = await pooled.ready;
    if ('error' in init && !('capabilities' in init)) return stream.answer(errorResponse(request.id, (init.error as { code: number }).code, (init.error as { message: string }).message));
    const serverInfo = (init.serverInfo as { name: string; version: string } | undefined) ?? { name: 'gatehouse', version: '' };
    if (request.method === 'server/discover') return stream.answer({ jsonrpc: '2.0', id: request.id, result: discoverResult(init, serverInfo) } as JSONRPCResponse);
    if (request.method === 'subscriptions/listen') return this.#listen(pooled, request, stream);

    const id = `st-${this.#next++}`;
    pooled.inflight.set(id, { stream, clientId: request.id, method: request.method, params, envelope });
    pooled.lastUsed = Date.now();
    stream.onabandon = () => {
      // A closed response stream is this era's cancellation.
      const call = pooled.inflight.get(id);
      if (!call || call.parked) return;
      pooled.inflight.delete(id);
      pooled.session.receive({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason: 'the client closed the request' } } as JSONRPCMessage);
    };
    pooled.session.receive({ ...request, id, params: withoutEnvelope(params) } as JSONRPCMessage);
  }

  /** A pooled session's answer to one of its requests, in the shape of this era. */
  answer(pooled: Pooled, response: JSONRPCResponse): void {
    const call = pooled.inflight.get(response.id as RequestId);
    if (!call) return;
    pooled.inflight.delete(response.id as RequestId);
    if (call.parked) this.#unpark(call);
    pooled.lastUsed = Date.now();
    if ('error' in response) {
      const code = call.method === 'resources/read' && response.error.code === -32002 ? RPC.invalidParams : response.error.code;
      call.stream.answer(errorResponse(call.clientId, code, response.error.message, response.error.data));
      return;
    }
    void pooled.ready.then((init) => {
      const serverInfo = ((init as Record<string, unknown>).serverInfo as { name: string; version: string } | undefined) ?? { name: 'gatehouse', version: '' };
      call.stream.answer({ jsonrpc: '2.0', id: call.clientId, result: statelessResult(call.method, response.result as Record<string, unknown>, serverInfo) } as JSONRPCResponse);
    });
  }

  /**
   * A request to the client during one of its calls: an `input_required` result when the
   * client declared the capability it needs, else the call fails with -32021 (and is cancelled).
   */
  ask(pooled: Pooled, request: JSONRPCRequest, relatedTo: RequestId | undefined, call: InFlight | undefined, inputKey?: string): void {
    const refuse = (message: string) => pooled.session.receive(errorResponse(request.id, RPC.methodNotFound, message));
    if (request.method === 'ping') return pooled.session.receive({ jsonrpc: '2.0', id: request.id, result: {} } as JSONRPCMessage);
    if (!call || relatedTo === undefined) return refuse(`a stateless (2026-07-28) client cannot be asked ${request.method} outside a request`);
    const needed = NEEDS[request.method];
    if (!needed) return refuse(`${request.method} cannot be carried to a stateless (2026-07-28) client`);
    if (call.envelope.clientCapabilities[needed] === undefined) {
      refuse(`the client did not declare the ${needed} capability`);
      pooled.inflight.delete(relatedTo);
      pooled.session.receive({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: relatedTo, reason: `the client lacks the ${needed} capability` } } as JSONRPCMessage);
      call.stream.answer(errorResponse(call.clientId, ERA_ERRORS.missingClientCapability, `Missing required client capability: ${needed}`, { requiredCapabilities: { [needed]: {} } }));
      return;
    }
    if (!call.parked) {
      const token = randomUUID();
      const timer = setTimeout(() => this.#expire(pooled, relatedTo, token), PARKED_MS);
      timer.unref();
      call.parked = { token, asks: new Map(), timer };
      call.subject ??= subjectOf(call.params);
      this.#parked.set(token, { pooled, id: relatedTo });
    }
    // A 2026-07-28 server's own key where it named one (clients and conformance checks read it).
    call.parked.asks.set(inputKey !== undefined && !call.parked.asks.has(inputKey) ? inputKey : String(request.id), request);
    // Requests that arrive in the same turn go out together in one result.
    queueMicrotask(() => this.#offer(pooled, call));
  }

  /** A notification not tied to a request: list changes and resource updates for listeners. */
  broadcast(pooled: Pooled, notification: JSONRPCNotification): void {
    const params = (notification.params ?? {}) as Record<string, unknown>;
    if (notification.method === 'notifications/subscriptions/acknowledged') {
      // A server's acknowledgement of our listen request (it names the request): not the
      // client's business (it got the gateway's own), but it says the stream is back.
      const id = (params._meta as Record<string, unknown> | undefined)?.[SUBSCRIPTION_ID_META_KEY] as RequestId | undefined;
      const acknowledged = id !== undefined ? pooled.acks.get(id) : undefined;
      if (acknowledged) {
        pooled.acks.delete(id!);
        acknowledged();
      }
      return;
    }
    for (const listener of pooled.listeners) {
      const flag = LIST_FILTERS[notification.method];
      const wanted = flag ? listener.filter[flag as keyof Listener['filter']] === true
        : notification.method === 'notifications/resources/updated' && (listener.filter.resourceSubscriptions ?? []).includes(params.uri as string);
      if (!wanted) continue;
      const meta = { ...(params._meta as Record<string, unknown> | undefined), [SUBSCRIPTION_ID_META_KEY]: listener.subscriptionId };
      listener.stream.event({ ...notification, params: { ...params, _meta: meta } } as JSONRPCMessage);
    }
  }

  startSweeping(every = 30_000): void {
    this.#sweeper = setInterval(() => {
      const cutoff = Date.now() - this.#idleMs();
      for (const pooled of this.#pool.values()) if (!pooled.busy && pooled.lastUsed < cutoff) this.#drop(pooled);
    }, every);
    this.#sweeper.unref();
  }

  async closeAll(): Promise<void> {
    clearInterval(this.#sweeper);
    const all = [...this.#pool.values()];
    this.#pool.clear();
    for (const pooled of all) for (const listener of pooled.listeners) listener.stream.answer({ jsonrpc: '2.0', id: 0, result: {} } as JSONRPCResponse);
    await Promise.all(all.map((p) => p.session.close()));
  }

  #pooled(endpoint: string, principal: Principal, envelope: Envelope): Pooled {
    const agent = principal.agent;
    const label = StatelessSessions.sessionLabel(agent, envelope);
    const key = `${endpoint}\0${label}\0${JSON.stringify(envelope.clientCapabilities)}`;
    let pooled = this.#pool.get(key);
    if (pooled && !pooled.session.closed) return pooled;
    while (this.#pool.size >= this.#max()) {
      const idlest = [...this.#pool.values()].filter((p) => !p.busy).sort((a, b) => a.lastUsed - b.lastUsed)[0];
      if (!idlest) break;
      this.#drop(idlest);
    }
    pooled = new Pooled(this, key, agent);
    pooled.session = this.#factory(endpoint, principal, label, pooled);
    this.#pool.set(key, pooled);
    // The handshake the client never sent, from what its request says about it. Its upstream
    // sessions start lazily (the handshake cache), so a pooled session costs no process yet.
    const clientInfo = { name: envelope.clientInfo?.name ?? 'stateless-client', version: envelope.clientInfo?.version ?? '0' };
    pooled.session.receive({ jsonrpc: '2.0', id: 'gh-init', method: 'initialize', params: { protocolVersion: LEGACY_VERSIONS[0], capabilities: envelope.clientCapabilities, clientInfo } } as JSONRPCMessage);
    void pooled.ready.then((init) => {
      if ('error' in init && !('capabilities' in init)) this.#drop(pooled);
      else pooled.session.receive({ jsonrpc: '2.0', method: 'notifications/initialized' } as JSONRPCMessage);
    });
    return pooled;
  }

  #drop(pooled: Pooled): void {
    if (this.#pool.get(pooled.key) === pooled) this.#pool.delete(pooled.key);
    void pooled.session.close();
  }

  /** Sends the client the questions a parked call is waiting on, as an `input_required` result. */
  #offer(pooled: Pooled, call: InFlight): void {
    if (!call.parked || call.stream.closed) return;
    const inputRequests: Record<string, unknown> = {};
    for (const [key, ask] of call.parked.asks) inputRequests[key] = { method: ask.method, params: ask.params ?? {} };
    call.stream.answer({
      jsonrpc: '2.0',
      id: call.clientId,
      result: { resultType: 'input_required', inputRequests, requestState: this.#seal.seal(call.parked.token, pooled.agent) },
    } as JSONRPCResponse);
  }

  /** A retry carrying `requestState`: answers the parked call's questions and waits for it again. */
  #resume(endpoint: string, agent: string, request: JSONRPCRequest, params: Record<string, unknown>, stream: StatelessStream): void {
    const token = this.#seal.open(params.requestState as string, agent);
    const parked = token ? this.#parked.get(token) : undefined;
    const call = parked?.pooled.inflight.get(parked.id);
    // The retry must come to the endpoint, with the method, of the call it resumes.
    if (!parked || !call?.parked || call.method !== request.method || !parked.pooled.key.startsWith(`${endpoint}\0`)) {
      const why = token === null ? 'the requestState was altered or belongs to another agent' : 'the requestState names no call waiting for input (it finished, expired or never existed)';
      return stream.answer(errorResponse(request.id, RPC.invalidParams, `Invalid requestState: ${why}`));
    }
    // ... and ask for the same thing: the call that resumes is the one that was decided, so a
    // retry naming another tool or other arguments is refused rather than quietly ignored.
    if ((call.subject ?? subjectOf(call.params)) !== subjectOf(params)) {
      return stream.answer(errorResponse(request.id, RPC.invalidParams, 'Invalid requestState: the retry must repeat the original request (same name, uri and arguments)'));
    }
    const responses = (params.inputResponses ?? {}) as Record<string, unknown>;
    call.stream = stream;
    call.clientId = request.id;
    const asks = call.parked.asks;
    for (const [key, ask] of [...asks]) {
      if (responses[key] === undefined) continue;
      asks.delete(key);
      parked.pooled.session.receive({ jsonrpc: '2.0', id: ask.id, result: responses[key] } as JSONRPCMessage);
    }
    if (asks.size > 0) return this.#offer(parked.pooled, call); // still missing answers: ask again
    this.#unpark(call);
    stream.onabandon = () => {
      if (!parked.pooled.inflight.delete(parked.id)) return;
      parked.pooled.session.receive({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: parked.id, reason: 'the client closed the request' } } as JSONRPCMessage);
    };
  }

  #unpark(call: InFlight): void {
    if (!call.parked) return;
    clearTimeout(call.parked.timer);
    this.#parked.delete(call.parked.token);
    call.parked = undefined;
  }

  /** The client never came back: the server's questions are refused and the call cancelled. */
  #expire(pooled: Pooled, id: RequestId, token: string): void {
    this.#parked.delete(token);
    const call = pooled.inflight.get(id);
    if (!call?.parked) return;
    for (const ask of call.parked.asks.values()) pooled.session.receive(errorResponse(ask.id, RPC.internalError, 'the client did not answer in time'));
    this.#unpark(call);
    pooled.inflight.delete(id);
    pooled.session.receive({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason: 'input never arrived' } } as JSONRPCMessage);
  }

  /** subscriptions/listen: the acknowledgement first, then the notifications the filter names. */
  #listen(pooled: Pooled, request: JSONRPCRequest, stream: StatelessStream): void {
    const filter = ((request.params as Record<string, unknown> | undefined)?.notifications ?? {}) as Listener['filter'];
    if (!stream.open()) return stream.answer(errorResponse(request.id, RPC.invalidRequest, 'subscriptions/listen needs Accept: text/event-stream'));
    const listener: Listener = { stream, subscriptionId: randomUUID(), filter };
    pooled.listeners.add(listener);
    stream.event({
      jsonrpc: '2.0',
      method: 'notifications/subscriptions/acknowledged',
      params: { notifications: filter, _meta: { [SUBSCRIPTION_ID_META_KEY]: listener.subscriptionId } },
    } as JSONRPCMessage);
    // A stateless server gets the same listen request (its notifications come back through the
    // pooled session); a stateful one is woken (it starts lazily) and subscribed to the resources.
    const streams = [...pooled.session.upstreams.values()].map((upstream) => this.#forward(pooled, listener, upstream));
    stream.onabandon = () => {
      pooled.listeners.delete(listener);
      for (const forwarded of streams) forwarded.stop();
    };
  }

  /**
   * One upstream's half of a client's listen stream, kept open as long as the client's is. A
   * 2026-07-28 stdio server that dies takes its listen request with it, and the new process
   * (started by the next request, after the crash backoff) knows nothing of it: without a new
   * listen request the client's stream would stay open yet never hear that server again. So a
   * failed request is sent again, 0.5 s doubling to 30 s (a refusal during the restart backoff
   * just waits for the next try). A server answering the request (an error from a stateful
   * server, a result when the server ends the subscription itself) is not retried.
   */
  #forward(pooled: Pooled, listener: Listener, upstream: Upstream): { stop(): void } {
    const { stream, filter } = listener;
    let id: RequestId | undefined;
    let timer: NodeJS.Timeout | undefined;
    let delay = RELISTEN_FIRST_MS;
    let stopped = false;
    // The process the client last heard from (restarts count new processes).
    let seen = upstream.restarts;
    const live = () => !stopped && !stream.closed && pooled.listeners.has(listener) && upstream.state !== 'closed';
    const open = () => {
      timer = undefined;
      if (!live()) return;
      id = undefined;
      void upstream.request('subscriptions/listen', { notifications: filter }, (sent) => {
        id = sent;
        pooled.acks.set(sent, acknowledged);
      }).then((response) => {
        if (id !== undefined) pooled.acks.delete(id);
        if (!('error' in response) || !live()) return;
        void upstream.request('ping', undefined).catch(() => undefined);
        for (const uri of filter.resourceSubscriptions ?? []) void upstream.request('resources/subscribe', { uri }).catch(() => undefined);
      }, () => {
        if (id !== undefined) pooled.acks.delete(id);
        if (!live()) return;
        timer = setTimeout(open, delay);
        timer.unref();
        delay = Math.min(delay * 2, RELISTEN_MAX_MS);
      });
    };
    // The server took the listen request. On a new process the lists may differ from what the
    // client last listed, and changes made while no stream was open were never heard: each list
    // the filter asked about is announced changed, so the client lists it again.
    const acknowledged = () => {
      delay = RELISTEN_FIRST_MS;
      if (upstream.restarts === seen || !live()) return;
      seen = upstream.restarts;
      for (const [method, flag] of Object.entries(LIST_FILTERS)) {
        if (filter[flag as keyof Listener['filter']] !== true) continue;
        stream.event({ jsonrpc: '2.0', method, params: { _meta: { [SUBSCRIPTION_ID_META_KEY]: listener.subscriptionId } } } as JSONRPCMessage);
      }
    };
    open();
    return {
      stop: () => {
        stopped = true;
        clearTimeout(timer);
        if (id === undefined) return;
        pooled.acks.delete(id);
        upstream.cancel(id, 'the client closed its listen stream');
      },
    };
  }
}

/** The part of a request a retry repeats: its name or uri and its arguments (as a digest). */
function subjectOf(params: Record<string, unknown> | undefined): string {
  return JSON.stringify([params?.name ?? null, params?.uri ?? null, argsDigest(params?.arguments ?? null)]);
}

/** `server/discover`: every revision the gateway speaks, and the capabilities behind it. */
function discoverResult(init: Record<string, unknown>, serverInfo: { name: string; version: string }): Record<string, unknown> {
  const result: Record<string, unknown> = {
    resultType: 'complete',
    supportedVersions: [...ALL_VERSIONS],
    capabilities: init.capabilities ?? {},
    _meta: { [SERVER_INFO_META_KEY]: serverInfo },
  };
  if (typeof init.instructions === 'string') result.instructions = init.instructions;
  return result;
}

// A server that speaks 2026-07-28, behind the same Upstream interface as a stateful session.
// There is no handshake: `initialize` is answered from the server's `server/discover`, and every
// request carries the client's capabilities and identity in `_meta`. Methods that revision
// removed are answered here. The server's `input_required` results become requests to the
// client (a stateful client's elicitation / sampling / roots requests, or, for a stateless
// client, the gateway's own `input_required` result), and their answers go back in the retried
// request: the call stays one call to the policy, the limits and the audit, whatever its rounds.
import type { RemoteServerConfig, ServerConfig } from '../config/types.ts';
import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  LEGACY_VERSIONS,
  LOG_LEVEL_META_KEY,
  PROTOCOL_VERSION_META_KEY,
  SERVER_INFO_META_KEY,
  STATELESS_VERSIONS,
  SUBSCRIPTION_ID_META_KEY,
} from '../mcp/era.ts';
import type { JSONRPCMessage, JSONRPCRequest, JSONRPCResponse, RequestId } from '../mcp/wire.ts';
import { isNotification, isRequest, isResponse } from '../mcp/wire.ts';
import { StatelessHttpTransport } from './stateless-http-transport.ts';
import { leaseStdio, type StdioLease } from './shared-stdio.ts';
import type { StdioUpstreamTransport } from './stdio.ts';
import { DEFAULT_SERVER_TIMEOUTS } from '../config/types.ts';
import { RequestCancelledError, UpstreamTimeoutError, UpstreamUnavailableError } from './transport.ts';
import type { Upstream, UpstreamHooks, UpstreamState } from './upstream.ts';

/** Ids unique across the users of one shared stdio process. */
let nextId = 1;

/** How many input rounds one request may take before the gateway gives up on the server. */
const MAX_ROUNDS = 10;

/**
 * One client request across its input rounds, by the id of its current round: a cancellation
 * or the deadline ends it while it waits for the client's answers, not only while the server
 * works on a round.
 */
interface Logical {
  fail(error: Error): void;
}

interface Pending {
  resolve(response: JSONRPCResponse): void;
  reject(error: Error): void;
  abort?: AbortController;
}

export class StatelessUpstream implements Upstream {
  readonly server: ServerConfig;
  state: UpstreamState = 'starting';
  initializeResult?: Record<string, unknown>;
  /** The revisions the server listed in `server/discover`. */
  supportedVersions: string[] = [];
  /** New processes started after one died (stdio). */
  restarts = 0;
  readonly #hooks: UpstreamHooks;
    /** The client is stateful: list changes and resource subscriptions ride a listen stream kept here. */
  readonly #bridge: boolean;
  #http?: StatelessHttpTransport;
  #stdio?: StdioLease;
  readonly #partition?: string;
  /**
   * Progress tokens as the server sees them (the gateway's own, unique on a process several
   * clients share) → the token this upstream's client chose.
   */
  readonly #tokens = new Map<string, string | number>();
  #envelope: Record<string, unknown> = {};
  readonly #pending = new Map<RequestId, Pending>();
  /** Our requests to the client (bridged inputs), by the id the client got. */
  readonly #asks = new Map<RequestId, (response: JSONRPCResponse) => void>();
  readonly #logical = new Map<RequestId, Logical>();
  #logLevel?: string;
  /** For a stateful client: the resources it subscribed to, and the listen stream carrying changes. */
  readonly #subscribed = new Set<string>();
  #listening?: RequestId;
  #wantsListen = false;

  constructor(server: ServerConfig, hooks: UpstreamHooks, options: { bridge: boolean; partition?: string }) {
    this.server = server;
    this.#hooks = hooks;
    this.#bridge = options.bridge;
    this.#partition = options.partition;
  }

  /** The client's handshake (real or made up) becomes the envelope of every request. */
  async initialize(params: Record<string, unknown>): Promise<JSONRPCResponse> {
    this.#envelope = {
      [PROTOCOL_VERSION_META_KEY]: STATELESS_VERSIONS[0],
      [CLIENT_CAPABILITIES_META_KEY]: params.capabilities ?? {},
      ...(params.clientInfo ? { [CLIENT_INFO_META_KEY]: params.clientInfo } : {}),
    };
    try {
      if (this.server.transport === 'stdio') {
        this.#stdio = await leaseStdio(this.server, this.#partition, {
          onmessage: (message) => this.#onMessage(message),
          onclose: (cause) => this.#down(cause),
          onrestart: () => this.#up(),
          onStderr: (line) => this.#hooks.onStderr?.(line),
        });
      } else {
        this.#http = new StatelessHttpTransport(this.server as RemoteServerConfig);
      }
      this.state = 'ready';
      // An error answer is returned as it is: the caller may hand the process to a stateful session.
      const discovered = await this.#send('server/discover', {});
      if ('error' in discovered) return discovered;
      const found = discovered.result as Record<string, unknown>;
      this.supportedVersions = Array.isArray(found.supportedVersions) ? found.supportedVersions.filter((v): v is string => typeof v === 'string') : [];
      const asked = typeof params.protocolVersion === 'string' && LEGACY_VERSIONS.includes(params.protocolVersion) ? params.protocolVersion : LEGACY_VERSIONS[0];
      this.initializeResult = {
        protocolVersion: asked,
        capabilities: found.capabilities ?? {},
        serverInfo: (found._meta as Record<string, unknown> | undefined)?.[SERVER_INFO_META_KEY] ?? found.serverInfo ?? { name: this.server.name, version: '' },
        ...(typeof found.instructions === 'string' ? { instructions: found.instructions } : {}),
      };
      this.#hooks.onState?.('ready');
      if (this.#bridge) this.#listen();
      return { jsonrpc: '2.0', id: 'gh-0', result: this.initializeResult } as JSONRPCResponse;
    } catch (err) {
      await this.close();
      throw new UpstreamUnavailableError(this.server.name, (err as Error).message);
    }
  }

  async request(method: string, params: Record<string, unknown> | undefined, sent?: (upstreamId: RequestId) => void): Promise<JSONRPCResponse> {
    // Restarting: the request itself starts the new process (or hears when to retry).
    if (this.state !== 'ready' && this.state !== 'restarting') throw new UpstreamUnavailableError(this.server.name, 'not connected');
    // What the stateless revision removed, answered the way a stateful client expects.
    const local = this.#answerLocally(method, params);
    if (local) return local;
    // The whole request, input rounds and the client's answers included, gets the server's call
    // timeout, as a stateful session's request does (the client's answers are part of the wait).
    // A listen stream is open for as long as its client listens: it is not a call to time out.
    const seconds = { ...DEFAULT_SERVER_TIMEOUTS, ...this.server.timeouts }.callS;
    let failed: Error | undefined;
    let wake!: (error: Error) => void;
    const stopped = new Promise<never>((_, reject) => (wake = reject));
    stopped.catch(() => undefined);
    let round: RequestId | undefined;
    const asked = new Set<RequestId>();
    const logical: Logical = {
      fail: (error) => {
        if (failed) return;
        failed = error;
        wake(error);
      },
    };
    const timer = method === 'subscriptions/listen' ? undefined : setTimeout(() => {
      logical.fail(new UpstreamTimeoutError(this.server.name, `no answer to ${method} within ${seconds} s (servers.${this.server.name}.timeout)`));
      if (round !== undefined) this.cancel(round, `timed out after ${seconds} s`);
    }, seconds * 1000);
    timer?.unref();
    const track = (id: RequestId) => {
      if (round !== undefined) this.#logical.delete(round);
      round = id;
      this.#logical.set(id, logical);
      sent?.(id);
    };
    let current = params ?? {};
    try {
      for (let i = 0; i < MAX_ROUNDS; i++) {
        const response = await Promise.race([this.#send(method, current, track), stopped]);
        if ('error' in response) return response;
        const result = response.result as Record<string, unknown>;
        if (result.resultType !== 'input_required') {
          const { resultType: _complete, ...rest } = result;
          return { ...response, result: rest } as JSONRPCResponse;
        }
        // The server's questions go to the client (a stateful client's requests, or a stateless
        // client's input_required from the gateway), so the call stays one call to the policy.
        const requests = (result.inputRequests ?? {}) as Record<string, { method: string; params?: Record<string, unknown> }>;
        const inputResponses = await Promise.race([this.#askClient(requests, round!, asked), stopped]);
        current = { ...(params ?? {}), inputResponses, ...(typeof result.requestState === 'string' ? { requestState: result.requestState } : {}) };
      }
    } catch (err) {
      throw failed ?? err;
    } finally {
      clearTimeout(timer);
      if (round !== undefined) this.#logical.delete(round);
      for (const id of asked) this.#asks.delete(id);
    }
    return { jsonrpc: '2.0', id: 'gh-0', error: { code: -32603, message: `the server asked for input more than ${MAX_ROUNDS} times` } } as JSONRPCResponse;
  }

  async post(message: JSONRPCMessage): Promise<void> {
    if (isResponse(message)) {
      const ask = this.#asks.get(message.id as RequestId);
      if (ask) {
        this.#asks.delete(message.id as RequestId);
        ask(message);
      }
      return;
    }
    // Notifications: initialized has no meaning here; cancellation goes through cancel().
    if (isNotification(message) && message.method === 'notifications/cancelled') {
      const id = (message.params as { requestId?: RequestId } | undefined)?.requestId;
      if (id !== undefined) this.cancel(id);
    }
  }

  cancel(upstreamId: RequestId, reason?: string): void {
    // A request waiting for the client's answers has no round at the server: it just ends.
    this.#logical.get(upstreamId)?.fail(new RequestCancelledError(reason ?? 'cancelled by the client'));
    const pending = this.#pending.get(upstreamId);
    if (!pending) return;
    this.#pending.delete(upstreamId);
    pending.abort?.abort();
    pending.reject(new RequestCancelledError(reason ?? 'cancelled by the client'));
    void this.#stdio?.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: upstreamId, ...(reason ? { reason } : {}) } } as JSONRPCMessage).catch(() => undefined);
  }

  /**
   * The process of a server that answered the probe but is not a 2026-07-28 server, for the
   * stateful session that speaks to it next; this upstream is done with it.
   */
  takeProcess(): StdioUpstreamTransport | undefined {
    const transport = this.#stdio?.detach();
    if (transport) {
      this.#stdio = undefined;
      this.state = 'closed';
      this.#pending.clear();
    }
    return transport;
  }

  async close(): Promise<void> {
    this.state = 'closed';
    for (const pending of this.#pending.values()) {
      pending.abort?.abort();
      pending.reject(new RequestCancelledError('the client session ended'));
    }
    this.#pending.clear();
    for (const logical of [...this.#logical.values()]) logical.fail(new RequestCancelledError('the client session ended'));
    await this.#stdio?.release().catch(() => undefined);
  }

  #answerLocally(method: string, params: Record<string, unknown> | undefined): JSONRPCResponse | undefined {
    const ok = (result: Record<string, unknown>) => ({ jsonrpc: '2.0', id: 'gh-0', result }) as JSONRPCResponse;
    if (method === 'ping') return ok({});
    if (this.#bridge && (method === 'resources/subscribe' || method === 'resources/unsubscribe') && typeof params?.uri === 'string') {
      if (method === 'resources/subscribe') this.#subscribed.add(params.uri);
      else this.#subscribed.delete(params.uri);
      this.#listen();
      return ok({});
    }
    if (method === 'logging/setLevel') {
      this.#logLevel = typeof params?.level === 'string' ? params.level : undefined;
      return ok({});
    }
    return undefined;
  }

  /**
   * A stateful client hears list changes and resource updates on its session; a stateless server
   * sends them on a `subscriptions/listen` stream, reopened whenever the subscriptions change.
   */
  #listen(): void {
    const caps = (this.initializeResult?.capabilities ?? {}) as Record<string, { listChanged?: boolean; subscribe?: boolean } | undefined>;
    const notifications: Record<string, unknown> = {};
    if (caps.tools?.listChanged) notifications.toolsListChanged = true;
    if (caps.prompts?.listChanged) notifications.promptsListChanged = true;
    if (caps.resources?.listChanged) notifications.resourcesListChanged = true;
    if (this.#subscribed.size > 0) notifications.resourceSubscriptions = [...this.#subscribed];
    if (this.#listening !== undefined) this.cancel(this.#listening, 'subscriptions changed');
    this.#listening = undefined;
    this.#wantsListen = Object.keys(notifications).length > 0;
    if (!this.#wantsListen) return;
    this.#send('subscriptions/listen', { notifications }, (id) => (this.#listening = id)).catch(() => undefined);
  }

  /** One request with the envelope, under a gateway id; resolves with the server's answer. */
  #send(method: string, params: Record<string, unknown>, sent?: (upstreamId: RequestId) => void): Promise<JSONRPCResponse> {
    const id = `gh-${nextId++}`;
    const given = params._meta as Record<string, unknown> | undefined;
    const token = given?.progressToken as string | number | undefined;
    const ours = token === undefined ? undefined : `gh-p${nextId++}`;
    if (ours !== undefined) this.#tokens.set(ours, token!);
    // The level this request asks for (a 2026-07-28 client's `_meta`), else the one a stateful
    // client set with logging/setLevel; none: the server sends no log lines.
    const level = given?.[LOG_LEVEL_META_KEY] ?? this.#logLevel;
    const meta = { ...given, ...this.#envelope, ...(level !== undefined ? { [LOG_LEVEL_META_KEY]: level } : {}), ...(ours !== undefined ? { progressToken: ours } : {}) };
    const request = { jsonrpc: '2.0', id, method, params: { ...params, _meta: meta } } as JSONRPCRequest;
    sent?.(id);
    const settled = () => ours !== undefined && this.#tokens.delete(ours);
    return new Promise<JSONRPCResponse>((resolve, reject) => {
      const pending: Pending = { resolve: (r) => (settled(), resolve(r)), reject: (e) => (settled(), reject(e)) };
      this.#pending.set(id, pending);
      const fail = (err: Error) => {
        if (this.#pending.delete(id)) pending.reject(err instanceof UpstreamUnavailableError ? err : new UpstreamUnavailableError(this.server.name, err.message));
      };
      if (this.#stdio) {
        this.#stdio.send(request).catch(fail);
        return;
      }
      pending.abort = new AbortController();
      this.#http!.exchange(request, (message) => this.#onMessage(message), pending.abort.signal).then((response) => {
        if (this.#pending.delete(id)) pending.resolve(response);
      }, fail);
    });
  }

  /**
   * The server's input requests, asked of the client all at once, each tied to the round that
   * asked (`related`) and named by the server's key; their answers by key.
   */
  async #askClient(requests: Record<string, { method: string; params?: Record<string, unknown> }>, related: RequestId, asked: Set<RequestId>): Promise<Record<string, unknown>> {
    const answers: Record<string, unknown> = {};
    await Promise.all(Object.entries(requests).map(async ([key, ask]) => {
      const id = `gh-ir${nextId++}`;
      asked.add(id);
      const response = await new Promise<JSONRPCResponse>((resolve) => {
        this.#asks.set(id, resolve);
        this.#hooks.onRequest({ jsonrpc: '2.0', id, method: ask.method, params: ask.params ?? {} } as JSONRPCRequest, { related, inputKey: key });
      });
      if ('result' in response) answers[key] = response.result;
    }));
    return answers;
  }

  #onMessage(message: JSONRPCMessage): void {
    if (isResponse(message)) {
      const pending = this.#pending.get(message.id as RequestId);
      if (!pending) return;
      this.#pending.delete(message.id as RequestId);
      pending.resolve(message);
    } else if (isRequest(message)) {
      // The stateless revision has no server-to-client requests: over stdio the process pool
      // refuses them; an HTTP exchange has nowhere to answer one.
    } else if (isNotification(message)) {
      const params = message.params as { progressToken?: string | number; _meta?: Record<string, unknown> } | undefined;
      if (message.method === 'notifications/progress') {
        const token = this.#tokens.get(String(params?.progressToken));
        if (token === undefined) return; // another user's, on a shared process
        this.#hooks.onNotification({ ...message, params: { ...params, progressToken: token } } as JSONRPCMessage as typeof message);
        return;
      }
      // A listen stream's notifications name it (its request id): another user's are not ours.
      const subscription = params?._meta?.[SUBSCRIPTION_ID_META_KEY];
      if (subscription !== undefined && !this.#pending.has(subscription as RequestId)) return;
      this.#hooks.onNotification(message);
    }
  }

  /**
   * The process died: what was in flight fails with the cause, and the upstream waits for the
   * next request to start a new process. A stateful client's listen stream is reopened on it.
   */
  #down(cause: string): void {
    if (this.state === 'closed') return;
    this.state = 'restarting';
    this.#hooks.onState?.('restarting', cause);
    const error = new UpstreamUnavailableError(this.server.name, `${cause}; the next request starts it again`);
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) p.reject(error);
    // A request waiting for the client's answers has no round at the server, but its call died too.
    for (const logical of [...this.#logical.values()]) logical.fail(error);
    this.#listening = undefined;
    // Someone listens: a process is started (after the backoff) so list changes reach them.
    if (this.#wantsListen) void this.#stdio?.revive().catch(() => undefined);
  }

  #up(): void {
    if (this.state === 'closed') return;
    this.restarts++;
    this.state = 'ready';
    this.#hooks.onState?.('ready');
    if (this.#wantsListen) this.#listen();
  }
}

// One upstream session serving every client session of a server marked `shared: true`: one
// process instead of one per client, which is what a busy stdio server costs most (a process
// woken per call per session). The gateway already forwards requests under ids of its own, so
// many clients can share one upstream id space; what this adds is what must stay per client:
// progress tokens (renamed on the way up, so two clients' tokens never clash), cancellation
// and closing (a client cancels only its own requests), and the server's notifications.
//
// The shared session introduces itself as the gateway with no client capabilities: the server
// cannot know which client a sampling, elicitation or roots request would be for, so it is told
// there is none. Its pings are answered here; any other request of its own is refused.
import type { ServerConfig } from '../config/types.ts';
import type { JSONRPCMessage, JSONRPCNotification, JSONRPCRequest, JSONRPCResponse, RequestId } from '../mcp/wire.ts';
import { RPC } from '../mcp/wire.ts';
import type { HandshakeCache } from './handshake-cache.ts';
import type { StdioUpstreamTransport } from './stdio.ts';
import { RequestCancelledError } from './transport.ts';
import type { Upstream, UpstreamHooks, UpstreamState } from './upstream.ts';
import { UpstreamSession } from './upstream-session.ts';

/** What a client session hears from the shared server: its own progress, everyone's notifications. */
export type ClientHooks = Pick<UpstreamHooks, 'onRequest' | 'onNotification'>;

/** What the gateway hears once per shared server, not once per client: stderr, state, errors. */
export type ServerEvents = (server: string) => Pick<UpstreamHooks, 'onStderr' | 'onState' | 'onError'>;

export interface SharedUpstreamsOptions {
  handshakes?: HandshakeCache;
  events?: ServerEvents;
  /** How the gateway introduces itself to a shared server. */
  clientInfo?: { name: string; version: string };
}

export class SharedUpstreams {
  readonly #entries = new Map<string, SharedServer>();
  readonly #options: SharedUpstreamsOptions;

  constructor(options: SharedUpstreamsOptions = {}) {
    this.#options = options;
  }

  /** A client session's handle on `server`; it joins the shared session when it initializes. */
  attach(server: ServerConfig, hooks: ClientHooks): SharedView {
    return new SharedView(server, hooks, (protocolVersion) => this.#entry(server, protocolVersion));
  }

  /** Shared sessions open now (one per server and protocol version in use). */
  get size(): number {
    return this.#entries.size;
  }

  async closeAll(): Promise<void> {
    const entries = [...this.#entries.values()];
    this.#entries.clear();
    await Promise.all(entries.map((e) => e.close()));
  }

  /**
   * The shared session for a server config and protocol version: a reloaded config that changes
   * the server (its command, its URL) gets a new one, while clients of the old one finish on it.
   */
  #entry(server: ServerConfig, protocolVersion: unknown): SharedServer {
    const key = `${JSON.stringify(server)}\0${String(protocolVersion)}`;
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = new SharedServer(server, protocolVersion, this.#options, () => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      });
      this.#entries.set(key, entry);
    }
    return entry;
  }
}

/** The one upstream session of a shared server, and the client sessions using it. */
class SharedServer {
  readonly views = new Set<SharedView>();
  /** Progress tokens as the server sees them → the client session and token they stand for. */
  readonly progress = new Map<string, { view: SharedView; token: string | number }>();
  session: UpstreamSession;
  #nextToken = 1;
  #started?: Promise<JSONRPCResponse>;
  readonly #server: ServerConfig;
  readonly #protocolVersion: unknown;
  readonly #options: SharedUpstreamsOptions;
  readonly #onEmpty: () => void;

  constructor(server: ServerConfig, protocolVersion: unknown, options: SharedUpstreamsOptions, onEmpty: () => void) {
    this.#server = server;
    this.#protocolVersion = protocolVersion;
    this.#options = options;
    this.#onEmpty = onEmpty;
    this.session = this.#newSession();
  }

  /** Initializes the shared session once; every client's initialize gets the same answer. */
  start(): Promise<JSONRPCResponse> {
    this.#started ??= this.session.initialize(this.#handshake()).then(
      async (response) => {
        if ('error' in response) {
          this.#reset();
          return response;
        }
        await this.session.post({ jsonrpc: '2.0', method: 'notifications/initialized' } as JSONRPCNotification);
        return response;
      },
      (err: unknown) => {
        this.#reset();
        throw err;
      },
    );
    return this.#started;
  }

  /** The era probe's process, for the shared session's first start (else it is not needed). */
  adopt(transport: StdioUpstreamTransport): void {
    if (this.#started) void transport.close();
    else this.session.adopt(transport);
  }

  /** A token of the gateway's own for a client's progress token, unique on this session. */
  progressToken(view: SharedView, token: string | number): string {
    const ours = `gh-p${this.#nextToken++}`;
    this.progress.set(ours, { view, token });
    return ours;
  }

  detach(view: SharedView): void {
    this.views.delete(view);
    if (this.views.size > 0) return;
    this.#onEmpty();
    void this.close();
  }

  async close(): Promise<void> {
    this.progress.clear();
    await this.session.close();
  }

  #handshake(): Record<string, unknown> {
    return {
      protocolVersion: this.#protocolVersion,
      capabilities: {},
      clientInfo: this.#options.clientInfo ?? { name: 'gatehouse', version: '0' },
    };
  }

  /** A failed start leaves a closed session behind: the next client's initialize tries afresh. */
  #reset(): void {
    this.#started = undefined;
    const failed = this.session;
    this.session = this.#newSession();
    void failed.close();
  }

  #newSession(): UpstreamSession {
    const events = this.#options.events?.(this.#server.name) ?? {};
    const session: UpstreamSession = new UpstreamSession(this.#server, {
      ...events,
      onRequest: (request) => this.#fromServerRequest(session, request),
      onNotification: (notification) => this.#fromServerNotification(notification),
    }, { handshakes: this.#options.handshakes });
    return session;
  }

  #fromServerRequest(session: UpstreamSession, request: JSONRPCRequest): void {
    const answer = request.method === 'ping'
      ? { jsonrpc: '2.0', id: request.id, result: {} }
      : {
          jsonrpc: '2.0',
          id: request.id,
          error: { code: RPC.methodNotFound, message: `${request.method} is not available: ${this.#server.name} is shared between client sessions (servers.${this.#server.name}.shared)` },
        };
    void session.post(answer as JSONRPCMessage);
  }

  #fromServerNotification(notification: JSONRPCNotification): void {
    if (notification.method === 'notifications/progress') {
      const params = notification.params as Record<string, unknown>;
      const owner = this.progress.get(params.progressToken as string);
      owner?.view.hooks.onNotification({ ...notification, params: { ...params, progressToken: owner.token } } as JSONRPCNotification);
      return;
    }
    // List changes, log messages and resource updates concern every client of the server.
    for (const view of this.views) view.hooks.onNotification(notification);
  }
}

/** One client session's handle on a shared server. */
export class SharedView implements Upstream {
  readonly server: ServerConfig;
  readonly hooks: ClientHooks;
  readonly #join: (protocolVersion: unknown) => SharedServer;
  #shared?: SharedServer;
  /** This client's requests in flight on the shared session, by the gateway's id for them. */
  readonly #pending = new Set<RequestId>();
  #closed = false;
  #adopted?: StdioUpstreamTransport;

  constructor(server: ServerConfig, hooks: ClientHooks, join: (protocolVersion: unknown) => SharedServer) {
    this.server = server;
    this.hooks = hooks;
    this.#join = join;
  }

  get state(): UpstreamState {
    if (this.#closed) return 'closed';
    return this.#shared?.session.state ?? 'starting';
  }

  get initializeResult(): Record<string, unknown> | undefined {
    return this.#shared?.session.initializeResult;
  }

  get restarts(): number {
    return this.#shared?.session.restarts ?? 0;
  }

  /** A running process from the era probe, for the shared session if it has not started yet. */
  adopt(transport: StdioUpstreamTransport): void {
    this.#adopted = transport;
  }

  async initialize(params: Record<string, unknown>): Promise<JSONRPCResponse> {
    if (!this.#shared) {
      this.#shared = this.#join(params.protocolVersion);
      this.#shared.views.add(this);
    }
    if (this.#adopted) this.#shared.adopt(this.#adopted);
    this.#adopted = undefined;
    return this.#shared.start();
  }

  request(method: string, params: Record<string, unknown> | undefined, sent?: (upstreamId: RequestId) => void): Promise<JSONRPCResponse> {
    const shared = this.#shared;
    if (!shared || this.#closed) return Promise.reject(new RequestCancelledError('the client session is not open'));
    const meta = params?._meta as Record<string, unknown> | undefined;
    const token = meta?.progressToken as string | number | undefined;
    let ours: string | undefined;
    if (token !== undefined) {
      ours = shared.progressToken(this, token);
      params = { ...params, _meta: { ...meta, progressToken: ours } };
    }
    let upstreamId: RequestId | undefined;
    const answer = shared.session.request(method, params, (id) => {
      upstreamId = id;
      this.#pending.add(id);
      sent?.(id);
    });
    const settle = () => {
      if (upstreamId !== undefined) this.#pending.delete(upstreamId);
      if (ours !== undefined) shared.progress.delete(ours);
    };
    answer.then(settle, settle);
    return answer;
  }

  async post(message: JSONRPCMessage): Promise<void> {
    const method = (message as { method?: string }).method;
    // The shared session was initialized once, by the gateway, and declared no roots.
    if (method === 'notifications/initialized' || method === 'notifications/roots/list_changed') return;
    await this.#shared?.session.post(message);
  }

  cancel(upstreamId: RequestId, reason?: string): void {
    if (this.#pending.delete(upstreamId)) this.#shared?.session.cancel(upstreamId, reason);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    void this.#adopted?.close();
    const shared = this.#shared;
    if (!shared) return;
    for (const id of [...this.#pending]) shared.session.cancel(id, 'the client session ended');
    this.#pending.clear();
    for (const [ours, owner] of shared.progress) if (owner.view === this) shared.progress.delete(ours);
    shared.detach(this);
  }
}

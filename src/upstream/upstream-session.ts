// One MCP session with one upstream server, owned by one client session. It correlates
// requests with responses, remembers the client's handshake so a crashed stdio server can be
// restarted with backoff and re-initialized behind the client's back, and fails fast meanwhile.
import { DEFAULT_SERVER_TIMEOUTS, type ServerConfig, type ServerTimeouts } from '../config/types.ts';
import type { JSONRPCMessage, JSONRPCNotification, JSONRPCRequest, JSONRPCResponse, RequestId } from '../mcp/wire.ts';
import { isNotification, isRequest, isResponse } from '../mcp/wire.ts';
import { RemoteUpstreamTransport } from './streamable-http.ts';
import type { HandshakeCache } from './handshake-cache.ts';
import { StdioUpstreamTransport } from './stdio.ts';
import { RequestCancelledError, UpstreamTimeoutError, type UpstreamTransport, UpstreamUnavailableError } from './transport.ts';
import type { Upstream, UpstreamHooks, UpstreamState } from './upstream.ts';

export type { UpstreamHooks, UpstreamState } from './upstream.ts';

export interface RestartPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RESTART: RestartPolicy = { initialDelayMs: 500, maxDelayMs: 30_000 };
/** A server that stayed up this long is healthy again: the next crash starts the backoff over. */
export const STABLE_AFTER_MS = 60_000;

interface Pending {
  resolve(response: JSONRPCResponse): void;
  reject(error: Error): void;
  timer?: NodeJS.Timeout;
}

export class UpstreamSession implements Upstream {
  readonly server: ServerConfig;
  state: UpstreamState = 'starting';
  /** Protocol version and capabilities the server agreed to, from its initialize result. */
  initializeResult?: Record<string, unknown>;
  restarts = 0;
  readonly #hooks: UpstreamHooks;
  readonly #restart: RestartPolicy;
  #transport?: UpstreamTransport;
  #pending = new Map<RequestId, Pending>();
  #nextId = 1;
  #handshake?: { params: Record<string, unknown>; initializedSent: boolean };
  #lastCause = '';
  #delayMs: number;
  #retryAt = 0;
  #timer?: NodeJS.Timeout;
  #upSince = 0;
  readonly #handshakes?: HandshakeCache;
  readonly #timeouts: ServerTimeouts;
  /** Answered from the handshake cache and not connected yet: the first request connects. */
  #lazy = false;
  #waking?: Promise<void>;
  /** A running process handed over by the era probe, used by the first connect instead of a new one. */
  #adopted?: StdioUpstreamTransport;

  constructor(server: ServerConfig, hooks: UpstreamHooks, options: { restart?: RestartPolicy; handshakes?: HandshakeCache } = {}) {
    this.server = server;
    this.#hooks = hooks;
    this.#restart = options.restart ?? DEFAULT_RESTART;
    this.#delayMs = this.#restart.initialDelayMs;
    this.#handshakes = options.handshakes;
    this.#timeouts = { ...DEFAULT_SERVER_TIMEOUTS, ...server.timeouts };
  }

  /** Connects and performs the client's initialize; resolves with the server's raw response. */
  async initialize(params: Record<string, unknown>): Promise<JSONRPCResponse> {
    this.#handshake = { params, initializedSent: false };
    await this.#handshakes?.settled(this.server, params);
    const cached = this.#handshakes?.get(this.server, params);
    if (cached) {
      // Answered from the cache: the session starts its server on first use, as every other does.
      void this.#adopted?.close();
      this.#adopted = undefined;
      this.initializeResult = cached;
      this.#lazy = true;
      this.#setState('ready');
      return { jsonrpc: '2.0', id: 'gh-0', result: cached } as JSONRPCResponse;
    }
    const over = this.#handshakes?.begin(this.server, params);
    try {
      const response = await this.#handshakeInTime();
      if ('result' in response) this.#handshakes?.set(this.server, params, response.result as Record<string, unknown>);
      return response;
    } catch (err) {
      // A server that never came up is not restarted: the client hears why and may retry.
      const cause = err instanceof UpstreamUnavailableError ? err.message : `Server ${this.server.name} could not be started: ${(err as Error).message}`;
      await this.close();
      throw new UpstreamUnavailableError(this.server.name, cause.replace(/^Server \S+ (is unavailable|could not be started): /, ''));
    } finally {
      over?.();
    }
  }

  /**
   * Forwards a request under an id of the gateway's own (several clients' ids could clash on
   * one aggregated session) and resolves with the server's response. `sent` learns that id,
   * so a client's cancellation can be translated.
   */
  request(method: string, params: Record<string, unknown> | undefined, sent?: (upstreamId: RequestId) => void): Promise<JSONRPCResponse> {
    // Every request arriving while the server is being woken waits for that one wake-up.
    if (this.#lazy && method !== 'initialize') return this.#wake().then(() => this.request(method, params, sent));
    if (this.state !== 'ready' && !(this.state === 'starting' && method === 'initialize')) {
      return Promise.reject(this.#unavailable());
    }
    const id = `gh-${this.#nextId++}`;
    const message: JSONRPCRequest = { jsonrpc: '2.0', id, method, ...(params !== undefined ? { params } : {}) } as JSONRPCRequest;
    sent?.(id);
    return new Promise<JSONRPCResponse>((resolve, reject) => {
      const pending: Pending = { resolve, reject };
      // initialize is bounded by the handshake timeout as a whole (#handshakeInTime).
      if (method !== 'initialize') pending.timer = this.#deadline(id, method);
      this.#pending.set(id, pending);
      const failed = (err: Error) => {
        if (this.#take(id)) reject(new UpstreamUnavailableError(this.server.name, err.message));
      };
      try {
        this.#transport!.send(message).catch(failed);
      } catch (err) {
        failed(err as Error); // a message JSON cannot hold (nested too deep to serialize)
      }
    });
  }

  /**
   * A request the server leaves unanswered for the call timeout fails with UpstreamTimeoutError,
   * and the server is told to stop (notifications/cancelled), as a client that gave up would.
   */
  #deadline(id: RequestId, method: string): NodeJS.Timeout {
    const seconds = this.#timeouts.callS;
    const timer = setTimeout(() => {
      const pending = this.#take(id);
      if (!pending) return;
      const cause = `no answer to ${method} within ${seconds} s (servers.${this.server.name}.timeout)`;
      pending.reject(new UpstreamTimeoutError(this.server.name, cause));
      void this.post({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason: `timed out after ${seconds} s` } } as JSONRPCNotification);
    }, seconds * 1000);
    timer.unref();
    return timer;
  }

  /** Removes a pending request (and its timer); undefined when it was already settled. */
  #take(id: RequestId): Pending | undefined {
    const pending = this.#pending.get(id);
    if (!pending) return undefined;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    return pending;
  }

  /**
   * Starts the server and performs the handshake, or fails once the handshake timeout has
   * passed: a server that never answers initialize cannot hold its client (or, on /mcp, every
   * other server's clients) for ever.
   */
  async #handshakeInTime(): Promise<JSONRPCResponse> {
    const seconds = this.#timeouts.handshakeS;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new UpstreamTimeoutError(this.server.name, `it did not complete its handshake within ${seconds} s (servers.${this.server.name}.timeout)`)), seconds * 1000);
      timer.unref();
    });
    try {
      return await Promise.race([this.#connect().then(() => this.#performInitialize()), expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends a notification or a response (to one of the server's own requests). */
  async post(message: JSONRPCMessage): Promise<void> {
    if (isNotification(message) && message.method === 'notifications/initialized' && this.#handshake) {
      this.#handshake.initializedSent = true;
    }
    if (this.state !== 'ready' && this.state !== 'starting') return;
    await this.#transport?.send(message).catch((err: Error) => this.#hooks.onError?.(err));
  }

  /**
   * Tells the server to stop working on a request and settles it here at once: a server need
   * not answer a cancelled request, and the caller's audit record must not wait for ever.
   */
  cancel(upstreamId: RequestId, reason?: string): void {
    const pending = this.#take(upstreamId);
    if (!pending) return;
    pending.reject(new RequestCancelledError(reason ?? 'cancelled by the client'));
    const params: Record<string, unknown> = { requestId: upstreamId };
    if (reason !== undefined) params.reason = reason;
    void this.post({ jsonrpc: '2.0', method: 'notifications/cancelled', params } as JSONRPCNotification);
  }

  /**
   * Takes over the running process of a server that answered the era probe as a stateful
   * server, for the handshake: first contact with a server starts one process, not two.
   */
  adopt(transport: StdioUpstreamTransport): void {
    void this.#adopted?.close();
    this.#adopted = transport;
  }

  async close(): Promise<void> {
    void this.#adopted?.close();
    this.#adopted = undefined;
    this.#setState('closed');
    clearTimeout(this.#timer);
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) {
      clearTimeout(p.timer);
      p.reject(new RequestCancelledError('the client session ended'));
    }
    await this.#transport?.close().catch(() => undefined);
  }

  /** Connects a session answered from the cache, replaying the client's own handshake. */
  #wake(): Promise<void> {
    this.#waking ??= this.#restartNow(false).finally(() => {
      this.#lazy = false;
    });
    return this.#waking;
  }

  async #connect(): Promise<void> {
    const adopted = this.#adopted?.alive ? this.#adopted : undefined;
    if (this.#adopted && !adopted) void this.#adopted.close();
    this.#adopted = undefined;
    const transport = adopted ?? (this.server.transport === 'stdio'
      ? new StdioUpstreamTransport(this.server, { onStderrLine: (line) => this.#hooks.onStderr?.(line) })
      : new RemoteUpstreamTransport(this.server));
    if (adopted) adopted.onstderr = (line) => this.#hooks.onStderr?.(line);
    transport.onmessage = (message) => this.#onMessage(message);
    transport.onerror = (error) => this.#hooks.onError?.(error);
    transport.onclose = (cause) => {
      if (this.#transport === transport) this.#onDown(cause);
    };
    this.#transport = transport;
    if (!adopted) await transport.start();
  }

  async #performInitialize(): Promise<JSONRPCResponse> {
    const response = await this.request('initialize', this.#handshake!.params);
    if ('result' in response) {
      this.initializeResult = response.result as Record<string, unknown>;
      const version = this.initializeResult.protocolVersion;
      if (typeof version === 'string') this.#transport?.setProtocolVersion?.(version);
      this.#upSince = Date.now();
      this.#setState('ready');
    }
    return response;
  }

  #onMessage(message: JSONRPCMessage): void {
    if (isResponse(message)) {
      const id = message.id as RequestId;
      const pending = this.#take(id);
      if (!pending) return; // an answer to a request already failed, timed out or abandoned
      pending.resolve(message);
    } else if (isRequest(message)) {
      this.#hooks.onRequest(message);
    } else if (isNotification(message)) {
      this.#hooks.onNotification(message);
    }
  }

  #onDown(cause: string): void {
    if (this.state === 'closed') return;
    if (this.#upSince === 0) {
      // Died during its first handshake: initialize() reports it; there is nothing to restart.
      this.#lastCause = cause;
      this.#failPending(cause);
      return;
    }
    this.#lastCause = cause;
    this.#failPending(cause);
    if (Date.now() - this.#upSince > STABLE_AFTER_MS) this.#delayMs = this.#restart.initialDelayMs;
    this.#scheduleRestart();
  }

  #scheduleRestart(): void {
    const delay = this.#delayMs;
    this.#delayMs = Math.min(this.#delayMs * 2, this.#restart.maxDelayMs);
    this.#retryAt = Date.now() + delay;
    this.#setState('restarting', this.#lastCause);
    this.#timer = setTimeout(() => void this.#restartNow(), delay);
    this.#timer.unref();
  }

  async #restartNow(counted = true): Promise<void> {
    if (this.state === 'closed' || !this.#handshake) return;
    if (counted) this.restarts++;
    try {
      this.state = 'starting';
      const response = await this.#handshakeInTime();
      if ('error' in response) throw new Error(`initialize failed: ${response.error.message}`);
      if (this.#handshake.initializedSent) await this.post({ jsonrpc: '2.0', method: 'notifications/initialized' } as JSONRPCNotification);
    } catch (err) {
      if ((this.state as UpstreamState) === 'closed') return;
      this.#lastCause = (err as Error).message;
      const stale = this.#transport;
      this.#transport = undefined;
      await stale?.close().catch(() => undefined);
      this.#scheduleRestart();
    }
  }

  #failPending(cause: string): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    const error = this.#unavailable(cause);
    for (const p of pending) {
      clearTimeout(p.timer);
      p.reject(error);
    }
  }

  #unavailable(cause = this.#lastCause || 'not connected'): UpstreamUnavailableError {
    if (this.state === 'restarting') {
      const retryAfterS = Math.max(1, Math.ceil((this.#retryAt - Date.now()) / 1000));
      return new UpstreamUnavailableError(this.server.name, `${cause}; restarting, retry in ${retryAfterS} s`, retryAfterS);
    }
    return new UpstreamUnavailableError(this.server.name, cause);
  }

  #setState(state: UpstreamState, cause?: string): void {
    this.state = state;
    this.#hooks.onState?.(state, cause);
  }
}

// One MCP session with one upstream server, owned by one client session. It correlates
// requests with responses, remembers the client's handshake so a crashed stdio server can be
// restarted with backoff and re-initialized behind the client's back, and fails fast meanwhile.
import type { ServerConfig } from '../config/types.ts';
import type { JSONRPCMessage, JSONRPCNotification, JSONRPCRequest, JSONRPCResponse, RequestId } from '../mcp/wire.ts';
import { isNotification, isRequest, isResponse } from '../mcp/wire.ts';
import { RemoteUpstreamTransport } from './streamable-http.ts';
import type { HandshakeCache } from './handshake-cache.ts';
import { StdioUpstreamTransport } from './stdio.ts';
import { RequestCancelledError, type UpstreamTransport, UpstreamUnavailableError } from './transport.ts';
import type { Upstream, UpstreamHooks, UpstreamState } from './upstream.ts';

export type { UpstreamHooks, UpstreamState } from './upstream.ts';

export interface RestartPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
}

const DEFAULT_RESTART: RestartPolicy = { initialDelayMs: 500, maxDelayMs: 30_000 };
/** A server that stayed up this long is healthy again: the next crash starts the backoff over. */
const STABLE_AFTER_MS = 60_000;

interface Pending {
  resolve(response: JSONRPCResponse): void;
  reject(error: Error): void;
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
  /** Answered from the handshake cache and not connected yet: the first request connects. */
  #lazy = false;
  #waking?: Promise<void>;

  constructor(server: ServerConfig, hooks: UpstreamHooks, options: { restart?: RestartPolicy; handshakes?: HandshakeCache } = {}) {
    this.server = server;
    this.#hooks = hooks;
    this.#restart = options.restart ?? DEFAULT_RESTART;
    this.#delayMs = this.#restart.initialDelayMs;
    this.#handshakes = options.handshakes;
  }

  /** Connects and performs the client's initialize; resolves with the server's raw response. */
  async initialize(params: Record<string, unknown>): Promise<JSONRPCResponse> {
    this.#handshake = { params, initializedSent: false };
    await this.#handshakes?.settled(this.server, params);
    const cached = this.#handshakes?.get(this.server, params);
    if (cached) {
      this.initializeResult = cached;
      this.#lazy = true;
      this.#setState('ready');
      return { jsonrpc: '2.0', id: 'gh-0', result: cached } as JSONRPCResponse;
    }
    const over = this.#handshakes?.begin(this.server, params);
    try {
      await this.#connect();
      const response = await this.#performInitialize();
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
      this.#pending.set(id, { resolve, reject });
      this.#transport!.send(message).catch((err: Error) => {
        if (this.#pending.delete(id)) reject(new UpstreamUnavailableError(this.server.name, err.message));
      });
    });
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
    const pending = this.#pending.get(upstreamId);
    if (!pending) return;
    this.#pending.delete(upstreamId);
    pending.reject(new RequestCancelledError(reason ?? 'cancelled by the client'));
    const params: Record<string, unknown> = { requestId: upstreamId };
    if (reason !== undefined) params.reason = reason;
    void this.post({ jsonrpc: '2.0', method: 'notifications/cancelled', params } as JSONRPCNotification);
  }

  async close(): Promise<void> {
    this.#setState('closed');
    clearTimeout(this.#timer);
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) p.reject(new RequestCancelledError('the client session ended'));
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
    const transport = this.server.transport === 'stdio'
      ? new StdioUpstreamTransport(this.server, { onStderrLine: (line) => this.#hooks.onStderr?.(line) })
      : new RemoteUpstreamTransport(this.server);
    transport.onmessage = (message) => this.#onMessage(message);
    transport.onerror = (error) => this.#hooks.onError?.(error);
    transport.onclose = (cause) => {
      if (this.#transport === transport) this.#onDown(cause);
    };
    this.#transport = transport;
    await transport.start();
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
      const pending = this.#pending.get(id);
      if (!pending) return; // an answer to a request already failed or abandoned
      this.#pending.delete(id);
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
      await this.#connect();
      const response = await this.#performInitialize();
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
    for (const p of pending) p.reject(error);
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

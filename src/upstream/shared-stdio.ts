// The process of a 2026-07-28 stdio server, for the upstreams that use it: one client session's
// own, the pooled sessions of one stateless client, or every client of a `shared` server. The
// protocol keeps no state per connection, so users share a process freely; ids are the
// gateway's own and unique across users. Counted references: the last user to leave stops it.
//
// A process that dies is not restarted behind the users' backs (there is no handshake to replay
// and nobody may need it): the next request starts a new one. Crashes in a row back off
// (0, 0.5, 1, 2 … 30 s between starts), so a server that dies on every start or every call
// costs one start per step however hard clients press; meanwhile requests are refused with the
// time to retry, as a restarting stateful server's are.
import type { StdioServerConfig } from '../config/types.ts';
import type { JSONRPCMessage } from '../mcp/wire.ts';
import { isRequest, RPC } from '../mcp/wire.ts';
import { StdioUpstreamTransport } from './stdio.ts';
import { UpstreamUnavailableError } from './transport.ts';
import { DEFAULT_RESTART, STABLE_AFTER_MS } from './upstream-session.ts';

// The same backoff as a stateful server's restarts, but for the first step (at once here).
const { initialDelayMs: FIRST_DELAY_MS, maxDelayMs: MAX_DELAY_MS } = DEFAULT_RESTART;

export interface StdioUser {
  onmessage(message: JSONRPCMessage): void;
  /** The process died; requests in flight on it get no answer. */
  onclose(cause: string): void;
  /** A new process runs in place of one that died. */
  onrestart?(): void;
  onStderr?(line: string): void;
}

export interface StdioLease {
  /** Sends on the running process, starting one if the last died (or refusing while backing off). */
  send(message: JSONRPCMessage): Promise<void>;
  /** Resolves once a process runs, waiting out the backoff (for a stream that must come back). */
  revive(): Promise<void>;
  /**
   * Hands the running process over to a stateful session (a legacy server that answered the
   * era probe), so first contact starts one process, not two. Only the sole user can take it;
   * undefined otherwise or when the process is gone.
   */
  detach(): StdioUpstreamTransport | undefined;
  release(): Promise<void>;
}

const slots = new Map<string, Slot>();

class Slot {
  readonly users = new Set<StdioUser>();
  readonly #server: StdioServerConfig;
  readonly #key?: string;
  #transport?: StdioUpstreamTransport;
  /** The current process's start; undefined when none runs. */
  #starting?: Promise<void>;
  #starts = 0;
  #upSince = 0;
  #crashes = 0;
  #retryAt = 0;
  #cause = '';
  #closed = false;

  constructor(server: StdioServerConfig, key: string | undefined) {
    this.#server = server;
    this.#key = key;
  }

  /** Resolves when a process runs; starts one if allowed, else rejects with the time to retry. */
  ensure(): Promise<void> {
    if (this.#closed) return Promise.reject(new UpstreamUnavailableError(this.#server.name, 'closed by the gateway'));
    if (this.#starting) return this.#starting;
    const waitMs = this.#retryAt - Date.now();
    if (waitMs > 0) {
      const retryAfterS = Math.max(1, Math.ceil(waitMs / 1000));
      return Promise.reject(new UpstreamUnavailableError(this.#server.name, `${this.#cause}; restarting, retry in ${retryAfterS} s`, retryAfterS));
    }
    return this.#spawn();
  }

  async revive(): Promise<void> {
    const waitMs = this.#retryAt - Date.now();
    if (waitMs > 0 && !this.#starting) await new Promise((resolve) => setTimeout(resolve, waitMs).unref());
    return this.ensure();
  }

  async send(message: JSONRPCMessage): Promise<void> {
    await this.ensure();
    const transport = this.#transport;
    if (!transport) throw new UpstreamUnavailableError(this.#server.name, this.#cause || 'the server process is not running');
    await transport.send(message);
  }

  detach(user: StdioUser): StdioUpstreamTransport | undefined {
    const transport = this.#transport;
    if (!transport?.alive || this.users.size !== 1 || !this.users.has(user)) return undefined;
    this.users.delete(user);
    this.#forget();
    this.#transport = undefined;
    this.#starting = undefined;
    transport.onmessage = undefined;
    transport.onclose = undefined;
    transport.onstderr = undefined;
    return transport;
  }

  async release(user: StdioUser): Promise<void> {
    if (!this.users.delete(user) || this.users.size > 0) return;
    this.#forget();
    const transport = this.#transport;
    this.#transport = undefined;
    this.#starting = undefined;
    await transport?.close().catch(() => undefined);
  }

  /** No more users: a later lease for the same partition gets a new slot. */
  #forget(): void {
    this.#closed = true;
    if (this.#key !== undefined && slots.get(this.#key) === this) slots.delete(this.#key);
  }

  #spawn(): Promise<void> {
    const restart = this.#starts++ > 0;
    // stderr is the server's, not a user's: it is logged once, by the longest-standing user.
    const transport = new StdioUpstreamTransport(this.#server, { onStderrLine: (line) => this.users.values().next().value?.onStderr?.(line) });
    transport.onmessage = (message) => this.#route(transport, message);
    transport.onclose = (cause) => this.#died(transport, cause);
    this.#transport = transport;
    this.#upSince = Date.now();
    const started = transport.start().then(
      () => {
        if (restart && this.#transport === transport) for (const user of [...this.users]) user.onrestart?.();
      },
      (err: Error) => {
        this.#died(transport, err.message);
        throw new UpstreamUnavailableError(this.#server.name, err.message);
      },
    );
    this.#starting = started;
    return started;
  }

  #died(transport: StdioUpstreamTransport, cause: string): void {
    if (this.#transport !== transport) return;
    this.#transport = undefined;
    this.#starting = undefined;
    if (this.#closed) return;
    const now = Date.now();
    if (now - this.#upSince > STABLE_AFTER_MS) this.#crashes = 0;
    this.#crashes++;
    // The first crash after a healthy run is restarted by the next request at once.
    this.#retryAt = this.#crashes === 1 ? 0 : now + Math.min(FIRST_DELAY_MS * 2 ** (this.#crashes - 2), MAX_DELAY_MS);
    this.#cause = cause;
    for (const user of [...this.users]) user.onclose(cause);
  }

  /**
   * Every user sees every message and keeps what is its own (its responses, its progress, its
   * subscriptions). The revision has no server-to-client requests: a confused server's request
   * is refused here, once, not once per user.
   */
  #route(transport: StdioUpstreamTransport, message: JSONRPCMessage): void {
    if (isRequest(message)) {
      const answer = message.method === 'ping'
        ? { jsonrpc: '2.0', id: message.id, result: {} }
        : { jsonrpc: '2.0', id: message.id, error: { code: RPC.methodNotFound, message: 'not part of protocol revision 2026-07-28' } };
      void transport.send(answer as JSONRPCMessage).catch(() => undefined);
      return;
    }
    for (const user of [...this.users]) user.onmessage(message);
  }
}

/** A lease on the process for `partition` (undefined: a process of the user's own). */
export async function leaseStdio(server: StdioServerConfig, partition: string | undefined, user: StdioUser): Promise<StdioLease> {
  const key = partition === undefined ? undefined : `${JSON.stringify(server)}\0${partition}`;
  let slot = key === undefined ? undefined : slots.get(key);
  if (!slot) {
    slot = new Slot(server, key);
    if (key !== undefined) slots.set(key, slot);
  }
  const leased = slot;
  leased.users.add(user);
  try {
    await leased.ensure();
  } catch (err) {
    await leased.release(user);
    throw err;
  }
  return {
    send: (message) => leased.send(message),
    revive: () => leased.revive(),
    detach: () => leased.detach(user),
    release: () => leased.release(user),
  };
}

// Which era a server speaks, found out once and remembered: `server/discover` first (the
// 2026-07-28 way), the `initialize` handshake when the server does not know it. The client
// session holds an EraUpstream and cannot tell which of the two sessions is behind it.
import type { ServerConfig } from '../config/types.ts';
import { LOG_LEVEL_META_KEY, STATELESS_VERSIONS, type Era } from '../mcp/era.ts';
import type { JSONRPCMessage, JSONRPCResponse, RequestId } from '../mcp/wire.ts';
import type { HandshakeCache } from './handshake-cache.ts';
import type { SharedUpstreams } from './shared-upstream.ts';
import { StatelessUpstream } from './stateless-upstream.ts';
import { UpstreamUnavailableError } from './transport.ts';
import type { Upstream, UpstreamHooks, UpstreamState } from './upstream.ts';
import { UpstreamSession } from './upstream-session.ts';
import type { StdioUpstreamTransport } from './stdio.ts';

/**
 * A server that says nothing to `server/discover` is given up on after this long (a stdio
 * server's time includes starting its process). Only an answer is remembered: a server that
 * timed out is spoken to with `initialize` this time and asked again next time.
 */
const PROBE_MS = { stdio: 30_000, remote: 10_000 };

/** The era of each server, by its whole config (a changed command or URL is a new server). */
class EraDirectory {
  readonly #eras = new Map<string, Era>();
  readonly #byName = new Map<string, Era>();
  readonly #probing = new Map<string, Promise<void>>();

  /**
   * Sessions that start together on a cold gateway wait for the first one's probe instead of
   * each starting the server to ask it: resolves once no probe of this server runs.
   */
  async settled(server: ServerConfig): Promise<void> {
    await this.#probing.get(JSON.stringify(server));
  }

  /** Marks a probe as running; call the returned function when it is over. */
  begin(server: ServerConfig): () => void {
    const key = JSON.stringify(server);
    let done!: () => void;
    const running = new Promise<void>((resolve) => (done = resolve));
    if (!this.#probing.has(key)) this.#probing.set(key, running);
    return () => {
      if (this.#probing.get(key) === running) this.#probing.delete(key);
      done();
    };
  }

  get(server: ServerConfig): Era | undefined {
    return this.#eras.get(JSON.stringify(server));
  }

  set(server: ServerConfig, era: Era): void {
    this.#eras.set(JSON.stringify(server), era);
    this.#byName.set(server.name, era);
  }

  /** The last era seen for a server of this name (for /readyz and the dashboard). */
  of(name: string): Era | undefined {
    return this.#byName.get(name);
  }
}

export const serverEras = new EraDirectory();

/** The partition of a `shared` 2026-07-28 stdio server: every client session's upstream uses it. */
export const SHARED_PARTITION = '\0shared';

export interface EraUpstreamOptions {
  handshakes?: HandshakeCache;
  /** The client is stateful: a 2026-07-28 server's `input_required` results become its requests. */
  bridge: boolean;
  /** Stateless stdio servers: sessions with the same partition share one process. */
  partition?: string;
  /**
   * The server is `shared`: a stateful one is reached through the one session every client
   * shares (a 2026-07-28 one through one process, by giving every client the same partition).
   */
  shared?: SharedUpstreams;
}

export class EraUpstream implements Upstream {
  readonly server: ServerConfig;
  readonly #hooks: UpstreamHooks;
  readonly #options: EraUpstreamOptions;
  #delegate?: Upstream;
  #closed = false;
  /** The log level last set on a stateful server for this client (from a 2026-07-28 request's `_meta`). */
  #legacyLevel?: string;

  constructor(server: ServerConfig, hooks: UpstreamHooks, options: EraUpstreamOptions) {
    this.server = server;
    this.#hooks = hooks;
    this.#options = options;
  }

  get era(): Era | undefined {
    return serverEras.get(this.server);
  }

  get state(): UpstreamState {
    return this.#closed ? 'closed' : (this.#delegate?.state ?? 'starting');
  }

  get initializeResult(): Record<string, unknown> | undefined {
    return this.#delegate?.initializeResult;
  }

  get restarts(): number {
    return this.#delegate?.restarts ?? 0;
  }

  async initialize(params: Record<string, unknown>): Promise<JSONRPCResponse> {
    await serverEras.settled(this.server);
    const known = serverEras.get(this.server);
    const over = known === undefined ? serverEras.begin(this.server) : undefined;
    try {
      return await this.#initialize(params, known);
    } finally {
      over?.();
    }
  }

  async #initialize(params: Record<string, unknown>, known: Era | undefined): Promise<JSONRPCResponse> {
    // SSE servers and servers known to be stateful are not asked.
    let answered = true;
    let adopted: StdioUpstreamTransport | undefined;
    if (known !== 'legacy' && this.server.transport !== 'sse') {
      const modern = new StatelessUpstream(this.server, this.#hooks, { bridge: this.#options.bridge, partition: this.#options.partition });
      const outcome = await probe(modern, params, known === 'stateless' ? 60_000 : this.server.transport === 'stdio' ? PROBE_MS.stdio : PROBE_MS.remote);
      if (outcome?.response && modern.supportedVersions.some((v) => STATELESS_VERSIONS.includes(v))) {
        serverEras.set(this.server, 'stateless');
        return this.#use(modern, outcome.response);
      }
      // A stdio server that answered (it does not know server/discover) keeps its process for
      // the handshake: first contact starts one process. A silent one is not kept: its late
      // answer to the probe could be taken for the answer to a request of the new session.
      const running = known === 'stateless' || outcome === undefined ? undefined : modern.takeProcess();
      await modern.close();
      // A server known to be stateless that does not answer now is down, not legacy.
      if (known === 'stateless') throw new UpstreamUnavailableError(this.server.name, 'server/discover got no answer');
      answered = outcome !== undefined;
      if (running) adopted = running;
    }
    let legacy: Upstream;
    if (this.#options.shared) {
      const view = this.#options.shared.attach(this.server, this.#hooks);
      if (adopted) view.adopt(adopted);
      legacy = view;
    } else {
      const own = new UpstreamSession(this.server, this.#hooks, { handshakes: this.#options.handshakes });
      if (adopted) own.adopt(adopted);
      legacy = own;
    }
    let response: JSONRPCResponse;
    try {
      response = await legacy.initialize(params);
    } catch (err) {
      await legacy.close();
      throw err;
    }
    if ('result' in response && answered) serverEras.set(this.server, 'legacy');
    return this.#use(legacy, response);
  }

  request(method: string, params: Record<string, unknown> | undefined, sent?: (upstreamId: RequestId) => void): Promise<JSONRPCResponse> {
    const delegate = this.#delegate;
    if (!delegate) return Promise.reject(new UpstreamUnavailableError(this.server.name, 'not connected'));
    const level = (params?._meta as Record<string, unknown> | undefined)?.[LOG_LEVEL_META_KEY];
    // A 2026-07-28 server reads the level in each request's `_meta`.
    if (level === undefined || delegate instanceof StatelessUpstream) return delegate.request(method, params, sent);
    // A stateful one has a level per session: the key is taken out (a dual-era server would read
    // the request as a stateless one) and becomes logging/setLevel when the level changes.
    const { [LOG_LEVEL_META_KEY]: _level, ...meta } = params!._meta as Record<string, unknown>;
    const { _meta: _dropped, ...rest } = params!;
    const stripped = Object.keys(meta).length > 0 ? { ...rest, _meta: meta } : rest;
    return this.#setLegacyLevel(delegate, level).then(() => delegate.request(method, stripped, sent));
  }

  /** logging/setLevel on a stateful server that logs, once per change of level. */
  async #setLegacyLevel(delegate: Upstream, level: unknown): Promise<void> {
    const logs = (delegate.initializeResult?.capabilities as { logging?: unknown } | undefined)?.logging !== undefined;
    if (typeof level !== 'string' || !logs || level === this.#legacyLevel) return;
    this.#legacyLevel = level;
    // A server that refuses the level still gets the request: its log lines are filtered per request anyway.
    await delegate.request('logging/setLevel', { level }).catch(() => undefined);
  }

  async post(message: JSONRPCMessage): Promise<void> {
    await this.#delegate?.post(message);
  }

  cancel(upstreamId: RequestId, reason?: string): void {
    this.#delegate?.cancel(upstreamId, reason);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#delegate?.close();
  }

  async #use(delegate: Upstream, response: JSONRPCResponse): Promise<JSONRPCResponse> {
    this.#delegate = delegate;
    if (this.#closed) await delegate.close();
    return response;
  }
}

/**
 * The stateless session's initialize: `{ response }` when the server took it, `{}` when it
 * answered but not as a 2026-07-28 server, undefined when it said nothing in time.
 */
async function probe(modern: StatelessUpstream, params: Record<string, unknown>, ms: number): Promise<{ response?: JSONRPCResponse } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    const outcome = await Promise.race([
      modern.initialize(params).then((response) => ('result' in response ? { response } : {}), () => undefined),
      late,
    ]);
    return outcome;
  } finally {
    clearTimeout(timer);
  }
}

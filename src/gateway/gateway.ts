// The running gateway: the current config and everything compiled from it, the stores, and
// the live sessions. Transports (HTTP listener, stdio) ask it to open sessions; a reload swaps
// the compiled policy whole, so every call sees either the old rules or the new, never a mix.
import { readFileSync } from 'node:fs';
import { approvalStepRecord } from '../approvals/audit-step.ts';
import { Approvals, type ApprovalEvent, type ApprovalSignals } from '../approvals/service.ts';
import { webhookNotifier } from '../approvals/webhook.ts';
import { AuditWriter } from '../audit/writer.ts';
import { AuditJournal, recoverJournals, type Recovered } from '../audit/journal.ts';
import { onBeforeUpstreamSend } from '../upstream/before-send.ts';
import type { AuditStore } from '../audit/types.ts';
import { listServerTools } from '../catalog/collect.ts';
import { ToolRegistry } from '../catalog/registry.ts';
import { AUDIT_CHANNEL, PostgresAuditStore, type AuditBatchSignal } from '../audit/pg-store.ts';
import type { AuditReader } from '../audit/types.ts';
import type { PostgresDb } from '../database/postgres.ts';
import { ReplicaHeartbeat } from '../database/replicas.ts';
import type { Stores } from '../database/stores.ts';
import { type Config, DEFAULT_SERVER_TIMEOUTS, type ServerConfig } from '../config/types.ts';
import { HttpChannel } from '../downstream/http-channel.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostPolicy, type HostPolicy } from '../downstream/http-guards.ts';
import type { DownstreamSession, EndpointHost, Identity } from '../downstream/streamable-http.ts';
import type { AcquireResult, LimitRequest, LimitStore } from '../limits/types.ts';
import { MemoryLimitStore } from '../limits/memory-store.ts';
import type { Logger } from '../log/logger.ts';
import { compilePolicy } from '../policy/engine.ts';
import { HandshakeCache } from '../upstream/handshake-cache.ts';
import { SharedUpstreams } from '../upstream/shared-upstream.ts';
import { aggregateRouter } from './aggregate-router.ts';
import { serverEvents, type AuditSink, type GatewayContext, type PolicyView } from './context.ts';
import { AdminAuth } from '../web/admin-auth.ts';
import { GatewayMetrics } from '../observability/metrics.ts';
import { LiveEvents } from '../web/live-events.ts';
import { AgentDirectory, ANONYMOUS } from './identify.ts';
import { NO_CLAIMS, type Principal } from '../auth/principal.ts';
import { TokenVerifier } from '../auth/token-verifier.ts';
import { ClientSession, type ClientChannel } from './session.ts';
import { SessionLimitError, SessionRegistry } from './sessions.ts';
import { FORWARDED_HEADER, SessionDirectory, type SessionRecord } from './session-directory.ts';
import { singleServerRouter } from './single-router.ts';
import { StatelessSessions } from './stateless.ts';
import type { StatelessStream } from '../downstream/stateless-http.ts';
import type { JSONRPCRequest } from '../mcp/wire.ts';

/**
 * The Redis store, with its module and ioredis loaded only when `gateway.redis` is set: ioredis
 * (and the TLS stack it pulls in) weighs ~5 MiB resident in a gateway that never uses it. The
 * import starts at once; `ready()` (awaited at start-up) and every `acquire()` wait for it, and
 * an error loading or building the store surfaces there, as the store's own errors do.
 */
class LazyRedisLimitStore implements LimitStore {
  readonly #loading: Promise<LimitStore>;
  #store: LimitStore | undefined;

  constructor(url: string, log: Logger) {
    // An outage is logged once when it starts and once when it ends, not at every retry.
    const onConnection = (state: 'lost' | 'restored', cause: string) => {
      if (state === 'lost') log.error({ cause }, 'Redis connection lost: calls that a rate limit names are refused until it is back');
      else log.info({ redis: cause }, 'Redis connection restored: rate limits are counted again');
    };
    this.#loading = import('../limits/redis-store.ts').then(({ RedisLimitStore }) => (this.#store = new RedisLimitStore(url, { onConnection })));
    this.#loading.catch(() => undefined); // reported by ready() and acquire(), not as unhandled
  }

  async ready(): Promise<void> {
    await (await this.#loading).ready?.();
  }

  acquire(requests: readonly LimitRequest[], now?: number): Promise<AcquireResult> {
    if (this.#store) return this.#store.acquire(requests, now);
    return this.#loading.then((store) => store.acquire(requests, now));
  }

  async close(): Promise<void> {
    const store = await this.#loading.catch(() => undefined);
    await store?.close();
  }
}

const APPROVALS_CHANNEL = 'gatehouse_approvals';

/** "Request <id> changed", between replicas: `<replica> <id>` on a PostgreSQL channel. */
function approvalSignals(db: PostgresDb, replica: string): ApprovalSignals {
  return {
    publish: (id) => void db.notify(APPROVALS_CHANNEL, `${replica} ${id}`).catch(() => undefined),
    subscribe: (listener) => db.listen(APPROVALS_CHANNEL, (payload) => {
      const [from, id] = payload.split(' ');
      if (from !== replica && id) listener(id);
    }),
  };
}

/** The endpoint name of the aggregated `/mcp`. */
export const ALL_SERVERS = '*';

/** The URL path of an endpoint: `/mcp` for all servers, `/mcp/<server>` for one. */
export function endpointPath(endpoint: string): string {
  return endpoint === ALL_SERVERS ? '/mcp' : `/mcp/${encodeURIComponent(endpoint)}`;
}

export const VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

export class Gateway implements EndpointHost {
  readonly log: Logger;
  readonly sessions = new SessionRegistry();
  readonly limits: LimitStore;
  readonly audit: AuditWriter;
  readonly handshakes = new HandshakeCache();
  readonly sharedUpstreams: SharedUpstreams = new SharedUpstreams({
    handshakes: this.handshakes,
    clientInfo: { name: 'gatehouse', version: VERSION },
    events: (server) => serverEvents(this.#context, server, { shared: 'true' }),
  });
  readonly approvals: Approvals;
  readonly catalog: ToolRegistry;
  readonly metrics: GatewayMetrics;
  /** Per server, how the start-up listing went: 'ok' or 'error: <cause>' (for /readyz). */
  readonly upstreamChecks = new Map<string, string>();
  /** True once the start-up listing of every server has finished. */
  upstreamsListed = false;
  /** Finished calls and approval events, for the dashboard's live pages (`GET /api/events`). */
  readonly live = new LiveEvents();
  /** This replica's name (`gateway.replica`, or host:pid). */
  readonly replica: string;
  /** Alive in the shared database, when there is one. */
  readonly heartbeat: ReplicaHeartbeat | undefined;
  /** Where legacy sessions live among replicas, when they share a database. */
  readonly directory: SessionDirectory | undefined;
  readonly #stores: Stores;
  #closing = false;
  #config: Config;
  #context: GatewayContext;
  readonly #auditStore: AuditStore;
  readonly #journal: AuditJournal;
  /** Stops flushing the journal before upstream sends (upstream/before-send.ts). */
  readonly #unhookJournal: () => void;
  #agents: AgentDirectory;
  #tokens: TokenVerifier | undefined;
  #hostPolicy: HostPolicy;
  #adminAuth: AdminAuth;
  readonly #channels = new WeakMap<DownstreamSession, HttpChannel>();
  /** 2026-07-28 requests: pooled sessions per agent and client, outside the session registry. */
  readonly stateless = new StatelessSessions((endpoint, principal, id, channel) => this.buildSession(endpoint, principal, id, channel, true), {
    idleMs: () => this.#config.gateway.sessionIdleTimeoutS * 1000,
    maxSessions: () => this.#config.gateway.maxSessions,
  });

  constructor(config: Config, log: Logger, stores: Stores) {
    this.log = log;
    this.#stores = stores;
    this.replica = stores.replica;
    // Counters shared by replicas when `gateway.redis` is set; this process's own otherwise.
    this.limits = config.gateway.redis ? new LazyRedisLimitStore(config.gateway.redis, log) : new MemoryLimitStore();
    // Batches are written on the main thread: one short transaction every 50 ms (about 1 ms for
    // 350 records) costs less than handing them to a worker, and spares a second V8 isolate
    // (~25-40 MiB). Readers (dashboard, CLI) use their own read-only handles; WAL keeps them apart.
    this.#auditStore = stores.audit;
    // With a shared store, each line names this replica: whoever ships a journal left by a
    // kill -9 (this replica started again, or `gatehouse recover`) records who served the calls.
    this.#journal = new AuditJournal(config.gateway.data, stores.db ? { replica: stores.replica } : {});
    // A forwarded call's journal line is on disk before the server can see the call.
    const journal = this.#journal;
    this.#unhookJournal = onBeforeUpstreamSend(() => journal.flush());
    this.audit = new AuditWriter(this.#auditStore, {
      journal: this.#journal,
      onError: (err: unknown) => log.error({ err: (err as Error).message }, 'audit write failed; records kept for retry'),
    });
    const storeTrouble = (what: string) => (err: unknown) => log.warn({ err: (err as Error)?.message ?? String(err) }, `${what}: the store did not answer`);
    this.approvals = new Approvals(stores.approvals, {
      replica: stores.replica,
      signals: stores.db ? approvalSignals(stores.db, stores.replica) : undefined,
      onError: storeTrouble('approvals'),
    });
    this.catalog = new ToolRegistry(stores.fingerprints, {
      trustChanges: (server) => this.#config.servers.get(server)?.trustChanges === true,
      onError: storeTrouble('catalog'),
    });
    this.heartbeat = stores.db ? new ReplicaHeartbeat(stores.db, stores.replica) : undefined;
    this.directory = stores.db ? new SessionDirectory(stores.db, stores.replica) : undefined;
    if (stores.db) this.#relayOtherReplicas(stores.db);
    this.approvals.onEvent((event) => this.#recordApprovalStep(event));
    this.approvals.onEvent((event) => this.#announce(event));
    this.approvals.onEvent((event) => this.live.approval(event));
    this.#config = config;
    this.metrics = new GatewayMetrics({
      servers: () => this.#config.servers.keys(),
      auditQueueDepth: () => this.audit.queueDepth,
      sessions: () => this.sessions.size,
      pendingApprovals: async () => (await this.approvals.list('pending')).length,
      // Only tools a server listed get a series of their own: callers choose the names.
      isListed: (server, tool) => this.catalog.get(server, tool) !== undefined,
    });
    this.#agents = this.#directory(config);
    this.#hostPolicy = hostPolicy(config.gateway.host, config.gateway.allowedHosts, config.gateway.allowedOrigins);
    this.#adminAuth = new AdminAuth(config);
    this.#context = this.#buildContext(config);
    this.sessions.startSweeping(() => this.#config.gateway.sessionIdleTimeoutS * 1000);
    this.stateless.startSweeping();
  }

  get config(): Config {
    return this.#config;
  }

  /**
   * What a start needs before the listener opens: the shared counters reachable, the held
   * approvals a crash left behind expired, the catalog read, the heartbeat written.
   */
  async start(): Promise<void> {
    await this.limits.ready?.();
    await this.approvals.recover();
    await this.catalog.refresh();
    await this.heartbeat?.start();
    await this.#stores.db?.ensureListening();
  }

  /** Every replica's audit records (one replica's on SQLite); `empty` when none were written yet. */
  readAudit<T>(empty: T, use: (reader: AuditReader) => Promise<T>): Promise<T> {
    return this.#stores.readAudit(empty, use);
  }

  /** The shared stores' state for /readyz: absent on SQLite. */
  async sharedStoreChecks(): Promise<Record<string, string>> {
    const checks: Record<string, string> = {};
    const db = this.#stores.db;
    if (db) {
      checks.database = await db.query('SELECT 1').then(() => 'ok', (err: Error) => `error: ${err.message}`);
    }
    if (this.#config.gateway.redis) {
      checks.redis = await this.limits.ready?.().then(() => 'ok', (err: Error) => `error: ${err.message}`) ?? 'ok';
    }
    return checks;
  }

  /** The live pages show every replica's calls and approval steps, not only this one's. */
  #relayOtherReplicas(db: PostgresDb): void {
    const audit = this.#stores.audit;
    if (audit instanceof PostgresAuditStore) {
      db.listen(AUDIT_CHANNEL, (payload) => {
        if (this.live.listeners === 0) return;
        let signal: AuditBatchSignal;
        try {
          signal = JSON.parse(payload) as AuditBatchSignal;
        } catch {
          return;
        }
        if (signal.replica === this.replica) return;
        audit.batch(signal).then((records) => {
          for (const record of records) this.live.call(record);
        }, () => undefined);
      });
    }
    db.listen(APPROVALS_CHANNEL, (payload) => {
      const [from, id] = payload.split(' ');
      if (from === this.replica || !id || this.live.listeners === 0) return;
      this.approvals.get(id).then((a) => {
        if (a) this.live.approval({ type: a.status === 'pending' ? 'requested' : a.status, approval: a });
      }, () => undefined);
    });
  }

  get context(): GatewayContext {
    return this.#context;
  }

  /** Takes a new, already validated config: new sessions and every next call use it. */
  applyConfig(config: Config): void {
    const context = this.#buildContext(config);
    if (config.gateway.host !== this.#config.gateway.host || config.gateway.port !== this.#config.gateway.port) {
      this.log.warn('gateway.listen changed; it takes effect on restart');
    }
    this.#config = config;
    this.#context = context;
    this.#agents = this.#directory(config);
    this.#hostPolicy = hostPolicy(config.gateway.host, config.gateway.allowedHosts, config.gateway.allowedOrigins);
    this.#adminAuth = new AdminAuth(config);
    for (const session of this.sessions.sessions()) {
      // A session whose server left the config is closed; its client reconnects and learns.
      if (session.route.kind === 'server' && !config.servers.has(session.route.server)) void session.close();
    }
  }

  /**
   * Keys and, with `auth.oauth`, a token verifier. A reload that keeps the same OAuth settings
   * keeps the verifier, with its discovered metadata and cached keys.
   */
  #directory(config: Config): AgentDirectory {
    const oauth = config.auth.oauth;
    if (!oauth) this.#tokens = undefined;
    else if (!this.#tokens || JSON.stringify(this.#tokens.config) !== JSON.stringify(oauth)) {
      const tokens = (this.#tokens = new TokenVerifier(oauth));
      // Discovered now so the first agent does not wait; a failure is retried on demand.
      tokens.prepare().then(
        (metadata) => this.log.info({ issuer: metadata.issuer, jwks: metadata.jwks_uri }, 'OAuth: authorization server discovered'),
        (err: Error) => this.log.warn({ err: err.message }, 'OAuth: cannot discover the authorization server yet; tokens are refused until it answers'),
      );
    }
    return new AgentDirectory(config.agents, config.gateway.requireAuth, this.#tokens);
  }

  /** The token verifier when `auth.oauth` is set (for `gatehouse stdio` and the metadata). */
  get tokens(): TokenVerifier | undefined {
    return this.#tokens;
  }

  #buildContext(config: Config): GatewayContext {
    const policy: PolicyView = compilePolicy(config.policy);
    return {
      policy,
      limits: this.limits,
      audit: this.#metered(this.live.tap(this.audit)),
      journal: this.audit,
      metrics: this.metrics,
      log: this.log,
      servers: config.servers as ReadonlyMap<string, ServerConfig>,
      handshakes: this.handshakes,
      sharedUpstreams: this.sharedUpstreams,
      approvals: this.approvals,
      catalog: this.catalog,
      auditArguments: config.gateway.auditArguments,
    };
  }

  /** The one place every call's record passes: the metrics count from it too. */
  #metered(sink: AuditSink): AuditSink {
    return { record: (r) => { sink.record(r); this.metrics.observeCall(r); } };
  }

  // --- what transports ask of the gateway (EndpointHost) ---

  hostPolicy(): HostPolicy {
    return this.#hostPolicy;
  }

  adminAuth(): AdminAuth {
    return this.#adminAuth;
  }

  maxBodyBytes(): number {
    return this.#config.gateway.maxBodyBytes;
  }

  requestTimeoutMs(): number {
    return this.#config.gateway.requestTimeoutS * 1000;
  }

  identify(authorization: string | undefined, endpoint: string): Identity | Promise<Identity> {
    return this.#agents.byAuthorization(authorization, endpointPath(endpoint));
  }

  identifyKey(key: string | undefined): Identity {
    return this.#agents.byKey(key);
  }

  identifyToken(token: string, endpoint: string): Promise<Identity> {
    return this.#agents.byToken(token, endpointPath(endpoint));
  }

  /** Is there such an endpoint: `*` for all servers, or a configured server's name. */
  hasEndpoint(endpoint: string): boolean {
    return endpoint === ALL_SERVERS || this.#config.servers.has(endpoint);
  }

  open(endpoint: string, principal: Principal, id: string, channel: HttpChannel): ClientSession | { refused: string } {
    let session: ClientSession;
    try {
      session = this.openSession(endpoint, principal, id, channel);
    } catch (err) {
      if (err instanceof SessionLimitError) return { refused: err.message };
      throw err;
    }
    this.#channels.set(session, channel);
    const directory = this.directory;
    if (directory) {
      // The record is written before the initialize answer leaves: the client's very next
      // request may land on another replica.
      const router = session.router;
      session.router = {
        initialize: async (request) => {
          const reply = await router.initialize(request);
          if (reply && 'result' in reply) {
            await directory.record(id, endpoint, principal.agent, (request.params ?? {}) as Record<string, unknown>).catch((err: Error) => {
              this.log.warn({ session: id, err: err.message }, 'session record not written: other replicas cannot serve this session');
            });
          }
          return reply;
        },
        dispatch: (request) => router.dispatch(request),
      };
      const closed = session.onclose;
      session.onclose = () => {
        closed?.();
        // A replica stopping leaves its sessions to the others; a client's DELETE or an idle end does not.
        if (!this.#closing) void directory.forget(id);
      };
    }
    return session;
  }

  /**
   * A request naming a session this replica does not hold: forwarded to its owner (true: the
   * answer went from there), or adopted here, or left to the usual 404.
   */
  async placeSession(req: IncomingMessage, res: ServerResponse, endpoint: string): Promise<boolean> {
    const id = req.headers['mcp-session-id'];
    if (!this.directory || typeof id !== 'string' || id === '' || this.find(endpoint, id)) return false;
    if (req.headers[FORWARDED_HEADER] !== undefined) return false; // the owner answers 404, never forwards again
    let placement;
    try {
      placement = await this.directory.place(req, res, endpoint, id);
    } catch (err) {
      this.log.warn({ session: id, err: (err as Error).message }, 'cannot look the session up in the database');
      return false;
    }
    if (placement.kind === 'forwarded') return true;
    if (placement.kind === 'adopt') await this.#adopt(placement.record);
    return false;
  }

  /** Takes over a session whose replica is gone: a new upstream, handshaken with the client's own initialize. */
  async #adopt(record: SessionRecord): Promise<void> {
    if (this.find(record.endpoint, record.id)) return;
    // The record keeps the agent, not its credentials: the request being placed brings those
    // (the transport's lookup replaces this principal with its own before the session is used).
    const principal: Principal = { agent: record.agent, auth: record.agent === ANONYMOUS ? 'anonymous' : 'key', claims: NO_CLAIMS };
    const opened = this.open(record.endpoint, principal, record.id, new HttpChannel());
    if ('refused' in opened) {
      this.log.warn({ session: record.id, err: opened.refused }, 'session not adopted: the session table is full');
      return;
    }
    const session = opened;
    session.clientCapabilities = (record.initialize.capabilities ?? {}) as Record<string, unknown>;
    const reply = await session.router.initialize({ jsonrpc: '2.0', id: 'gh-adopt', method: 'initialize', params: record.initialize });
    if (reply && 'error' in reply) this.log.warn({ session: record.id, err: reply.error.message }, 'adopted session: the server did not initialize');
    session.receive({ jsonrpc: '2.0', method: 'notifications/initialized' });
    this.log.info({ session: record.id, from: record.owner, endpoint: record.endpoint }, 'session adopted from a replica that stopped');
  }

  /** Where the other replicas reach this one, once it listens. */
  async announce(internalUrl: string): Promise<void> {
    await this.heartbeat?.start(this.#config.gateway.internalUrl ?? internalUrl, this.#config.gateway.sessionIdleTimeoutS * 1000);
  }

  /** A client session with its router, not registered (stateless requests pool their own). */
  buildSession(endpoint: string, principal: Principal, id: string, channel: ClientChannel, stateless = false): ClientSession {
    const route = endpoint === ALL_SERVERS ? { kind: 'all' as const } : { kind: 'server' as const, server: endpoint };
    const session = new ClientSession({ id, principal, route, channel, context: () => this.#context, stateless });
    session.router = route.kind === 'all' ? aggregateRouter(session, VERSION) : singleServerRouter(session, route.server);
    return session;
  }

  serveStateless(endpoint: string, principal: Principal, request: JSONRPCRequest, stream: StatelessStream): void {
    void this.stateless.serve(endpoint, principal, request, stream);
  }

  openSession(endpoint: string, principal: Principal, id: string, channel: ClientChannel): ClientSession {
    const session = this.buildSession(endpoint, principal, id, channel);
    const agent = principal.agent;
    this.sessions.add(session, endpoint, this.#config.gateway.maxSessions, this.#config.gateway.maxSessionsPerAgent);
    const unregister = session.onclose;
    session.onclose = () => {
      unregister?.();
      (channel as Partial<HttpChannel>).close?.();
    };
    this.log.debug({ session: id, agent, auth: principal.auth, endpoint }, 'session opened');
    return session;
  }

  find(endpoint: string, id: string): ClientSession | undefined {
    return this.sessions.find(endpoint, id);
  }

  channelOf(session: DownstreamSession): HttpChannel | undefined {
    return this.#channels.get(session);
  }

  /**
   * Lists every server's tools once, in the background, so the catalog (risk classes, pages,
   * fingerprints) is complete before any client has asked, and a changed definition is caught.
   */
  async refreshCatalog(): Promise<void> {
    await Promise.all([...this.#config.servers.values()].map(async (server) => {
      try {
        this.catalog.observe(server.name, await listServerTools(server, { timeoutMs: listTimeoutMs(server) }));
        this.upstreamChecks.set(server.name, 'ok');
        this.metrics.serverListed(server.name, true);
      } catch (err) {
        this.upstreamChecks.set(server.name, `error: ${(err as Error).message}`);
        this.metrics.serverListed(server.name, false);
        this.log.warn({ server: server.name, err: (err as Error).message }, 'could not list the server\'s tools for the catalog');
      }
    }));
    this.upstreamsListed = true;
  }

  /** Decisions, expiries and uses of approvals are steps of their own in the audit log. */
  #recordApprovalStep(event: ApprovalEvent): void {
    if (event.type === 'requested' || event.type === 'consumed') return;
    const a = event.approval;
    // Through the metered sink, as every call's record: /metrics counts what the audit log holds.
    this.#metered(this.audit).record(approvalStepRecord(event, this.#config.gateway.auditArguments));
    this.log.info({ approval: a.id, event: event.type, server: a.server, tool: a.tool, agent: a.agent, by: a.decidedBy }, `approval ${event.type}`);
  }

  #announce(event: ApprovalEvent): void {
    const webhook = this.#config.approvals.webhook;
    if (!webhook || event.type !== 'requested') return;
    webhookNotifier({ ...webhook, onFailure: (message) => this.log.warn({ approval: event.approval.id }, message) })(event);
  }

  /**
   * Writes to the store what journals of stopped gateways hold and it lacks (a kill -9, a crash):
   * their answered calls, and their forwarded calls never answered, with outcome `unknown`.
   */
  async recoverAudit(): Promise<Recovered> {
    return recoverJournals(this.#config.gateway.data, this.#auditStore, this.#journal);
  }

  /** Answers held calls, ends every session and writes every audit record still queued. */
  async close(options: { settleMs?: number } = {}): Promise<void> {
    this.#closing = true;
    await this.approvals.close().catch((err: Error) => this.log.warn({ err: err.message }, 'approvals: could not close cleanly'));
    // Calls already forwarded get their answer (and their record) before sessions end; one that
    // takes longer is recorded as cancelled or, at the last, `unknown`.
    await this.audit.settle(options.settleMs ?? 5_000);
    // Let the answers to held calls go out before their sessions close.
    await new Promise((r) => setImmediate(r));
    await this.sessions.closeAll();
    await this.stateless.closeAll();
    await this.sharedUpstreams.closeAll();
    await this.catalog.close();
    await this.audit.close();
    this.#unhookJournal();
    await this.heartbeat?.stop();
    await this.#stores.close();
    await this.limits.close();
  }
}

/** The start-up listing waits as long as the server's handshake and one call may take. */
function listTimeoutMs(server: ServerConfig): number {
  const t = { ...DEFAULT_SERVER_TIMEOUTS, ...server.timeouts };
  return (t.handshakeS + t.callS) * 1000;
}

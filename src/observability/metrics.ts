// The gateway's Prometheus metrics, on a registry of its own (never prom-client's global one).
// Calls are counted from the audit record, at the one place every call's record is written, so
// the metrics and the audit log cannot disagree. Gauges that can be read (queue depth, sessions,
// pending approvals, upstreams up) are read at scrape time; nothing is kept up to date per call.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AuditRecord } from '../audit/types.ts';

/** What the metrics read from the running gateway at scrape time. */
export interface MetricsSources {
  /** Configured server names (read at each scrape, so a reload is followed). */
  servers(): Iterable<string>;
  auditQueueDepth(): number;
  sessions(): number;
  pendingApprovals(): number | Promise<number>;
  /** Did the server list this tool? Other names share the tool label UNKNOWN_TOOL. */
  isListed?(server: string, tool: string): boolean;
}

/**
 * The tool label of calls to names the server never listed: a caller may send any number of
 * made-up names, and each must not become a series kept for ever.
 */
export const UNKNOWN_TOOL = '(unknown)';

/** Upstream states as reported by an upstream session (see upstream/upstream-session.ts). */
export type UpstreamStateName = 'starting' | 'ready' | 'restarting' | 'closed';

// Gateway overhead is tens of microseconds to a few milliseconds; upstreams take milliseconds
// to seconds.
const OVERHEAD_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1];
const UPSTREAM_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

type CounterChild = ReturnType<Counter<string>['labels']>;
type HistogramChild = ReturnType<Histogram<string>['labels']>;

export class GatewayMetrics {
  readonly registry = new Registry();
  readonly #calls: Counter<'server' | 'tool' | 'decision'>;
  readonly #overhead: Histogram<'server'>;
  readonly #upstreamLatency: Histogram<'server'>;
  readonly #restarts: Counter<'server'>;
  /** Label children by key, so the hot path is one Map lookup and an add. */
  readonly #callChildren = new Map<string, CounterChild>();
  readonly #overheadChildren = new Map<string, HistogramChild>();
  readonly #latencyChildren = new Map<string, HistogramChild>();
  /** Per server: the state of each live upstream session, and the last state known. */
  readonly #upstreams = new Map<string, { live: Map<object, UpstreamStateName>; lastUp: boolean | undefined }>();
  readonly #sources: MetricsSources;

  constructor(sources: MetricsSources, options: { defaultMetrics?: boolean } = {}) {
    this.#sources = sources;
    const registers = [this.registry];
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.#calls = new Counter({
      name: 'gatehouse_tool_calls_total',
      help: 'Tool calls by server, tool and decision (allow, deny, rate_limited, approval_pending, approved, rejected, expired).',
      labelNames: ['server', 'tool', 'decision'] as const,
      registers,
    });
    this.#overhead = new Histogram({
      name: 'gatehouse_gateway_overhead_seconds',
      help: 'Time a tool call spent in the gateway itself, excluding the upstream.',
      labelNames: ['server'] as const,
      buckets: OVERHEAD_BUCKETS,
      registers,
    });
    this.#upstreamLatency = new Histogram({
      name: 'gatehouse_upstream_latency_seconds',
      help: 'Time the upstream server took to answer a forwarded tool call.',
      labelNames: ['server'] as const,
      buckets: UPSTREAM_BUCKETS,
      registers,
    });
    this.#restarts = new Counter({
      name: 'gatehouse_upstream_restarts_total',
      help: 'Restarts of upstream server sessions after the server died or disconnected.',
      labelNames: ['server'] as const,
      registers,
    });
    const self = this;
    new Gauge({
      name: 'gatehouse_upstream_up',
      help: 'Whether the upstream server is up (1) or down (0): up when one of its sessions is ready, else the last state known.',
      labelNames: ['server'] as const,
      registers,
      collect() {
        this.reset();
        for (const server of sources.servers()) {
          const up = self.isUp(server);
          if (up !== undefined) this.set({ server }, up ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'gatehouse_approvals_pending',
      help: 'Tool calls held for a human approval.',
      registers,
      async collect() {
        // Read from the approvals store, which may be shared by replicas (then all of theirs).
        this.set(await Promise.resolve(sources.pendingApprovals()).catch(() => 0));
      },
    });
    new Gauge({
      name: 'gatehouse_audit_queue_depth',
      help: 'Audit records queued and not yet written to the store.',
      registers,
      collect() {
        this.set(sources.auditQueueDepth());
      },
    });
    new Gauge({
      name: 'gatehouse_sessions',
      help: 'Live client sessions.',
      registers,
      collect() {
        this.set(sources.sessions());
      },
    });
    for (const server of sources.servers()) this.#serverChildren(server);
  }

  /** One call's facts, from its audit record. O(1), never throws. */
  observeCall(record: AuditRecord): void {
    try {
      const tool = this.#sources.isListed === undefined || this.#sources.isListed(record.server, record.tool) ? record.tool : UNKNOWN_TOOL;
      const key = `${record.server}\u0000${tool}\u0000${record.decision}`;
      let calls = this.#callChildren.get(key);
      if (!calls) {
        calls = this.#calls.labels(record.server, tool, record.decision);
        this.#callChildren.set(key, calls);
      }
      calls.inc();
      const { overhead, latency } = this.#serverChildren(record.server);
      overhead.observe(record.gatewayMs / 1000);
      if (record.upstreamMs !== null) latency.observe(record.upstreamMs / 1000);
    } catch {
      // Metrics never break a call.
    }
  }

  /**
   * An upstream session of `server` changed state; `session` identifies it (any object).
   * A server is up while at least one of its live sessions is ready; with none ready, down
   * while one is restarting; otherwise the last state known (a session's, or the start-up
   * listing's from `serverListed`). Every 'restarting' counts one restart.
   */
  upstreamState(server: string, state: UpstreamStateName, session: object): void {
    const entry = this.#upstream(server);
    if (state === 'closed') {
      entry.live.delete(session);
      return;
    }
    entry.live.set(session, state);
    if (state === 'ready') entry.lastUp = true;
    if (state === 'restarting') {
      entry.lastUp = false;
      this.#restarts.labels(server).inc();
    }
  }

  /** The start-up listing of a server's tools succeeded or failed. */
  serverListed(server: string, ok: boolean): void {
    this.#upstream(server).lastUp = ok;
  }

  /** True up, false down, undefined when nothing is known yet. */
  isUp(server: string): boolean | undefined {
    const entry = this.#upstreams.get(server);
    if (!entry) return undefined;
    let restarting = false;
    for (const state of entry.live.values()) {
      if (state === 'ready') return true;
      if (state === 'restarting') restarting = true;
    }
    return restarting ? false : entry.lastUp;
  }

  /** The Prometheus text exposition and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  #upstream(server: string) {
    let entry = this.#upstreams.get(server);
    if (!entry) {
      entry = { live: new Map(), lastUp: undefined };
      this.#upstreams.set(server, entry);
    }
    return entry;
  }

  #serverChildren(server: string) {
    let overhead = this.#overheadChildren.get(server);
    let latency = this.#latencyChildren.get(server);
    if (!overhead || !latency) {
      overhead = this.#overhead.labels(server);
      latency = this.#upstreamLatency.labels(server);
      this.#overheadChildren.set(server, overhead);
      this.#latencyChildren.set(server, latency);
      // A restart counter at 0 from the start, so rate() sees the first restart.
      this.#restarts.labels(server).inc(0);
    }
    return { overhead, latency };
  }
}

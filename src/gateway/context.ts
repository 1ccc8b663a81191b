// What a client session needs from the running gateway, as narrow interfaces: the policy in
// force now (swapped whole on reload), the rate-limit counters, the audit sink, the servers.
import type { Approvals } from '../approvals/service.ts';
import type { AuditRecord } from '../audit/types.ts';
import type { ToolDefinition } from '../catalog/types.ts';
import type { ServerConfig } from '../config/types.ts';
import type { LimitStore } from '../limits/types.ts';
import type { Logger } from '../log/logger.ts';
import type { MatchedRule, ToolCall, ToolFacts, Verdict } from '../policy/types.ts';
import type { HandshakeCache } from '../upstream/handshake-cache.ts';
import type { SharedUpstreams } from '../upstream/shared-upstream.ts';
import type { UpstreamHooks } from '../upstream/upstream.ts';

export interface PolicyView {
  decide(call: ToolCall, facts?: ToolFacts): Verdict;
  isHidden(agent: string, server: string, tool: string, facts?: ToolFacts): boolean;
  rulesNaming(server: string, tool: string): MatchedRule[];
  fallback(facts?: ToolFacts): MatchedRule;
}

/** What the chain and the tool lists need of the catalog. */
export interface CatalogView {
  observe(server: string, tools: readonly ToolDefinition[]): void;
  isQuarantined(server: string, tool: string): boolean;
  facts(server: string, tool: string): ToolFacts | undefined;
}

export interface AuditSink {
  /** O(1), never throws, never waits: the record is written later, off the call path. */
  record(record: AuditRecord): void;
}

/**
 * The local journal of calls (audit/journal.ts, through the audit writer): one synchronous
 * append each, so what a killed gateway had forwarded or answered is recorded at the next start.
 */
export interface CallJournal {
  /** The call goes upstream next; its record so far, with outcome `unknown`. */
  forwarding(record: AuditRecord): void;
  /** The call's finished record, before its reply is written; `audit.record` follows. */
  answered(record: AuditRecord): void;
}

export interface GatewayContext {
  /** Read at every call, so a reload takes effect on the next call of every session. */
  readonly policy: PolicyView;
  readonly limits: LimitStore;
  readonly audit: AuditSink;
  /** Absent where nothing outlives the process (tests of the chain alone). */
  readonly journal?: CallJournal;
  readonly approvals: Approvals;
  readonly catalog: CatalogView;
  readonly log: Logger;
  readonly servers: ReadonlyMap<string, ServerConfig>;
  /** Servers' initialize answers, so new sessions start their server on first use. */
  readonly handshakes: HandshakeCache;
  /** The one upstream session of each `shared` server, for every client session. */
  readonly sharedUpstreams: SharedUpstreams;
  /** Keep argument values in the audit record (off by default). */
  readonly auditArguments: boolean;
  /** Upstream sessions report their state changes here (up/down and restarts, for /metrics). */
  readonly metrics?: UpstreamStateSink;
}

export interface UpstreamStateSink {
  /** `session` identifies one upstream session (any object, e.g. the UpstreamSession). */
  upstreamState(server: string, state: 'starting' | 'ready' | 'restarting' | 'closed', session: object): void;
}

/**
 * What an upstream session tells the operator: its stderr and transport trouble in the log,
 * tagged with the server (and the client session, when it has one), and its state in /metrics.
 */
export function serverEvents(context: GatewayContext, server: string, tags: Record<string, string> = {}): Pick<UpstreamHooks, 'onStderr' | 'onState' | 'onError'> {
  // Made on first use: most upstream sessions never log, and an idle session should weigh little.
  let child: Logger | undefined;
  const log = () => (child ??= context.log.child({ server, ...tags }));
  const identity = {}; // this upstream session, for the metrics' count of live ones
  return {
    onStderr: (line) => log().info({ stderr: line }, 'server stderr'),
    onState: (state, cause) => {
      // Every session's upstream turns ready once: no child logger for a line nobody reads.
      const level = state === 'restarting' ? 'warn' : 'debug';
      if (context.log.isLevelEnabled(level)) log()[level]({ state, cause }, `server ${state}`);
      context.metrics?.upstreamState(server, state, identity);
    },
    onError: (error) => log().warn({ err: error.message }, 'server transport error'),
  };
}

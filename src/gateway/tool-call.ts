// The chain every tools/call walks, in the order it runs: refuse malformed input, refuse a
// quarantined tool, decide by policy (with the tool's classified risk), hold for a human's
// approval when a rule says so, count against rate limits, forward to the upstream (journaled
// first), record (journaled before the reply).
// Identification happened at the transport. Approval never bypasses a deny or a limit.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { argsDigest, argsJson } from '../audit/digest.ts';
import { ruleLabel } from '../policy/describe.ts';
import type { AuditRecord, UpstreamOutcome } from '../audit/types.ts';
import type { AuthMethod } from '../auth/principal.ts';
import { accessLogOf, type AccessLog, type Logger } from '../log/logger.ts';
import type { JSONRPCResponse } from '../mcp/wire.ts';
import type { DecisionAction, MatchedRule, ToolCall } from '../policy/types.ts';
import { RequestCancelledError, UpstreamTimeoutError, UpstreamUnavailableError } from '../upstream/transport.ts';
import { type ClientAbilities, seekApproval } from './approval-step.ts';
import { callInputProblem } from './call-input.ts';
import type { GatewayContext } from './context.ts';
import { blockedResult, invalidInputResult, limitsUnavailableResult, quarantinedResult, rateLimitedResult, unavailableResult, type ToolResult } from './stopped.ts';

export interface ToolCallRequest {
  call: ToolCall;
  /** How the agent authenticated, for the record. */
  auth?: AuthMethod;
  client: ClientAbilities;
  /** The client's params, forwarded as they are but for the tool's name. */
  params: Record<string, unknown>;
  forward(params: Record<string, unknown>): Promise<JSONRPCResponse>;
}

/** What the session sends back: a result or error body, or nothing for a cancelled call. */
export type ToolCallReply = { result: ToolResult | Record<string, unknown> } | { error: { code: number; message: string; data?: unknown } } | undefined;

export async function runToolCall(ctx: GatewayContext, request: ToolCallRequest): Promise<ToolCallReply> {
  const started = performance.now();
  const { call } = request;
  const trail = new Trail(ctx, call, started, request.auth);

  const problem = callInputProblem(request.params);
  if (problem !== undefined) {
    trail.record('deny', 'invalid input', problem, 'not_forwarded');
    return { result: invalidInputResult(problem) };
  }

  if (ctx.catalog.isQuarantined(call.server, call.tool)) {
    trail.record('deny', 'quarantine', 'the tool definition changed since it was first seen; quarantined', 'not_forwarded');
    return { result: quarantinedResult(call.server, call.tool) };
  }

  const verdict = ctx.policy.decide(call, ctx.catalog.facts(call.server, call.tool));
  if (verdict.action === 'deny') {
    trail.record('deny', verdict.rule, verdict.reason, 'not_forwarded');
    return { result: blockedResult(verdict.rule, verdict.reason) };
  }
  let decision: DecisionAction = 'allow';
  let because = '';
  if (verdict.action === 'require_approval') {
    let outcome: Awaited<ReturnType<typeof seekApproval>>;
    try {
      outcome = await seekApproval(ctx, call, verdict.rule, request.client, (approval) => {
        trail.record('approval_pending', verdict.rule, `approval ${approval.id} requested (${approval.mode})`, 'not_forwarded');
      });
    } catch (err) {
      // The approvals store cannot be reached (a shared database away): no approval, no call.
      // The cause goes to the audit, not to the agent (it names the gateway's infrastructure).
      trail.record('deny', verdict.rule, `approvals cannot be reached now: ${(err as Error).message}`, 'not_forwarded');
      return { result: blockedResult(verdict.rule, 'approvals cannot be reached now; retry later') };
    }
    // Rejections and expiries are recorded as they happen, by the gateway's approvals listener.
    if ('stopped' in outcome) return { result: outcome.stopped };
    decision = 'approved';
    because = `approved by ${outcome.approved.decidedBy ?? 'an approver'} (${outcome.approved.id})`;
  }

  if (verdict.limits.length > 0) {
    const requests = verdict.limits.map((l) => ({ key: l.key, max: l.max, windowMs: l.windowS * 1000 }));
    let room: Awaited<ReturnType<typeof ctx.limits.acquire>>;
    try {
      room = await ctx.limits.acquire(requests);
    } catch (err) {
      // No answer from the counters is no room: fail closed, and say why.
      const result = limitsUnavailableResult(verdict.limits[0], (err as Error).message);
      trail.record('deny', verdict.limits[0].rule, `rate-limit counters unavailable: ${(err as Error).message}`, 'not_forwarded');
      return { result };
    }
    if (!room.ok) {
      const claim = verdict.limits[room.index];
      const retryAfterS = Math.max(1, Math.ceil(room.retryAfterMs / 1000));
      const result = rateLimitedResult(call.tool, claim, retryAfterS);
      trail.record('rate_limited', claim.rule, result.text, 'not_forwarded');
      return { result: result.result };
    }
  }

  trail.forwarding(decision, verdict.rule, because);
  const forwardedAt = performance.now();
  try {
    const response = await request.forward({ ...request.params, name: call.tool });
    trail.upstreamMs = performance.now() - forwardedAt;
    if ('error' in response) {
      trail.record(decision, verdict.rule, response.error.message, 'error');
      return { error: response.error };
    }
    const isError = (response.result as { isError?: unknown }).isError === true;
    trail.record(decision, verdict.rule, because, isError ? 'tool_error' : 'ok');
    return { result: response.result as Record<string, unknown> };
  } catch (err) {
    trail.upstreamMs = performance.now() - forwardedAt;
    if (err instanceof RequestCancelledError) {
      trail.record(decision, verdict.rule, err.message, 'cancelled');
      return undefined;
    }
    const unavailable = err instanceof UpstreamUnavailableError ? err : new UpstreamUnavailableError(call.server, (err as Error).message);
    trail.record(decision, verdict.rule, unavailable.message, unavailable instanceof UpstreamTimeoutError ? 'timeout' : 'unavailable');
    return { result: unavailableResult(unavailable) };
  }
}

/** Accumulates one call's facts and writes its audit record exactly once. */
class Trail {
  upstreamMs: number | null = null;
  readonly #ctx: GatewayContext;
  readonly #call: ToolCall;
  readonly #started: number;
  readonly #auth: AuthMethod | undefined;
  readonly #time = Date.now();
  readonly requestId = randomUUID();

  constructor(ctx: GatewayContext, call: ToolCall, started: number, auth: AuthMethod | undefined) {
    this.#ctx = ctx;
    this.#call = call;
    this.#started = started;
    this.#auth = auth;
  }

  /** Journals the call as forwarded (see audit/journal.ts): it goes upstream next. */
  forwarding(decision: DecisionAction, rule: MatchedRule, reason: string): void {
    if (!this.#ctx.journal) return;
    try {
      this.#ctx.journal.forwarding(this.#build(decision, rule, reason, 'unknown', performance.now() - this.#started, null));
    } catch (err) {
      process.emitWarning(`gatehouse: journaling a forwarded call failed: ${(err as Error).message}`);
    }
  }

  record(decision: DecisionAction, rule: MatchedRule | string, reason: string, outcome: UpstreamOutcome): void {
    const totalMs = performance.now() - this.#started;
    const upstreamMs = this.upstreamMs;
    // With a journal, the record is made now and on disk before the reply is written; the
    // store, the access log and the metrics still wait for the next turn.
    let record: AuditRecord | undefined;
    if (this.#ctx.journal) {
      try {
        record = this.#build(decision, rule, reason, outcome, totalMs, upstreamMs);
        this.#ctx.journal.answered(record);
      } catch (err) {
        process.emitWarning(`gatehouse: journaling a call failed: ${(err as Error).message}`);
      }
    }
    afterReply(() => {
      record ??= this.#build(decision, rule, reason, outcome, totalMs, upstreamMs);
      this.#ctx.audit.record(record);
      // One line per call, the gateway's access log; its requestId is the audit record's.
      const call = this.#call;
      accessLog(this.#ctx.log).line({ requestId: this.requestId, agent: call.agent, server: call.server, tool: call.tool, decision, rule: record.rule, outcome }, 'tools/call');
    });
  }

  // Both made once per call: a forwarded call's record is built twice (journaled when
  // forwarded, then when answered), and the arguments are the same both times.
  #digest: string | undefined;
  #argsJson: string | null | undefined;

  #build(decision: DecisionAction, rule: MatchedRule | string, reason: string, outcome: UpstreamOutcome, totalMs: number, upstreamMs: number | null): AuditRecord {
    const call = this.#call;
    return {
      time: this.#time,
      requestId: this.requestId,
      agent: call.agent,
      ...(this.#auth ? { auth: this.#auth } : {}),
      session: call.session,
      server: call.server,
      tool: call.tool,
      decision,
      rule: typeof rule === 'string' ? rule : ruleLabel(rule),
      reason,
      gatewayMs: round(totalMs - (upstreamMs ?? 0)),
      upstreamMs: upstreamMs === null ? null : round(upstreamMs),
      outcome,
      argsDigest: (this.#digest ??= argsDigest(call.args)),
      args: (this.#argsJson ??= this.#ctx.auditArguments ? argsJson(call.args) : null),
    };
  }
}

/** The access log of each logger (log/logger.ts accessLogOf), made once. */
const accessLogs = new WeakMap<Logger, AccessLog>();
function accessLog(log: Logger): AccessLog {
  let access = accessLogs.get(log);
  if (!access) accessLogs.set(log, (access = accessLogOf(log)));
  return access;
}

/**
 * Bookkeeping that waits until the answer is on its way: the record, its log line and the
 * metrics fed from it run in the next turn of the event loop (after the promise chain that
 * writes the reply), so they add nothing to the call's latency. They still run, in order,
 * before the gateway can stop: shutdown awaits long after one turn.
 */
const queued: (() => void)[] = [];
function afterReply(work: () => void): void {
  if (queued.push(work) === 1) setImmediate(runQueued);
}
function runQueued(): void {
  for (const work of queued.splice(0)) {
    try {
      work();
    } catch (err) {
      // One broken record must not take the others of its turn with it.
      process.emitWarning(`gatehouse: recording a call failed: ${(err as Error).message}`);
    }
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

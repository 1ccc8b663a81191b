// What the agent gets when a call is stopped: a tool result with isError (never a hang or a
// broken session) whose text says what happened and what to do, and the same facts for
// programs under _meta["gatehouse/decision"]. The words come from policy/describe.ts.
import { blockedMessage, DECISION_META_KEY, decisionMeta, rateLimitedMessage, sentence, type DecisionMeta } from '../policy/describe.ts';
import type { ApprovalRequest } from '../approvals/types.ts';
import type { LimitClaim, MatchedRule } from '../policy/types.ts';
import type { UpstreamUnavailableError } from '../upstream/transport.ts';

export interface ToolResult {
  content: { type: 'text'; text: string }[];
  isError: true;
  _meta: Record<string, unknown>;
  [key: string]: unknown;
}

function stopped(text: string, meta: DecisionMeta): ToolResult {
  return { content: [{ type: 'text', text }], isError: true, _meta: { [DECISION_META_KEY]: meta } };
}

export function blockedResult(rule: MatchedRule, reason: string): ToolResult {
  return stopped(blockedMessage(rule, reason), decisionMeta('deny', rule, reason));
}

export function rateLimitedResult(tool: string, claim: LimitClaim, retryAfterS: number): { result: ToolResult; text: string } {
  const text = rateLimitedMessage(tool, claim, retryAfterS);
  return { result: stopped(text, decisionMeta('rate_limited', claim.rule, text, { retryAfterS })), text };
}

/**
 * The rate-limit counters (Redis, shared by replicas) could not be reached: the gateway cannot
 * know whether the call has room, so it fails closed and says so.
 */
export function limitsUnavailableResult(claim: LimitClaim, cause: string): ToolResult {
  const reason = `the rate-limit counters could not be checked (${cause}), so the call was not forwarded; retry shortly`;
  return stopped(`Blocked (${ruleWords(claim.rule)}): ${sentence(reason)}`, decisionMeta('deny', claim.rule, reason, { retryAfterS: 5 }));
}

/** The upstream is down or restarting: say which server and why, never hang. */
export function unavailableResult(error: UpstreamUnavailableError): ToolResult {
  return stopped(`${error.message}.`, decisionMeta('unavailable', null, error.message, { retryAfterS: error.retryAfterS }));
}

/** A call whose params the gateway cannot decide on (see gateway/call-input.ts). */
export function invalidInputResult(reason: string): ToolResult {
  return stopped(`Refused (invalid input): ${sentence(reason)}`, { action: 'deny', rule: 'invalid input', reason });
}

function ruleWords(rule: MatchedRule): string {
  return rule.index === 0 ? (rule.tool === 'default' ? 'policy default' : `policy ${rule.tool}`) : `rule ${rule.index}: ${rule.tool}`;
}

function duration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** Async mode: the call is not held; the agent is told how to come back once approved. */
export function approvalPendingResult(rule: MatchedRule, approval: ApprovalRequest): ToolResult {
  const text = `Approval required (${ruleWords(rule)}): a person must approve this call first. ` +
    `Approval id ${approval.id}; once it is approved, repeat the identical call within ${duration(approval.ttlS)} of the approval and it will go through once. ` +
    `It expires if no one decides within ${duration(Math.round((approval.expiresAt - approval.createdAt) / 1000))}.`;
  return stopped(text, decisionMeta('approval_pending', rule, text, { approvalId: approval.id }));
}

export function rejectedResult(rule: MatchedRule, approval: ApprovalRequest): ToolResult {
  const why = approval.reason ? ` ${sentence(approval.reason)}` : '';
  const text = `Rejected by ${approval.decidedBy ?? 'an approver'} (${ruleWords(rule)}, approval ${approval.id}).${why}`;
  return stopped(text, decisionMeta('rejected', rule, approval.reason ?? 'rejected', { approvalId: approval.id }));
}

export function expiredResult(rule: MatchedRule, approval: ApprovalRequest): ToolResult {
  const text = approval.reason
    ? `Approval ${approval.id} ended (${ruleWords(rule)}): ${approval.reason}.`
    : `Approval expired (${ruleWords(rule)}, approval ${approval.id}): no one decided in time; retry later or ask an operator.`;
  return stopped(text, decisionMeta('expired', rule, approval.reason ?? 'expired', { approvalId: approval.id }));
}

/** A tool whose definition changed since it was first seen waits for an operator. */
export function quarantinedResult(server: string, tool: string): ToolResult {
  const reason = `the definition of ${server}/${tool} changed since the gateway first saw it, so it is quarantined until an operator reviews the change (gatehouse catalog accept ${server}/${tool})`;
  const text = `Blocked by policy (quarantine): ${sentence(reason)}`;
  return stopped(text, { action: 'deny', rule: 'quarantine', reason });
}

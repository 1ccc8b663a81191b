// What the agent gets when a call is stopped: a tool result with isError (never a hang or a
// broken session) whose text says what happened and what to do, and the same facts for
// programs under _meta["gatehouse/decision"]. The words come from policy/describe.ts.
import { blockedMessage, DECISION_META_KEY, decisionMeta, rateLimitedMessage, type DecisionMeta } from '../policy/describe.ts';
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

/** The upstream is down or restarting: say which server and why, never hang. */
export function unavailableResult(error: UpstreamUnavailableError): ToolResult {
  return stopped(`${error.message}.`, decisionMeta('unavailable', null, error.message, { retryAfterS: error.retryAfterS }));
}

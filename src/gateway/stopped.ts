// What the agent gets when a call is stopped: a tool result with isError (never a hang or a
// broken session) whose text says what happened and what to do, and the same facts for
// programs under _meta["gatehouse/decision"], as SPEC fixes them.
import type { LimitClaim, MatchedRule } from '../policy/types.ts';
import type { UpstreamUnavailableError } from '../upstream/transport.ts';

export const DECISION_META_KEY = 'gatehouse/decision';

export interface DecisionMeta {
  action: 'deny' | 'rate_limited' | 'unavailable' | 'approval_pending' | 'rejected' | 'expired';
  rule: string;
  reason: string;
  retry_after_s?: number;
  approval_id?: string;
}

export interface ToolResult {
  content: { type: 'text'; text: string }[];
  isError: true;
  _meta: Record<string, unknown>;
  [key: string]: unknown;
}

export function ruleLabel(rule: MatchedRule): string {
  return rule.index === 0 ? 'default' : `${rule.index}: ${rule.tool}`;
}

function stopped(text: string, meta: DecisionMeta): ToolResult {
  return { content: [{ type: 'text', text }], isError: true, _meta: { [DECISION_META_KEY]: meta } };
}

/** `Blocked by policy (rule 2: valkey/delete_*): Deleting keys is not allowed from agents.` */
export function blockedResult(rule: MatchedRule, reason: string): ToolResult {
  const label = rule.index === 0 ? 'policy default' : `rule ${ruleLabel(rule)}`;
  const sentence = /[.!?]$/.test(reason) ? reason : `${reason}.`;
  return stopped(`Blocked by policy (${label}): ${capitalize(sentence)}`, { action: 'deny', rule: ruleLabel(rule), reason });
}

const SCOPE_WORDS = { session: 'in this session', agent: 'for this agent', global: 'across all agents' } as const;

/** `Rate limit reached for create_api_key: 10 calls per 60 s in this session; retry in 23 s.` */
export function rateLimitedResult(tool: string, claim: LimitClaim, retryAfterS: number): { result: ToolResult; text: string } {
  const calls = claim.max === 1 ? '1 call' : `${claim.max} calls`;
  let text = `Rate limit reached for ${tool}: ${calls} per ${claim.windowS} s ${SCOPE_WORDS[claim.scope]}; retry in ${retryAfterS} s.`;
  if (claim.rule.reason) text += ` ${claim.rule.reason}`;
  const meta: DecisionMeta = { action: 'rate_limited', rule: ruleLabel(claim.rule), reason: text, retry_after_s: retryAfterS };
  return { result: stopped(text, meta), text };
}

/** The upstream is down or restarting: say which server and why, never hang. */
export function unavailableResult(error: UpstreamUnavailableError): ToolResult {
  const meta: DecisionMeta = { action: 'unavailable', rule: '', reason: error.message };
  if (error.retryAfterS !== undefined) meta.retry_after_s = error.retryAfterS;
  return stopped(`${error.message}.`, meta);
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

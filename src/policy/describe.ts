// The words an agent reads when a call is stopped, and the same facts for programs under
// `_meta["gatehouse/decision"]`, in SPEC's wording. Pure text; the gateway wraps it in a
// tool result.
import type { RateLimitScope } from '../config/types.ts';
import type { DecisionAction, LimitClaim, MatchedRule } from './types.ts';

export const DECISION_META_KEY = 'gatehouse/decision';

export interface DecisionMeta {
  action: DecisionAction | 'unavailable';
  rule: string;
  reason: string;
  retry_after_s?: number;
  approval_id?: string;
}

/** `2: valkey/delete_*`, or `default` for the policy default. */
export function ruleLabel(rule: MatchedRule): string {
  return rule.index === 0 ? rule.tool : `${rule.index}: ${rule.tool}`;
}

/** `Blocked by policy (rule 2: valkey/delete_*): Deleting keys is not allowed from agents.` */
export function blockedMessage(rule: MatchedRule, reason: string): string {
  const label = rule.index === 0 ? (rule.tool === 'default' ? 'policy default' : `policy ${rule.tool}`) : `rule ${ruleLabel(rule)}`;
  return `Blocked by policy (${label}): ${sentence(reason)}`;
}

const SCOPE_WORDS: Record<RateLimitScope, string> = {
  session: 'in this session',
  agent: 'for this agent',
  global: 'across all agents',
};

/** `Rate limit reached for create_api_key: 10 calls per 60 s in this session; retry in 23 s.` */
export function rateLimitedMessage(tool: string, claim: LimitClaim, retryAfterS: number): string {
  const calls = claim.max === 1 ? '1 call' : `${claim.max} calls`;
  const text = `Rate limit reached for ${tool}: ${calls} per ${seconds(claim.windowS)} s ${SCOPE_WORDS[claim.scope]}; retry in ${retryAfterS} s.`;
  // A rule's own reason, when it has one, tells the agent why the limit exists.
  return claim.rule.reason ? `${text} ${sentence(claim.rule.reason)}` : text;
}

/** The `_meta["gatehouse/decision"]` object; optional fields appear only when given. */
export function decisionMeta(
  action: DecisionMeta['action'],
  rule: MatchedRule | null,
  reason: string,
  extra: { retryAfterS?: number; approvalId?: string } = {},
): DecisionMeta {
  const meta: DecisionMeta = { action, rule: rule ? ruleLabel(rule) : '', reason };
  if (extra.retryAfterS !== undefined) meta.retry_after_s = extra.retryAfterS;
  if (extra.approvalId !== undefined) meta.approval_id = extra.approvalId;
  return meta;
}

/** Capitalized and ending in punctuation, so a reason written as a fragment still reads well. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  const ended = /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
  return ended.charAt(0).toUpperCase() + ended.slice(1);
}

/** Whole seconds print plainly; a fractional window keeps up to three decimals. */
function seconds(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 1000) / 1000);
}

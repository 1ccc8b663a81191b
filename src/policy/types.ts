// What the policy engine takes and gives. decide() is pure: the same call and the same
// compiled policy always give the same verdict; counting against rate limits is the
// limiter's job (src/limits), applied by the gateway chain after the verdict.
import type { ApprovalConfig, RateLimitScope, RiskClass, RuleAction } from '../config/types.ts';

/** One tools/call as the policy sees it. `tool` is the upstream's own tool name. */
export interface ToolCall {
  server: string;
  tool: string;
  args: Record<string, unknown>;
  agent: string;
  session: string;
  /** The claims of the agent's OAuth access token; absent (an empty map to conditions) otherwise. */
  claims?: Readonly<Record<string, unknown>>;
}

/** A rule that matched, as reported to the agent, the audit log and `gatehouse check`. */
export interface MatchedRule {
  /** 1-based rule number, or 0 for the policy default. */
  index: number;
  /** The rule's tool pattern, or `default` for the policy default. */
  tool: string;
  action: RuleAction;
  reason?: string;
  /** For require_approval: how long to wait and how the agent waits. */
  approval?: ApprovalConfig;
}

/** A rate limit the call must fit in before it proceeds; the key already holds the scope. */
export interface LimitClaim {
  rule: MatchedRule;
  /** Counter key: rule number + scope value (session id, agent name, or nothing for global). */
  key: string;
  max: number;
  windowS: number;
  scope: RateLimitScope;
}

export type Verdict =
  | { action: 'allow'; rule: MatchedRule; matched: MatchedRule[]; limits: LimitClaim[] }
  | { action: 'deny'; rule: MatchedRule; reason: string; matched: MatchedRule[] }
  | { action: 'require_approval'; rule: MatchedRule; matched: MatchedRule[]; limits: LimitClaim[] };

/** The final word on a call, after limits: what the audit log records as `decision`. */
export type DecisionAction =
  | 'allow'
  | 'deny'
  | 'rate_limited'
  | 'approval_pending'
  | 'approved'
  | 'rejected'
  | 'expired';

/** What the catalog knows of a tool, for `policy.default: risk`. */
export interface ToolFacts {
  risk?: RiskClass;
}

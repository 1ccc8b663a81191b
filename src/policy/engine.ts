// The policy engine: rules compiled once per config, then decide() per call. Every matching
// rule applies and the strictest wins. A condition that cannot be evaluated (a missing
// argument, a wrong type) is read the restrictive way: it matches for a deny, approval or
// rate-limit rule, and does not for an allow rule, which then permits nothing (fail closed). Which rules' patterns match a server/tool is memoized (with their counter key
// prefixes), so a call only checks the agents and conditions of the rules naming its tool.
import type { PolicyConfig, RateLimitScope, RiskClass, RiskDefault, RuleAction, RuleConfig } from '../config/types.ts';
import { compileCondition, type Activation, type Condition } from './condition.ts';
import { limitKeyPrefix, limitRuleId } from './limit-key.ts';
import { compileToolPattern, type ToolPattern } from './tool-pattern.ts';
import type { LimitClaim, MatchedRule, ToolCall, ToolFacts, Verdict } from './types.ts';

export interface CompiledPolicy {
  /** `facts` (the tool's classified risk) matter only under `policy.default: risk`. */
  decide(call: ToolCall, facts?: ToolFacts): Verdict;
  /** True when every call of `agent` to this tool is denied, so its tool list leaves it out. */
  isHidden(agent: string, server: string, tool: string, facts?: ToolFacts): boolean;
  /** The rules whose tool pattern names this tool, in rule order (for the catalog pages). */
  rulesNaming(server: string, tool: string): MatchedRule[];
  /** What a call no rule matches gets: `allow`, `deny`, or the rule its risk class stands for. */
  fallback(facts?: ToolFacts): MatchedRule;
}

/** SPEC's risk defaults, for classes `policy.risk_defaults` leaves out. */
export const SPEC_RISK_DEFAULTS: Record<RiskClass, RiskDefault> = {
  low: { action: 'allow' },
  medium: { action: 'rate_limit', rateLimit: { max: 10, window: 60, scope: 'session' } },
  high: { action: 'require_approval', approval: { timeout: 600, mode: 'auto', ttl: 3600 } },
  critical: { action: 'deny' },
};

interface CompiledRule {
  index: number;
  action: RuleAction;
  pattern: ToolPattern;
  agents: ReadonlySet<string> | null;
  condition: Condition | null;
  matched: MatchedRule;
  /** rate_limit rules: the content digest naming the counter, and the limit itself. */
  limitId?: string;
  limit?: { max: number; windowS: number; scope: RateLimitScope };
}

/** A rule whose pattern matches one server/tool, with what its claims need precomputed. */
interface Candidate {
  rule: CompiledRule;
  /** Counter key up to the scope's value (session id or agent name). */
  keyPrefix?: string;
  /** With scope global the claim is the same for every call: built once. */
  globalClaim?: LimitClaim;
}

/** Distinct server/tool pairs remembered before the memo starts over (callers choose names). */
const MEMO_LIMIT = 50_000;

export function compilePolicy(policy: PolicyConfig): CompiledPolicy {
  return new Engine(policy);
}

class Engine implements CompiledPolicy {
  readonly #rules: CompiledRule[];
  readonly #defaultDenies: boolean;
  /** Under `default: risk`, the rule each risk class stands for; otherwise null. */
  readonly #riskRules: Record<RiskClass, MatchedRule> | null;
  readonly #riskDefaults: Record<RiskClass, RiskDefault>;
  readonly #defaultRule: MatchedRule;
  readonly #memo = new Map<string, Map<string, Candidate[]>>();
  #memoSize = 0;
  /** Reused for every evaluation: decide() is synchronous, and this saves an allocation. */
  readonly #activation: Activation = { args: {}, agent: '', session: '', server: '', tool: '', claims: EMPTY_ARGS };

  constructor(policy: PolicyConfig) {
    this.#defaultDenies = policy.default === 'deny';
    this.#riskDefaults = { ...SPEC_RISK_DEFAULTS, ...policy.riskDefaults };
    this.#riskRules = policy.default === 'risk' ? riskRules(this.#riskDefaults) : null;
    this.#defaultRule = Object.freeze({ index: 0, tool: 'default', action: this.#defaultDenies ? 'deny' : 'allow' });
    const seen = new Map<string, number>();
    this.#rules = [...policy.rules].sort((a, b) => a.index - b.index).map((rule) => compileRule(rule, seen));
  }

  decide(call: ToolCall, facts?: ToolFacts): Verdict {
    const rules = this.#rulesFor(call.server, call.tool);
    let matched: MatchedRule[] | undefined;
    let limits: LimitClaim[] | undefined;
    let deny: CompiledRule | undefined;
    let approval: CompiledRule | undefined;
    let permit: CompiledRule | undefined;
    /** Why the deny rule that applies could not evaluate its condition, if that is why. */
    let denyFailure: string | undefined;
    let activated = false;

    for (const candidate of rules) {
      const rule = candidate.rule;
      let undecided: string | undefined;
      if (rule.agents !== null && !rule.agents.has(call.agent)) continue;
      if (rule.condition !== null) {
        if (!activated) {
          this.#activate(call);
          activated = true;
        }
        const result = rule.condition.test(this.#activation);
        if (result === false) continue;
        if (result !== true) {
          if (rule.action === 'allow') continue;
          undecided = result.failure;
        }
      }
      (matched ??= []).push(rule.matched);
      switch (rule.action) {
        case 'deny':
          if (!deny) {
            deny = rule;
            denyFailure = undecided;
          }
          break;
        case 'require_approval':
          approval ??= rule;
          break;
        case 'rate_limit':
          (limits ??= []).push(claimFor(candidate, call));
          permit ??= rule;
          break;
        case 'allow':
          permit ??= rule;
          break;
      }
    }
    if (activated) this.#activation.args = this.#activation.claims = EMPTY_ARGS;

    if (deny) {
      const reason = denyFailure !== undefined
        ? `rule ${deny.index}'s condition could not be evaluated (${denyFailure}); the call is denied because the policy cannot decide`
        : deny.matched.reason ?? ruleDenyReason(call);
      return { action: 'deny', rule: deny.matched, reason, matched: matched! };
    }
    if (approval) return { action: 'require_approval', rule: approval.matched, matched: matched!, limits: limits ?? [] };
    if (permit) return { action: 'allow', rule: permit.matched, matched: matched!, limits: limits ?? [] };
    if (this.#riskRules) return this.#byRisk(call, facts?.risk);
    if (this.#defaultDenies) {
      return { action: 'deny', rule: this.#defaultRule, reason: `no rule allows ${call.server}/${call.tool} and the policy default is deny`, matched: [] };
    }
    return { action: 'allow', rule: this.#defaultRule, matched: [], limits: [] };
  }

  rulesNaming(server: string, tool: string): MatchedRule[] {
    return this.#rulesFor(server, tool).map((c) => c.rule.matched);
  }

  fallback(facts?: ToolFacts): MatchedRule {
    if (this.#riskRules) return facts?.risk ? this.#riskRules[facts.risk] : Object.freeze({ index: 0, tool: 'risk default (unknown)', action: 'deny' });
    return this.#defaultRule;
  }

  /** `default: risk`: the rule of the tool's risk class; a tool of unknown risk is denied. */
  #byRisk(call: ToolCall, risk: RiskClass | undefined): Verdict {
    if (risk === undefined) {
      const rule = Object.freeze({ index: 0, tool: 'risk default (unknown)', action: 'deny' as const });
      return { action: 'deny', rule, reason: `the gateway has not classified ${call.server}/${call.tool} yet and the policy default is risk; list the server's tools first`, matched: [] };
    }
    const rule = this.#riskRules![risk];
    const settings = this.#riskDefaults[risk];
    if (rule.action === 'deny') return { action: 'deny', rule, reason: rule.reason ?? `${call.server}/${call.tool} is classified ${risk} risk, and the policy default denies ${risk}-risk tools`, matched: [rule] };
    const limits: LimitClaim[] = [];
    if (settings.rateLimit) {
      const { max, window, scope } = settings.rateLimit;
      const prefix = limitKeyPrefix(`risk-${risk}`, call.server, call.tool, scope);
      limits.push({ rule, key: scope === 'global' ? prefix : prefix + (scope === 'session' ? call.session : call.agent), max, windowS: window, scope });
    }
    if (rule.action === 'require_approval') return { action: 'require_approval', rule, matched: [rule], limits };
    return { action: 'allow', rule, matched: [rule], limits };
  }

  isHidden(agent: string, server: string, tool: string, facts?: ToolFacts): boolean {
    let permitted = false;
    for (const { rule } of this.#rulesFor(server, tool)) {
      if (rule.agents !== null && !rule.agents.has(agent)) continue;
      if (rule.action === 'deny') {
        if (rule.condition === null) return true;
        // A conditional deny may or may not apply; only a permit can make the tool usable.
        continue;
      }
      permitted = true;
    }
    if (permitted) return false;
    if (this.#riskRules) return facts?.risk !== undefined && this.#riskRules[facts.risk].action === 'deny';
    return this.#defaultDenies;
  }

  /** The rules whose pattern matches server/tool, in rule order; computed once per pair. */
  #rulesFor(server: string, tool: string): Candidate[] {
    let byTool = this.#memo.get(server);
    const cached = byTool?.get(tool);
    if (cached) return cached;
    const found = this.#rules.filter((rule) => rule.pattern.matches(server, tool)).map((rule) => candidate(rule, server, tool));
    if (this.#memoSize >= MEMO_LIMIT) {
      this.#memo.clear();
      this.#memoSize = 0;
      byTool = undefined;
    }
    if (!byTool) {
      byTool = new Map();
      this.#memo.set(server, byTool);
    }
    byTool.set(tool, found);
    this.#memoSize++;
    return found;
  }

  #activate(call: ToolCall): void {
    const a = this.#activation;
    a.args = call.args !== null && typeof call.args === 'object' ? call.args : EMPTY_ARGS;
    a.agent = call.agent;
    a.session = call.session;
    a.server = call.server;
    a.tool = call.tool;
    a.claims = call.claims ?? EMPTY_ARGS;
  }
}

const EMPTY_ARGS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

function riskRules(defaults: Record<RiskClass, RiskDefault>): Record<RiskClass, MatchedRule> {
  const rule = (risk: RiskClass): MatchedRule => {
    const d = defaults[risk];
    return Object.freeze({ index: 0, tool: `risk default (${risk})`, action: d.action, ...(d.approval ? { approval: d.approval } : {}) });
  };
  return { low: rule('low'), medium: rule('medium'), high: rule('high'), critical: rule('critical') };
}

function ruleDenyReason(call: ToolCall): string {
  return `calls to ${call.server}/${call.tool} are denied by this rule`;
}

function compileRule(rule: RuleConfig, seen: Map<string, number>): CompiledRule {
  const matched: MatchedRule = Object.freeze({
    index: rule.index,
    tool: rule.tool,
    action: rule.action,
    ...(rule.reason !== undefined ? { reason: rule.reason } : {}),
    ...(rule.approval !== undefined ? { approval: rule.approval } : {}),
  });
  const compiled: CompiledRule = {
    index: rule.index,
    action: rule.action,
    pattern: compileToolPattern(rule.tool),
    agents: rule.agents ? new Set(rule.agents) : null,
    condition: rule.when !== undefined ? compileCondition(rule.when) : null,
    matched,
  };
  if (rule.action === 'rate_limit') {
    if (!rule.rateLimit) throw new PolicyError(`rule ${rule.index} has action rate_limit but no rate_limit settings`);
    let id = limitRuleId(rule);
    // Two identical rules would otherwise share, and double-count, one counter.
    const twins = seen.get(id) ?? 0;
    seen.set(id, twins + 1);
    if (twins > 0) id = `${id}.${twins + 1}`;
    const { max, window, scope } = rule.rateLimit;
    compiled.limitId = id;
    compiled.limit = { max, windowS: window, scope };
  }
  return compiled;
}

function candidate(rule: CompiledRule, server: string, tool: string): Candidate {
  if (!rule.limit) return { rule };
  const { max, windowS, scope } = rule.limit;
  const keyPrefix = limitKeyPrefix(rule.limitId!, server, tool, scope);
  if (scope !== 'global') return { rule, keyPrefix };
  return { rule, keyPrefix, globalClaim: Object.freeze({ rule: rule.matched, key: keyPrefix, max, windowS, scope }) };
}

function claimFor(candidate: Candidate, call: ToolCall): LimitClaim {
  if (candidate.globalClaim) return candidate.globalClaim;
  const { max, windowS, scope } = candidate.rule.limit!;
  return { rule: candidate.rule.matched, key: candidate.keyPrefix + (scope === 'session' ? call.session : call.agent), max, windowS, scope };
}

export class PolicyError extends Error {
  readonly code = 'POLICY_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'PolicyError';
  }
}

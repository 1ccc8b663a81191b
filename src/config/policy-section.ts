// The `policy:` section: the default for unmatched calls, risk defaults, and the rules. Tool
// patterns and `when` conditions are compiled here once so a mistake is reported at load,
// pointing at the character it is about, instead of surfacing on some later call.
import type { Node } from 'yaml';
import { ConditionError, compileCondition } from '../policy/condition.ts';
import { isGlob, validateToolPattern } from '../policy/tool-pattern.ts';
import { readActionBlock } from './action-section.ts';
import { ANONYMOUS } from './agents-section.ts';
import type { Entry, Reader } from './reader.ts';
import type { DefaultAction, PolicyConfig, RiskClass, RiskDefault, RuleConfig } from './types.ts';

export const POLICY_KEYS = ['default', 'risk_defaults', 'rules'] as const;
export const RULE_KEYS = ['tool', 'action', 'reason', 'agents', 'when', 'rate_limit', 'approval'] as const;
export const RISK_CLASSES: readonly RiskClass[] = ['low', 'medium', 'high', 'critical'];
const RISK_DEFAULT_KEYS = ['action', 'rate_limit', 'approval'] as const;


/** Names the rules may refer to: every server and agent declared, valid or not. */
export interface Known {
  servers: string[];
  agents: string[];
  /** Agents may also be named by OAuth tokens (`auth.oauth`): any name is then possible. */
  tokenAgents?: boolean;
}

export function readPolicy(r: Reader, node: Node | null, known: Known): PolicyConfig {
  const policy: PolicyConfig = { default: 'allow', riskDefaults: {}, rules: [] };
  const entries = r.entries(r.map(node, 'policy'), 'policy');
  r.checkKeys(entries, POLICY_KEYS, 'policy');
  for (const entry of entries) {
    if (entry.key === 'default') policy.default = readDefault(r, entry) ?? policy.default;
    else if (entry.key === 'risk_defaults') policy.riskDefaults = readRiskDefaults(r, entry);
    else if (entry.key === 'rules') policy.rules = readRules(r, entry, known);
  }
  return policy;
}

function readDefault(r: Reader, entry: Entry): DefaultAction | undefined {
  const text = r.string(entry.value, 'policy.default', { what: 'allow, deny or risk' });
  if (text === undefined) return undefined;
  if (text === 'allow' || text === 'deny' || text === 'risk') return text;
  else r.error(entry.value, `policy.default must be allow, deny or risk (got '${text}')`);
  return undefined;
}

function readRiskDefaults(r: Reader, entry: Entry): Partial<Record<RiskClass, RiskDefault>> {
  const out: Partial<Record<RiskClass, RiskDefault>> = {};
  const entries = r.entries(r.map(entry.value, 'policy.risk_defaults'), 'policy.risk_defaults');
  r.checkKeys(entries, RISK_CLASSES, 'policy.risk_defaults');
  for (const e of entries) {
    if (!(RISK_CLASSES as readonly string[]).includes(e.key)) continue;
    const where = `policy.risk_defaults.${e.key}`;
    const value = r.resolve(e.value);
    const scalar = r.scalar(value);
    // `low: allow` is short for `low: { action: allow }`.
    const fields: Entry[] = scalar
      ? [{ key: 'action', keyNode: e.keyNode, value }]
      : r.entries(r.map(value, where), where);
    if (!scalar) r.checkKeys(fields, RISK_DEFAULT_KEYS, where);
    // Risk defaults apply with `default: risk`, to every tool no rule matches.
    const block = readActionBlock(r, fields, where, e.keyNode);
    if (block) out[e.key as RiskClass] = block;
  }
  return out;
}

function readRules(r: Reader, entry: Entry, known: Known): RuleConfig[] {
  const items = r.list(entry.value, 'policy.rules');
  if (!items) return [];
  const rules: RuleConfig[] = [];
  items.forEach((item, i) => {
    const rule = readRule(r, item, i + 1, known);
    if (rule) rules.push(rule);
  });
  return rules;
}

function readRule(r: Reader, item: Node | null, index: number, known: Known): RuleConfig | undefined {
  const where = `rule ${index}`;
  const map = r.map(item, where);
  if (map === undefined) return undefined;
  if (map === null) {
    r.error(item, `${where} is empty; a rule needs at least tool and action`);
    return undefined;
  }
  const entries = r.entries(map, where);
  r.checkKeys(entries, RULE_KEYS, `${where} (policy.rules)`);
  const get = (k: string) => entries.find((e) => e.key === k);
  let ok = true;

  const toolEntry = get('tool');
  let tool: string | undefined;
  if (!toolEntry) {
    r.error(map, `${where} needs tool: a tool name, server/tool, or a glob like "valkey/delete_*"`);
    ok = false;
  } else {
    tool = readToolPattern(r, toolEntry, where, known);
    if (tool === undefined) ok = false;
  }

  const block = readActionBlock(r, entries, where, map);
  if (!block) ok = false;

  const reasonEntry = get('reason');
  const reason = reasonEntry ? r.string(reasonEntry.value, `${where} reason`) : undefined;
  if (reasonEntry && reason === undefined) ok = false;

  const agentsEntry = get('agents');
  const agents = agentsEntry ? readRuleAgents(r, agentsEntry, where, known) : undefined;
  if (agentsEntry && agents === undefined) ok = false;

  const whenEntry = get('when');
  const when = whenEntry ? readWhen(r, whenEntry, where) : undefined;
  if (whenEntry && when === undefined) ok = false;

  if (!ok || !block || tool === undefined || !toolEntry) return undefined;
  return {
    index,
    tool,
    ...(agents ? { agents } : {}),
    ...(when !== undefined ? { when } : {}),
    action: block.action,
    ...(reason !== undefined && reason.trim() !== '' ? { reason: reason.trim() } : {}),
    ...(block.rateLimit ? { rateLimit: block.rateLimit } : {}),
    ...(block.approval ? { approval: block.approval } : {}),
    position: { file: r.file, ...r.at(toolEntry.keyNode) },
  };
}

function readToolPattern(r: Reader, entry: Entry, where: string, known: Known): string | undefined {
  const pattern = r.string(entry.value, `${where} tool`);
  if (pattern === undefined) return undefined;
  const problem = validateToolPattern(pattern);
  if (problem) {
    const { place, exact } = r.atChar(r.resolve(entry.value)!, problem.offset);
    r.error(place, `${where} tool '${pattern}' is not a valid pattern: ${problem.message}${exact ? '' : ` (at character ${problem.offset + 1})`}`);
    return undefined;
  }
  const slash = pattern.indexOf('/');
  const server = slash < 0 ? undefined : pattern.slice(0, slash);
  if (server !== undefined && !isGlob(server) && !known.servers.includes(server)) {
    const listed = known.servers.length > 0 ? `servers: ${known.servers.join(', ')}` : 'no servers are configured';
    r.error(entry.value, `${where} tool '${pattern}': no server named '${server}'; ${listed}`);
    return undefined;
  }
  return pattern;
}

function readRuleAgents(r: Reader, entry: Entry, where: string, known: Known): string[] | undefined {
  const items = r.list(entry.value, `${where} agents`);
  if (!items) return undefined;
  if (items.length === 0) {
    r.error(entry.value, `${where} agents is empty, so the rule would apply to no one; remove agents to apply it to every agent`);
    return undefined;
  }
  const names: string[] = [];
  let ok = true;
  items.forEach((item, i) => {
    const name = r.string(item, `${where} agents[${i + 1}]`);
    if (name === undefined) {
      ok = false;
    } else if (name !== ANONYMOUS && !known.tokenAgents && !known.agents.includes(name)) {
      r.error(item, `${where} agents: no agent named '${name}'; agents: ${[...known.agents.filter((a) => a !== ANONYMOUS), ANONYMOUS].join(', ')}`);
      ok = false;
    } else {
      names.push(name);
    }
  });
  return ok ? names : undefined;
}

function readWhen(r: Reader, entry: Entry, where: string): string | undefined {
  const source = r.string(entry.value, `${where} when`);
  if (source === undefined) return undefined;
  try {
    compileCondition(source);
    return source;
  } catch (err) {
    if (!(err instanceof ConditionError)) throw err;
    const { place, exact } = r.atChar(r.resolve(entry.value)!, err.offset);
    r.error(place, `${where} when is not a valid CEL condition: ${err.summary}${exact ? '' : ` (at character ${err.offset + 1})`}`);
    return undefined;
  }
}

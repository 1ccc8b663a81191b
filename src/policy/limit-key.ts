// Rate-limit counter identity. A rule is named by a digest of what it counts (pattern,
// agents, condition, max, window, scope), not by its number, so a reload that only moves
// rules around keeps every counter; the key then adds the server/tool and the scope's value.
import { createHash } from 'node:crypto';
import type { RuleConfig } from '../config/types.ts';

/** A stable id for a rate_limit rule's counter; equal for equal rules wherever they stand. */
export function limitRuleId(rule: RuleConfig): string {
  const limit = rule.rateLimit;
  const content = JSON.stringify([
    rule.tool,
    rule.agents ? [...rule.agents].sort() : null,
    rule.when ?? null,
    limit?.max ?? null,
    limit?.window ?? null,
    limit?.scope ?? null,
  ]);
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

/**
 * A counter key up to the scope's value (the session id or agent name follows it). Each
 * server/tool a rule matches counts on its own, as the agent's message says ("Rate limit
 * reached for create_api_key"), and as on /mcp/<server>, where a session has one server.
 */
export function limitKeyPrefix(ruleId: string, server: string, tool: string, scope: 'session' | 'agent' | 'global'): string {
  // The server name holds no '/' or ':', so `server/tool` reads back unambiguously.
  const target = `${server}/${tool}`;
  return scope === 'global' ? `rate:${ruleId}:${target}:global` : `rate:${ruleId}:${target}:${scope}:`;
}

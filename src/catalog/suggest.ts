// Turns a classification into the rule an operator would start from, as a YAML snippet for
// `policy.rules` (used by `gatehouse init` and the catalog pages): the stricter the risk, the stricter the rule.
import type { Classification } from './types.ts';

const WHY = {
  Read: 'reads only',
  Write: 'creates or changes things',
  Execute: 'runs code or commands the caller writes',
  Destructive: 'deletes or overwrites data beyond easy recovery',
  Financial: 'moves money or commits to spending',
} as const;

/**
 * A `policy.rules` entry (a YAML list item, two-space indented under `rules:`) with a comment
 * saying why: low → allow (nothing needed), medium → rate_limit 10 per 60 s, high →
 * require_approval, critical → deny with a reason.
 */
export function suggestRule(server: string, tool: string, c: Classification): string {
  const pattern = JSON.stringify(`${server}/${tool}`);
  const head = `# ${server}/${tool}: ${c.category}, ${c.risk} risk (${WHY[c.category]})${c.flags.some((f) => f.startsWith('poisoning:')) ? '; its description tries to instruct the model' : ''}`;
  switch (c.risk) {
    case 'low':
      return `${head}; the default allows it, no rule needed.\n- tool: ${pattern}\n  action: allow\n`;
    case 'medium':
      return `${head}\n- tool: ${pattern}\n  action: rate_limit\n  rate_limit: { max: 10, window: 60 }\n`;
    case 'high':
      return `${head}\n- tool: ${pattern}\n  action: require_approval\n`;
    case 'critical': {
      const reason = `${tool} ${WHY[c.category]}; it is blocked for agents until an operator allows it.`;
      return `${head}\n- tool: ${pattern}\n  action: deny\n  reason: ${JSON.stringify(reason)}\n`;
    }
  }
}

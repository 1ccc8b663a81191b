// tools/list as each agent sees it: a tool the policy denies for every call of this agent is
// not listed, so the model is not tempted by what it can never use.
import type { ClientSession } from './session.ts';

/** Filters `result.tools` in place; every other field of the result passes through. */
export function hideDeniedTools(result: Record<string, unknown>, session: ClientSession, serverOf: (tool: Record<string, unknown>) => string): void {
  const tools = result.tools;
  if (!Array.isArray(tools)) return;
  const policy = session.context.policy;
  result.tools = tools.filter((tool: Record<string, unknown>) => !policy.isHidden(session.agent, serverOf(tool), String(tool.name)));
}

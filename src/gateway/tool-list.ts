// tools/list as each agent sees it: every listed definition is shown to the catalog first
// (fingerprints, classification); then a tool the policy denies for every call of this agent,
// or one quarantined for a changed definition, is left out, so the model is not tempted.
import type { ToolDefinition } from '../catalog/types.ts';
import type { ClientSession } from './session.ts';

export function observeTools(session: ClientSession, server: string, tools: unknown): void {
  if (Array.isArray(tools)) session.context.catalog.observe(server, tools as ToolDefinition[]);
}

/** Whether this session's agent gets to see a server's tool, by its upstream name. */
export function isListed(session: ClientSession, server: string, tool: string): boolean {
  const { policy, catalog } = session.context;
  return !catalog.isQuarantined(server, tool) && !policy.isHidden(session.agent, server, tool, catalog.facts(server, tool));
}

/** For /mcp/<server>: observes and filters `result.tools` in place; other fields pass through. */
export function filterToolList(result: Record<string, unknown>, session: ClientSession, server: string): void {
  if (!Array.isArray(result.tools)) return;
  observeTools(session, server, result.tools);
  result.tools = (result.tools as Record<string, unknown>[]).filter((tool) => isListed(session, server, String(tool.name)));
}

// The `agents:` section: who may call, each recognised by an API key. Keys are secrets: no
// message ever contains one, not even when two agents share a key.
import type { Node } from 'yaml';
import type { Reader } from './reader.ts';
import type { AgentConfig } from './types.ts';

export const AGENT_KEYS = ['key'] as const;
export const ANONYMOUS = 'anonymous';
export const AGENT_NAME = /^[A-Za-z0-9_.@-]+$/;
export const MIN_KEY_LENGTH = 16;

export function readAgents(r: Reader, node: Node | null): AgentConfig[] {
  const agents: AgentConfig[] = [];
  const owners = new Map<string, string>();
  for (const { key: name, keyNode, value } of r.entries(r.map(node, 'agents'), 'agents')) {
    const where = `agents.${name}`;
    if (name === ANONYMOUS) {
      r.error(keyNode, `'${ANONYMOUS}' is reserved for callers without a key; choose another agent name`);
      continue;
    }
    if (!AGENT_NAME.test(name)) {
      r.error(keyNode, `agent name '${name}' may only contain letters, digits and '_', '-', '.', '@'`);
    }
    const map = r.map(value, where);
    if (map === undefined) continue;
    const entries = r.entries(map, where);
    r.checkKeys(entries, AGENT_KEYS, where);
    const keyEntry = entries.find((e) => e.key === 'key');
    if (!keyEntry) {
      r.error(keyNode, `${where} needs a key (at least ${MIN_KEY_LENGTH} characters; use \${VAR} to read it from the environment)`);
      continue;
    }
    const key = r.string(keyEntry.value, `${where}.key`);
    if (key === undefined) continue;
    if (key.length < MIN_KEY_LENGTH) {
      r.error(keyEntry.value, `${where}.key is ${key.length === 0 ? 'empty' : 'too short'}; an agent key must be at least ${MIN_KEY_LENGTH} characters`);
      continue;
    }
    if (/\s/.test(key)) {
      // Clients send `Authorization: Bearer <key>`: a key with spaces could never be presented.
      r.error(keyEntry.value, `${where}.key contains whitespace; it is sent as a Bearer token, which cannot hold spaces`);
      continue;
    }
    const other = owners.get(key);
    if (other !== undefined) {
      r.error(keyEntry.value, `${where}.key is the same key as agents.${other}.key; each agent needs its own key`);
      continue;
    }
    owners.set(key, name);
    agents.push({ name, key });
  }
  return agents;
}

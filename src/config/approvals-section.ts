// The `approvals:` section: who may decide on held calls (named approvers with tokens; the
// admin token always may) and where new requests are announced (a signed webhook).
import type { Node } from 'yaml';
import { AGENT_NAME, MIN_KEY_LENGTH } from './agents-section.ts';
import type { Reader } from './reader.ts';
import type { ApprovalsConfig, ApproverConfig } from './types.ts';

export const APPROVALS_KEYS = ['webhook', 'approvers'] as const;
const WEBHOOK_KEYS = ['url', 'secret'] as const;

export function readApprovals(r: Reader, node: Node | null): ApprovalsConfig {
  const result: ApprovalsConfig = { approvers: [] };
  if (node === null) return result;
  const map = r.map(node, 'approvals');
  if (map === undefined) return result;
  const entries = r.entries(map, 'approvals');
  r.checkKeys(entries, APPROVALS_KEYS, 'approvals');

  const webhook = entries.find((e) => e.key === 'webhook');
  if (webhook) {
    const wmap = r.map(webhook.value, 'approvals.webhook');
    if (wmap) {
      const fields = r.entries(wmap, 'approvals.webhook');
      r.checkKeys(fields, WEBHOOK_KEYS, 'approvals.webhook');
      const urlEntry = fields.find((e) => e.key === 'url');
      const secretEntry = fields.find((e) => e.key === 'secret');
      const url = urlEntry ? r.string(urlEntry.value, 'approvals.webhook.url') : undefined;
      const secret = secretEntry ? r.string(secretEntry.value, 'approvals.webhook.secret') : undefined;
      if (!urlEntry || !secretEntry) r.error(webhook.keyNode, 'approvals.webhook needs url and secret (the shared secret its signatures are made with)');
      else if (url !== undefined && !/^https?:\/\/[^\s]+$/.test(url)) r.error(urlEntry.value, 'approvals.webhook.url must be an http:// or https:// URL');
      else if (secret !== undefined && secret.length < MIN_KEY_LENGTH) r.error(secretEntry.value, `approvals.webhook.secret must be at least ${MIN_KEY_LENGTH} characters`);
      else if (url !== undefined && secret !== undefined) result.webhook = { url, secret };
    }
  }

  const approvers = entries.find((e) => e.key === 'approvers');
  if (approvers) {
    const tokens = new Set<string>();
    for (const { key: name, keyNode, value } of r.entries(r.map(approvers.value, 'approvals.approvers'), 'approvals.approvers')) {
      const where = `approvals.approvers.${name}`;
      if (!AGENT_NAME.test(name)) r.error(keyNode, `approver name '${name}' may only contain letters, digits and '_', '-', '.', '@'`);
      const amap = r.map(value, where);
      if (!amap) continue;
      const fields = r.entries(amap, where);
      r.checkKeys(fields, ['token'], where);
      const tokenEntry = fields.find((e) => e.key === 'token');
      const token = tokenEntry ? r.string(tokenEntry.value, `${where}.token`) : undefined;
      if (!tokenEntry) r.error(keyNode, `${where} needs a token (at least ${MIN_KEY_LENGTH} characters; use \${VAR})`);
      else if (token !== undefined && (token.length < MIN_KEY_LENGTH || /\s/.test(token))) r.error(tokenEntry.value, `${where}.token must be at least ${MIN_KEY_LENGTH} characters without spaces`);
      else if (token !== undefined && tokens.has(token)) r.error(tokenEntry.value, `${where}.token is the same as another approver's token`);
      else if (token !== undefined) {
        tokens.add(token);
        result.approvers.push({ name, token } satisfies ApproverConfig);
      }
    }
  }
  return result;
}

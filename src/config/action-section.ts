// The part rules and risk defaults share: an `action` with its `rate_limit` (required for
// rate_limit, refused otherwise) and `approval` settings, checked together.
import type { Node } from 'yaml';
import { parseDuration } from './duration.ts';
import type { Entry, Reader } from './reader.ts';
import { type ApprovalConfig, type ApprovalMode, DEFAULT_APPROVAL, type RateLimitConfig, type RateLimitScope, type RuleAction } from './types.ts';

export const ACTIONS: readonly RuleAction[] = ['allow', 'deny', 'rate_limit', 'require_approval'];
export const SCOPES: readonly RateLimitScope[] = ['session', 'agent', 'global'];
export const RATE_LIMIT_KEYS = ['max', 'window', 'scope'] as const;
export const APPROVAL_KEYS = ['timeout', 'mode', 'ttl'] as const;
export const APPROVAL_MODES: readonly ApprovalMode[] = ['auto', 'hold', 'elicit', 'async'];

export interface ActionBlock {
  action: RuleAction;
  rateLimit?: RateLimitConfig;
  approval?: ApprovalConfig;
}

/**
 * Reads `action`, `rate_limit` and `approval` from a rule's (or risk default's) entries.
 * `where` names the owner in messages ("rule 3"); `owner` is where a missing action points.
 */
export function readActionBlock(r: Reader, entries: Entry[], where: string, owner: Node | null): ActionBlock | undefined {
  const actionEntry = entries.find((e) => e.key === 'action');
  const rateEntry = entries.find((e) => e.key === 'rate_limit');
  const approvalEntry = entries.find((e) => e.key === 'approval');
  if (!actionEntry) {
    r.error(owner, `${where} needs an action: one of ${ACTIONS.join(', ')}`);
    return undefined;
  }
  const action = readAction(r, actionEntry.value, `${where} action`);
  if (action === undefined) return undefined;
  let ok = true;

  let rateLimit: RateLimitConfig | undefined;
  if (action === 'rate_limit' && !rateEntry) {
    r.error(actionEntry.value, `${where} has action rate_limit but no rate_limit: { max, window } to say how many calls per how many seconds`);
    ok = false;
  } else if (action !== 'rate_limit' && rateEntry) {
    r.error(rateEntry.keyNode, `${where} has rate_limit, which applies only to action: rate_limit (the action is ${action})`);
    ok = false;
  } else if (rateEntry) {
    rateLimit = readRateLimit(r, rateEntry, `${where} rate_limit`);
    if (!rateLimit) ok = false;
  }

  let approval: ApprovalConfig | undefined;
  if (approvalEntry && action !== 'require_approval') {
    r.error(approvalEntry.keyNode, `${where} has approval, which applies only to action: require_approval (the action is ${action})`);
    ok = false;
  } else if (approvalEntry) {
    approval = readApproval(r, approvalEntry, `${where} approval`);
    if (!approval) ok = false;
  } else if (action === 'require_approval') {
    approval = { ...DEFAULT_APPROVAL };
  }
  if (!ok) return undefined;
  return { action, ...(rateLimit ? { rateLimit } : {}), ...(approval ? { approval } : {}) };
}

export function readAction(r: Reader, node: Node | null, where: string): RuleAction | undefined {
  const text = r.string(node, where, { what: `one of ${ACTIONS.join(', ')}` });
  if (text === undefined) return undefined;
  if ((ACTIONS as readonly string[]).includes(text)) return text as RuleAction;
  r.error(node, `${where} must be one of ${ACTIONS.join(', ')} (got '${text}')`);
  return undefined;
}

function readRateLimit(r: Reader, entry: Entry, where: string): RateLimitConfig | undefined {
  const map = r.map(entry.value, where);
  if (!map) {
    if (map === null) r.error(entry.keyNode, `${where} needs max and window, like { max: 10, window: 60 }`);
    return undefined;
  }
  const entries = r.entries(map, where);
  r.checkKeys(entries, RATE_LIMIT_KEYS, where);
  const get = (k: string) => entries.find((e) => e.key === k);
  let ok = true;

  let max: number | undefined;
  const maxEntry = get('max');
  if (!maxEntry) {
    r.error(entry.keyNode, `${where} needs max: the number of calls allowed per window`);
    ok = false;
  } else {
    const raw = r.numberOrText(maxEntry.value, `${where}.max`);
    const n = Number(raw);
    if (raw !== undefined && Number.isSafeInteger(n) && n > 0) max = n;
    else {
      if (raw !== undefined) r.error(maxEntry.value, `${where}.max must be a whole number greater than 0`);
      ok = false;
    }
  }

  let window: number | undefined;
  const windowEntry = get('window');
  if (!windowEntry) {
    r.error(entry.keyNode, `${where} needs window: the length of the window, in seconds or like "1m"`);
    ok = false;
  } else {
    window = readDuration(r, windowEntry.value, `${where}.window`);
    if (window === undefined) ok = false;
  }

  let scope: RateLimitScope = 'session';
  const scopeEntry = get('scope');
  if (scopeEntry) {
    const text = r.string(scopeEntry.value, `${where}.scope`);
    if (text !== undefined && (SCOPES as readonly string[]).includes(text)) scope = text as RateLimitScope;
    else {
      if (text !== undefined) r.error(scopeEntry.value, `${where}.scope must be one of ${SCOPES.join(', ')} (got '${text}')`);
      ok = false;
    }
  }
  return ok ? { max: max!, window: window!, scope } : undefined;
}

function readApproval(r: Reader, entry: Entry, where: string): ApprovalConfig | undefined {
  const map = r.map(entry.value, where);
  if (map === undefined) return undefined;
  const entries = r.entries(map, where);
  r.checkKeys(entries, APPROVAL_KEYS, where);
  const approval: ApprovalConfig = { ...DEFAULT_APPROVAL };
  let ok = true;
  const timeoutEntry = entries.find((e) => e.key === 'timeout');
  if (timeoutEntry) {
    const timeout = readDuration(r, timeoutEntry.value, `${where}.timeout`);
    if (timeout === undefined) ok = false;
    else approval.timeout = timeout;
  }
  const ttlEntry = entries.find((e) => e.key === 'ttl');
  if (ttlEntry) {
    const ttl = readDuration(r, ttlEntry.value, `${where}.ttl`);
    if (ttl === undefined) ok = false;
    else approval.ttl = ttl;
  }
  const modeEntry = entries.find((e) => e.key === 'mode');
  if (modeEntry) {
    const mode = r.string(modeEntry.value, `${where}.mode`);
    if (mode !== undefined && (APPROVAL_MODES as readonly string[]).includes(mode)) approval.mode = mode as ApprovalMode;
    else {
      if (mode !== undefined) r.error(modeEntry.value, `${where}.mode must be one of ${APPROVAL_MODES.join(', ')} (got '${mode}')`);
      ok = false;
    }
  }
  return ok ? approval : undefined;
}

export function readDuration(r: Reader, node: Node | null, where: string): number | undefined {
  const raw = r.numberOrText(node, where);
  if (raw === undefined) return undefined;
  const seconds = parseDuration(raw);
  if (typeof seconds === 'number') return seconds;
  r.error(node, `${where} ${seconds.error}`);
  return undefined;
}

// `gatehouse check <server>/<tool>`: what the policy would decide for one call and which
// rules matched, with their place in the file, without starting or calling anything.
import type { Command } from 'commander';
import type { Config } from '../config/types.ts';
import { blockedMessage, ruleLabel } from '../policy/describe.ts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { classifyTool, serverNamespace } from '../catalog/classify.ts';
import { SqliteFingerprintStore } from '../catalog/sqlite-fingerprint-store.ts';
import type { GatewaySettings, RiskClass } from '../config/types.ts';
import { openCommandStores } from '../database/stores.ts';
import { compilePolicy } from '../policy/engine.ts';
import type { LimitClaim, Verdict } from '../policy/types.ts';
import { EXIT } from './exit-codes.ts';
import { configOption, resolveConfigPath } from './options.ts';
import { displayPath, loadForCommand, processOutput, type Output } from './validate.ts';

export const ANONYMOUS = 'anonymous';
export const CHECK_SESSION = 'gatehouse-check';

export interface CheckOptions {
  config: string;
  target: string;
  args?: string;
  agent?: string;
  session?: string;
  /** The agent's token claims as JSON, for conditions over `claims`. */
  claims?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('check')
    .description('show what the policy would decide for a call, and which rules match, without calling anything')
    .argument('<server/tool>', 'the tool, as server/tool')
    .option('--args <json>', 'the call\'s arguments, as a JSON object', '{}')
    .option('--agent <name>', 'the calling agent', ANONYMOUS)
    .option('--session <id>', 'the session id the call belongs to', CHECK_SESSION)
    .option('--claims <json>', 'the agent\'s OAuth token claims, as a JSON object (conditions see them as claims)')
    .option('--json', 'print a machine-readable object')
    .addOption(configOption())
    .action((target: string, options: { args?: string; agent?: string; session?: string; claims?: string; json?: boolean; config?: string }) => {
      return runCheck({ ...options, target, config: resolveConfigPath(options.config) }, processOutput).then((code) => {
        process.exitCode = code;
      });
    });
}

/**
 * Returns the exit code: ok (would be allowed), no (would be stopped), usage (bad input),
 * failure (the shared database, which holds the catalog, cannot be read).
 */
export async function runCheck(options: CheckOptions, out: Output, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const parsed = parseCheckCall(options.target, options.args);
  if ('error' in parsed) {
    out.stderr(`gatehouse check: ${parsed.error}`);
    return EXIT.usage;
  }
  const claims = parseClaims(options.claims);
  if ('error' in claims) {
    out.stderr(`gatehouse check: ${claims.error}`);
    return EXIT.usage;
  }

  // A config with errors is bad input here: exit 1 is reserved for "the call would be stopped".
  const loaded = loadForCommand(options.config, out, env, EXIT.usage);
  if (!('config' in loaded)) return loaded.exit;
  let known: KnownClassification | undefined;
  try {
    known = await knownTool(loaded.config.gateway, parsed.server, parsed.tool);
  } catch (err) {
    // The classification decides calls under risk defaults: no answer rather than a wrong one.
    out.stderr(`gatehouse check: cannot read the tool catalog: ${(err as Error).message}`);
    return EXIT.failure;
  }
  const checked = checkCall(loaded.config, { ...parsed, agent: options.agent, session: options.session, claims: claims.claims }, known);
  if ('error' in checked) {
    out.stderr(`gatehouse check: ${checked.error}`);
    return EXIT.usage;
  }
  const { report } = checked;
  if (options.json) out.stdout(JSON.stringify(report, null, 2));
  else for (const line of textLines(report)) out.stdout(line);
  return report.decision === 'allow' ? EXIT.ok : EXIT.no;
}

/** `server/tool` and the arguments as JSON, checked; the error reads after `gatehouse check: `. */
export function parseCheckCall(target: string, argsJson: string | undefined): { server: string; tool: string; args: Record<string, unknown> } | { error: string } {
  const slash = target.indexOf('/');
  if (slash <= 0 || slash === target.length - 1) return { error: `name the tool as server/tool (got '${target}')` };
  const server = target.slice(0, slash);
  const tool = target.slice(slash + 1);
  let args: Record<string, unknown>;
  try {
    args = JSON.parse(argsJson ?? '{}');
  } catch (err) {
    return { error: `--args is not valid JSON: ${(err as Error).message}` };
  }
  if (args === null || typeof args !== 'object' || Array.isArray(args)) {
    return { error: '--args must be a JSON object, like \'{"key": "prod:1"}\'' };
  }
  return { server, tool, args };
}

/** `--claims`: a JSON object, or nothing (an empty map to conditions). */
export function parseClaims(json: string | undefined): { claims?: Record<string, unknown> } | { error: string } {
  if (json === undefined) return {};
  let claims: unknown;
  try {
    claims = JSON.parse(json);
  } catch (err) {
    return { error: `--claims is not valid JSON: ${(err as Error).message}` };
  }
  if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) {
    return { error: '--claims must be a JSON object, like \'{"groups": ["admins"], "scope": "mcp"}\'' };
  }
  return { claims: claims as Record<string, unknown> };
}

/** How the gateway's catalog classified a tool when it last saw it listed. */
export interface KnownClassification {
  category: string;
  risk: RiskClass;
}

/**
 * The engine of `gatehouse check` (also the dashboard's policy form): the report for one call.
 * `known` is the tool's classification from the catalog the gateway keeps (undefined: never seen).
 */
export function checkCall(config: Config, call: { server: string; tool: string; args: Record<string, unknown>; agent?: string; session?: string; claims?: Record<string, unknown> }, known: KnownClassification | undefined): { report: CheckReport } | { error: string } {
  const { server, tool, args } = call;
  const agent = call.agent ?? ANONYMOUS;
  // With OAuth, agents are named by tokens too: any name may call.
  if (agent !== ANONYMOUS && !config.auth.oauth && !config.agents.some((a) => a.name === agent)) {
    return { error: `no agent named '${agent}'; agents: ${[...config.agents.map((a) => a.name), ANONYMOUS].join(', ')}` };
  }
  if (!config.servers.has(server)) {
    const listed = config.servers.size > 0 ? `servers: ${[...config.servers.keys()].join(', ')}` : 'no servers are configured';
    return { error: `no server named '${server}'; ${listed}` };
  }

  const policy = compilePolicy(config.policy);
  const session = call.session ?? CHECK_SESSION;
  const facts = known ? { risk: known.risk } : undefined;
  const verdict = policy.decide({ server, tool, args, agent, session, ...(call.claims ? { claims: call.claims } : {}) }, facts);
  const hidden = policy.isHidden(agent, server, tool, facts);
  const report = describeVerdict(config, verdict, { server, tool, agent, session, args, hidden });
  report.classification = known ?? null;
  return { report };
}

export interface CheckReport {
  call: { server: string; tool: string; agent: string; session: string; args: Record<string, unknown> };
  decision: Verdict['action'];
  /** `2: valkey/delete_*` or `default`. */
  rule: string;
  /** The reason given for a denial; empty otherwise. */
  reason: string;
  /** What the agent would read if the call were stopped now (denied, or a limit full). */
  message: string | null;
  limits: { rule: string; key: string; max: number; window_s: number; scope: string }[];
  matched: { index: number; tool: string; action: string; reason?: string; at: string }[];
  /** Left out of this agent's tool list. */
  hidden: boolean;
  /** How the gateway classified the tool when it last saw it listed (from its catalog store). */
  classification?: { category: string; risk: string } | null;
}

/**
 * The tool as the gateway's catalog last saw it: from the database every replica shares
 * (`gateway.database`), or else from the data folder's SQLite file, if a gateway has run there.
 */
export async function knownTool(settings: GatewaySettings, server: string, tool: string): Promise<KnownClassification | undefined> {
  if (settings.database === undefined && !existsSync(path.join(settings.data, 'catalog.db'))) return undefined;
  const stores = settings.database !== undefined ? await openCommandStores(settings) : undefined;
  const store = stores?.fingerprints ?? new SqliteFingerprintStore(settings.data);
  try {
    // Classified as the gateway's catalog does: with the namespace of the names its server lists.
    const listed = (await store.all()).filter((s) => s.server === server);
    const stored = listed.find((s) => s.tool === tool);
    if (!stored) return undefined;
    const c = classifyTool(stored.pending?.definition ?? stored.definition, { namespace: serverNamespace(listed.map((s) => s.tool)) });
    return { category: c.category, risk: c.risk };
  } finally {
    await (stores ?? store).close();
  }
}

function describeVerdict(config: Config, verdict: Verdict, call: CheckReport['call'] & { hidden: boolean }): CheckReport {
  const { hidden, ...callFields } = call;
  const positions = new Map(config.policy.rules.map((r) => [r.index, r.position]));
  const limits = verdict.action === 'deny' ? [] : verdict.limits;
  return {
    call: callFields,
    decision: verdict.action,
    rule: ruleLabel(verdict.rule),
    reason: verdict.action === 'deny' ? verdict.reason : '',
    message: verdict.action === 'deny' ? blockedMessage(verdict.rule, verdict.reason) : null,
    limits: limits.map((claim: LimitClaim) => ({
      rule: ruleLabel(claim.rule),
      key: claim.key,
      max: claim.max,
      window_s: claim.windowS,
      scope: claim.scope,
    })),
    matched: verdict.matched.map((m) => {
      const p = positions.get(m.index);
      return { index: m.index, tool: m.tool, action: m.action, ...(m.reason ? { reason: m.reason } : {}), at: p ? `${displayPath(p.file)}:${p.line}:${p.column}` : '' };
    }),
    hidden,
  };
}

const SCOPE_WORDS: Record<string, string> = { session: 'per session', agent: 'per agent', global: 'across all agents' };

/** What `scope: session` counts in each era (README, "Protocol revisions"). */
export const SESSION_SCOPE_MEANING =
  'a session is one MCP session of the agent (an Mcp-Session-Id, or one stdio connection); a 2026-07-28 (stateless) client has none, so there its calls count per agent and client: the clientInfo name and version its requests carry';

export function textLines(report: CheckReport): string[] {
  const { server, tool, agent } = report.call;
  const lines: string[] = [];
  const who = `${server}/${tool} called by ${agent}`;
  const by = report.rule === 'default' ? 'policy default' : report.rule.startsWith('risk default') ? `policy ${report.rule}` : `rule ${report.rule}`;
  if (report.decision === 'deny') {
    lines.push(`${who}: deny (${by})`);
    lines.push(`the agent would read: ${report.message}`);
  } else if (report.decision === 'require_approval') {
    lines.push(`${who}: held for a human approval (${by})`);
  } else if (report.limits.length > 0) {
    const limits = report.limits.map((l) => `${l.max === 1 ? '1 call' : `${l.max} calls`} per ${l.window_s} s ${SCOPE_WORDS[l.scope]} (rule ${l.rule})`);
    lines.push(`${who}: allow, subject to rate limits: ${limits.join('; ')}`);
    if (report.limits.some((l) => l.scope === 'session')) lines.push(`per session: ${SESSION_SCOPE_MEANING}`);
  } else {
    lines.push(`${who}: allow (${report.rule === 'default' ? 'policy default; no rule matched' : by})`);
  }
  const rules = report.matched.filter((m) => m.index > 0);
  if (report.rule.startsWith('risk default')) {
    const c = report.classification;
    lines.push(c ? `no rule matched: the risk default applies, as the catalog classifies ${tool} ${c.category}, ${c.risk} risk` : `no rule matched, and the catalog has not seen ${tool} listed yet: the risk default for an unknown tool applies`);
  } else if (rules.length === 0) lines.push('matched rules: none; the policy default applies');
  else {
    lines.push('matched rules:');
    for (const m of rules) lines.push(`  rule ${m.index}: ${m.tool} (${m.action})${m.at ? ` at ${m.at}` : ''}`);
  }
  if (report.hidden) lines.push(`${tool} is left out of the tool list agent ${agent} sees: every call of ${agent} to it is denied`);
  return lines;
}

// Writes the gatehouse.yaml that `gatehouse init` proposes: the servers found in the user's
// client configs, a loopback gateway, and rules suggested by risk class, commented with why.
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Classification, ToolDefinition } from '../catalog/types.ts';
import { parseConfig } from '../config/load.ts';
import type { RiskClass, ServerConfig } from '../config/types.ts';
import { validateToolPattern } from '../policy/tool-pattern.ts';
import { CLIENT_LABELS, escapeLiteral, type ClientFile, type Discovery, type ImportedServer, type ServerSource } from './client-configs.ts';

export const DEFAULT_LISTEN = '127.0.0.1:8787';

/** What init suggests for one tool a server listed (`--probe`). */
export interface ToolSuggestion {
  server: string;
  tool: string;
  classification: Classification;
  /** Undefined for tools `default: allow` already treats right (low risk). */
  rule?: SuggestedRule;
}

export interface SuggestedRule {
  action: 'deny' | 'rate_limit' | 'require_approval';
  rateLimit?: { max: number; window: number };
  approvalTimeout?: string;
  reason: string;
}

export interface ServerProbe {
  server: string;
  tools: ToolSuggestion[];
  /** Why its tools could not be listed. */
  error?: string;
}

export interface WriteOptions {
  /** Absolute path of the file being written: cwd values are written relative to it. */
  configFile: string;
  listen?: string;
  home?: string;
  now?: Date;
  /** Results of `--probe`; without it a skeleton explains the risk classes. */
  probes?: ServerProbe[];
  /** What this version's loader accepts; see `loaderFeatures()`. */
  features?: LoaderFeatures;
}

// ---------------------------------------------------------------------------------------
// Writing values safely: every value from a user's file is a double-quoted YAML string.

/** A double-quoted YAML scalar; JSON's escapes are YAML's, plus the characters YAML won't print raw. */
export function yamlString(value: string): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A mapping key: plain when it reads back as the same string, quoted otherwise. */
export function yamlKey(key: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) {
    try {
      if (parseYaml(key) === key) return key;
    } catch {}
  }
  return yamlString(key);
}

/** Text for a comment: one line, nothing that could end the comment. */
export function commentText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}

function flowList(items: string[]): string {
  return `[${items.map(yamlString).join(', ')}]`;
}

/** A tool name as a rule pattern: glob characters in a real name are matched literally. */
function toolPattern(server: string, tool: string): string {
  return `${server}/${tool.replace(/[*?[\]{}()!+@\\]/g, (c) => `\\${c}`)}`;
}

export function displayFile(file: string, home: string | undefined): string {
  if (home && (file === home || file.startsWith(home + path.sep))) return `~${file.slice(home.length)}`;
  return file;
}

export function sourceLabel(source: ServerSource | ClientFile, home?: string): string {
  const scope = 'scope' in source ? source.scope : undefined;
  const where = 'path' in source ? source.path : source.file;
  return `${CLIENT_LABELS[source.client]}${scope === 'project' ? ' (project)' : ''} ${displayFile(where, home)}`;
}

// ---------------------------------------------------------------------------------------
// What the loader accepts: approvals and `default: risk` land separately, so init asks it.

export interface LoaderFeatures {
  approvals: boolean;
  riskDefault: boolean;
}

export function loaderFeatures(): LoaderFeatures {
  const accepts = (text: string) => {
    try {
      parseConfig(text, 'gatehouse-init-probe.yaml', {});
      return true;
    } catch {
      return false;
    }
  };
  return {
    approvals: accepts('policy:\n  rules:\n    - tool: x\n      action: require_approval\n      approval: { timeout: 10m }\n'),
    riskDefault: accepts('policy:\n  default: risk\n  risk_defaults: { low: allow, critical: deny }\n'),
  };
}

// ---------------------------------------------------------------------------------------
// Suggestions by risk class.

const RISK_WORD: Record<RiskClass, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };

/** SPEC's risk_defaults, as rules for one tool: what init proposes for each class. */
export function suggestRuleFor(server: string, tool: string, c: Classification, features: LoaderFeatures): SuggestedRule | undefined {
  const label = `${c.category}, ${c.risk} risk`;
  switch (c.risk) {
    case 'low':
      return undefined;
    case 'medium':
      return { action: 'rate_limit', rateLimit: { max: 10, window: 60 }, reason: `${tool} (${label}) is limited to 10 calls a minute per session.` };
    case 'high':
      return features.approvals
        ? { action: 'require_approval', approvalTimeout: '10m', reason: `${tool} (${label}) needs a person's approval.` }
        : { action: 'rate_limit', rateLimit: { max: 5, window: 60 }, reason: `${tool} (${label}) is limited to 5 calls a minute per session.` };
    case 'critical':
      return { action: 'deny', reason: `${tool} on ${server} (${label}) is not allowed from agents; ask an operator.` };
  }
}

export interface ProbeDeps {
  listTools(server: ServerConfig): Promise<ToolDefinition[]>;
  classify(tool: ToolDefinition): Classification;
  /** Environment the servers start with: the user's, plus the secrets lifted from their files. */
  env: NodeJS.ProcessEnv;
  features: LoaderFeatures;
}

/** Starts every discovered server, lists its tools and suggests a rule for each, in parallel. */
export async function probeServers(discovery: Discovery, configFile: string, deps: ProbeDeps): Promise<ServerProbe[]> {
  const env = { ...deps.env, ...discovery.secretValues };
  return Promise.all(
    discovery.servers.map(async (server): Promise<ServerProbe> => {
      let config: ServerConfig | undefined;
      try {
        // The loader reads the server exactly as the gateway will, ${VAR}s and all.
        config = parseConfig(`servers:\n${serverBlock(server, configFile).join('\n')}\n`, configFile, env).servers.get(server.name);
      } catch (err) {
        const issues = (err as { issues?: { message: string }[] }).issues;
        return { server: server.name, tools: [], error: issues ? issues.map((i) => i.message).join('; ') : (err as Error).message };
      }
      if (!config) return { server: server.name, tools: [], error: 'not readable as a server' };
      try {
        const tools = await deps.listTools(config);
        return {
          server: server.name,
          tools: tools.map((tool) => {
            const classification = deps.classify(tool);
            const rule = suggestRuleFor(server.name, tool.name, classification, deps.features);
            return { server: server.name, tool: tool.name, classification, ...(rule ? { rule } : {}) };
          }),
        };
      } catch (err) {
        return { server: server.name, tools: [], error: (err as Error).message };
      }
    }),
  );
}

// ---------------------------------------------------------------------------------------
// The file.

export function buildConfig(discovery: Discovery, options: WriteOptions): string {
  const features = options.features ?? loaderFeatures();
  const out: string[] = [];
  out.push(...header(discovery, options));
  out.push('gateway:');
  out.push(`  listen: ${options.listen ?? DEFAULT_LISTEN}        # loopback: only this machine can reach the gateway`);
  out.push('  data: ./.gatehouse            # audit log and state, relative to this file');
  out.push('');
  out.push(...serversSection(discovery, options));
  out.push('');
  out.push(...agentsSection());
  out.push('');
  out.push(...policySection(options, features));
  return `${out.join('\n')}\n`;
}

function header(discovery: Discovery, options: WriteOptions): string[] {
  const lines = [`# gatehouse.yaml, written by \`gatehouse init\`${options.now ? ` on ${options.now.toISOString().slice(0, 10)}` : ''}.`];
  const used = discovery.files.filter((f) => f.entries.length > 0);
  if (used.length === 0) lines.push('# No MCP client config with servers was found; add your servers under `servers:`.');
  else {
    lines.push('# Servers imported from the MCP client configs found here:');
    for (const f of used) {
      const names = f.entries.map((e) => (e.server ? (e.server === e.clientName ? e.server : `${e.clientName} -> ${e.server}`) : `${e.clientName} (left out: ${e.skipped})`));
      lines.push(`#   ${commentText(sourceLabel(f, options.home))}: ${commentText(names.join(', '))}`);
    }
  }
  const byName = new Map<string, string[]>();
  for (const v of discovery.variables) {
    const why = v.kind === 'secret' ? 'a secret in the client file' : v.kind === 'input' ? `VS Code input${v.description ? ` "${v.description}"` : ''}` : 'read from the environment by the client too';
    const list = byName.get(v.name) ?? [];
    list.push(`servers.${v.server}.${v.field} (${why})`);
    byName.set(v.name, list);
  }
  if (byName.size > 0) {
    lines.push('#');
    lines.push('# Secrets were not copied into this file. Set these environment variables where the');
    lines.push('# gateway runs (`gatehouse validate` names any that are missing):');
    const width = Math.max(...[...byName.keys()].map((n) => n.length));
    for (const [name, uses] of byName) lines.push(`#   ${name.padEnd(width)}  ${commentText(uses.join('; '))}`);
  }
  lines.push('#');
  lines.push('# Check it with `gatehouse validate`, run it with `gatehouse serve`, then point each client at');
  lines.push('# http://<listen>/mcp/<server> (or `gatehouse stdio <server>`) instead of the server itself.');
  lines.push('');
  return lines;
}

function serversSection(discovery: Discovery, options: WriteOptions): string[] {
  if (discovery.servers.length === 0) {
    return [
      'servers: {}',
      '# servers:',
      '#   valkey:                       # stdio: the gateway starts the process',
      '#     command: uvx',
      '#     args: ["awslabs.valkey-mcp-server@latest"]',
      '#   amazon-mq:                    # remote: Streamable HTTP',
      '#     url: https://mq-mcp.internal.example/mcp',
      '#     headers: { Authorization: "Bearer ${MQ_MCP_TOKEN}" }',
    ];
  }
  const lines = ['servers:'];
  for (const server of discovery.servers) {
    const from = server.sources.map((s) => `${CLIENT_LABELS[s.client]} "${s.clientName}"${s.project ? ` in ${displayFile(s.project, options.home)}` : ''}`);
    lines.push(`  # from ${commentText(from.join(', '))}`);
    lines.push(...serverBlock(server, options.configFile, discovery));
  }
  return lines;
}

/** One server's lines under `servers:`. */
export function serverBlock(server: ImportedServer, configFile: string, discovery?: Discovery): string[] {
  const note = (field: string) => {
    const v = discovery?.variables.find((x) => x.server === server.name && x.field === field);
    if (!v) return '';
    return v.kind === 'environment' ? '' : `   # ${v.kind === 'secret' ? 'secret' : 'VS Code input'}: set ${v.name} in the environment`;
  };
  const lines = [`  ${yamlKey(server.name)}:`];
  if (server.transport === 'stdio') {
    lines.push(`    command: ${yamlString(server.command)}`);
    if (server.args.length > 0) lines.push(`    args: ${flowList(server.args)}`);
    const env = Object.entries(server.env);
    if (env.length > 0) {
      lines.push('    env:');
      for (const [k, v] of env) lines.push(`      ${yamlKey(k)}: ${yamlString(v)}${note(`env.${k}`)}`);
    }
    if (server.cwd !== undefined) {
      const relative = path.relative(path.dirname(configFile), server.cwd);
      const cwd = relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? server.cwd : relative;
      lines.push(`    cwd: ${yamlString(escapeLiteral(cwd))}   # the project its client runs it in`);
    }
  } else {
    lines.push(`    url: ${yamlString(server.url)}${note('url')}`);
    if (server.transport === 'sse') lines.push('    transport: sse');
    const headers = Object.entries(server.headers);
    if (headers.length > 0) {
      lines.push('    headers:');
      for (const [k, v] of headers) lines.push(`      ${yamlKey(k)}: ${yamlString(v)}${note(`headers.${k}`)}`);
    }
  }
  return lines;
}

function agentsSection(): string[] {
  return [
    '# Who may call. Without agents every caller is `anonymous`. With them, a client sends',
    '# `Authorization: Bearer <key>` (over stdio: the key in $GATEHOUSE_KEY), and rules can name',
    '# agents. Keys are 16+ characters; make one with `openssl rand -hex 24`.',
    '# agents:',
    '#   my-laptop: { key: "${MY_LAPTOP_KEY}" }',
    '#   ci-runner: { key: "${CI_RUNNER_KEY}" }',
  ];
}

function policySection(options: WriteOptions, features: LoaderFeatures): string[] {
  const lines = [
    'policy:',
    '  default: allow                # every call goes through and is recorded; the rules below tighten it',
  ];
  if (features.riskDefault) {
    lines.push(
      '  # default: risk              # instead: tools no rule names get the action of their risk class',
      '  # risk_defaults:',
      '  #   low: allow',
      '  #   medium: { action: rate_limit, rate_limit: { max: 10, window: 60 } }',
      `  #   high: ${features.approvals ? 'require_approval' : '{ action: rate_limit, rate_limit: { max: 5, window: 60 } }'}`,
      '  #   critical: deny',
    );
  }
  const probes = options.probes;
  if (probes && probes.some((p) => p.tools.length > 0)) lines.push(...probedRules(probes, features));
  else lines.push(...skeletonRules(features, probes));
  return lines;
}

const CLASSES = [
  'Every tool is classified by what it does (SPEC\'s table), and its class says what a rule should do:',
  '  Read         reads or lists, changes nothing                  Low       allowed by `default: allow`',
  '  Write        creates or modifies, reversibly                  Medium    rate-limit: a looping agent cannot flood',
  `  Execute      runs code, commands or queries the caller picks  High      ${'hold for a person, or rate-limit hard'}`,
  '  Destructive  deletes or overwrites beyond easy recovery       Critical  deny',
  '  Financial    moves money or commits to spending               Critical  deny',
];

function skeletonRules(features: LoaderFeatures, probes: ServerProbe[] | undefined): string[] {
  const high = features.approvals
    ? ['#     action: require_approval', '#     approval: { timeout: 10m }']
    : ['#     action: rate_limit', '#     rate_limit: { max: 5, window: 60 }'];
  const body = [
    ...CLASSES,
    '`gatehouse init --probe` starts each server, lists its tools and writes a suggestion for every',
    'one; `gatehouse catalog` shows each tool\'s class with the evidence. Until then these patterns',
    'catch the usual names (bare names apply on every server). Uncomment `rules:` and the ones you want:',
  ].map((l) => `  # ${l}`);
  const failed = (probes ?? []).filter((p) => p.error);
  if (failed.length > 0) {
    body.push('  # (--probe could not list the tools of:');
    for (const p of failed) body.push(`  #   ${p.server}: ${commentText(p.error!)}`);
    body.push('  # )');
  }
  return [
    ...body,
    '  # rules:',
    '  #   # Critical, Destructive: deletes beyond easy recovery.',
    '  #   - tool: "{delete,remove,drop,destroy,purge,terminate}_*"',
    '  #     action: deny',
    '  #     reason: Deleting is not allowed from agents; ask an operator.',
    '  #   # Critical, Financial: moves money or commits to spending.',
    '  #   - tool: "{refund,charge,pay,transfer,purchase}_*"',
    '  #     action: deny',
    '  #     reason: Moving money is not allowed from agents.',
    '  #   # High, Execute: runs code, commands or queries the caller chooses.',
    '  #   - tool: "{execute,exec,eval,run}_{command,code,script,sql,query,shell}"',
    ...high.map((l) => `  ${l}`),
    '  #   # Medium, Write: creates or modifies, reversibly (the seed case: create_api_key).',
    '  #   - tool: "{create,update,write,set,add,edit}_*"',
    '  #     action: rate_limit',
    '  #     rate_limit: { max: 10, window: 60 }   # per agent session',
  ];
}

function probedRules(probes: ServerProbe[], features: LoaderFeatures): string[] {
  const order: RiskClass[] = ['critical', 'high', 'medium'];
  const all = probes.flatMap((p) => p.tools);
  const lines = [
    ...CLASSES.map((l) => `  # ${l}`),
    '  # Below, one suggested rule per tool the servers listed (`gatehouse init --probe`), strictest',
    '  # first, each with the classification and the evidence behind it. Review them, then uncomment',
    '  # `rules:` and the ones you want.',
    '  # rules:',
  ];
  for (const risk of order) {
    const tools = all.filter((t) => t.rule && t.classification.risk === risk);
    if (tools.length === 0) continue;
    lines.push(`  #   # ---- ${RISK_WORD[risk]} risk ----`);
    for (const t of tools) lines.push(...ruleLines(t, features));
  }
  const low = all.filter((t) => !t.rule);
  if (low.length > 0) {
    lines.push(`  # Low risk, allowed by \`default: allow\` with no rule: ${commentText(low.map((t) => `${t.server}/${t.tool}`).join(', '))}`);
  }
  const failed = probes.filter((p) => p.error);
  for (const p of failed) lines.push(`  # Not probed: ${p.server}: ${commentText(p.error!)}`);
  return lines;
}

function ruleLines(t: ToolSuggestion, features: LoaderFeatures): string[] {
  const c = t.classification;
  const rule = t.rule!;
  const evidence = c.evidence.slice(0, 4).map((e) => `${e.source} "${e.text}"`).join(', ');
  const flags = c.flags.length > 0 ? ` Flags: ${c.flags.join(', ')}.` : '';
  const lines = [
    `  #   # ${commentText(`${t.server}/${t.tool}: ${c.category}, ${RISK_WORD[c.risk]} risk, ${c.requiredParams} required parameter${c.requiredParams === 1 ? '' : 's'}, ${c.confidence} confidence.${flags}`)}`,
    ...wrap(commentText(c.rationale), 88).map((l) => `  #   #   ${l}`),
  ];
  if (evidence) lines.push(`  #   #   ${commentText(`Evidence: ${evidence}`)}`);
  const pattern = toolPattern(t.server, t.tool);
  if (validateToolPattern(pattern)) {
    lines.push(`  #   #   (its name cannot be written as a rule pattern; use a glob that matches it)`);
    return lines;
  }
  lines.push(`  #   - tool: ${yamlString(pattern)}`);
  lines.push(`  #     action: ${rule.action}`);
  if (rule.rateLimit) lines.push(`  #     rate_limit: { max: ${rule.rateLimit.max}, window: ${rule.rateLimit.window} }`);
  if (rule.approvalTimeout && features.approvals) lines.push(`  #     approval: { timeout: ${rule.approvalTimeout} }`);
  lines.push(`  #     reason: ${yamlString(rule.reason)}`);
  return lines;
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') out.push(line);
  return out;
}

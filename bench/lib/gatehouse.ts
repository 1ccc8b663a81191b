// Gatehouse as the benchmarks run it: a config with a realistic policy in a temporary folder,
// `gatehouse serve` on a free loopback port, its audit records counted after it stopped.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { CHEAP_SERVER, freePort, NODE, ROOT, startService, waitForHttp, type Service } from './procs.ts';

/** Servers a real deployment would front; the policy names their tools, the benchmark calls none. */
const OTHER_SERVERS = ['github', 'slack', 'jira', 'valkey', 'postgres', 'filesystem', 'browser', 'stripe', 'aws', 'k8s'];

/**
 * A policy like one an operator writes for a dozen servers: 64 rules, exact names and globs,
 * deny and allow and rate limits, one CEL condition over the arguments and one rate limit on the
 * benchmarked tool (with room to spare: 1,000,000 calls a minute per session), default deny.
 * The call the benchmark makes, cheap/add, matches 4 rules: `cheap/*` (allow),
 * `*\/add` (CEL condition, false), `cheap/add` (rate limit), `add` (bare name, allow).
 */
export function realisticPolicy(): string {
  const rules: string[] = [];
  for (const s of OTHER_SERVERS) {
    rules.push(`    - { tool: "${s}/delete_*", action: deny, reason: "Deleting is not allowed from agents." }`);
    rules.push(`    - { tool: "${s}/get_*", action: allow }`);
    rules.push(`    - { tool: "${s}/list_*", action: allow }`);
    rules.push(`    - { tool: "${s}/create_*", action: rate_limit, rate_limit: { max: 30, window: 60 } }`);
    rules.push(`    - { tool: "${s}/search", action: allow }`);
  }
  rules.push(
    '    - { tool: "*/admin_*", action: deny, reason: "Administration is for people." }',
    '    - { tool: "*/drop_*", action: deny }',
    '    - { tool: "*/{exec,execute,run}_*", action: deny, reason: "No code execution." }',
    '    - { tool: create_api_key, action: rate_limit, rate_limit: { max: 10, window: 60, scope: agent } }',
    '    - { tool: execute_sql, action: deny }',
    '    - { tool: "postgres/query", when: \'has(args.sql) && args.sql.contains("DROP")\', action: deny }',
    '    - { tool: "*/set_secret*", action: deny }',
    '    - { tool: "filesystem/write_*", agents: [anonymous], action: deny }',
    '    - { tool: "cheap/*", action: allow }',
    '    - { tool: "*/add", when: \'has(args.a) && args.a < -1000000000\', action: deny, reason: "Too negative." }',
    '    - { tool: "cheap/add", action: rate_limit, rate_limit: { max: 1000000, window: 60, scope: session } }',
    '    - { tool: "cheap/{mul,div,sub}", action: allow }',
    '    - { tool: add, action: allow }',
    '    - { tool: "?ogs/*", action: deny }',
  );
  return `policy:\n  default: deny\n  rules:\n${rules.join('\n')}\n`;
}

export interface RunningGatehouse {
  service: Service;
  url: string;
  dir: string;
  configFile: string;
  /** Stops it with SIGTERM, which writes every queued audit record first. */
  stop(): Promise<number | null>;
  /** Deletes its temporary folder (config, audit.db); after stop(). */
  remove(): void;
  /** How long its start-up listing of every server's tools took, ms (startGatehouse waits for it). */
  listedMs: number;
}

const BIN = path.join(ROOT, 'bin/gatehouse.ts');

/**
 * The Node flags the `gatehouse` command runs with, read off its shebang
 * (`#!/usr/bin/env -S node FLAGS`), so the benchmarks measure the gateway as users run it.
 */
export function binNodeFlags(): string[] {
  const shebang = readFileSync(BIN, 'utf8').split('\n', 1)[0];
  return shebang.split(/\s+/).filter((word) => word.startsWith('--'));
}

export type UpstreamChoice = { kind: 'stdio' } | { kind: 'http'; url: string };

export async function startGatehouse(options: {
  upstream?: UpstreamChoice;
  gatewayExtra?: string;
  nodeArgs?: string[];
  shared?: boolean;
  /** A command the gateway's node runs under (e.g. valgrind and its flags), and how long to wait for it to answer. */
  wrap?: { command: string[]; startTimeoutMs: number };
} = {}): Promise<RunningGatehouse> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-bench-'));
  const port = await freePort();
  const configFile = path.join(dir, 'gatehouse.yaml');
  const upstream = options.upstream ?? { kind: 'stdio' };
  const stdio = `{ command: ${JSON.stringify(NODE)}, args: [${JSON.stringify(CHEAP_SERVER)}] }`;
  const cheap = (upstream.kind === 'stdio' ? stdio : `{ url: ${JSON.stringify(upstream.url)} }`).replace(/ }$/, options.shared ? ', shared: true }' : ' }');
  // The other servers the policy names exist in the config (it refuses rules naming unknown
  // servers), as `true`, a command that exits at once. No session starts them, but the
  // gateway's start-up catalog listing does: as the cheap server, that was 10-20 Node processes
  // (two per stateful stdio server before the era probe adopted its process) starting on the
  // cores the calls are measured on, for 2-70 s by the machine's load; as `true` their listing fails in milliseconds
  // (10 warnings in the log) and only the policy, which is what they are here for, remains.
  const servers = [`  cheap: ${cheap}`, ...OTHER_SERVERS.map((s) => `  ${s}: { command: "true" }`)].join('\n');
  writeFileSync(configFile, [
    'gateway:',
    `  listen: 127.0.0.1:${port}`,
    '  data: ./data',
    options.gatewayExtra ?? '',
    'servers:',
    servers,
    realisticPolicy(),
  ].join('\n'));
  const nodeCommand = [NODE, ...binNodeFlags(), ...(options.nodeArgs ?? []), BIN, 'serve', '--config', configFile];
  const [command, ...args] = [...(options.wrap?.command ?? []), ...nodeCommand];
  const service = startService('gatehouse', command, args);
  await waitForHttp(service, `http://127.0.0.1:${port}/healthz`, options.wrap?.startTimeoutMs);
  const listedMs = await startUpListing(port);
  return { service, url: `http://127.0.0.1:${port}/mcp/cheap`, dir, configFile, stop: () => service.stop(), remove: () => rmSync(dir, { recursive: true, force: true }), listedMs };
}

/**
 * Waits (at most 120 s) for the gateway's start-up listing of every server's tools, which
 * starts each configured server. Measured while that runs, calls
 * would compete with it for the cores, and its CPU would land in the "servers" column and, for
 * the listing's own work, in the gateway's. Done when /readyz reports no upstream 'pending'.
 * Returns the milliseconds it took.
 */
async function startUpListing(port: number): Promise<number> {
  const started = performance.now();
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      const body = (await res.json()) as { checks?: { upstreams?: Record<string, string> } };
      if (!Object.values(body.checks?.upstreams ?? { any: 'pending' }).includes('pending')) break;
    } catch {
      // not answering yet: try again
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return performance.now() - started;
}

/** Rows in the audit table of a stopped Gatehouse, read directly from its SQLite file. */
export function countAuditRecords(dir: string): number {
  const db = new DatabaseSync(path.join(dir, 'data', 'audit.db'), { readOnly: true });
  try {
    return Number((db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n);
  } finally {
    db.close();
  }
}

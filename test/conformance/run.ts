// Runs the official MCP conformance suite (@modelcontextprotocol/conformance) against a server
// URL and returns one result per server scenario.
//
// How the CLI reports (v0.1.16, read from its bundled source):
//   - `conformance server --url U [--scenario S | --suite all|active|pending] -o DIR` runs the
//     scenarios one after another in one process; `active` (the default) leaves out the
//     "pending" ones (json-schema-2020-12, server-sse-polling), `all` runs every one.
//   - With `-o DIR` each scenario writes `DIR/server-<scenario>-<ISO time, ':' and '.' as '-'>/checks.json`:
//     an array of checks `{ id, name, description, status, errorMessage?, details? }`, where
//     status is SUCCESS | FAILURE | WARNING | INFO. This module reads those files.
//   - stdout has `=== Running scenario: S ===` as each starts and a summary of lines
//     `✓|✗ S: N passed, M failed`; the exit code is 1 when any check FAILED (warnings do not count).
//   - A scenario passes, as in the CLI's own summary, when it produced checks and none FAILED;
//     warnings (SHOULD-level findings) are reported separately.
// The whole suite is one invocation; if it stalls (no output for `stallMs`) it is killed, the
// scenario in progress is failed as timed out, and the ones not yet run are retried one CLI
// per scenario, a few at a time, within the overall `timeoutMs`.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface ConformanceCheck {
  id: string;
  name: string;
  description?: string;
  status: string;
  errorMessage?: string;
  details?: unknown;
}

export interface ScenarioResult {
  /** The scenario produced checks and none of them is a FAILURE. */
  passed: boolean;
  /** One line: counts, then each failed or warned check with its message. */
  detail: string;
  /** Number of WARNING checks (SHOULD-level findings; they do not fail a scenario). */
  warnings: number;
  checks: ConformanceCheck[];
}

export interface RunOptions {
  /** Run exactly the scenarios this spec revision requires (`--requirements`), at its wire. */
  requirements?: string;
  /** Only these scenarios (default: every server scenario the CLI lists, i.e. `--suite all`). */
  scenarios?: string[];
  /** Budget for the whole run, default 150 s. */
  timeoutMs?: number;
  /** Kill a CLI that printed nothing for this long, default 30 s. */
  stallMs?: number;
  /** How many single-scenario CLIs to run at once when scenarios are run one by one, default 4. */
  concurrency?: number;
}

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CONFORMANCE_CLI = path.join(ROOT, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');

/** The conformance CLI needs Node 22+: use this process's node if it is, else the project's. */
export function conformanceNode(): string {
  const major = Number(process.versions.node.split('.')[0]);
  return major >= 22 ? process.execPath : path.join(ROOT, 'node_modules/.bin/node');
}

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Why it was killed, if it was. */
  killed?: string;
}

function runCli(args: string[], limits: { stallMs: number; deadline: number }): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(conformanceNode(), [CONFORMANCE_CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed: string | undefined;
    let last = Date.now();
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      last = Date.now();
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      last = Date.now();
    });
    const timer = setInterval(() => {
      const now = Date.now();
      if (now - last > limits.stallMs) killed = `no output for ${limits.stallMs} ms`;
      else if (now > limits.deadline) killed = 'time budget exhausted';
      if (killed) {
        clearInterval(timer);
        child.kill('SIGKILL');
      }
    }, 250);
    child.on('error', (e) => {
      stderr += String(e);
    });
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ code, stdout, stderr, killed });
    });
  });
}

const scenarioLists = new Map<string, Promise<string[]>>();

/** Every server scenario of the installed suite (or of one revision's requirements), in the CLI's order. */
export function listServerScenarios(requirements?: string): Promise<string[]> {
  const key = requirements ?? '';
  let scenarioList = scenarioLists.get(key);
  if (scenarioList) return scenarioList;
  scenarioList = runCli(['list', '--server', ...(requirements ? ['--requirements', requirements] : [])], { stallMs: 30_000, deadline: Date.now() + 30_000 }).then((run) => {
    // With --requirements the list goes on with client scenarios: keep the server section only.
    const section = requirements ? run.stdout.split(/Client scenarios/)[0] : run.stdout;
    const names = [...section.matchAll(/^\s+- (\S+)/gm)].map((m) => m[1]);
    if (names.length === 0) throw new Error(`conformance list --server printed no scenarios (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
    return names;
  });
  scenarioLists.set(key, scenarioList);
  return scenarioList;
}

const RESULT_DIR = /^server-(.+)-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)$/;

/** checks.json of every scenario under `dir`, the latest per scenario. */
async function readResults(dir: string): Promise<Map<string, ConformanceCheck[]>> {
  const found = new Map<string, { stamp: string; checks: ConformanceCheck[] }>();
  for (const entry of await readdir(dir).catch(() => [] as string[])) {
    const m = RESULT_DIR.exec(entry);
    if (!m) continue;
    let checks: unknown;
    try {
      checks = JSON.parse(await readFile(path.join(dir, entry, 'checks.json'), 'utf8'));
    } catch {
      continue; // still being written when the CLI was killed
    }
    if (!Array.isArray(checks)) continue;
    const previous = found.get(m[1]);
    if (!previous || previous.stamp < m[2]) found.set(m[1], { stamp: m[2], checks: checks as ConformanceCheck[] });
  }
  return new Map([...found].map(([name, { checks }]) => [name, checks]));
}

export function summarize(checks: ConformanceCheck[]): ScenarioResult {
  const count = (status: string) => checks.filter((c) => c.status === status).length;
  const failed = count('FAILURE');
  const warnings = count('WARNING');
  const notes = checks
    .filter((c) => c.status === 'FAILURE' || c.status === 'WARNING')
    .map((c) => `[${c.status}] ${c.name}: ${c.errorMessage ?? c.description ?? ''}`);
  const passed = checks.length > 0 && failed === 0;
  const counts = checks.length === 0 ? 'no checks' : `${count('SUCCESS')} passed, ${failed} failed, ${warnings} warnings`;
  return { passed, detail: [counts, ...notes].join('; '), warnings, checks };
}

function failedResult(detail: string): ScenarioResult {
  return { passed: false, detail, warnings: 0, checks: [] };
}

/** Why the CLI says a scenario could not run, from its output, if it says. */
function cliError(run: CliRun, scenario: string): string | undefined {
  const i = run.stderr.indexOf(`Failed to run scenario ${scenario}:`);
  if (i >= 0) return run.stderr.slice(i, i + 500).split('\n').slice(0, 3).join(' ');
  return undefined;
}

/**
 * Runs the conformance server scenarios against `url` and returns, per scenario, whether it
 * passed and why not. Every requested scenario has an entry (failed, with the reason, when it
 * could not run).
 */
export async function runConformance(url: string, opts: RunOptions = {}): Promise<Map<string, ScenarioResult>> {
  const all = await listServerScenarios(opts.requirements);
  const selection = opts.requirements ? ['--requirements', opts.requirements] : ['--suite', 'all'];
  const wanted = opts.scenarios ?? all;
  for (const s of wanted) if (!all.includes(s)) throw new Error(`unknown conformance scenario ${s} (known: ${all.join(', ')})`);
  const deadline = Date.now() + (opts.timeoutMs ?? 150_000);
  const stallMs = opts.stallMs ?? 30_000;
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  const outDir = await mkdtemp(path.join(tmpdir(), 'gatehouse-conformance-'));
  const results = new Map<string, ScenarioResult>();
  try {
    let remaining = [...wanted];
    if (wanted.length === all.length || wanted.length > all.length / 2) {
      // One invocation for the whole suite (extra scenarios it runs are simply not reported).
      const run = await runCli(['server', '--url', url, ...selection, '-o', outDir], { stallMs, deadline });
      const checks = await readResults(outDir);
      for (const s of wanted) {
        const c = checks.get(s);
        if (c) results.set(s, summarize(c));
      }
      if (run.killed) {
        const started = [...run.stdout.matchAll(/=== Running scenario: (\S+) ===/g)].map((m) => m[1]);
        const current = started.at(-1);
        if (current && wanted.includes(current) && !results.has(current)) {
          results.set(current, failedResult(`timed out: the conformance CLI was killed (${run.killed}) while running this scenario`));
        }
      } else {
        for (const s of wanted) {
          if (!results.has(s)) results.set(s, failedResult(cliError(run, s) ?? `no result from the conformance CLI (exit ${run.code}): ${run.stderr.slice(0, 300)}`));
        }
      }
      remaining = wanted.filter((s) => !results.has(s));
    }
    // One CLI per scenario, a few at a time.
    const queue = [...remaining];
    const worker = async () => {
      for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
        if (Date.now() >= deadline) {
          results.set(s, failedResult('not run: the time budget was exhausted'));
          continue;
        }
        const dir = path.join(outDir, `single-${s}`);
        const run = await runCli(['server', '--url', url, '--scenario', s, ...(opts.requirements ? ['--spec-version', opts.requirements] : []), '-o', dir], { stallMs, deadline });
        const c = (await readResults(dir)).get(s);
        if (c) results.set(s, summarize(c));
        else if (run.killed) results.set(s, failedResult(`timed out: the conformance CLI was killed (${run.killed})`));
        else results.set(s, failedResult(cliError(run, s) ?? `no result from the conformance CLI (exit ${run.code}): ${run.stderr.slice(0, 300)}`));
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
  return new Map(wanted.map((s) => [s, results.get(s) ?? failedResult('no result')]));
}

/** A fixed-width table of results, for test diagnostics. */
export function formatResults(columns: Record<string, Map<string, ScenarioResult>>): string {
  const names = [...new Set(Object.values(columns).flatMap((m) => [...m.keys()]))];
  const width = Math.max(...names.map((n) => n.length), 8);
  const heads = Object.keys(columns);
  const cell = (r: ScenarioResult | undefined) => (r === undefined ? '-' : r.passed ? (r.warnings ? `pass(${r.warnings}w)` : 'pass') : 'FAIL');
  const lines = [`${'scenario'.padEnd(width)}  ${heads.map((h) => h.padEnd(12)).join(' ')}`];
  for (const n of names) lines.push(`${n.padEnd(width)}  ${heads.map((h) => cell(columns[h].get(n)).padEnd(12)).join(' ')}`);
  return lines.join('\n');
}

// The policy micro-benchmark: how long `decide()` takes at 10, 1,000 and 10,000 rules (exact
// names and globs mixed, one CEL condition and one rate limit among the rules the call matches),
// in process, through `compilePolicy` from src/policy/engine.ts.
//
//   node bench/policy.ts [--quick]
//
// Reported per size: compile time; ns per decision for a tool seen before (the steady state:
// the per-tool candidate memo answers), median of several timed batches after a warm-up; and
// the first decision for a tool never seen (the memo misses: every rule's pattern is tried).
import { performance } from 'node:perf_hooks';
import type { PolicyConfig, RuleConfig } from '../src/config/types.ts';
import { compilePolicy, type CompiledPolicy } from '../src/policy/engine.ts';
import type { ToolCall } from '../src/policy/types.ts';

const position = { file: 'bench.yaml', line: 1, column: 1 };

/** `total` rules: a filler of exact names and globs for 50 servers, then the 4 the call matches. */
export function rules(total: number): RuleConfig[] {
  const list: Omit<RuleConfig, 'index'>[] = [];
  const filler = Math.max(0, total - 4);
  for (let i = 0; i < filler; i++) {
    const server = `srv${i % 50}`;
    switch (i % 6) {
      case 0: list.push({ tool: `${server}/tool_${i}`, action: 'allow', position }); break;
      case 1: list.push({ tool: `${server}/delete_${i}_*`, action: 'deny', reason: 'no deleting', position }); break;
      case 2: list.push({ tool: `tool_${i}`, action: 'allow', position }); break;
      case 3: list.push({ tool: `*/admin_${i}_*`, action: 'deny', position }); break;
      case 4: list.push({ tool: `${server}/create_${i}`, action: 'rate_limit', rateLimit: { max: 10, window: 60, scope: 'session' }, position }); break;
      case 5: list.push({ tool: `srv{${i % 50},${(i + 1) % 50}}/get_${i}_?`, action: 'allow', position }); break;
    }
  }
  list.push(
    { tool: 'cheap/*', action: 'allow', position },
    { tool: '*/add', when: 'has(args.a) && args.a < -1000000000', action: 'deny', reason: 'too negative', position },
    { tool: 'cheap/add', action: 'rate_limit', rateLimit: { max: 1_000_000, window: 60, scope: 'session' }, position },
    { tool: 'add', action: 'allow', position },
  );
  return list.slice(-total).map((r, i) => ({ ...r, index: i + 1 }));
}

function policy(total: number): PolicyConfig {
  return { default: 'deny', riskDefaults: {}, rules: rules(total) };
}

const call: ToolCall = { server: 'cheap', tool: 'add', args: { a: 2, b: 3 }, agent: 'anonymous', session: 'a-session-id' };

/** Median ns per decision over `batches` batches of `size` decisions each. */
function timeDecisions(engine: CompiledPolicy, batches: number, size: number): number {
  let sink = 0;
  const perBatch: number[] = [];
  for (let b = 0; b < batches; b++) {
    const start = performance.now();
    for (let i = 0; i < size; i++) sink += engine.decide(call).action.length;
    perBatch.push(((performance.now() - start) * 1e6) / size);
  }
  if (sink === 0) throw new Error('no decisions were made');
  perBatch.sort((x, y) => x - y);
  return perBatch[Math.floor(perBatch.length / 2)];
}

/** The first decision for each of `count` tools the engine has not seen, ns each (median). */
function timeFirstDecisions(engine: CompiledPolicy, count: number): number {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const fresh: ToolCall = { ...call, tool: `never_seen_${i}` };
    const start = performance.now();
    engine.decide(fresh);
    times.push((performance.now() - start) * 1e6);
  }
  times.sort((x, y) => x - y);
  return times[Math.floor(times.length / 2)];
}

function main(): void {
  const quick = process.argv.includes('--quick');
  const sizes = [10, 1_000, 10_000];
  const warm = quick ? 2_000 : 200_000;
  const batches = quick ? 3 : 15;
  const size = quick ? 2_000 : 100_000;
  console.log(`# Policy decision time${quick ? ' (quick)' : ''}: Node ${process.version}; call cheap/add matching 4 rules (glob, CEL condition, rate limit, bare name)`);
  console.log('');
  console.log('| rules | compile ms | ns/decision, tool seen before | ns, first decision for a new tool |');
  console.log('|---:|---:|---:|---:|');
  const results: { rules: number; ns: number }[] = [];
  for (const n of sizes) {
    const config = policy(n);
    const compileStart = performance.now();
    const engine = compilePolicy(config);
    const compileMs = performance.now() - compileStart;
    const verdict = engine.decide(call);
    if (verdict.action !== 'allow' || verdict.limits.length !== 1 || verdict.matched.length !== 3) {
      throw new Error(`unexpected verdict at ${n} rules: ${JSON.stringify(verdict)}`);
    }
    for (let i = 0; i < warm; i++) engine.decide(call);
    const ns = timeDecisions(engine, batches, size);
    const first = timeFirstDecisions(engine, quick ? 5 : 50);
    results.push({ rules: n, ns });
    console.log(`| ${n.toLocaleString('en-US')} | ${compileMs.toFixed(1)} | ${ns.toFixed(0)} | ${first.toFixed(0)} |`);
  }
  const small = results[0].ns;
  const large = results[results.length - 1].ns;
  console.log('');
  console.log(`10,000 rules: ${(large / 1000).toFixed(2)} µs per decision (target < 5 µs: ${large < 5000 ? 'met' : 'MISSED'}); ` +
    `${(large / small).toFixed(2)}× the time at 10 rules for 1,000× the rules`);
}

main();

// EXPERIMENT (changes nothing in the product): can a learned model that sees the rules' own output (their
// category, confidence, flags and evidence) beside the tool's words correct the rules on servers neither has
// seen? This is stacking: the model learns where the rules go wrong, so it must be trained on the rules'
// mistakes on servers THEY had not seen, never on the tuned rules' near-perfect output on their own set.
//
// Such outputs exist for rounds 14-22: bench/hybrid-experiment.ts replays the rules as they were at each
// round's deciding commit (its replay check matches every "measured once" note). Here:
//   1. leave-one-round-out over rounds 14-22: train on the other eight rounds' replayed outputs, test on one;
//   2. forward-chained: train on rounds 14..N-1 only, test on N (as a deployed model would be);
//   3. with --unseen N:<commit>, the round decided at <commit> and never measured before, evaluated ONCE with
//      the variants registered in docs/experiments/stacking.md before that round was merged:
//      the rules alone; (a') the naive Bayes Execute override at P >= 0.999 (bench/hybrid-experiment.ts's
//      after-the-fact break-even threshold); (s) the stacker below, trained on rounds 14-22, at threshold 0.
//
//   node bench/stacking-experiment.ts [--unseen 23:<commit>]   (needs git history; writes under the OS temp dir)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CATEGORIES, DATA_DIR, loadDataset } from './catalog-accuracy.ts';
import { COMMITS, rulesAt } from './hybrid-experiment.ts';
import { type Example, features, parseRounds, sharedPrefix, trainNaiveBayes } from './learned-model-experiment.ts';
import type { Category } from '../src/catalog/types.ts';


interface Row {
  round: number;
  y: Category;
  rules: Category;
  /** The stacker's inputs: the rules' output as tokens, then the tool's words (learned-model-experiment's features). */
  meta: string[];
  text: string[];
}

/**
 * Softmax regression by SGD, L2-regularised, features scaled by 1/sqrt(count). Settings fixed before any
 * result was seen (those that bench/learned-model-experiment.ts chose on rounds 5-8 for its logistic
 * regression: rate 0.5, L2 1e-5), 20 epochs, seeded shuffle.
 */
function trainSoftmax(ex: { f: string[]; y: Category }[], { epochs = 20, lr = 0.5, l2 = 1e-5 } = {}): (f: string[]) => number[] {
  const K = CATEGORIES.length;
  const W = new Map<string, Float64Array>();
  const b = new Float64Array(K);
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const probs = (f: string[]) => {
    const v = 1 / Math.sqrt(Math.max(1, f.length));
    const s = Array.from(b);
    for (const t of f) {
      const w = W.get(t);
      if (w) for (let k = 0; k < K; k++) s[k] += w[k] * v;
    }
    const top = Math.max(...s);
    const e = s.map((z) => Math.exp(z - top));
    const z = e.reduce((a, c) => a + c, 0);
    return e.map((q) => q / z);
  };
  const order = ex.map((_, i) => i);
  for (let ep = 0; ep < epochs; ep++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const eta = lr / (1 + ep * 0.5);
    for (const i of order) {
      const { f, y } = ex[i];
      const p = probs(f);
      const v = 1 / Math.sqrt(Math.max(1, f.length));
      for (let k = 0; k < K; k++) {
        const g = (CATEGORIES[k] === y ? 1 : 0) - p[k];
        b[k] += eta * g;
        for (const t of f) {
          let w = W.get(t);
          if (!w) W.set(t, (w = new Float64Array(K)));
          w[k] += eta * (g * v - l2 * w[k]);
        }
      }
    }
  }
  return probs;
}

/** The stacker's decision: its most likely category, taken over the rules only when it is at least `threshold` sure. */
function stackPredict(model: (f: string[]) => number[], r: Row, threshold: number): Category {
  const p = model(r.meta);
  let best = 0;
  for (let k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
  return CATEGORIES[best] !== r.rules && p[best] >= threshold ? CATEGORIES[best] : r.rules;
}

function figures(preds: Category[], set: Row[]): string {
  const ok = (c?: Category) => set.filter((r, i) => (c === undefined || r.y === c) && preds[i] === r.y).length;
  const of = (c: Category) => set.filter((r) => r.y === c).length;
  const cell = (c: Category) => (of(c) === 0 ? '-' : `${ok(c)}/${of(c)}`).padStart(10);
  return `${((100 * ok()) / set.length).toFixed(1).padStart(5)}% ${`${ok()}/${set.length}`.padStart(9)} ${CATEGORIES.map(cell).join('')}`;
}

async function outputsAt(n: number, commit: string, rows: ReturnType<typeof loadDataset>, round: Map<string, number>): Promise<Row[]> {
  const rules = await rulesAt(n, commit);
  const inRound = rows.filter((r) => round.get(r.server) === n);
  const out: Row[] = [];
  for (const server of new Set(inRound.map((r) => r.server))) {
    const tools = inRound.filter((r) => r.server === server);
    const names = tools.map((r) => r.tool.name);
    const namespace = rules.serverNamespace(names);
    const prefix = sharedPrefix(names);
    for (const r of tools) {
      if (r.label === undefined) continue;
      const c = rules.classifyTool(r.tool, { namespace });
      const text = features(r.tool, prefix);
      const meta = [`R:${c.category}`, `R:${c.category}|C:${c.confidence}`, ...c.flags.map((f) => `F:${f}`), ...c.evidence.map((e) => `E:${e.source}:${e.points}`), ...text];
      out.push({ round: n, y: r.label, rules: c.category, meta, text });
    }
  }
  return out;
}

async function main(): Promise<void> {
  const unseenArg = process.argv.indexOf('--unseen');
  const unseen = unseenArg > 0 ? process.argv[unseenArg + 1].split(':') : undefined;
  const labels = JSON.parse(readFileSync(path.join(DATA_DIR, 'labels.json'), 'utf8')) as { _notes: string[] };
  const rows = loadDataset(DATA_DIR, 'whole');
  const servers = new Set(rows.filter((r) => r.label !== undefined).map((r) => r.server));
  const { round } = parseRounds(labels._notes, servers);
  for (const s of servers) if (!round.has(s)) round.set(s, 0);

  const data: Row[] = [];
  for (const [n, commit] of COMMITS) data.push(...(await outputsAt(n, commit, rows, round)));
  const rounds = COMMITS.map(([n]) => n);
  console.log(`Rules replayed at each round's deciding commit, rounds ${rounds[0]}-${rounds.at(-1)}: ${data.length} labeled tools.`);
  console.log(`Columns: overall, agreed/tools, then agreed/total for ${CATEGORIES.join(', ')}.\n`);
  console.log(`   ${'rules (replayed)'.padEnd(46)} ${figures(data.map((r) => r.rules), data)}`);
  for (const [scheme, trainOn] of [
    ['leave one round out', (r: Row, n: number) => r.round !== n],
    ['forward-chained (rounds < N)', (r: Row, n: number) => r.round < n],
  ] as const) {
    const at = new Map<number, Category[]>([[0, []], [0.8, []]]);
    const tested: Row[] = [];
    for (const n of rounds) {
      const train = data.filter((r) => trainOn(r, n));
      if (train.length === 0) continue;
      const model = trainSoftmax(train.map((r) => ({ f: r.meta, y: r.y })));
      const test = data.filter((r) => r.round === n);
      tested.push(...test);
      for (const [t, preds] of at) preds.push(...test.map((r) => stackPredict(model, r, t)));
    }
    console.log(`   ${`(rules alone on the same ${tested.length})`.padEnd(46)} ${figures(tested.map((r) => r.rules), tested)}`);
    for (const [t, preds] of at) console.log(`   ${`stacker, ${scheme}, P >= ${t}`.padEnd(46)} ${figures(preds, tested)}`);
  }

  if (!unseen) return;
  const [n, commit] = [Number(unseen[0]), unseen[1]];
  const test = await outputsAt(n, commit, rows, round);
  const stacker = trainSoftmax(data.map((r) => ({ f: r.meta, y: r.y })));
  const labeled = rows.filter((r) => r.label !== undefined);
  const prefixOf = new Map([...servers].map((s) => [s, sharedPrefix(labeled.filter((r) => r.server === s).map((r) => r.tool.name))]));
  const examples: Example[] = labeled.filter((r) => round.get(r.server)! < n).map((r) => ({ server: r.server, name: r.tool.name, x: features(r.tool, prefixOf.get(r.server)), y: r.label! }));
  const bayes = trainNaiveBayes(examples, 0.1);
  const override = (r: Row): Category => ((r.rules === 'Read' || r.rules === 'Write') && bayes.proba(r.text).Execute >= 0.999 ? 'Execute' : r.rules);
  console.log(`\nRound ${n}, never measured before, the rules at ${commit} (its deciding commit); variants registered beforehand:`);
  console.log(`   ${'rules alone'.padEnd(46)} ${figures(test.map((r) => r.rules), test)}`);
  console.log(`   ${"(a') Execute override, P >= 0.999".padEnd(46)} ${figures(test.map(override), test)}`);
  console.log(`   ${'(s) stacker, rounds 14-22, P >= 0'.padEnd(46)} ${figures(test.map((r) => stackPredict(stacker, r, 0)), test)}`);
}

await main();

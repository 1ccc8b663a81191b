// EXPERIMENT (changes nothing in the product): would the catalog rules, with a small learned text model
// allowed to override them in a few narrow cases, do better on servers neither has seen?
//
// A fair replay of rounds 14-22. For round N the rules are the rules AS THEY WERE when round N was first
// measured: src/ (and test/data/catalog/) of the commit that decided round N, before the classifier ran on
// it, extracted with `git archive` into a temporary directory and imported from there. The naive Bayes model
// of bench/learned-model-experiment.ts (settings chosen there on rounds 5-8) is trained on rounds < N only.
//
// Replay check: the replayed rules, on that commit's own data and labels, must give exactly the figures of
// the "Held-out round N measured once" note; a round that does not is reported and left out.
//
// Hybrids, all fixed BEFORE rounds 14-22 were run (threshold 0.8 picked by principle, not tuned: the rules'
// first-measurement predictions for rounds 9-13 are not replayable, so there was nothing fair to tune on):
//   (a) Execute override  (CHOSEN UP FRONT): rules say Read or Write, model P(Execute) >= 0.8 -> Execute
//   (b) Financial override (comparison only): rules say Read or Write, model P(Financial) >= 0.8 -> Financial
//   (c) both (a) and (b) (the two cannot fire together: the probabilities sum to 1)
//
//   node bench/hybrid-experiment.ts        (needs git history; writes only under the OS temp directory)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CATEGORIES, DATA_DIR, loadDataset } from './catalog-accuracy.ts';
import { type Example, features, parseRounds, rulesFirstMeasurements, sharedPrefix, trainNaiveBayes } from './learned-model-experiment.ts';
import type { Category, Classification, ToolDefinition } from '../src/catalog/types.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const RISKY: Category[] = ['Execute', 'Destructive', 'Financial'];
export const COMMITS: [number, string][] = [
  [14, 'c4a8af1'],
  [15, '6eddec0'],
  [16, '8cb7ae1'],
  [17, 'f9dd746'],
  [18, 'f730343'],
  [19, '630ca03'],
  [20, 'c3effbb'],
  [21, '099c1a5'],
  [22, '69483d2'],
];
const THRESHOLD = 0.8;

export type Classify = (tool: ToolDefinition, ctx?: { namespace?: string }) => Classification;
export type Namespace = (names: string[]) => string | undefined;

interface Tally {
  tools: number;
  agreed: number;
  per: Record<Category, { tools: number; agreed: number }>;
  flippedRight: number; // hybrid right where the rules were wrong
  flippedWrong: number; // hybrid wrong where the rules were right
  flippedOther: number; // changed, both wrong
  wrongFrom: Record<Category, number>; // flipped wrong: the label the rules had right
}

function blank(): Tally {
  return { tools: 0, agreed: 0, per: Object.fromEntries(CATEGORIES.map((c) => [c, { tools: 0, agreed: 0 }])) as Tally['per'], flippedRight: 0, flippedWrong: 0, flippedOther: 0, wrongFrom: Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Tally['wrongFrom'] };
}

function count(t: Tally, label: Category, pred: Category, rulesPred?: Category): void {
  t.tools++;
  t.per[label].tools++;
  if (pred === label) {
    t.agreed++;
    t.per[label].agreed++;
  }
  if (rulesPred !== undefined && pred !== rulesPred) {
    if (pred === label) t.flippedRight++;
    else if (rulesPred === label) {
      t.flippedWrong++;
      t.wrongFrom[label]++;
    }
    else t.flippedOther++;
  }
}

function addTo(a: Tally, b: Tally): void {
  a.tools += b.tools;
  a.agreed += b.agreed;
  a.flippedRight += b.flippedRight;
  a.flippedWrong += b.flippedWrong;
  a.flippedOther += b.flippedOther;
  for (const c of CATEGORIES) {
    a.wrongFrom[c] += b.wrongFrom[c];
    a.per[c].tools += b.per[c].tools;
    a.per[c].agreed += b.per[c].agreed;
  }
}

const pct = (a: number, n: number) => (n === 0 ? '   -  ' : `${((100 * a) / n).toFixed(1).padStart(5)}%`);
const frac = (p: { agreed: number; tools: number }) => (p.tools === 0 ? '-'.padStart(7) : `${p.agreed}/${p.tools}`.padStart(7));
const fig = (f: { tools: number; agreed: number; per: Record<Category, { tools: number; agreed: number }> }) =>
  `${pct(f.agreed, f.tools)} ${`${f.agreed}/${f.tools}`.padStart(9)}  ${RISKY.map((c) => frac(f.per[c])).join(' ')}`;
const line = (t: Tally, flips: boolean) => `${fig(t)}${flips ? `   +${t.flippedRight} -${t.flippedWrong}${t.flippedOther ? ` ~${t.flippedOther}` : ''}` : ''}`;

/** Extracts src/ and test/data/catalog/ of a commit into a temp dir (node_modules symlinked) and imports its classifier. */
export async function rulesAt(n: number, commit: string): Promise<{ dir: string; classifyTool: Classify; serverNamespace: Namespace }> {
  const dir = path.join(tmpdir(), 'gatehouse-hybrid-experiment', `rules-${n}-${commit}`);
  if (!existsSync(path.join(dir, 'src/catalog/classify.ts'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const tar = execFileSync('git', ['-C', ROOT, 'archive', commit, 'src', 'test/data/catalog'], { maxBuffer: 1 << 30 });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  }
  const mod = (await import(pathToFileURL(path.join(dir, 'src/catalog/classify.ts')).href)) as { classifyTool: Classify; serverNamespace: Namespace };
  return { dir, classifyTool: mod.classifyTool, serverNamespace: mod.serverNamespace };
}

/** Rules predictions for a list of rows, each tool classified knowing its server's namespace (as catalog-accuracy did). */
function rulesPredict(rows: { server: string; tool: ToolDefinition }[], classifyTool: Classify, serverNamespace: Namespace): Category[] {
  const ns = new Map([...new Set(rows.map((r) => r.server))].map((s) => [s, serverNamespace(rows.filter((r) => r.server === s).map((r) => r.tool.name))]));
  return rows.map((r) => classifyTool(r.tool, { namespace: ns.get(r.server) }).category);
}

const HYBRIDS: [string, (rules: Category, p: Record<Category, number>) => Category][] = [
  ['(a) Execute override *', (r, p) => ((r === 'Read' || r === 'Write') && p.Execute >= THRESHOLD ? 'Execute' : r)],
  ['(b) Financial override', (r, p) => ((r === 'Read' || r === 'Write') && p.Financial >= THRESHOLD ? 'Financial' : r)],
  ['(c) both', (r, p) => ((r === 'Read' || r === 'Write') && p.Execute >= THRESHOLD ? 'Execute' : (r === 'Read' || r === 'Write') && p.Financial >= THRESHOLD ? 'Financial' : r)],
];
const SENSITIVITY = [0.5, 0.9, 0.99, 0.999];

async function main(): Promise<void> {
  const labels = JSON.parse(readFileSync(path.join(DATA_DIR, 'labels.json'), 'utf8')) as { _notes: string[] };
  const notes = rulesFirstMeasurements(labels._notes);
  const rows = loadDataset(DATA_DIR, 'whole');
  const labeled = rows.filter((r) => r.label !== undefined);
  const servers = new Set(labeled.map((r) => r.server));
  const { round } = parseRounds(labels._notes, servers);
  for (const s of servers) if (!round.has(s)) round.set(s, 0);
  const prefixes = new Map<string, string | undefined>();
  for (const s of servers) prefixes.set(s, sharedPrefix(labeled.filter((r) => r.server === s).map((r) => r.tool.name)));
  const examples: Example[] = labeled.map((r) => ({ server: r.server, name: r.tool.name, x: features(r.tool, prefixes.get(r.server)), y: r.label! }));

  console.log('1. Replay check: the rules at each round\'s deciding commit, on that commit\'s own data and labels,');
  console.log('   vs the "Held-out round N measured once" note. Columns: overall, agreed/tools, Execute, Destructive, Financial.');
  const usable: { n: number; commit: string; classifyTool: Classify; serverNamespace: Namespace }[] = [];
  for (const [n, commit] of COMMITS) {
    const r = await rulesAt(n, commit);
    const dataDir = path.join(r.dir, 'test/data/catalog');
    const oldNotes = (JSON.parse(readFileSync(path.join(dataDir, 'labels.json'), 'utf8')) as { _notes: string[] })._notes;
    const oldRows = loadDataset(dataDir, 'whole');
    const oldRound = parseRounds(oldNotes, new Set(oldRows.map((x) => x.server))).round;
    const inRound = oldRows.filter((x) => oldRound.get(x.server) === n);
    const preds = rulesPredict(inRound, r.classifyTool, r.serverNamespace);
    const t = blank();
    inRound.forEach((x, i) => x.label && count(t, x.label, preds[i]));
    const note = notes.get(n);
    const same = note !== undefined && note.tools === t.tools && note.agreed === t.agreed && RISKY.every((c) => note.per[c].tools === t.per[c].tools && note.per[c].agreed === t.per[c].agreed);
    console.log(`   ${String(n).padStart(5)} ${commit}  replayed ${fig(t)}`);
    console.log(`   ${''.padStart(13)}  note     ${note ? fig({ tools: note.tools, agreed: note.agreed, per: note.per }) : '(no note)'}   ${same ? 'EQUAL' : 'DIFFERENT: round not used'}`);
    if (same) usable.push({ n, commit, classifyTool: r.classifyTool, serverNamespace: r.serverNamespace });
  }

  console.log(`\n2./3. Rounds ${usable.map((u) => u.n).join(', ')}, on today's data and labels (as bench/learned-model-experiment.ts).`);
  console.log('   rules = replayed at the round\'s deciding commit; model = naive Bayes (alpha 0.1) trained on rounds < N;');
  console.log(`   hybrids at P >= ${THRESHOLD}, fixed up front, * = chosen up front. Flips vs the rules: +right -wrong ~changed-but-both-wrong.`);
  console.log(`   round  ${'who'.padEnd(24)} ${'all'.padStart(6)} ${'agreed'.padStart(9)}  ${RISKY.map((c) => c.slice(0, 7).padStart(7)).join(' ')}   flips`);
  const whos = ['rules (replayed)', 'model alone', ...HYBRIDS.map(([h]) => h)];
  const total = new Map(whos.map((w) => [w, blank()]));
  const sens = new Map(SENSITIVITY.map((s) => [s, blank()]));
  for (const u of usable) {
    const test = examples.filter((e) => round.get(e.server) === u.n);
    const testRows = labeled.filter((r) => round.get(r.server) === u.n);
    // Namespaces from each server's whole tool list (unlabeled tools included), as catalog-accuracy does.
    const allRows = rows.filter((r) => round.get(r.server) === u.n);
    const allPreds = rulesPredict(allRows, u.classifyTool, u.serverNamespace);
    const predOf = new Map(allRows.map((r, i) => [`${r.server}/${r.tool.name}`, allPreds[i]]));
    const rulesPreds = testRows.map((r) => predOf.get(`${r.server}/${r.tool.name}`)!);
    const model = trainNaiveBayes(examples.filter((e) => round.get(e.server)! < u.n), 0.1);
    const per = new Map(whos.map((w) => [w, blank()]));
    test.forEach((e, i) => {
      const r = rulesPreds[i];
      const p = model.proba(e.x);
      count(per.get('rules (replayed)')!, e.y, r);
      count(per.get('model alone')!, e.y, model.predict(e.x), r);
      for (const [h, f] of HYBRIDS) count(per.get(h)!, e.y, f(r, p), r);
      for (const s of SENSITIVITY) count(sens.get(s)!, e.y, (r === 'Read' || r === 'Write') && p.Execute >= s ? 'Execute' : r, r);
    });
    for (const w of whos) {
      addTo(total.get(w)!, per.get(w)!);
      console.log(`   ${(w === whos[0] ? String(u.n) : '').padStart(5)}  ${w.padEnd(24)} ${line(per.get(w)!, w !== whos[0])}`);
    }
  }
  console.log(`\n   Combined over rounds ${usable.map((u) => u.n).join(', ')}:`);
  for (const w of whos) console.log(`          ${w.padEnd(24)} ${line(total.get(w)!, w !== whos[0])}`);
  const rt = total.get(whos[0])!;
  console.log(`\n   Per category combined (agreed/total): ${CATEGORIES.map((c) => c).join(', ')}`);
  for (const w of whos) console.log(`          ${w.padEnd(24)} ${CATEGORIES.map((c) => frac(total.get(w)!.per[c])).join(' ')}`);
  console.log('\n   Wrong flips combined, by the (correct) label the rules had: ' + CATEGORIES.join(', '));
  for (const w of whos.slice(1)) console.log(`          ${w.padEnd(24)} ${CATEGORIES.map((c) => String(total.get(w)!.wrongFrom[c]).padStart(5)).join(' ')}`);
  console.log(`\n   After the fact, NOT used to choose anything: (a) at other thresholds, combined (rules alone ${pct(rt.agreed, rt.tools)}):`);
  for (const s of SENSITIVITY) console.log(`          (a) P(Execute) >= ${String(s).padEnd(6)}    ${line(sens.get(s)!, true)}`);
}

// Run only when executed directly (bench/stacking-experiment.ts imports from this file).
if (import.meta.main) await main();

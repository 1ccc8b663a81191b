// Reads a V8 .cpuprofile (`node --cpu-prof`, e.g. `node bench/run.ts --only gatehouse --cpu-prof DIR`)
// and prints where the time went: self time by function, self time by file or module, and the
// inclusive time of the functions in src/ (everything that ran beneath them).
//
//   node bench/profile-summary.ts FILE.cpuprofile [--top N]
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const ROOT = path.resolve(import.meta.dirname, '..');

function where(url: string): string {
  if (url === '') return '(native)';
  let file = url.replace(/^file:\/\//, '');
  if (file.startsWith(ROOT + '/')) file = file.slice(ROOT.length + 1);
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = file.slice(nm + 'node_modules/'.length).split('/');
    return `npm:${rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  return file;
}

function main(): void {
  const file = process.argv[2];
  if (!file) throw new Error('usage: node bench/profile-summary.ts FILE.cpuprofile [--top N]');
  const top = Number(process.argv[process.argv.indexOf('--top') + 1]) || 25;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const self = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
    total += dt;
  }
  const name = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${where(n.callFrame.url)}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;

  const idle = [...self].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((s, [, t]) => s + t, 0);
  const busy = total - idle;
  const pct = (t: number) => `${((100 * t) / busy).toFixed(1)}%`.padStart(6);
  console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled, ${(busy / 1e6).toFixed(2)} s busy (shares below are of busy time)`);

  const selfByFunction = new Map<string, number>();
  const selfByFile = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, t] of self) {
    const n = byId.get(id)!;
    if (n.callFrame.functionName === '(idle)') continue;
    selfByFunction.set(name(n), (selfByFunction.get(name(n)) ?? 0) + t);
    const f = n.callFrame.url ? where(n.callFrame.url) : n.callFrame.functionName;
    const group = f.startsWith('node:') ? f.split('/').slice(0, 2).join('/') : f;
    selfByFile.set(group, (selfByFile.get(group) ?? 0) + t);
    // Inclusive: every distinct src/ function on the stack of this sample.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const c = byId.get(cur)!;
      if (!where(c.callFrame.url).startsWith('src/')) continue;
      const key = name(c);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + t);
    }
  }
  const show = (title: string, m: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [k, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(t)}  ${k}`);
  };
  show('self time by file / module', selfByFile);
  show('self time by function', selfByFunction);
  show('inclusive time of src/ functions', inclusive);
}

main();

// Measures the classifier against the hand-labeled dataset in test/data/catalog: agreement on
// categories, per category, the confusion matrix, per-server agreement, the misses, and the time it
// takes; for the whole set and, apart, for the servers held out of tuning (labels.json `_heldOut`).
//
//   node bench/catalog-accuracy.ts              whole set, then the held-out part
//   node bench/catalog-accuracy.ts --tuning     only the part the classifier may be tuned on
//   node bench/catalog-accuracy.ts --verbose    also each miss's rationale
//
// test/catalog-accuracy.test.ts runs the same computation and holds agreement at its level.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { classifyTool, serverNamespace } from '../src/catalog/classify.ts';
import type { Category, Classification, ToolDefinition } from '../src/catalog/types.ts';

export const DATA_DIR = path.resolve(import.meta.dirname, '../test/data/catalog');
export const CATEGORIES: Category[] = ['Read', 'Write', 'Execute', 'Destructive', 'Financial'];

export interface Miss {
  tool: string;
  labeled: Category;
  predicted: Category;
  confidence: string;
  rationale: string;
}

export interface Accuracy {
  /** Which part of the dataset: the whole set, the held-out servers, or the rest (tuning). */
  part: Part;
  tools: number;
  agreed: number;
  /** Agreement in percent, unrounded. */
  agreement: number;
  /** Per labeled category: how many, and how many the classifier put there. */
  perCategory: Record<Category, { tools: number; agreed: number }>;
  /** confusion[labeled][predicted] = count. */
  confusion: Record<Category, Record<Category, number>>;
  servers: { server: string; tools: number; agreed: number }[];
  misses: Miss[];
  /** Wall time to classify every tool once, cold, in milliseconds. */
  classifyMs: number;
  /** Wall time to classify 500 tools (the dataset cycled) after that first pass. */
  per500Ms: number;
  /** Tools in a dump that have no label (a re-collected server grew a tool). */
  unlabeled: string[];
}

export type Part = 'whole' | 'held-out' | 'tuning';

interface Dump {
  tools: ToolDefinition[];
}

/** The servers kept out of tuning: labeled before the classifier ever ran on them, never tuned on. */
export function heldOutServers(dir = DATA_DIR): string[] {
  const labels = JSON.parse(readFileSync(path.join(dir, 'labels.json'), 'utf8')) as { _heldOut?: unknown };
  return Array.isArray(labels._heldOut) ? labels._heldOut.filter((s): s is string => typeof s === 'string') : [];
}

export function loadDataset(dir = DATA_DIR, part: Part = 'whole'): { server: string; tool: ToolDefinition; label?: Category }[] {
  const labels = JSON.parse(readFileSync(path.join(dir, 'labels.json'), 'utf8')) as Record<string, unknown>;
  const heldOut = new Set(heldOutServers(dir));
  const rows: { server: string; tool: ToolDefinition; label?: Category }[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'labels.json').sort()) {
    const server = file.slice(0, -'.json'.length);
    if ((part === 'held-out' && !heldOut.has(server)) || (part === 'tuning' && heldOut.has(server))) continue;
    const dump = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Dump;
    for (const tool of dump.tools) {
      const label = labels[`${server}/${tool.name}`];
      rows.push({ server, tool, label: CATEGORIES.includes(label as Category) ? (label as Category) : undefined });
    }
  }
  return rows;
}

export function computeAccuracy(dir = DATA_DIR, part: Part = 'whole'): Accuracy {
  const rows = loadDataset(dir, part);
  // Each tool is classified knowing its server's namespace, as the catalog command does with a server's tool list.
  const namespaces = new Map([...new Set(rows.map((r) => r.server))].map((s) => [s, serverNamespace(rows.filter((r) => r.server === s).map((r) => r.tool.name))]));
  const started = performance.now();
  const results: Classification[] = rows.map((r) => classifyTool(r.tool, { namespace: namespaces.get(r.server) }));
  const classifyMs = performance.now() - started;
  const again = performance.now();
  for (let i = 0; i < 500 && rows.length > 0; i++) classifyTool(rows[i % rows.length].tool);
  const per500Ms = performance.now() - again;

  const confusion = Object.fromEntries(CATEGORIES.map((l) => [l, Object.fromEntries(CATEGORIES.map((p) => [p, 0]))])) as Accuracy['confusion'];
  const perCategory = Object.fromEntries(CATEGORIES.map((c) => [c, { tools: 0, agreed: 0 }])) as Accuracy['perCategory'];
  const perServer = new Map<string, { server: string; tools: number; agreed: number }>();
  const misses: Miss[] = [];
  const unlabeled: string[] = [];
  let agreed = 0;
  let tools = 0;
  rows.forEach((r, i) => {
    const id = `${r.server}/${r.tool.name}`;
    if (!r.label) {
      unlabeled.push(id);
      return;
    }
    const c = results[i];
    tools++;
    confusion[r.label][c.category]++;
    perCategory[r.label].tools++;
    if (c.category === r.label) perCategory[r.label].agreed++;
    const s = perServer.get(r.server) ?? { server: r.server, tools: 0, agreed: 0 };
    perServer.set(r.server, s);
    s.tools++;
    if (c.category === r.label) {
      agreed++;
      s.agreed++;
    } else {
      misses.push({ tool: id, labeled: r.label, predicted: c.category, confidence: c.confidence, rationale: c.rationale });
    }
  });
  return { part, tools, agreed, agreement: tools ? (100 * agreed) / tools : 0, perCategory, confusion, servers: [...perServer.values()], misses, classifyMs, per500Ms, unlabeled };
}

export function formatAccuracy(a: Accuracy): string {
  const lines: string[] = [];
  const title = { whole: 'whole set', 'held-out': 'held-out servers (never tuned on)', tuning: 'tuning part (all but the held-out servers)' }[a.part];
  lines.push(`Catalog classifier, ${title}: ${a.agreed} of ${a.tools} tools agree with the hand labels (${a.agreement.toFixed(1)}%), ${a.servers.length} servers.`);
  lines.push(`Classified ${a.tools + a.unlabeled.length} tools in ${a.classifyMs.toFixed(1)} ms cold; 500 tools in ${a.per500Ms.toFixed(1)} ms warm.`);
  lines.push('');
  lines.push('Per category (of the tools labeled so, how many the classifier put there):');
  for (const c of CATEGORIES) {
    const k = a.perCategory[c];
    lines.push(`  ${c.padEnd(12)} ${String(k.agreed).padStart(4)}/${String(k.tools).padEnd(4)} ${k.tools ? `${((100 * k.agreed) / k.tools).toFixed(1)}%` : '-'}`);
  }
  lines.push('');
  lines.push('Confusion matrix (rows: labeled, columns: predicted):');
  const w = 12;
  lines.push(['', ...CATEGORIES].map((c) => c.padStart(w)).join(''));
  for (const l of CATEGORIES) lines.push([l, ...CATEGORIES.map((p) => String(a.confusion[l][p]))].map((c) => c.padStart(w)).join(''));
  lines.push('');
  lines.push('Per server:');
  for (const s of a.servers) lines.push(`  ${s.server.padEnd(22)} ${String(s.agreed).padStart(3)}/${String(s.tools).padEnd(3)} ${((100 * s.agreed) / s.tools).toFixed(0).padStart(4)}%`);
  lines.push('');
  lines.push(a.misses.length ? 'Misclassified:' : 'Misclassified: none');
  for (const m of a.misses) lines.push(`  ${m.tool}: labeled ${m.labeled}, predicted ${m.predicted} (${m.confidence} confidence)`);
  if (a.unlabeled.length) lines.push('', `Unlabeled (not counted): ${a.unlabeled.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

if (import.meta.main) {
  // While tuning, look only at the tuning part: the held-out figures are read once, at the end.
  // With no held-out part (every measured round has joined tuning), say so rather than print an empty one.
  const parts: Part[] = process.argv.includes('--tuning') ? ['tuning'] : heldOutServers().length > 0 ? ['whole', 'held-out'] : ['whole'];
  if (!process.argv.includes('--tuning') && heldOutServers().length === 0) process.stdout.write('No held-out part: every measured round has joined tuning; collect the next round (labels.json _notes).\n\n');
  for (const [i, part] of parts.entries()) {
    const a = computeAccuracy(DATA_DIR, part);
    process.stdout.write(`${i > 0 ? '\n' : ''}${formatAccuracy(a)}`);
    if (process.argv.includes('--verbose')) for (const m of a.misses) process.stdout.write(`\n${m.tool}\n  ${m.rationale}\n`);
  }
}

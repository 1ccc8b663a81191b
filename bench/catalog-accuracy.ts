// Measures the classifier against the hand-labeled dataset in test/data/catalog: agreement on
// categories, the confusion matrix, per-server agreement, the misses, and the time it takes.
//
//   node bench/catalog-accuracy.ts
//
// test/catalog-accuracy.test.ts runs the same computation and holds agreement at its level.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { classifyTool } from '../src/catalog/classify.ts';
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
  tools: number;
  agreed: number;
  /** Agreement in percent, unrounded. */
  agreement: number;
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

interface Dump {
  tools: ToolDefinition[];
}

export function loadDataset(dir = DATA_DIR): { server: string; tool: ToolDefinition; label?: Category }[] {
  const labels = JSON.parse(readFileSync(path.join(dir, 'labels.json'), 'utf8')) as Record<string, unknown>;
  const rows: { server: string; tool: ToolDefinition; label?: Category }[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'labels.json').sort()) {
    const server = file.slice(0, -'.json'.length);
    const dump = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Dump;
    for (const tool of dump.tools) {
      const label = labels[`${server}/${tool.name}`];
      rows.push({ server, tool, label: CATEGORIES.includes(label as Category) ? (label as Category) : undefined });
    }
  }
  return rows;
}

export function computeAccuracy(dir = DATA_DIR): Accuracy {
  const rows = loadDataset(dir);
  const started = performance.now();
  const results: Classification[] = rows.map((r) => classifyTool(r.tool));
  const classifyMs = performance.now() - started;
  const again = performance.now();
  for (let i = 0; i < 500 && rows.length > 0; i++) classifyTool(rows[i % rows.length].tool);
  const per500Ms = performance.now() - again;

  const confusion = Object.fromEntries(CATEGORIES.map((l) => [l, Object.fromEntries(CATEGORIES.map((p) => [p, 0]))])) as Accuracy['confusion'];
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
  return { tools, agreed, agreement: tools ? (100 * agreed) / tools : 0, confusion, servers: [...perServer.values()], misses, classifyMs, per500Ms, unlabeled };
}

export function formatAccuracy(a: Accuracy): string {
  const lines: string[] = [];
  lines.push(`Catalog classifier: ${a.agreed} of ${a.tools} tools agree with the hand labels (${a.agreement.toFixed(1)}%).`);
  lines.push(`Classified ${a.tools + a.unlabeled.length} tools in ${a.classifyMs.toFixed(1)} ms cold; 500 tools in ${a.per500Ms.toFixed(1)} ms warm.`);
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
  const a = computeAccuracy();
  process.stdout.write(formatAccuracy(a));
  if (process.argv.includes('--verbose')) for (const m of a.misses) process.stdout.write(`\n${m.tool}\n  ${m.rationale}\n`);
}

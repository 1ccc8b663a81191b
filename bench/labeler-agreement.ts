// How far two labelers agree: the hand labels in test/data/catalog/labels.json against a second,
// independent labeling of a sample (test/data/labeler-agreement/second-labels.json, whose `_about`
// says how it was drawn and made). Two careful people who share the rule book do not agree on every
// tool, so this is the ceiling a classifier's agreement with either of them can be judged against.
//
//   node bench/labeler-agreement.ts
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CATEGORIES, DATA_DIR, type Accuracy } from './catalog-accuracy.ts';
import type { Category } from '../src/catalog/types.ts';

export const SECOND_LABELS = path.resolve(import.meta.dirname, '../test/data/labeler-agreement/second-labels.json');

/** perCategory and confusion as in the classifier's Accuracy, with the second labeler in the classifier's place. */
export interface Agreement extends Pick<Accuracy, 'tools' | 'agreed' | 'perCategory' | 'confusion'> {
  disagreements: { tool: string; first: Category; second: Category }[];
  /** Ids of the second labeling that labels.json does not label (none, in a sound dataset). */
  unknown: string[];
}

export function computeAgreement(): Agreement {
  const first = JSON.parse(readFileSync(path.join(DATA_DIR, 'labels.json'), 'utf8')) as Record<string, unknown>;
  const second = JSON.parse(readFileSync(SECOND_LABELS, 'utf8')) as Record<string, unknown>;
  const perCategory = Object.fromEntries(CATEGORIES.map((c) => [c, { tools: 0, agreed: 0 }])) as Agreement['perCategory'];
  const confusion = Object.fromEntries(CATEGORIES.map((a) => [a, Object.fromEntries(CATEGORIES.map((b) => [b, 0]))])) as Agreement['confusion'];
  const result: Agreement = { tools: 0, agreed: 0, perCategory, confusion, disagreements: [], unknown: [] };
  for (const [tool, label] of Object.entries(second)) {
    if (tool.startsWith('_')) continue;
    const a = first[tool] as Category;
    const b = label as Category;
    if (!CATEGORIES.includes(a) || !CATEGORIES.includes(b)) {
      result.unknown.push(tool);
      continue;
    }
    result.tools++;
    perCategory[a].tools++;
    confusion[a][b]++;
    if (a === b) {
      result.agreed++;
      perCategory[a].agreed++;
    } else result.disagreements.push({ tool, first: a, second: b });
  }
  return result;
}

export function formatAgreement(a: Agreement): string {
  const pct = (k: number, n: number) => (n === 0 ? '-' : `${((100 * k) / n).toFixed(1)}%`);
  const lines = [`Two labelers agree on ${a.agreed} of ${a.tools} tools (${pct(a.agreed, a.tools)}).`, '', 'Per category of the first labeling (how many the second labeler put there too):'];
  for (const c of CATEGORIES) lines.push(`  ${c.padEnd(12)} ${`${a.perCategory[c].agreed}/${a.perCategory[c].tools}`.padStart(7)}  ${pct(a.perCategory[c].agreed, a.perCategory[c].tools)}`);
  lines.push('', 'Confusion (rows: first labeling, columns: second):', `${''.padEnd(12)}${CATEGORIES.map((c) => c.padStart(12)).join('')}`);
  for (const r of CATEGORIES) lines.push(`${r.padStart(12)}${CATEGORIES.map((c) => String(a.confusion[r][c]).padStart(12)).join('')}`);
  lines.push('', 'Disagreements:', ...a.disagreements.map((d) => `  ${d.tool}: first ${d.first}, second ${d.second}`));
  if (a.unknown.length > 0) lines.push('', `Not labeled in labels.json: ${a.unknown.join(', ')}`);
  return lines.join('\n');
}

if (import.meta.main) console.log(formatAgreement(computeAgreement()));

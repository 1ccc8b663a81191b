// `gatehouse catalog --html DIR`: the catalog as a static site that works from the file system
// or any web server: `index.html` and one `<server>/<tool>.html` per tool, linked relatively.
// The live facts (rule in force, recent calls) exist only on the running gateway, and the
// pages say so.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  renderCatalogIndex,
  renderToolPage,
  staticToolPaths,
  type CatalogEntry,
  type CatalogPageOptions,
} from '../web/catalog-pages.ts';

export interface StaticExportOptions {
  /** Shown in the footer of every page: when the tool lists were read. */
  generatedAt?: Date;
  /** The gateway's client-facing address, for the examples on each page. */
  gatewayUrl?: string;
}

/** The other servers that have a tool with the same name as each entry. */
function sameNameElsewhere(entries: readonly CatalogEntry[]): Map<CatalogEntry, string[]> {
  const byName = new Map<string, string[]>();
  for (const e of entries) {
    const list = byName.get(e.tool.name) ?? [];
    if (!list.includes(e.server)) list.push(e.server);
    byName.set(e.tool.name, list);
  }
  return new Map(entries.map((e) => [e, byName.get(e.tool.name)!.filter((s) => s !== e.server)]));
}

/**
 * Writes the catalog into `dir` (created if needed): `index.html` and one page per tool.
 * Returns the absolute paths written, the index first.
 */
export async function exportStaticCatalog(entries: readonly CatalogEntry[], dir: string, options: StaticExportOptions = {}): Promise<string[]> {
  const root = resolve(dir);
  const paths = staticToolPaths(entries);
  const byKey = new Map<string, string>();
  for (const [entry, path] of paths) byKey.set(`${entry.server}\0${entry.tool.name}`, path);
  const toolPath = (server: string, tool: string): string => byKey.get(`${server}\0${tool}`) ?? `${server}/${tool}.html`;
  const elsewhere = sameNameElsewhere(entries);
  const common: CatalogPageOptions = { staticExport: true, toolPath, generatedAt: options.generatedAt, gatewayUrl: options.gatewayUrl };

  await mkdir(root, { recursive: true });
  const written: string[] = [];
  const indexFile = join(root, 'index.html');
  await writeFile(indexFile, renderCatalogIndex(entries, { ...common, linkBase: './' }));
  written.push(indexFile);

  for (const entry of entries) {
    const rel = paths.get(entry)!;
    const file = join(root, ...rel.split('/'));
    const depth = rel.split('/').length - 1;
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, renderToolPage(entry, undefined, { ...common, linkBase: '../'.repeat(depth) || './', alsoOn: elsewhere.get(entry) }));
    written.push(file);
  }
  return written;
}

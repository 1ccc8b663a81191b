// What the running gateway knows of every tool it has seen listed: the definition, its
// classification (cached by fingerprint), and whether a changed definition holds it in
// quarantine. Fed by the tools/list answers passing through; read by the policy (risk), the
// tool lists (quarantine), the approvals page and the catalog pages. The store may be shared
// by replicas and answers asynchronously: this registry is the in-memory view the call path
// reads without waiting, written through to the store and refreshed from it every 2 s.
import { createRequire } from 'node:module';
import type { createTwoFilesPatch } from 'diff';
import type { ToolFacts } from '../policy/types.ts';
import { classifyTool, serverNamespace } from './classify.ts';
import { fingerprintTool, observed, type FingerprintStore, type StoredTool } from './fingerprint-store.ts';
import type { Classification, ToolDefinition } from './types.ts';

export interface KnownTool {
  server: string;
  /** The definition the server lists now (the pending one, when quarantined). */
  definition: ToolDefinition;
  classification: Classification;
  quarantined: boolean;
  stored: StoredTool;
}

export class ToolRegistry {
  readonly #store: FingerprintStore;
  readonly #trust: (server: string) => boolean;
  readonly #known = new Map<string, KnownTool>();
  readonly #classified = new Map<string, Classification>();
  /** Each server's namespace (serverNamespace over the names it lists): `bash_` before every tool names the server, not the action. */
  readonly #namespaces = new Map<string, string | undefined>();
  readonly #onError: (err: unknown) => void;
  #timer?: NodeJS.Timeout;
  #refreshing: Promise<void> | undefined;

  constructor(store: FingerprintStore, options: { trustChanges: (server: string) => boolean; refreshMs?: number; onError?: (err: unknown) => void }) {
    this.#store = store;
    this.#trust = options.trustChanges;
    this.#onError = options.onError ?? (() => {});
    void this.refresh().catch(this.#onError);
    // Accepts made by `gatehouse catalog accept` in another process, and quarantines seen by
    // other replicas, reach this one in time.
    this.#timer = setInterval(() => void this.refresh().catch(this.#onError), options.refreshMs ?? 2000);
    this.#timer.unref();
  }

  /**
   * Judged here at once (a changed definition is held back from the very list that shows it),
   * then written through; the store's answer, which may know more (another replica's sight),
   * replaces the guess.
   */
  observe(server: string, tools: readonly ToolDefinition[]): void {
    const now = Date.now();
    this.#setNamespace(server, serverNamespace(tools.filter((t) => t && typeof t.name === 'string').map((t) => t.name)));
    for (const tool of tools) {
      if (!tool || typeof tool.name !== 'string') continue;
      const fingerprint = fingerprintTool(tool);
      const known = this.#known.get(key(server, tool.name));
      // Seen before, unchanged and not in quarantine: nothing to write.
      if (known && !known.quarantined && known.stored.fingerprint === fingerprint) continue;
      const trust = this.#trust(server);
      const next = observed(known?.stored, server, tool, fingerprint, trust, now);
      if (next) this.#remember(next);
      this.#store.observe(server, tool, fingerprint, trust, now).then((stored) => this.#remember(stored), this.#onError);
    }
  }

  isQuarantined(server: string, tool: string): boolean {
    return this.#known.get(key(server, tool))?.quarantined ?? false;
  }

  facts(server: string, tool: string): ToolFacts | undefined {
    const known = this.#known.get(key(server, tool));
    return known ? { risk: known.classification.risk } : undefined;
  }

  get(server: string, tool: string): KnownTool | undefined {
    return this.#known.get(key(server, tool));
  }

  all(): KnownTool[] {
    return [...this.#known.values()].sort((a, b) => a.server.localeCompare(b.server) || a.definition.name.localeCompare(b.definition.name));
  }

  async accept(server: string, tool: string): Promise<boolean> {
    const accepted = await this.#store.accept(server, tool);
    const stored = accepted ? await this.#store.get(server, tool) : undefined;
    if (stored) this.#remember(stored);
    return accepted;
  }

  /** The change that put a tool in quarantine, as a unified diff of the two definitions. */
  diff(server: string, tool: string): string | undefined {
    const stored = this.#known.get(key(server, tool))?.stored;
    return stored?.pending ? definitionDiff(stored) : undefined;
  }

  /** Reads the whole store again; concurrent calls share one read. */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#store.all()
      .then((all) => {
        // A server known only from the store (listed to another replica) takes its namespace from
        // the names stored, before its tools are classified with it.
        const fresh = new Map<string, string[]>();
        for (const s of all) if (!this.#namespaces.has(s.server)) fresh.set(s.server, [...(fresh.get(s.server) ?? []), s.tool]);
        for (const [server, names] of fresh) this.#namespaces.set(server, serverNamespace(names));
        for (const stored of all) this.#remember(stored);
      })
      .finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#refreshing?.catch(() => undefined);
    await this.#store.close();
  }

  /** Records a server's namespace; when it changes, the server's known tools are classified again with it. */
  #setNamespace(server: string, namespace: string | undefined): void {
    const changed = this.#namespaces.get(server) !== namespace || !this.#namespaces.has(server);
    this.#namespaces.set(server, namespace);
    if (changed) for (const known of this.#known.values()) if (known.server === server) this.#remember(known.stored);
  }

  #remember(stored: StoredTool): void {
    const definition = stored.pending?.definition ?? stored.definition;
    const fingerprint = stored.pending?.fingerprint ?? stored.fingerprint;
    const namespace = this.#namespaces.get(stored.server);
    const cacheKey = `${namespace ?? ''}\u0000${fingerprint}`;
    let classification = this.#classified.get(cacheKey);
    if (!classification) {
      classification = classifyTool(definition, { namespace });
      this.#classified.set(cacheKey, classification);
    }
    this.#known.set(key(stored.server, stored.tool), { server: stored.server, definition, classification, quarantined: stored.pending !== null, stored });
  }
}

export function definitionDiff(stored: StoredTool): string {
  const before = `${JSON.stringify(stored.definition, null, 2)}\n`;
  const after = `${JSON.stringify(stored.pending?.definition ?? stored.definition, null, 2)}\n`;
  // Loaded for the first diff shown, not at start: most gateways never quarantine a tool.
  const { createTwoFilesPatch: patch } = createRequire(import.meta.url)('diff') as { createTwoFilesPatch: typeof createTwoFilesPatch };
  return patch(`${stored.server}/${stored.tool} (accepted)`, `${stored.server}/${stored.tool} (now listed)`, before, after, '', '', { context: 3 });
}

function key(server: string, tool: string): string {
  return `${server}\u0000${tool}`;
}

// What the running gateway knows of every tool it has seen listed: the definition, its
// classification (cached by fingerprint), and whether a changed definition holds it in
// quarantine. Fed by the tools/list answers passing through; read by the policy (risk), the
// tool lists (quarantine), the approvals page and the catalog pages.
import { createTwoFilesPatch } from 'diff';
import type { ToolFacts } from '../policy/types.ts';
import { classifyTool } from './classify.ts';
import { fingerprintTool, type FingerprintStore, type StoredTool } from './fingerprint-store.ts';
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
  #timer?: NodeJS.Timeout;

  constructor(store: FingerprintStore, options: { trustChanges: (server: string) => boolean; refreshMs?: number }) {
    this.#store = store;
    this.#trust = options.trustChanges;
    this.refresh();
    // Accepts made by `gatehouse catalog accept` in another process reach this one in time.
    this.#timer = setInterval(() => this.refresh(), options.refreshMs ?? 2000);
    this.#timer.unref();
  }

  observe(server: string, tools: readonly ToolDefinition[]): void {
    for (const tool of tools) {
      if (!tool || typeof tool.name !== 'string') continue;
      const fingerprint = fingerprintTool(tool);
      const known = this.#known.get(key(server, tool.name));
      // Seen before, unchanged and not in quarantine: nothing to write.
      if (known && !known.quarantined && known.stored.fingerprint === fingerprint) continue;
      this.#remember(this.#store.observe(server, tool, fingerprint, this.#trust(server)));
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

  accept(server: string, tool: string): boolean {
    const accepted = this.#store.accept(server, tool);
    if (accepted) this.#remember(this.#store.get(server, tool)!);
    return accepted;
  }

  /** The change that put a tool in quarantine, as a unified diff of the two definitions. */
  diff(server: string, tool: string): string | undefined {
    const stored = this.#known.get(key(server, tool))?.stored;
    return stored?.pending ? definitionDiff(stored) : undefined;
  }

  refresh(): void {
    for (const stored of this.#store.all()) this.#remember(stored);
  }

  close(): void {
    clearInterval(this.#timer);
    this.#store.close();
  }

  #remember(stored: StoredTool): void {
    const definition = stored.pending?.definition ?? stored.definition;
    const fingerprint = stored.pending?.fingerprint ?? stored.fingerprint;
    let classification = this.#classified.get(fingerprint);
    if (!classification) {
      classification = classifyTool(definition);
      this.#classified.set(fingerprint, classification);
    }
    this.#known.set(key(stored.server, stored.tool), { server: stored.server, definition, classification, quarantined: stored.pending !== null, stored });
  }
}

export function definitionDiff(stored: StoredTool): string {
  const before = `${JSON.stringify(stored.definition, null, 2)}\n`;
  const after = `${JSON.stringify(stored.pending?.definition ?? stored.definition, null, 2)}\n`;
  return createTwoFilesPatch(`${stored.server}/${stored.tool} (accepted)`, `${stored.server}/${stored.tool} (now listed)`, before, after, '', '', { context: 3 });
}

function key(server: string, tool: string): string {
  return `${server}\u0000${tool}`;
}

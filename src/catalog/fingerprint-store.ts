// The fingerprint of every tool definition the gateway has seen, kept in a store (SQLite in
// `<data>/catalog.db`, or the PostgreSQL every replica shares) so a definition that changes
// later (a rug pull) is noticed even across restarts and replicas. A change waits,
// quarantined, until an operator accepts it (`gatehouse catalog accept`).
import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/digest.ts';
import type { ToolDefinition } from './types.ts';

/** The parts of a definition that tell a model what a tool does and may do. */
export function fingerprintTool(tool: ToolDefinition): string {
  const { name, title, description, inputSchema, outputSchema, annotations } = tool;
  return createHash('sha256').update(canonicalJson({ name, title, description, inputSchema, outputSchema, annotations })).digest('hex');
}

export interface StoredTool {
  server: string;
  tool: string;
  fingerprint: string;
  definition: ToolDefinition;
  firstSeen: number;
  /** A changed definition waiting for an operator, or null. */
  pending: { fingerprint: string; definition: ToolDefinition; since: number } | null;
}

export interface FingerprintStore {
  all(): Promise<StoredTool[]>;
  get(server: string, tool: string): Promise<StoredTool | undefined>;
  /** Records what a server lists now (see `observed`), atomically; returns the stored state. */
  observe(server: string, tool: ToolDefinition, fingerprint: string, trustChanges: boolean, now?: number): Promise<StoredTool>;
  /** Takes the pending definition as the accepted one; false when nothing was pending. */
  accept(server: string, tool: string): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * What the store holds after a server lists `tool` (undefined: nothing to write). The first
 * sight is trusted; a different definition later is kept aside as pending (or taken at once
 * when the server's changes are trusted); going back to the accepted definition clears the
 * quarantine. The one rule every store and the in-memory registry apply.
 */
export function observed(known: StoredTool | undefined, server: string, tool: ToolDefinition, fingerprint: string, trustChanges: boolean, now: number): StoredTool | undefined {
  if (!known) return { server, tool: tool.name, fingerprint, definition: tool, firstSeen: now, pending: null };
  if (known.fingerprint === fingerprint) return known.pending ? { ...known, pending: null } : undefined;
  if (trustChanges) return { ...known, fingerprint, definition: tool, pending: null };
  if (known.pending?.fingerprint !== fingerprint) return { ...known, pending: { fingerprint, definition: tool, since: now } };
  return undefined;
}

export interface ToolRow {
  server: string; tool: string; fingerprint: string; definition: string; first_seen: number | string;
  pending_fingerprint: string | null; pending_definition: string | null; pending_since: number | string | null;
}

export function fromRow(r: ToolRow): StoredTool {
  return {
    server: r.server, tool: r.tool, fingerprint: r.fingerprint, definition: JSON.parse(r.definition), firstSeen: Number(r.first_seen),
    pending: r.pending_fingerprint ? { fingerprint: r.pending_fingerprint, definition: JSON.parse(r.pending_definition!), since: Number(r.pending_since) } : null,
  };
}

/** The row's values in the order server, tool, fingerprint, definition, first_seen, pending_*. */
export function toRow(t: StoredTool): [string, string, string, string, number, string | null, string | null, number | null] {
  return [t.server, t.tool, t.fingerprint, JSON.stringify(t.definition), t.firstSeen,
    t.pending?.fingerprint ?? null, t.pending ? JSON.stringify(t.pending.definition) : null, t.pending?.since ?? null];
}

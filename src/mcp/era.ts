// The two eras of MCP as the gateway meets them: the stateful one (initialize, sessions,
// 2024-11-05 … 2025-11-25) and the stateless 2026-07-28 revision (per-request `_meta`, no
// handshake). Version lists, envelope keys, error codes and the few result rewrites that turn a
// legacy server's answer into a 2026-07-28 one live here, so the data path never spells them.
// The 2026-07-28 `_meta` keys, spelled here rather than imported from the SDK's server package:
// importing it would load the whole package (~6 MiB) into every gateway at start, for six
// strings. test/era-classify.test.ts holds them equal to the SDK's.
export const CLIENT_CAPABILITIES_META_KEY = 'io.modelcontextprotocol/clientCapabilities';
export const CLIENT_INFO_META_KEY = 'io.modelcontextprotocol/clientInfo';
export const LOG_LEVEL_META_KEY = 'io.modelcontextprotocol/logLevel';
export const PROTOCOL_VERSION_META_KEY = 'io.modelcontextprotocol/protocolVersion';
export const SERVER_INFO_META_KEY = 'io.modelcontextprotocol/serverInfo';
export const SUBSCRIPTION_ID_META_KEY = 'io.modelcontextprotocol/subscriptionId';

export type Era = 'legacy' | 'stateless';

/** The stateless revisions the gateway speaks, newest first. */
export const STATELESS_VERSIONS = ['2026-07-28'];
/** The stateful revisions, newest first. */
export const LEGACY_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'];
/** Every revision, as `server/discover` and version errors list them. */
export const ALL_VERSIONS = [...STATELESS_VERSIONS, ...LEGACY_VERSIONS];

/** Error codes the 2026-07-28 revision defines (its reserved range -32020 … -32099). */
export const ERA_ERRORS = {
  headerMismatch: -32020,
  missingClientCapability: -32021,
  unsupportedVersion: -32022,
} as const;

/** Methods of the stateful era that the stateless one removed: answered 404 / -32601 there. */
export const REMOVED_METHODS = new Set(['initialize', 'ping', 'logging/setLevel', 'resources/subscribe', 'resources/unsubscribe', 'tasks/list', 'tasks/result']);

/** Results a 2026-07-28 client may cache; they must carry `ttlMs` and `cacheScope`. */
const CACHEABLE = new Set(['tools/list', 'prompts/list', 'resources/list', 'resources/read', 'resources/templates/list']);

/** What a stateless request says about its client, taken from its `_meta`. */
export interface Envelope {
  protocolVersion: string;
  clientCapabilities: Record<string, unknown>;
  clientInfo?: { name?: string; version?: string };
  logLevel?: string;
}

export function envelopeOf(params: Record<string, unknown> | undefined): Envelope {
  const meta = (params?._meta ?? {}) as Record<string, unknown>;
  const info = meta[CLIENT_INFO_META_KEY];
  return {
    protocolVersion: String(meta[PROTOCOL_VERSION_META_KEY]),
    clientCapabilities: (meta[CLIENT_CAPABILITIES_META_KEY] ?? {}) as Record<string, unknown>,
    clientInfo: typeof info === 'object' && info !== null ? (info as Envelope['clientInfo']) : undefined,
    logLevel: typeof meta[LOG_LEVEL_META_KEY] === 'string' ? (meta[LOG_LEVEL_META_KEY] as string) : undefined,
  };
}

/**
 * Params for a pooled session: the `io.modelcontextprotocol/*` envelope keys removed (a dual-era
 * server would read them as a stateless request inside its stateful session), the rest as sent.
 * The log level stays: it is this request's own wish, carried to a 2026-07-28 server in `_meta`
 * and to a stateful one as logging/setLevel (upstream/era-upstream.ts takes the key out there).
 */
export function withoutEnvelope(params: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const meta = params?._meta as Record<string, unknown> | undefined;
  if (!meta) return params;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta)) if (!key.startsWith('io.modelcontextprotocol/') || key === LOG_LEVEL_META_KEY) kept[key] = value;
  const { _meta: _dropped, ...rest } = params!;
  return Object.keys(kept).length > 0 ? { ...rest, _meta: kept } : rest;
}

/**
 * A legacy server's result as a 2026-07-28 client expects it: `resultType`, the answering
 * server's identity in `_meta`, and caching hints on cacheable results. Lists pass through the
 * policy per agent, so they are never `public`: a shared cache must not hand one agent's list
 * to another.
 */
export function statelessResult(method: string, result: Record<string, unknown>, serverInfo: { name: string; version: string }): Record<string, unknown> {
  const out: Record<string, unknown> = { ...result };
  if (out.resultType === undefined) out.resultType = 'complete';
  const meta = { ...(out._meta as Record<string, unknown> | undefined) };
  if (meta[SERVER_INFO_META_KEY] === undefined) meta[SERVER_INFO_META_KEY] = serverInfo;
  out._meta = meta;
  if (CACHEABLE.has(method)) {
    if (typeof out.ttlMs !== 'number') out.ttlMs = 0;
    out.cacheScope = 'private';
  }
  return out;
}

/** The error the 2026-07-28 revision wants for a version the gateway does not speak. */
export function unsupportedVersionError(requested: string | undefined): { code: number; message: string; data: Record<string, unknown> } {
  const data: Record<string, unknown> = { supported: [...ALL_VERSIONS] };
  if (requested !== undefined) data.requested = requested;
  return {
    code: ERA_ERRORS.unsupportedVersion,
    message: `Unsupported protocol version${requested === undefined ? '' : ` ${requested}`}; supported: ${ALL_VERSIONS.join(', ')}`,
    data,
  };
}

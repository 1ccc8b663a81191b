// Turns configured servers into their tool lists: start (or reach) each server, do the MCP
// handshake, page through tools/list and close. Used by `gatehouse catalog` and the gateway.
import type { Config, ServerConfig } from '../config/types.ts';
import type { JSONRPCNotification } from '../mcp/wire.ts';
import { EraUpstream } from '../upstream/era-upstream.ts';
import type { ToolDefinition } from './types.ts';

export const CATALOG_PROTOCOL_VERSION = '2025-11-25';
/** Long enough for `npx -y` to fetch a package on first use, short enough not to hang a CLI. */
export const DEFAULT_LIST_TIMEOUT_MS = 60_000;
/** A server that keeps handing out cursors is cut off rather than followed for ever. */
const MAX_PAGES = 100;

export interface ListOptions {
  timeoutMs?: number;
  /** The server's stderr, line by line (the CLI keeps it to explain a failure). */
  onStderr?: (line: string) => void;
}

/** One server's outcome: its tools exactly as listed, or why they could not be listed. */
export interface ServerToolList {
  server: string;
  tools: ToolDefinition[];
  error?: string;
}

/** Lists every tool of one server; rejects with a readable cause if it cannot. */
export async function listServerTools(server: ServerConfig, options: ListOptions = {}): Promise<ToolDefinition[]> {
  // Either era: `server/discover` first, `initialize` when the server does not know it.
  const session = new EraUpstream(server, {
    onRequest() {},
    onNotification() {},
    onStderr: options.onStderr,
  }, { bridge: true });
  const timeoutMs = options.timeoutMs ?? DEFAULT_LIST_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no tool list within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
  });
  try {
    return await Promise.race([listOver(session), timeout]);
  } finally {
    clearTimeout(timer);
    await session.close();
  }
}

async function listOver(session: EraUpstream): Promise<ToolDefinition[]> {
  const init = await session.initialize({
    protocolVersion: CATALOG_PROTOCOL_VERSION,
    capabilities: {},
    clientInfo: { name: 'gatehouse-catalog', version: '1' },
  });
  if ('error' in init) throw new Error(`initialize failed: ${init.error.message}`);
  await session.post({ jsonrpc: '2.0', method: 'notifications/initialized' } as JSONRPCNotification);

  const tools: ToolDefinition[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const response = await session.request('tools/list', cursor === undefined ? {} : { cursor });
    if ('error' in response) throw new Error(`tools/list failed: ${response.error.message}`);
    const result = response.result as { tools?: unknown; nextCursor?: unknown };
    if (!Array.isArray(result.tools)) throw new Error('tools/list returned no tools array');
    for (const tool of result.tools) {
      if (isTool(tool)) tools.push(tool);
    }
    cursor = typeof result.nextCursor === 'string' && result.nextCursor !== '' ? result.nextCursor : undefined;
    if (cursor === undefined) return tools;
  }
  throw new Error(`tools/list was still paging after ${MAX_PAGES} pages`);
}

function isTool(value: unknown): value is ToolDefinition {
  return typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string';
}

/**
 * Lists the tools of every configured server (or of `only`), in parallel. A server that fails
 * is reported in its entry and does not stop the others.
 */
export async function collectCatalog(config: Config, options: ListOptions & { only?: string[] } = {}): Promise<ServerToolList[]> {
  const names = options.only ?? [...config.servers.keys()];
  return Promise.all(
    names.map(async (name): Promise<ServerToolList> => {
      const server = config.servers.get(name);
      if (!server) return { server: name, tools: [], error: `no server named ${JSON.stringify(name)} in ${config.file}` };
      const stderr: string[] = [];
      try {
        const tools = await listServerTools(server, {
          ...options,
          onStderr: (line) => {
            stderr.push(line);
            if (stderr.length > 5) stderr.shift();
            options.onStderr?.(line);
          },
        });
        return { server: name, tools };
      } catch (err) {
        const tail = stderr.length > 0 ? ` (stderr: ${stderr.join(' | ').slice(-300)})` : '';
        return { server: name, tools: [], error: `${(err as Error).message}${tail}` };
      }
    }),
  );
}

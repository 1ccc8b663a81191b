// Names on the aggregated /mcp endpoint: every tool and prompt is shown as `<server>__<tool>`.
// The exposed name of a (server, tool) depends only on the configured server names and the
// tool's own name, so it is the same in every session and across restarts.
import { createHash } from 'node:crypto';

export const SEPARATOR = '__';
/** MCP (2025-11-25) asks tool names to stay within 128 characters. */
export const MAX_NAME_LENGTH = 128;

export interface Target {
  server: string;
  name: string;
}

export class PrefixedNames {
  /** Longest first, so `a__b` wins over `a` when both could prefix a name. */
  readonly #servers: string[];
  /** Names handed out in this session (by list results), for names that do not decompose. */
  readonly #issued = new Map<string, Target>();

  constructor(servers: Iterable<string>) {
    this.#servers = [...servers].sort((a, b) => b.length - a.length || a.localeCompare(b));
  }

  /**
   * The plain `server__name` when it reads back to the same pair and fits in 128 characters;
   * otherwise the name is cut to fit and ends in `-` plus 8 hex digits of a hash of the pair,
   * which keeps it unique and stable.
   */
  expose(server: string, name: string): string {
    const plain = `${server}${SEPARATOR}${name}`;
    let exposed = plain;
    if (plain.length > MAX_NAME_LENGTH || !this.#decomposesTo(plain, server)) {
      const hash = createHash('sha256').update(`${server}\0${name}`).digest('hex').slice(0, 8);
      exposed = `${plain.slice(0, MAX_NAME_LENGTH - 9)}-${hash}`;
    }
    this.#issued.set(exposed, { server, name });
    return exposed;
  }

  /** The server and upstream name behind an exposed name, or undefined when none matches. */
  resolve(exposed: string): Target | undefined {
    const issued = this.#issued.get(exposed);
    if (issued) return issued;
    const server = this.#serverOf(exposed);
    return server === undefined ? undefined : { server, name: exposed.slice(server.length + SEPARATOR.length) };
  }

  #serverOf(exposed: string): string | undefined {
    return this.#servers.find((s) => exposed.startsWith(s + SEPARATOR));
  }

  #decomposesTo(plain: string, server: string): boolean {
    return this.#serverOf(plain) === server;
  }
}

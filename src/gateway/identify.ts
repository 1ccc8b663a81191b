// Who is calling: an agent named in the config, recognised by its API key in
// `Authorization: Bearer <key>`, or `anonymous`. Keys are compared in constant time and
// never logged; only their SHA-256 digests are kept in memory past start-up.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AgentConfig } from '../config/types.ts';
import type { Identity } from '../downstream/streamable-http.ts';

export const ANONYMOUS = 'anonymous';

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

export class AgentDirectory {
  readonly #agents: { name: string; digest: Buffer }[];
  readonly #requireAuth: boolean;

  constructor(agents: readonly AgentConfig[], requireAuth: boolean) {
    this.#agents = agents.map((a) => ({ name: a.name, digest: digest(a.key) }));
    this.#requireAuth = requireAuth;
  }

  /** Identifies by a raw key (the stdio command reads one from GATEHOUSE_KEY). */
  byKey(key: string | undefined): Identity {
    if (key === undefined || key === '') {
      return this.#requireAuth ? { refused: 'this gateway requires an API key (Authorization: Bearer <key>)' } : { agent: ANONYMOUS };
    }
    const presented = digest(key);
    let found: string | undefined;
    // Every agent is compared, so the time taken does not tell which one (if any) came close.
    for (const agent of this.#agents) if (timingSafeEqual(agent.digest, presented)) found ??= agent.name;
    return found ? { agent: found } : { refused: 'the API key is not recognised' };
  }

  byAuthorization(header: string | undefined): Identity {
    if (header === undefined) return this.byKey(undefined);
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) return { refused: 'use Authorization: Bearer <key>' };
    return this.byKey(match[1]);
  }
}

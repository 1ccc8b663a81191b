// Who is calling: an agent named in the config, recognised by its API key in
// `Authorization: Bearer <key>`; an agent named by an OAuth access token (`auth.oauth`); or
// `anonymous`. A bearer that is one of the keys is a key; anything else is verified as a
// token when OAuth is on. A wrong credential is refused, never downgraded to anonymous.
// Keys are compared in constant time and never logged; only their SHA-256 digests are kept.
import { createHash, timingSafeEqual } from 'node:crypto';
import { bearerChallenge } from '../auth/challenge.ts';
import { NO_CLAIMS, type Identity, type Refusal } from '../auth/principal.ts';
import { metadataUrl } from '../auth/protected-resource.ts';
import { TokenError, type TokenVerifier } from '../auth/token-verifier.ts';
import type { AgentConfig } from '../config/types.ts';

export const ANONYMOUS = 'anonymous';

/** The challenge of a gateway without OAuth: clients can only be told to send a key. */
const KEY_CHALLENGE = 'Bearer realm="gatehouse"';

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

export class AgentDirectory {
  readonly #agents: { name: string; digest: Buffer }[];
  readonly #requireAuth: boolean;
  readonly #tokens: TokenVerifier | undefined;

  constructor(agents: readonly AgentConfig[], requireAuth: boolean, tokens?: TokenVerifier) {
    this.#agents = agents.map((a) => ({ name: a.name, digest: digest(a.key) }));
    this.#requireAuth = requireAuth;
    this.#tokens = tokens;
  }

  /** Identifies by a raw key (the stdio command reads one from GATEHOUSE_KEY). */
  byKey(key: string | undefined, endpointPath = '/mcp'): Identity {
    if (key === undefined || key === '') {
      if (!this.#requireAuth) return { agent: ANONYMOUS, auth: 'anonymous', claims: NO_CLAIMS };
      return this.#refuse(`this gateway requires ${this.#tokens ? 'an access token or an API key' : 'an API key'} (Authorization: Bearer <${this.#tokens ? 'token' : 'key'}>)`, endpointPath);
    }
    const found = this.#findKey(key);
    return found ? { agent: found, auth: 'key', claims: NO_CLAIMS } : this.#refuse('the API key is not recognised', endpointPath, 'invalid_token');
  }

  /** Identifies by an OAuth access token (`gatehouse stdio` reads one from GATEHOUSE_TOKEN). */
  async byToken(token: string, endpointPath = '/mcp'): Promise<Identity> {
    if (!this.#tokens) return this.#refuse('this gateway has no auth.oauth section, so it accepts no access tokens', endpointPath, 'invalid_token');
    try {
      const { agent, claims } = await this.#tokens.verify(token);
      return { agent, auth: 'oauth', claims };
    } catch (err) {
      if (!(err instanceof TokenError)) throw err;
      if (err.code === 'temporarily_unavailable') return { refused: `cannot check the access token now: ${err.message}`, status: 503 };
      if (err.code === 'insufficient_scope') {
        return this.#refuse(err.message, endpointPath, 'insufficient_scope', err.scope);
      }
      return this.#refuse(err.message, endpointPath, 'invalid_token');
    }
  }

  /** The caller of an HTTP request to `endpointPath` (`/mcp` or `/mcp/<server>`). */
  byAuthorization(header: string | undefined, endpointPath = '/mcp'): Identity | Promise<Identity> {
    if (header === undefined) return this.byKey(undefined, endpointPath);
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) return this.#refuse(`use Authorization: Bearer <${this.#tokens ? 'token or key' : 'key'}>`, endpointPath);
    const credential = match[1];
    // A key first: keys are checked in constant time, and a JWT is never a configured key.
    const found = this.#findKey(credential);
    if (found) return { agent: found, auth: 'key', claims: NO_CLAIMS };
    if (this.#tokens) return this.byToken(credential, endpointPath);
    return this.#refuse('the API key is not recognised', endpointPath, 'invalid_token');
  }

  #findKey(key: string): string | undefined {
    const presented = digest(key);
    let found: string | undefined;
    // Every agent is compared, so the time taken does not tell which one (if any) came close.
    for (const agent of this.#agents) if (timingSafeEqual(agent.digest, presented)) found ??= agent.name;
    return found;
  }

  #refuse(why: string, endpointPath: string, error?: 'invalid_token' | 'insufficient_scope', scope?: string): Refusal {
    const status = error === 'insufficient_scope' ? 403 : 401;
    if (!this.#tokens) return { refused: why, status, challenge: KEY_CHALLENGE };
    const resourceMetadata = metadataUrl(this.#tokens.config, endpointPath);
    return { refused: why, status, challenge: bearerChallenge({ resourceMetadata, ...(error ? { error, description: why } : {}), ...(scope ? { scope } : {}) }) };
  }
}

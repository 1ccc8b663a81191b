// Verifies an OAuth access token (a JWT, RFC 9068) for the gateway as a resource server:
// signature by a key from the issuer's JWKS, an asymmetric algorithm, `iss`, `aud` (RFC 8707
// resource), `exp` (required) and `nbf`, then the required scopes and the agent's name. The
// JWKS is jose's remote set: cached, fetched again when a token names a key it lacks, so the
// issuer can rotate keys without a restart of the gateway.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Jose from 'jose';
import type { createRemoteJWKSet, JWTPayload } from 'jose';
import { ANONYMOUS } from '../config/agents-section.ts';
import type { OAuthConfig } from '../config/types.ts';
import type { Claims } from './principal.ts';
import { discoverServerMetadata, type ServerMetadata } from './server-metadata.ts';

/**
 * jose, loaded when the first token is checked: a gateway without `auth.oauth` never loads it (it
 * weighs ~2 MiB of the memory budget, docs/PERFORMANCE.md).
 */
let joseModule: typeof Jose | undefined;
function jose(): typeof Jose {
  return (joseModule ??= createRequire(import.meta.url)('jose') as typeof Jose);
}

/**
 * Public-key algorithms only: `none` is never a signature, and an HMAC secret cannot be
 * published in a JWKS, so a token "signed" with one proves nothing to a resource server.
 */
export const ACCEPTED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

/** Larger than any real access token (Entra's, with its group overage, stays under 8 KiB). */
export const MAX_TOKEN_CHARS = 12 * 1024;
/** Seconds of clock difference tolerated between the gateway and the issuer for exp and nbf. */
export const CLOCK_TOLERANCE_S = 5;
/** At most one JWKS fetch per second for unknown key ids, however many such tokens arrive. */
const JWKS_COOLDOWN_MS = 1000;
/** A JWKS older than this is fetched again before use, so removed keys stop working. */
const JWKS_MAX_AGE_MS = 10 * 60 * 1000;
const FETCH_TIMEOUT_MS = 5000;
/** After a failed discovery, callers are refused at once for this long instead of each waiting. */
const DISCOVERY_RETRY_MS = 5000;
/**
 * A token verified once is trusted again, by its digest, until it expires or for this long,
 * whichever is sooner: a client sends the same token with every request, and a signature
 * check costs ~0.3 ms. The bound is how long a key withdrawn by the issuer may still be honoured.
 */
const VERIFIED_TTL_MS = 60_000;
const VERIFIED_MAX = 10_000;

export type TokenErrorCode = 'invalid_token' | 'insufficient_scope' | 'temporarily_unavailable';

export class TokenError extends Error {
  readonly code: TokenErrorCode;
  /** For insufficient_scope: the scopes the gateway requires, space-separated. */
  readonly scope?: string;
  constructor(code: TokenErrorCode, message: string, scope?: string) {
    super(message);
    this.name = 'TokenError';
    this.code = code;
    if (scope !== undefined) this.scope = scope;
  }
}

export interface VerifiedToken {
  agent: string;
  claims: Claims;
}

export class TokenVerifier {
  readonly config: OAuthConfig;
  #keys: ReturnType<typeof createRemoteJWKSet> | undefined;
  #discovering: Promise<ServerMetadata> | undefined;
  #discoveryFailed: { at: number; message: string } | undefined;
  /** Digest of a verified token → what it proved and until when (insertion order = age). */
  readonly #verified = new Map<string, { token: VerifiedToken; until: number }>();

  constructor(config: OAuthConfig) {
    this.config = config;
  }

  /** Discovers the issuer's metadata now (at start), so the first caller does not wait for it. */
  async prepare(): Promise<ServerMetadata> {
    return this.#discover();
  }

  /** The agent and claims of a valid token; a TokenError saying what is wrong otherwise. */
  async verify(token: string): Promise<VerifiedToken> {
    const { issuer, audience } = this.config;
    if (token.length > MAX_TOKEN_CHARS) throw invalid(`the token is longer than ${MAX_TOKEN_CHARS} characters`);
    const digest = createHash('sha256').update(token).digest('base64');
    const known = this.#verified.get(digest);
    if (known && known.until > Date.now()) return known.token;
    if (known) this.#verified.delete(digest);
    // The cheap checks first, on the unverified token: a token that is not even meant for this
    // gateway must not cost a JWKS fetch, however many of them arrive.
    let alg: unknown;
    let unverified: JWTPayload;
    try {
      alg = jose().decodeProtectedHeader(token).alg;
      unverified = jose().decodeJwt(token);
    } catch {
      throw invalid('the token is not a JWT, nor an API key this gateway knows');
    }
    if (typeof alg !== 'string' || !ACCEPTED_ALGORITHMS.includes(alg)) {
      const name = typeof alg === 'string' ? alg.replace(/[^A-Za-z0-9+_.-]/g, '').slice(0, 16) : 'no algorithm';
      throw invalid(`tokens signed with ${name || 'no algorithm'} are not accepted; only the issuer's public-key signatures are`);
    }
    if (unverified.iss !== issuer) throw invalid('the token was not issued by this gateway\'s authorization server');
    const aud = Array.isArray(unverified.aud) ? unverified.aud : [unverified.aud];
    if (!aud.includes(audience)) throw invalid(`the token is not meant for this gateway (its audience does not include ${audience})`);

    const keys = await this.#jwks();
    let payload: JWTPayload;
    try {
      payload = await this.#verifySignature(token, keys);
    } catch (err) {
      throw asTokenError(err);
    }
    const agent = this.#agentOf(payload);
    const granted = grantedScopes(payload);
    const missing = this.config.scopes.filter((s) => !granted.has(s));
    if (missing.length > 0) {
      throw new TokenError('insufficient_scope', `the token lacks the scope ${missing.join(' ')}`, this.config.scopes.join(' '));
    }
    const verified = { agent, claims: Object.freeze(payload) };
    this.#remember(digest, verified, (payload.exp! + CLOCK_TOLERANCE_S) * 1000);
    return verified;
  }

  #remember(digest: string, token: VerifiedToken, expiresAt: number): void {
    if (this.#verified.size >= VERIFIED_MAX) {
      // Full: the oldest tenth goes (a Map iterates in insertion order).
      for (const key of this.#verified.keys()) {
        if (this.#verified.size < VERIFIED_MAX * 0.9) break;
        this.#verified.delete(key);
      }
    }
    this.#verified.set(digest, { token, until: Math.min(expiresAt, Date.now() + VERIFIED_TTL_MS) });
  }

  async #verifySignature(token: string, keys: ReturnType<typeof createRemoteJWKSet>): Promise<JWTPayload> {
    const options = {
      issuer: this.config.issuer,
      audience: this.config.audience,
      algorithms: ACCEPTED_ALGORITHMS,
      clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ['exp'],
    };
    try {
      return (await jose().jwtVerify(token, keys, options)).payload;
    } catch (err) {
      const { errors } = jose();
      if (err instanceof errors.JWKSNoMatchingKey && keys.coolingDown) {
        // A key id the set lacks, met during the cooldown after a fetch: the issuer may have
        // rotated just now. Wait the cooldown out once and look again, so a token signed with
        // a new key is accepted on its first use.
        await new Promise((r) => setTimeout(r, JWKS_COOLDOWN_MS));
      } else if (err instanceof errors.JOSEError && !(err instanceof errors.JWKSTimeout)) {
        throw err;
      }
      // Otherwise the key set could not be fetched (often a kept-alive connection the issuer
      // closed at that moment): one more try before the caller hears "unavailable".
      return (await jose().jwtVerify(token, keys, options)).payload;
    }
  }

  #agentOf(payload: JWTPayload): string {
    const claim = this.config.agentClaim;
    const value = payload[claim];
    if (typeof value !== 'string' || value === '') throw invalid(`the token has no ${claim} claim to name the agent`);
    if (value.length > 256 || /[\u0000-\u001f\u007f]/.test(value)) throw invalid(`the token's ${claim} claim is not a usable agent name`);
    if (value === ANONYMOUS) throw invalid(`the token's ${claim} claim is '${ANONYMOUS}', which names callers without credentials`);
    return value;
  }

  async #jwks(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    if (this.#keys) return this.#keys;
    const metadata = await this.#discover();
    this.#keys ??= jose().createRemoteJWKSet(new URL(metadata.jwks_uri), {
      cooldownDuration: JWKS_COOLDOWN_MS,
      cacheMaxAge: JWKS_MAX_AGE_MS,
      timeoutDuration: FETCH_TIMEOUT_MS,
    });
    return this.#keys;
  }

  #discover(): Promise<ServerMetadata> {
    const failed = this.#discoveryFailed;
    if (failed && Date.now() - failed.at < DISCOVERY_RETRY_MS) {
      return Promise.reject(new TokenError('temporarily_unavailable', failed.message));
    }
    this.#discovering ??= discoverServerMetadata(this.config.issuer, { timeoutMs: FETCH_TIMEOUT_MS })
      .then((metadata) => {
        this.#discoveryFailed = undefined;
        return metadata;
      })
      .catch((err: Error) => {
        // Forgotten, so a later caller tries again once the retry pause is over.
        this.#discovering = undefined;
        this.#discoveryFailed = { at: Date.now(), message: err.message };
        throw new TokenError('temporarily_unavailable', err.message);
      });
    return this.#discovering;
  }
}

/** `scope` (RFC 9068, space-separated) or `scp` (Entra ID: a string; Okta: a list). */
export function grantedScopes(claims: Claims): Set<string> {
  const out = new Set<string>();
  for (const value of [claims.scope, claims.scp]) {
    if (typeof value === 'string') for (const s of value.split(' ')) if (s) out.add(s);
    if (Array.isArray(value)) for (const s of value) if (typeof s === 'string' && s) out.add(s);
  }
  return out;
}

function invalid(message: string): TokenError {
  return new TokenError('invalid_token', message);
}

/** jose's errors, in the words an agent's operator needs; anything else means "cannot check now". */
function asTokenError(err: unknown): TokenError {
  if (err instanceof TokenError) return err;
  const { errors } = jose();
  if (err instanceof errors.JWTExpired) return invalid('the token has expired');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'nbf') return invalid('the token is not valid yet (nbf)');
    if (err.claim === 'exp') return invalid('the token has no expiry (exp)');
    if (err.claim === 'iss') return invalid('the token was not issued by this gateway\'s authorization server');
    if (err.claim === 'aud') return invalid('the token is not meant for this gateway');
    if (err.claim === 'iat') return invalid('the token\'s iat is not valid');
    return invalid(`the token's ${err.claim} claim is not valid`);
  }
  if (err instanceof errors.JWKSNoMatchingKey) return invalid('the token is signed by a key the authorization server does not publish');
  if (err instanceof errors.JWSSignatureVerificationFailed) return invalid('the token\'s signature does not verify');
  if (err instanceof errors.JOSEAlgNotAllowed || err instanceof errors.JOSENotSupported) return invalid('the token\'s algorithm is not accepted');
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid || err instanceof errors.JWKSMultipleMatchingKeys) return invalid('the token is malformed');
  // JWKS timeouts, fetch failures, an unparsable key set: the token may be fine; no answer now.
  return new TokenError('temporarily_unavailable', `cannot fetch the authorization server's keys: ${(err as Error).message}`);
}

// Who is calling, as every layer past the transport sees it: the agent's name, how it proved
// it (an API key, an OAuth access token, or nothing), and the token's claims for the policy.

/** How an agent authenticated: recorded in the audit log and shown on the dashboard. */
export type AuthMethod = 'key' | 'oauth' | 'anonymous';

export const AUTH_METHODS: readonly AuthMethod[] = ['key', 'oauth', 'anonymous'];

/** A verified token's claims (JSON values); empty for keys and anonymous callers. */
export type Claims = Readonly<Record<string, unknown>>;

export const NO_CLAIMS: Claims = Object.freeze({});

export interface Principal {
  agent: string;
  auth: AuthMethod;
  claims: Claims;
}

/**
 * A caller turned away. `status` is 401 (no credentials or bad ones), 403 (a valid token
 * without a required scope) or 503 (the authorization server cannot be reached to check);
 * `challenge` is the `WWW-Authenticate` value to send with it.
 */
export interface Refusal {
  refused: string;
  status: 401 | 403 | 503;
  challenge?: string;
}

export type Identity = Principal | Refusal;

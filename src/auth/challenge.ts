// The `WWW-Authenticate` header of a refused request (RFC 6750 §3, RFC 9728 §5.1): it names
// the protected-resource metadata, so an MCP client can find the authorization server, and
// says what was wrong with the token, if one was sent.

export interface ChallengeParams {
  /** Where this endpoint's RFC 9728 metadata is. */
  resourceMetadata: string;
  /** `invalid_token` (bad token), `insufficient_scope` (403) or none (no token sent). */
  error?: 'invalid_token' | 'insufficient_scope';
  description?: string;
  /** The scopes needed, space-separated. */
  scope?: string;
}

export function bearerChallenge(params: ChallengeParams): string {
  const parts = [`resource_metadata=${quote(params.resourceMetadata)}`];
  if (params.error) parts.push(`error=${quote(params.error)}`);
  if (params.description) parts.push(`error_description=${quote(params.description)}`);
  if (params.scope) parts.push(`scope=${quote(params.scope)}`);
  return `Bearer ${parts.join(', ')}`;
}

/**
 * A quoted-string: RFC 6750 allows only printable ASCII but `"` and `\` in error_description,
 * so anything else (from a token's own fields, in a message) is replaced rather than escaped.
 */
function quote(value: string): string {
  return `"${value.replace(/[^\x20-\x21\x23-\x5B\x5D-\x7E]/g, '?')}"`;
}

// Credentials in URLs never leave the gateway in what it prints: a URL's user and password
// (`https://user:pass@host`) and the values of query parameters that name a secret (`?token=`,
// `?api_key=`, `?sig=`) are replaced by `***` in logs, /readyz, the dashboard and the CLI.
// The one helper every printer uses; the config keeps the real URL for the connection itself.

/** Query parameter names whose values are credentials (matched whole, or after `-`/`_`). */
const SECRET_PARAM = /^(?:.*[-_.])?(?:token|access[-_]?token|refresh[-_]?token|id[-_]?token|api[-_]?key|apikey|key|secret|client[-_]?secret|password|passwd|pass|pwd|auth|authorization|signature|sig|credentials?|session|code)$/i;
const URL_IN_TEXT = /\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s"'<>`]+/g;
const MASK = '***';

/** One URL with its credentials masked; the text unchanged when it holds none. */
export function scrubUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL the WHATWG parser takes: still mask a `//user:pass@` part.
    return url.replace(/(\/\/)[^/@\s]*@/, `$1${MASK}@`);
  }
  let changed = false;
  if (parsed.username !== '' || parsed.password !== '') {
    parsed.username = MASK;
    parsed.password = '';
    changed = true;
  }
  for (const name of new Set(parsed.searchParams.keys())) {
    if (SECRET_PARAM.test(name)) {
      parsed.searchParams.set(name, MASK);
      changed = true;
    }
  }
  if (!changed) return url;
  // URLSearchParams encodes `*`; the mask reads better as written.
  return parsed.toString().replaceAll('%2A%2A%2A', MASK);
}

/** Every URL inside a text (an error message, a log line) with its credentials masked. */
export function scrubUrls(text: string): string {
  if (!text.includes('://')) return text;
  return text.replace(URL_IN_TEXT, (url) => {
    // A URL at the end of a sentence: keep the full stop or comma outside it.
    const trail = /[.,;:)\]]+$/.exec(url)?.[0] ?? '';
    return scrubUrl(url.slice(0, url.length - trail.length)) + trail;
  });
}

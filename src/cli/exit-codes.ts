// Exit codes every command uses, so scripts can branch on them. Documented in the README.
export const EXIT = {
  /** Success; for `check`, the call would be allowed. */
  ok: 0,
  /** The answer is "no": `validate` found errors, `check` would stop the call. */
  no: 1,
  /** Bad usage or input: unknown option, unreadable file, malformed --args. */
  usage: 2,
  /** The gateway could not start or run: port taken, store unreachable. */
  failure: 3,
} as const;

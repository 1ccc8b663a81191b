// What must happen before any message leaves for a server. The audit journal registers here:
// a call's "forwarded" line waits in memory until the first of (a) a transport about to send to a
// server calls beforeUpstreamSend(), or (b) the end of the event-loop turn. So the line is on
// disk before the server can see the call (what survives kill -9 stays as it was), and the
// calls that arrive in one turn share one write() with the pipe write that carries them,
// instead of one write() per request. Transports know only that something must run first.
const hooks = new Set<() => void>();

/** Runs `hook` before every upstream send, until the returned function is called. */
export function onBeforeUpstreamSend(hook: () => void): () => void {
  hooks.add(hook);
  return () => hooks.delete(hook);
}

/** Called by every upstream transport right before it writes a message to its server. */
export function beforeUpstreamSend(): void {
  for (const hook of hooks) hook();
}

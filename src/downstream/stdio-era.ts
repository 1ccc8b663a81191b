// `gatehouse stdio` for clients of either era: the connection's first message chooses, as the
// SDK's own stdio servers do. An `initialize` (or any message without a 2026-07-28 envelope)
// pins the stateful era; a request carrying the envelope pins the stateless one, where each
// request is answered on its own, with the same host as Streamable HTTP.
import { classifyInbound } from '../mcp/inbound-classifier.ts';
import { REMOVED_METHODS, STATELESS_VERSIONS, unsupportedVersionError } from '../mcp/era.ts';
import type { JSONRPCMessage, JSONRPCRequest, JSONRPCResponse, RequestId } from '../mcp/wire.ts';
import { errorResponse, isRequest, RPC } from '../mcp/wire.ts';
import type { StatelessStream } from './stateless-http.ts';
import type { StdioChannel, StdioEndpoint } from './stdio.ts';

export type ServeStateless = (request: JSONRPCRequest, stream: StatelessStream) => void;

/** An endpoint that hands a stateful connection to `legacy` and serves a stateless one itself. */
export function eraEndpoint(legacy: StdioEndpoint, channel: StdioChannel, serve: ServeStateless): StdioEndpoint {
  let era: 'legacy' | 'stateless' | undefined;
  const open = new Map<RequestId, LineStream>();
  return {
    receive(message: JSONRPCMessage): void {
      // Once pinned stateful, a message's classification would go unused: skip the SDK's
      // classifier (zod schemas, tens of µs a message) on every later message.
      if (era === 'legacy') return legacy.receive(message);
      const outcome = classifyInbound({ httpMethod: 'POST', body: message });
      era ??= outcome.kind === 'legacy' ? 'legacy' : 'stateless';
      if (era === 'legacy') return legacy.receive(message);
      if (!isRequest(message)) {
        // Cancellation in this era over stdio: the notification names the request.
        if ('method' in message && message.method === 'notifications/cancelled') {
          const id = (message.params as { requestId?: RequestId } | undefined)?.requestId;
          if (id !== undefined) open.get(id)?.abandon();
        }
        return;
      }
      if (outcome.kind === 'reject') return channel.send(errorResponse(message.id, outcome.code, outcome.message, outcome.data));
      if (outcome.kind === 'legacy') {
        const error = unsupportedVersionError(undefined);
        return channel.send(errorResponse(message.id, error.code, 'this connection speaks 2026-07-28: every request carries the _meta envelope', error.data));
      }
      const version = outcome.classification.revision;
      if (version === undefined || !STATELESS_VERSIONS.includes(version)) {
        const error = unsupportedVersionError(version);
        return channel.send(errorResponse(message.id, error.code, error.message, error.data));
      }
      if (REMOVED_METHODS.has(message.method)) return channel.send(errorResponse(message.id, RPC.methodNotFound, `Method not found: ${message.method} is not part of protocol revision ${version}`));
      const stream = new LineStream(channel, () => open.delete(message.id));
      open.set(message.id, stream);
      serve(message, stream);
    },
  };
}

/** One stateless request's answer on a shared stdout: messages go out as they come. */
class LineStream implements StatelessStream {
  readonly #channel: StdioChannel;
  readonly #done: () => void;
  #closed = false;
  onabandon?: () => void;

  constructor(channel: StdioChannel, done: () => void) {
    this.#channel = channel;
    this.#done = done;
  }

  get closed(): boolean {
    return this.#closed;
  }

  open(): boolean {
    return !this.#closed;
  }

  event(message: JSONRPCMessage): boolean {
    if (this.#closed) return false;
    this.#channel.send(message);
    return true;
  }

  answer(message: JSONRPCResponse): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#done();
    this.#channel.send(message);
  }

  abandon(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#done();
    this.onabandon?.();
  }
}

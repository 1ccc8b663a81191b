// The one interface every upstream transport (stdio, Streamable HTTP, SSE) offers the gateway:
// raw JSON-RPC messages in and out, and a close with its cause. No MCP semantics, no policy.
import { scrubUrls } from '../log/scrub-url.ts';
import type { JSONRPCMessage } from '../mcp/wire.ts';

export interface UpstreamTransport {
  start(): Promise<void>;
  send(message: JSONRPCMessage): Promise<void>;
  close(): Promise<void>;
  /** Called once with why the connection ended (process exit, HTTP failure, close()). */
  onclose?: (cause: string) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  /** Non-fatal trouble worth a log line (a bad line from the server, a failed GET stream). */
  onerror?: (error: Error) => void;
  /** HTTP transports send the negotiated version as a header on every later request. */
  setProtocolVersion?(version: string): void;
}

export class UpstreamUnavailableError extends Error {
  readonly code = 'UPSTREAM_UNAVAILABLE';
  readonly server: string;
  /** Seconds until the next restart attempt, when one is scheduled. */
  readonly retryAfterS?: number;
  constructor(server: string, cause: string, retryAfterS?: number) {
    // The cause may quote the server's URL, with its credentials: masked (it reaches the agent, the audit log, /readyz).
    super(`Server ${server} is unavailable: ${scrubUrls(cause)}`);
    this.server = server;
    if (retryAfterS !== undefined) this.retryAfterS = retryAfterS;
  }
}

/**
 * The server did not answer in time (`servers.<name>.timeout`). A kind of unavailability, so
 * every place that answers for a down server answers for a silent one too.
 */
export class UpstreamTimeoutError extends UpstreamUnavailableError {
  readonly timedOut = true;
}

/** A request the client cancelled, or whose session ended, before the server answered. */
export class RequestCancelledError extends Error {
  readonly code = 'REQUEST_CANCELLED';
}

// What a client session holds for one server: its own upstream session (UpstreamSession), or
// its view of one shared by every client session of that server (SharedUpstreams). The client
// side cannot tell them apart; only the config (`servers.<name>.shared`) chooses.
import type { ServerConfig } from '../config/types.ts';
import type { JSONRPCMessage, JSONRPCNotification, JSONRPCRequest, JSONRPCResponse, RequestId } from '../mcp/wire.ts';

export type UpstreamState = 'starting' | 'ready' | 'restarting' | 'closed';

export interface RequestOrigin {
  related?: RequestId;
  inputKey?: string;
}

export interface UpstreamHooks {
  /**
   * A request from the server to the client (sampling, elicitation, roots, ping). A 2026-07-28
   * server's input request says which of our requests asked it (`related`, the upstream id) and
   * the server's name for it (`inputKey`); a stateful server's says neither.
   */
  onRequest(request: JSONRPCRequest, origin?: RequestOrigin): void;
  onNotification(notification: JSONRPCNotification): void;
  onStderr?(line: string): void;
  onState?(state: UpstreamState, cause?: string): void;
  onError?(error: Error): void;
}

export interface Upstream {
  readonly server: ServerConfig;
  readonly state: UpstreamState;
  /** Protocol version and capabilities the server agreed to, from its initialize result. */
  readonly initializeResult?: Record<string, unknown>;
  readonly restarts: number;
  /** Performs the client's initialize (or answers it); resolves with the server's raw response. */
  initialize(params: Record<string, unknown>): Promise<JSONRPCResponse>;
  /** Forwards a request under a gateway id; `sent` learns that id, for cancellation. */
  request(method: string, params: Record<string, unknown> | undefined, sent?: (upstreamId: RequestId) => void): Promise<JSONRPCResponse>;
  /** Sends a notification, or a response to one of the server's own requests. */
  post(message: JSONRPCMessage): Promise<void>;
  /** Tells the server to stop working on a request, and settles that request at once. */
  cancel(upstreamId: RequestId, reason?: string): void;
  close(): Promise<void>;
}

// Reaches a remote MCP server over Streamable HTTP (or legacy SSE) through the official SDK's
// client transports, used at the raw message level. Only the configured headers are sent:
// the client's own Authorization and session id never travel upstream.
import type { SSEClientTransport, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { RemoteServerConfig } from '../config/types.ts';
import type { JSONRPCMessage } from '../mcp/wire.ts';
import type { UpstreamTransport } from './transport.ts';
import { beforeUpstreamSend } from './before-send.ts';

type SdkTransport = StreamableHTTPClientTransport | SSEClientTransport;

export class RemoteUpstreamTransport implements UpstreamTransport {
  onclose?: (cause: string) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  onerror?: (error: Error) => void;
  #sdk?: SdkTransport;
  #http: StreamableHTTPClientTransport | undefined;
  readonly #config: RemoteServerConfig;
  #closed = false;
  #lastError = '';

  constructor(config: RemoteServerConfig) {
    this.#config = config;
  }

  async start(): Promise<void> {
    // The SDK's client (and its auth machinery) loads only when a remote server is used:
    // a gateway of stdio servers does not pay its memory.
    const sdk = await import('@modelcontextprotocol/client');
    const url = new URL(this.#config.url);
    const requestInit = { headers: { ...this.#config.headers } };
    if (this.#config.transport === 'sse') {
      this.#sdk = new sdk.SSEClientTransport(url, { requestInit });
    } else {
      this.#http = new sdk.StreamableHTTPClientTransport(url, { requestInit });
      this.#sdk = this.#http;
    }
    this.#sdk.onmessage = (message) => this.onmessage?.(message as JSONRPCMessage);
    this.#sdk.onerror = (error) => {
      this.#lastError = error.message;
      this.onerror?.(error);
    };
    this.#sdk.onclose = () => this.#finish(this.#lastError ? `connection closed: ${this.#lastError}` : 'connection closed');
    await this.#sdk.start();
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (!this.#sdk) throw new Error('the connection is not started');
    beforeUpstreamSend();
    await this.#sdk.send(message as never);
  }

  setProtocolVersion(version: string): void {
    this.#http?.setProtocolVersion(version);
  }

  #finish(cause: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.onclose?.(cause);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    // End the remote session politely; a server that does not support DELETE is fine too.
    await this.#http?.terminateSession().catch(() => undefined);
    this.#finish('closed by the gateway');
    await this.#sdk?.close().catch(() => undefined);
  }
}

// Remembers each server's answer to initialize, so a new client session can be answered at
// once and its server process started only when the session first asks for something. Idle
// sessions then cost no process; a busy gateway's clients connect without waiting for a spawn.
import type { ServerConfig } from '../config/types.ts';

export class HandshakeCache {
  readonly #results = new Map<string, Record<string, unknown>>();

  /** The key holds the server's whole config, so a changed command or URL is a new server. */
  #key(server: ServerConfig, params: Record<string, unknown>): string {
    return `${JSON.stringify(server)}\0${String(params.protocolVersion)}`;
  }

  get(server: ServerConfig, params: Record<string, unknown>): Record<string, unknown> | undefined {
    return this.#results.get(this.#key(server, params));
  }

  set(server: ServerConfig, params: Record<string, unknown>, result: Record<string, unknown>): void {
    this.#results.set(this.#key(server, params), result);
  }

  readonly #inflight = new Map<string, Promise<void>>();

  /**
   * Sessions that initialize together on a cold gateway wait for the first one's handshake
   * instead of each starting a server: resolves once no handshake for this server is running.
   */
  async settled(server: ServerConfig, params: Record<string, unknown>): Promise<void> {
    await this.#inflight.get(this.#key(server, params));
  }

  /** Marks a real handshake as running; call the returned function when it is over. */
  begin(server: ServerConfig, params: Record<string, unknown>): () => void {
    const key = this.#key(server, params);
    let done!: () => void;
    const running = new Promise<void>((resolve) => (done = resolve));
    if (!this.#inflight.has(key)) this.#inflight.set(key, running);
    return () => {
      if (this.#inflight.get(key) === running) this.#inflight.delete(key);
      done();
    };
  }
}

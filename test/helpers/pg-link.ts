// A TCP link to the machine's PostgreSQL (127.0.0.1:5432) that a test can cut (every connection
// dropped, none accepted) and restore: PostgreSQL going away, without stopping the server
// other helpers and tests share.
import { createServer, connect, type Server, type Socket } from 'node:net';

export class Link {
  readonly port: number;
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();
  constructor(port: number) {
    this.port = port;
  }
  up(): Promise<void> {
    this.#server = createServer((client) => {
      const db = connect(5432, '127.0.0.1');
      for (const s of [client, db]) {
        this.#sockets.add(s);
        s.on('close', () => this.#sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(db).pipe(client);
    });
    return new Promise((resolve) => this.#server!.listen(this.port, '127.0.0.1', () => resolve()));
  }
  async cut(): Promise<void> {
    // close() waits for open connections to end: end them first.
    const closed = new Promise((resolve) => (this.#server ? this.#server.close(resolve) : resolve(undefined)));
    for (const s of this.#sockets) s.destroy();
    await closed;
  }
}

// The client side for clients that launch a command (desktop apps, IDEs): newline-delimited
// JSON-RPC on stdin and stdout. A line that is not a valid message gets a JSON-RPC error and
// the session goes on.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { JSONRPCMessage } from '../mcp/wire.ts';
import { envelopeProblem, errorResponse, RPC, toWireJson } from '../mcp/wire.ts';

export interface StdioEndpoint {
  receive(message: JSONRPCMessage): void;
}

export class StdioChannel {
  readonly #output: Writable;

  constructor(output: Writable) {
    this.#output = output;
  }

  send(message: JSONRPCMessage): void {
    const json = toWireJson(message);
    if (json !== undefined) this.#output.write(json + '\n');
  }
}

/** Feeds every line of `input` to the endpoint; resolves when the input ends. */
export function serveStdio(input: Readable, channel: StdioChannel, endpoint: StdioEndpoint): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      channel.send(errorResponse(null, RPC.parseError, `Parse error: ${(err as Error).message}`));
      return;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      const why = envelopeProblem(item);
      if (why === undefined) endpoint.receive(item as JSONRPCMessage);
      else {
        const id = (item as { id?: unknown } | null)?.id;
        channel.send(errorResponse(typeof id === 'string' || typeof id === 'number' ? id : null, RPC.invalidRequest, `Invalid Request: ${why}`));
      }
    }
  });
  return new Promise((resolve) => lines.once('close', () => resolve()));
}

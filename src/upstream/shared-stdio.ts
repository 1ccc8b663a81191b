// One process of a 2026-07-28 stdio server for every pooled session of one stateless client:
// the protocol keeps no state per connection, so the requests of one agent's client that differ
// only in declared capabilities need not each start the server. Counted references; the last
// user to leave stops the process.
import type { StdioServerConfig } from '../config/types.ts';
import type { JSONRPCMessage } from '../mcp/wire.ts';
import { StdioUpstreamTransport } from './stdio.ts';

export interface StdioUser {
  onmessage(message: JSONRPCMessage): void;
  onclose(cause: string): void;
  onStderr?(line: string): void;
}

interface Entry {
  transport: StdioUpstreamTransport;
  started: Promise<void>;
  users: Set<StdioUser>;
}

const connections = new Map<string, Entry>();

export interface StdioLease {
  send(message: JSONRPCMessage): Promise<void>;
  release(): Promise<void>;
}

/** A lease on the process for `partition` (undefined: a process of the user's own). */
export async function leaseStdio(server: StdioServerConfig, partition: string | undefined, user: StdioUser): Promise<StdioLease> {
  const key = partition === undefined ? undefined : `${JSON.stringify(server)}\0${partition}`;
  let entry = key ? connections.get(key) : undefined;
  if (!entry) {
    const transport = new StdioUpstreamTransport(server, { onStderrLine: (line) => { for (const u of created.users) u.onStderr?.(line); } });
    const created: Entry = { transport, started: Promise.resolve(), users: new Set() };
    transport.onmessage = (message) => { for (const u of created.users) u.onmessage(message); };
    transport.onclose = (cause) => {
      if (key && connections.get(key) === created) connections.delete(key);
      for (const u of created.users) u.onclose(cause);
    };
    created.started = transport.start();
    created.started.catch(() => key && connections.get(key) === created && connections.delete(key));
    if (key) connections.set(key, created);
    entry = created;
  }
  const leased = entry;
  leased.users.add(user);
  await leased.started;
  return {
    send: (message) => leased.transport.send(message),
    release: async () => {
      if (!leased.users.delete(user) || leased.users.size > 0) return;
      if (key && connections.get(key) === leased) connections.delete(key);
      await leased.transport.close().catch(() => undefined);
    },
  };
}

// The live client sessions: found by id and endpoint, capped in number, and closed after
// sitting idle, so a client that vanishes does not hold a server. At the cap a new session
// takes the place of the idlest anonymous one, else of its own agent's idlest; never of
// another agent's (an anonymous caller can only replace anonymous sessions). Else: refused.
import { ANONYMOUS } from './identify.ts';
import type { ClientSession } from './session.ts';

export class SessionLimitError extends Error {
  readonly code = 'SESSION_LIMIT';
}

interface Entry {
  session: ClientSession;
  endpoint: string;
}

export class SessionRegistry {
  readonly #entries = new Map<string, Entry>();
  #sweeper?: NodeJS.Timeout;

  get size(): number {
    return this.#entries.size;
  }

  sessions(): IterableIterator<ClientSession> {
    return [...this.#entries.values()].map((e) => e.session).values();
  }

  /**
   * `maxPerAgent` caps one agent's own sessions (`gateway.max_sessions_per_agent`): at its cap an
   * agent's new session replaces that agent's idlest, so one agent cannot fill the whole table.
   */
  add(session: ClientSession, endpoint: string, maxSessions: number, maxPerAgent = Infinity): void {
    while (this.#count(session.agent) >= maxPerAgent) {
      const own = this.#idlest(session.agent);
      if (!own) break;
      this.#entries.delete(own.id);
      void own.close();
    }
    while (this.#entries.size >= maxSessions) {
      // Anonymous sessions are the first to go; then the caller's own; never another agent's.
      const idlest = this.#idlest(ANONYMOUS) ?? this.#idlest(session.agent);
      if (!idlest) {
        throw new SessionLimitError(`the gateway holds its maximum of ${maxSessions} sessions (gateway.max_sessions) and none of them is yours to replace; retry later`);
      }
      this.#entries.delete(idlest.id);
      void idlest.close();
    }
    this.#entries.set(session.id, { session, endpoint });
    session.onclose = () => {
      if (this.#entries.get(session.id)?.session === session) this.#entries.delete(session.id);
    };
  }

  #count(agent: string): number {
    let n = 0;
    for (const { session } of this.#entries.values()) if (session.agent === agent) n++;
    return n;
  }

  find(endpoint: string, id: string): ClientSession | undefined {
    const entry = this.#entries.get(id);
    return entry && entry.endpoint === endpoint && !entry.session.closed ? entry.session : undefined;
  }

  /** Starts closing sessions idle for longer than `idleMs()` (read each sweep, for reloads). */
  startSweeping(idleMs: () => number, every = Math.min(30_000, Math.max(250, idleMs() / 2))): void {
    this.#sweeper = setInterval(() => {
      const cutoff = Date.now() - idleMs();
      // Idle means no request in flight either: a slow call does not lose its session.
      for (const { session } of this.#entries.values()) if (session.lastActive < cutoff && !session.busy) void session.close();
    }, every);
    this.#sweeper.unref();
  }

  async closeAll(): Promise<void> {
    clearInterval(this.#sweeper);
    const sessions = [...this.#entries.values()].map((e) => e.session);
    this.#entries.clear();
    await Promise.all(sessions.map((s) => s.close()));
  }

  /** The idlest session of `agent`. */
  #idlest(agent: string): ClientSession | undefined {
    let idlest: ClientSession | undefined;
    for (const { session } of this.#entries.values()) {
      if (session.agent === agent && (!idlest || session.lastActive < idlest.lastActive)) idlest = session;
    }
    return idlest;
  }
}

// The dashboard's live feed: a tiny in-process event bus the gateway publishes finished calls
// (the audit records, as the chain hands them to its sink) and approval events to, and the
// `GET /api/events` server-sent-events stream that relays them to open pages.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApprovalEvent } from '../approvals/service.ts';
import type { AuditRecord } from '../audit/types.ts';

export type LiveEvent =
  | { type: 'call'; record: AuditRecord }
  | { type: 'approval'; event: ApprovalEvent['type']; id: string; server: string; tool: string; agent: string; status: string };

export class LiveEvents {
  readonly #listeners = new Set<(event: LiveEvent) => void>();

  get listeners(): number {
    return this.#listeners.size;
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(event: LiveEvent): void {
    // Never in the way of a call: no listener, no work; a listener that throws is its own problem.
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // ignored
      }
    }
  }

  /** For the audit sink: every record the chain writes is a call the pages show. */
  call(record: AuditRecord): void {
    if (this.#listeners.size > 0) this.publish({ type: 'call', record });
  }

  /** For `approvals.onEvent`. */
  approval(e: ApprovalEvent): void {
    if (this.#listeners.size === 0) return;
    const a = e.approval;
    this.publish({ type: 'approval', event: e.type, id: a.id, server: a.server, tool: a.tool, agent: a.agent, status: a.status });
  }

  /** Wraps an audit sink so that what it records is also published. */
  tap<S extends { record(record: AuditRecord): void }>(sink: S): { record(record: AuditRecord): void } {
    return {
      record: (record: AuditRecord) => {
        sink.record(record);
        this.call(record);
      },
    };
  }
}

/** Serves one `text/event-stream` until the page goes away; the caller has checked access. */
export function serveEventStream(req: IncomingMessage, res: ServerResponse, events: LiveEvents): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
    connection: 'keep-alive',
  });
  res.write('retry: 2000\n: gatehouse live events\n\n');
  const unsubscribe = events.subscribe((event) => {
    res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  });
  const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
  ping.unref();
  const end = () => {
    clearInterval(ping);
    unsubscribe();
  };
  req.on('close', end);
  res.on('close', end);
}

// How messages reach one client over Streamable HTTP: each answer on the POST that asked for
// it, as plain JSON when nothing else came first, switching that POST to an SSE stream as soon
// as a related message (progress, sampling, logging) must go out before the answer; unrelated
// messages on the client's GET stream, held briefly when it has none open.
import type { ServerResponse } from 'node:http';
import type { JSONRPCMessage, RequestId } from '../mcp/wire.ts';
import { errorResponse, isResponse, RPC, toWireJson } from '../mcp/wire.ts';

/** Messages kept for a client that has no stream open, before the oldest are dropped. */
const BACKLOG_LIMIT = 1000;

export const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
} as const;

function sseEvent(message: JSONRPCMessage): string {
  const json = toWireJson(message);
  return json === undefined ? '' : `event: message\ndata: ${json}\n\n`;
}

/**
 * One POST carrying one or more requests, answered on its own response. `ids` are its
 * requests' ids, distinct (the transport refuses a repeated one); `answered` holds the answers
 * it already has (refused members of a batch), so every member gets exactly one.
 */
export class PostExchange {
  readonly #res: ServerResponse;
  readonly #pending: Set<RequestId>;
  readonly #headers: Record<string, string>;
  readonly #batch: boolean;
  readonly #canSse: boolean;
  #mode: 'undecided' | 'sse' | 'done' = 'undecided';
  #answers: JSONRPCMessage[] = [];
  onfinish?: () => void;

  constructor(res: ServerResponse, ids: RequestId[], headers: Record<string, string>, options: { batch: boolean; canJson: boolean; canSse: boolean; answered?: JSONRPCMessage[] }) {
    this.#res = res;
    this.#pending = new Set(ids);
    this.#answers = [...(options.answered ?? [])];
    this.#headers = headers;
    this.#batch = options.batch;
    this.#canSse = options.canSse;
    if (!options.canJson) this.#startSse();
    res.on('close', () => this.#finish());
  }

  get open(): boolean {
    return this.#mode !== 'done';
  }

  /**
   * A message related to one of this POST's requests, sent before its answer; false when this
   * POST cannot carry it (finished, or a client that accepts JSON only).
   */
  event(message: JSONRPCMessage): boolean {
    if (this.#mode === 'done' || (this.#mode === 'undecided' && !this.#canSse)) return false;
    if (this.#mode === 'undecided') this.#startSse();
    this.#res.write(sseEvent(message));
    return true;
  }

  answer(message: JSONRPCMessage & { id: RequestId }): void {
    if (this.#mode === 'done' || !this.#pending.delete(message.id)) return;
    if (this.#mode === 'sse') this.#res.write(sseEvent(message));
    else this.#answers.push(message);
    this.#endIfDone();
  }

  /** A request that gets no answer (the client cancelled it): the POST no longer waits for it. */
  forget(id: RequestId): void {
    if (this.#mode === 'done' || !this.#pending.delete(id)) return;
    this.#endIfDone();
  }

  /** The session ended: every request still waiting is answered with an error. */
  abandon(why: string): void {
    for (const id of [...this.#pending]) this.answer(errorResponse(id, RPC.serverError, why) as JSONRPCMessage & { id: RequestId });
  }

  #endIfDone(): void {
    if (this.#pending.size > 0) return;
    if (this.#mode === 'undecided') {
      if (this.#answers.length === 0) this.#res.writeHead(202, this.#headers).end();
      else {
        const parts = this.#answers.map((a) => toWireJson(a)).filter((j) => j !== undefined);
        const body = this.#batch ? `[${parts.join(',')}]` : parts[0];
        // With its length known, the answer goes out in one piece with its headers; without it,
        // a head written first means chunked framing around every answer.
        this.#res.writeHead(200, { ...this.#headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }).end(body);
      }
    } else {
      this.#res.end();
    }
    this.#finish();
  }

  #startSse(): void {
    this.#mode = 'sse';
    this.#res.writeHead(200, { ...this.#headers, ...SSE_HEADERS });
    this.#res.flushHeaders();
    for (const answer of this.#answers) this.#res.write(sseEvent(answer));
    this.#answers = [];
  }

  #finish(): void {
    if (this.#mode === 'done') return;
    this.#mode = 'done';
    this.onfinish?.();
  }
}

/** Everything the gateway sends one HTTP client, whichever stream it goes on. */
export class HttpChannel {
  readonly #exchanges = new Map<RequestId, PostExchange>();
  #standalone?: ServerResponse;
  #backlog: JSONRPCMessage[] = [];
  #keepAlive?: NodeJS.Timeout;

  /** Registers a POST's requests so their answers and related messages find it. */
  track(exchange: PostExchange, ids: RequestId[]): void {
    for (const id of ids) this.#exchanges.set(id, exchange);
    exchange.onfinish = () => {
      for (const id of ids) if (this.#exchanges.get(id) === exchange) this.#exchanges.delete(id);
    };
  }

  /** A request of this client's that will get no answer (cancelled): its POST stops waiting. */
  forget(id: RequestId): void {
    this.#exchanges.get(id)?.forget(id);
  }

  send(message: JSONRPCMessage, relatedTo?: RequestId): void {
    if (isResponse(message)) {
      // A client that hung up on its POST loses that answer: there is no other place for it.
      this.#exchanges.get(message.id as RequestId)?.answer(message as JSONRPCMessage & { id: RequestId });
      return;
    }
    const exchange = relatedTo !== undefined ? this.#exchanges.get(relatedTo) : undefined;
    if (exchange?.event(message)) return;
    if (this.#standalone) this.#standalone.write(sseEvent(message));
    else {
      this.#backlog.push(message);
      if (this.#backlog.length > BACKLOG_LIMIT) this.#backlog.shift();
    }
  }

  get hasStandalone(): boolean {
    return this.#standalone !== undefined;
  }

  /** The client's GET stream: unrelated server messages, from now until it closes. */
  openStandalone(res: ServerResponse, headers: Record<string, string>): void {
    this.#standalone = res;
    res.writeHead(200, { ...headers, ...SSE_HEADERS });
    res.flushHeaders();
    for (const message of this.#backlog) res.write(sseEvent(message));
    this.#backlog = [];
    // A comment now and then keeps proxies and idle timers from cutting a quiet stream.
    this.#keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
    this.#keepAlive.unref();
    res.on('close', () => {
      clearInterval(this.#keepAlive);
      if (this.#standalone === res) this.#standalone = undefined;
    });
  }

  close(): void {
    // A POST still waiting when the session ends is answered, not left hanging.
    for (const exchange of new Set(this.#exchanges.values())) exchange.abandon('the session ended before this request was answered');
    clearInterval(this.#keepAlive);
    this.#standalone?.end();
    this.#standalone = undefined;
  }
}

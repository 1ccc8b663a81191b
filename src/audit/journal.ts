// The audit journal: a local append-only file in front of any AuditStore. Each call is written
// to it with one synchronous write when it is forwarded and again before its reply goes out, so
// a gateway killed at any instant (kill -9) leaves every answered call's record, and every call
// it forwarded but never saw answered, on disk; the next start replays what the store lacks.
//
// Lines are written together. A finished line is written at the end of its wave of microtasks:
// a microtask queued when it is added runs before anything the caller does after an await (the
// reply is written in a continuation of the chain), and sixteen calls finishing together cost
// one system call. A forwarded line waits longer, for whichever comes first: an upstream
// transport about to send (upstream/before-send.ts, wired by the gateway to flush()) or the end
// of the event-loop turn. Requests arrive one per socket callback, each its own wave of
// microtasks, so this is what lets the calls of one turn share one write().
// A synchronous write() lands in the kernel's page cache, which outlives the process: that is
// what survives kill -9 and a crash of the gateway. A crash of the machine (power, kernel) can
// still take the last seconds; only an fsync per write would cover it, at a cost per call that
// this journal does not pay.
import { closeSync, existsSync, futimesSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import path from 'node:path';
import type { AuditRecord, AuditStore } from './types.ts';

/**
 * One line of the journal: a call sent upstream (`f`), the answer to it (`a`: only what the
 * answer adds to the `f` line above it), or a whole finished record (`r`: a call never
 * forwarded, or any record a compaction keeps), and the replica that handled it (`p`, with a
 * shared store), so that a journal shipped later, by the replica started again or by `gatehouse
 * recover` elsewhere, still names who served the call.
 */
type Line =
  | { k: 'f' | 'r'; p?: string; r: AuditRecord }
  | { k: 'a'; p?: string; r: Answer };

/** What answering a forwarded call changes in its record. */
type Answer = Pick<AuditRecord, 'requestId' | 'decision' | 'rule' | 'reason' | 'outcome' | 'gatewayMs' | 'upstreamMs'>;

export const UNANSWERED_REASON = 'the gateway stopped before the server answered';
/** A journal whose owner has not touched it for this long is an orphan, whatever its host. */
const STALE_MS = 30_000;
const HEARTBEAT_MS = 5_000;

export function journalDir(dataDir: string): string {
  return path.join(dataDir, 'audit-journal');
}

/** This process's journal file; one per process, so `serve` and `stdio` can share a data folder. */
export class AuditJournal {
  readonly file: string;
  #fd: number;
  #bytes = 0;
  readonly #heartbeat: NodeJS.Timeout;
  /** Lines added in this wave of microtasks, written together by #flush. */
  #pending: string[] = [];
  /** Told when a write fails (the lines are then lost from the journal, not from the store). */
  onError: (err: unknown) => void = () => {};
  /** Told when a write succeeds again after a failure. */
  onRecovered: () => void = () => {};
  #failing = false;
  /** `"p":"<replica>",`, written into every line; empty without a replica name. */
  readonly #replicaField: string;

  constructor(dataDir: string, options: { replica?: string } = {}) {
    this.#replicaField = options.replica === undefined ? '' : `"p":${JSON.stringify(options.replica)},`;
    const dir = journalDir(dataDir);
    mkdirSync(dir, { recursive: true });
    // Host and pid say whose it is; the time and a few random digits keep two gateways in one
    // process (tests) apart.
    this.file = path.join(dir, `${safe(hostname())}.${process.pid}.${Date.now()}-${randomBytes(3).toString('hex')}.jsonl`);
    this.#fd = openSync(this.file, 'a');
    // An idle gateway writes nothing; touching the file tells other hosts' gateways that
    // share the folder that its owner lives (see recoverJournals).
    this.#heartbeat = setInterval(() => {
      try {
        const now = new Date();
        futimesSync(this.#fd, now, now);
      } catch {
        // closed meanwhile
      }
    }, HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  get bytes(): number {
    return this.#bytes;
  }

  forwarded(record: AuditRecord): string {
    return this.#append('f', record);
  }

  finished(record: AuditRecord): string {
    return this.#append('r', record);
  }

  /**
   * The answer to a call journaled by forwarded(): only the fields an answer changes, about a
   * third of the bytes of a whole record and a tenth of the time to write (the line is made on
   * every forwarded call, before its reply). Replay joins it to the `f` line (recordsOf).
   */
  answered(record: AuditRecord): void {
    const text = `{"k":"a",${this.#replicaField}"r":{"requestId":${JSON.stringify(record.requestId)},"decision":${JSON.stringify(record.decision)},` +
      `"rule":${JSON.stringify(record.rule)},"reason":${JSON.stringify(record.reason)},"outcome":${JSON.stringify(record.outcome)},` +
      `"gatewayMs":${JSON.stringify(record.gatewayMs)},"upstreamMs":${JSON.stringify(record.upstreamMs)}}}\n`;
    this.#queue(text, true);
  }

  /** The line finished() writes for `record`, for a compaction to keep. */
  finishedLine(record: AuditRecord): string {
    return this.#line('r', record);
  }

  /** Writes the lines added so far now, rather than at the end of this wave of microtasks. */
  flush(): void {
    if (this.#pending.length === 0) return;
    const text = this.#pending.length === 1 ? this.#pending[0] : this.#pending.join('');
    this.#pending = [];
    try {
      this.#bytes += writeSync(this.#fd, text);
      if (this.#failing) {
        this.#failing = false;
        this.onRecovered();
      }
    } catch (err) {
      this.#failing = true;
      this.onError(err);
    }
  }

  /**
   * Replaces the file by one holding only `keep` (lines not yet in the store): written beside
   * it and renamed over it, so a kill at any moment leaves one whole journal or the other.
   */
  compact(keep: Iterable<string>): void {
    this.flush();
    const next = `${this.file}.next`;
    const fd = openSync(next, 'w');
    let bytes = 0;
    try {
      for (const line of keep) bytes += writeSync(fd, line);
    } catch (err) {
      closeSync(fd);
      unlinkSync(next);
      throw err;
    }
    renameSync(next, this.file);
    closeSync(this.#fd);
    this.#fd = fd;
    this.#bytes = bytes;
  }

  /** Closes the file; removes it when everything in it is in the store. */
  close(options: { remove: boolean }): void {
    this.flush();
    if (this.#turnEnd) clearImmediate(this.#turnEnd);
    clearInterval(this.#heartbeat);
    closeSync(this.#fd);
    if (options.remove) unlinkSync(this.file);
  }

  #line(kind: 'f' | 'r', record: AuditRecord): string {
    // Written by hand around the record's JSON: the same bytes as JSON.stringify of a Line.
    return `{"k":"${kind}",${this.#replicaField}"r":${JSON.stringify(record)}}\n`;
  }

  #append(kind: 'f' | 'r', record: AuditRecord): string {
    const text = this.#line(kind, record);
    this.#queue(text, kind === 'r');
    return text;
  }

  /** A finished line is written at the end of this wave of microtasks, a forwarded one at the turn's end or before a send. */
  #queue(text: string, finished: boolean): void {
    this.#pending.push(text);
    if (finished) {
      if (!this.#flushQueued) {
        this.#flushQueued = true;
        queueMicrotask(this.#flushFromQueue);
      }
    } else {
      this.#turnEnd ??= setImmediate(this.#flushAtTurnEnd);
    }
  }

  #flushQueued = false;
  readonly #flushFromQueue = (): void => {
    this.#flushQueued = false;
    this.flush();
  };
  #turnEnd: NodeJS.Immediate | undefined;
  readonly #flushAtTurnEnd = (): void => {
    this.#turnEnd = undefined;
    this.flush();
  };
}

export interface Recovered {
  /** Journals of stopped processes that were read. */
  files: number;
  /** Finished records the store lacked, now written. */
  records: number;
  /** Calls forwarded and never answered, now recorded with outcome `unknown`. */
  unanswered: number;
  /** Journals left alone because their writer may still live (a live pid here, or touched lately). */
  live: number;
}

/**
 * Records per insert while replaying: a journal may hold many thousands, and one PostgreSQL
 * statement takes at most 65,535 parameters (16 per record).
 */
const REPLAY_BATCH = 1_000;

/**
 * Replays the journals of processes that stopped without writing everything to the store:
 * records the store lacks are inserted (a record is known by request id, time, decision and
 * outcome, so a second replay inserts nothing), a forwarded call with no finished record
 * becomes an `unknown` one. Each journal is claimed by a rename first, so two processes
 * starting at once never replay the same one; it is deleted once the store has its records.
 */
export async function recoverJournals(dataDir: string, store: AuditStore, own?: AuditJournal): Promise<Recovered> {
  const dir = journalDir(dataDir);
  const result: Recovered = { files: 0, records: 0, unanswered: 0, live: 0 };
  if (!existsSync(dir)) return result;
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.jsonl.next')) {
      // A compaction killed before its rename: the journal beside it is whole; this is not.
      if (isOrphan(name.slice(0, -'.next'.length), path.join(dir, name))) unlinkSync(path.join(dir, name));
      continue;
    }
    if (!name.endsWith('.jsonl') && !name.includes('.jsonl.replaying-')) continue;
    const file = path.join(dir, name);
    if (file === own?.file) continue;
    if (!isOrphan(name, file)) {
      result.live++;
      continue;
    }
    // Claimed by a rename, also when taking over a dead replayer's claim: of two processes that
    // try at once, one rename wins. The claim names this process and its host (see isOrphan).
    const base = name.includes('.replaying-') ? name.slice(0, name.indexOf('.replaying-')) : name;
    const claimed = path.join(dir, `${base}.replaying-${process.pid}@${safe(hostname())}`);
    try {
      if (claimed !== file) renameSync(file, claimed);
    } catch {
      continue; // another process claimed it first
    }
    const records = recordsOf(readFileSync(claimed, 'utf8'));
    // If the store fails (or this process is killed) part-way, the claimed file stays: the next
    // replay takes it over and inserts only what is still missing (a record is known by its
    // request id and step, so none is written twice).
    const missing = await missingFrom(store, records.all);
    for (let i = 0; i < missing.length; i += REPLAY_BATCH) {
      await store.insertBatch(missing.slice(i, i + REPLAY_BATCH));
      // A replayer on another host is judged alive by this (isOrphan), as a writer by its heartbeat.
      touch(claimed);
    }
    result.files++;
    result.records += missing.filter((r) => r.outcome !== 'unknown').length;
    result.unanswered += missing.filter((r) => r.outcome === 'unknown').length;
    unlinkSync(claimed);
  }
  return result;
}

/** The records a journal holds: finished ones, and the unanswered forwarded calls. */
export function recordsOf(text: string): { all: AuditRecord[] } {
  const finished: AuditRecord[] = [];
  const forwarded = new Map<string, AuditRecord>();
  const answered = new Set<string>();
  const answers: Answer[] = [];
  for (const raw of text.split('\n')) {
    if (raw === '') continue;
    let line: Line;
    try {
      line = JSON.parse(raw) as Line;
    } catch {
      continue; // a line torn by a machine crash: nothing whole to keep
    }
    if (!line || typeof line !== 'object' || !line.r || typeof line.r.requestId !== 'string') continue;
    if (line.k === 'a') {
      answers.push(line.r);
      continue;
    }
    if (typeof line.p === 'string' && line.r.replica === undefined) line.r.replica = line.p;
    if (line.k === 'f') forwarded.set(line.r.requestId, line.r);
    else if (line.k === 'r') {
      finished.push(line.r);
      if (line.r.outcome !== 'not_forwarded') answered.add(line.r.requestId);
    }
  }
  // An answer completes the record of its forwarded call (always above it in the file: a
  // compaction keeps the `f` line of every call still open).
  for (const answer of answers) {
    const call = forwarded.get(answer.requestId);
    if (call === undefined || answered.has(answer.requestId)) continue;
    finished.push({ ...call, decision: answer.decision, rule: answer.rule, reason: answer.reason, outcome: answer.outcome, gatewayMs: answer.gatewayMs, upstreamMs: answer.upstreamMs });
    answered.add(answer.requestId);
  }
  const unanswered = [...forwarded.values()].filter((r) => !answered.has(r.requestId)).map(unansweredRecord);
  return { all: [...finished, ...unanswered] };
}

/** A forwarded call's record when no answer was seen: outcome `unknown`. */
export function unansweredRecord(forwarded: AuditRecord): AuditRecord {
  return { ...forwarded, outcome: 'unknown', reason: UNANSWERED_REASON, upstreamMs: null };
}

function recordKey(r: AuditRecord): string {
  return `${r.requestId}|${r.time}|${r.decision}|${r.outcome}`;
}

/** The records of `records` that the store does not hold yet, asked by time range, page by page. */
async function missingFrom(store: AuditStore, records: AuditRecord[]): Promise<AuditRecord[]> {
  if (records.length === 0) return [];
  let since = Infinity;
  let until = -Infinity;
  for (const r of records) {
    since = Math.min(since, r.time);
    until = Math.max(until, r.time);
  }
  const stored = new Set<string>();
  const page = 5_000;
  for (let offset = 0; ; offset += page) {
    const rows = await store.query({ since, until: until + 1, limit: page, offset });
    for (const r of rows) stored.add(recordKey(r));
    if (rows.length < page) break;
  }
  const seen = new Set<string>();
  return records.filter((r) => {
    const key = recordKey(r);
    if (stored.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Not ours to touch while its writer may live: same host and a live pid, or touched lately. */
function isOrphan(name: string, file: string): boolean {
  if (name.includes('.replaying-')) {
    // A replay that died mid-way: take it over when its replayer is gone. Its claim says
    // `<pid>@<host>` (a bare pid from before hosts were named is this host's).
    const [pidText, host] = name.slice(name.lastIndexOf('.replaying-') + '.replaying-'.length).split('@');
    if (host === undefined || host === safe(hostname())) return !alive(Number(pidText));
    return stale(file);
  }
  const [host, pidText] = name.split('.');
  const pid = Number(pidText);
  if (host === safe(hostname())) return pid === process.pid || !alive(pid);
  return stale(file);
}

/** Not touched for STALE_MS: its writer (or replayer) on another host is gone. */
function stale(file: string): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs > STALE_MS;
  } catch {
    return false;
  }
}

function touch(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // gone meanwhile: nothing to keep alive
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return false; // a journal with our pid is a previous life's (pid 1 in a container)
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function safe(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_') || 'host';
}

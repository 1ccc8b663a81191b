// The gateway's structured logger: JSON lines through pino. Secrets never reach it: callers
// log agent names, never keys, and headers are never logged whole. When the output is a
// terminal, the same lines are printed human-readable (pino-pretty, in-process); anything else
// (a file, a pipe, a log collector, the tests) gets JSON. GATEHOUSE_LOG_FORMAT=json|pretty forces one.
import { isatty } from 'node:tty';
import pino from 'pino';
import { createRequire } from 'node:module';
import type pretty from 'pino-pretty';
import { scrubUrls } from './scrub-url.ts';

export type Logger = pino.Logger;

export interface LoggerOptions {
  /** Where lines go: stdout for `serve`, stderr for `stdio` (stdout carries MCP there). */
  destination?: 1 | 2;
  level?: string;
  /** Default: GATEHOUSE_LOG_FORMAT, else 'pretty' when the destination is a terminal. */
  format?: 'json' | 'pretty';
}

/** The longest an access line waits in the buffer before it is written. */
export const ACCESS_FLUSH_MS = 100;
/** Access lines are written together once this many characters wait (about 60 lines). */
const ACCESS_BUFFER_CHARS = 16 * 1024;

type Destination = pino.DestinationStream & { write(line: string): boolean; flushSync(): void };

/**
 * Access lines waiting to be written, kept as a list and joined once per write: appending each
 * line to one string (what sonic-boom's own buffer does) measures the whole string's UTF-8 length
 * at every line, which cost more than the line. Any other line of the logger writes them out
 * first (the hook in createLogger), so the file keeps the order the lines were made in.
 */
class AccessBuffer {
  #lines: string[] = [];
  #chars = 0;
  #timer: NodeJS.Timeout | undefined;
  readonly #destination: Destination;

  constructor(destination: Destination) {
    this.#destination = destination;
    buffersAtExit.add(new WeakRef(this));
  }

  /** Writes what waits, and waits for the destination to have written it (the process is ending). */
  flushAtExit(): void {
    this.flush();
    try {
      this.#destination.flushSync();
    } catch {
      // a destination already closed or not ready: nothing more can be written
    }
  }

  add(line: string): void {
    this.#lines.push(line);
    this.#chars += line.length;
    if (this.#chars >= ACCESS_BUFFER_CHARS) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), ACCESS_FLUSH_MS).unref();
  }

  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#lines.length === 0) return;
    const text = this.#lines.length === 1 ? this.#lines[0] : this.#lines.join('');
    this.#lines = [];
    this.#chars = 0;
    this.#destination.write(text);
  }
}

/** Every access buffer made, so that the last lines are not lost when the process ends (one listener for all). */
const buffersAtExit = new Set<WeakRef<AccessBuffer>>();
process.once('exit', () => {
  for (const ref of buffersAtExit) ref.deref()?.flushAtExit();
});

/** The access buffer of each JSON logger createLogger made. */
const accessBuffers = new WeakMap<Logger, AccessBuffer>();

/** One line per call, with fixed string fields: the gateway's access log. */
export interface AccessLog {
  line(fields: Readonly<Record<string, string>>, msg: string): void;
}

/**
 * The access log of `log`: its lines may wait (up to ~16 KiB or ACCESS_FLUSH_MS) and are written
 * together. On a JSON logger from createLogger a line is written by hand, the same bytes pino
 * writes (level, time, the logger's bindings, the fields, msg) without pino's generic serializer
 * and its hooks: about a third of the CPU of a line, and of what it allocates, on a path taken
 * once per call. Its fields are names and labels, never a request's values or a header; a value
 * holding a URL is still scrubbed (scrub-url.ts), as the hook below does for every line. Any
 * other logger gets pino's own line, written at once.
 */
export function accessLogOf(log: Logger): AccessLog {
  const buffer = accessBuffers.get(log);
  if (buffer === undefined) {
    const child = log.child({}, { redact: { paths: [] } });
    return { line: (fields, msg) => child.info(fields, msg) };
  }
  const bindings = (log as unknown as Record<symbol, string>)[pino.symbols.chindingsSym];
  const info = log.levels.values.info;
  return {
    line(fields, msg) {
      if (!log.isLevelEnabled('info')) return;
      let text = `{"level":${info},"time":${Date.now()}${bindings}`;
      for (const key in fields) {
        const value = fields[key];
        text += `,${JSON.stringify(key)}:${JSON.stringify(value.includes('://') ? scrubUrls(value) : value)}`;
      }
      buffer.add(`${text},"msg":${JSON.stringify(msg)}}\n`);
    },
  };
}

/** Field paths censored in every line, whatever the caller passed. */
export const REDACT_PATHS = [
  '*.authorization', '*.Authorization', 'headers.authorization', 'headers.cookie', '*.cookie',
  'key', 'token', 'adminToken', '*.adminToken', 'admin_token', '*.admin_token',
];

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.GATEHOUSE_LOG_LEVEL ?? 'info';
  const fd = options.destination ?? 1;
  const envFormat = process.env.GATEHOUSE_LOG_FORMAT;
  const format = options.format ?? (envFormat === 'json' || envFormat === 'pretty' ? envFormat : isatty(fd) ? 'pretty' : 'json');
  // Access lines (one per call) wait in an AccessBuffer and are written together: one write()
  // per line was the gateway's largest system-call cost under load. Every other line is written
  // out at once, after the access lines made before it (the hook below).
  const destination = format === 'json' ? (pino.destination({ fd, sync: false }) as Destination) : undefined;
  const access = destination ? new AccessBuffer(destination) : undefined;
  // pino-pretty is loaded only for a terminal: a gateway writing JSON never needs it.
  const stream = destination ?? (createRequire(import.meta.url)('pino-pretty') as typeof pretty)({ destination: fd, colorize: isatty(fd), translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service', sync: true });
  const logger = pino(
    {
      level,
      base: { service: 'gatehouse' },
      // Belt and braces: even if a caller passes a whole headers object, credentials are censored.
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // A URL's user, password and secret query values never reach a line (scrub-url.ts).
      hooks: {
        logMethod(args, method) {
          for (let i = 0; i < args.length; i++) args[i] = scrubValue(args[i]);
          access?.flush();
          method.apply(this, args as Parameters<typeof method>);
        },
      },
    },
    stream,
  );
  if (access) accessBuffers.set(logger, access);
  return logger;
}

/** Strings, lists of strings and the string fields of an object, one level deep; cheap when no URL. */
function scrubValue(value: unknown): unknown {
  if (typeof value === 'string') return scrubUrls(value);
  if (Array.isArray(value)) return value.some((v) => typeof v === 'string' && v.includes('://')) ? value.map(scrubValue) : value;
  if (value === null || typeof value !== 'object' || value instanceof Error) return value;
  let copy: Record<string, unknown> | undefined;
  for (const key in value) {
    const field = (value as Record<string, unknown>)[key];
    if ((typeof field === 'string' && field.includes('://')) || Array.isArray(field)) {
      const scrubbed = scrubValue(field);
      if (scrubbed !== field) (copy ??= { ...(value as Record<string, unknown>) })[key] = scrubbed;
    }
  }
  return copy ?? value;
}

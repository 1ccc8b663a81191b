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

const BUFFERED = Symbol('gatehouse.buffered');
type BufferedLogger = pino.Logger & { [BUFFERED]?: true };

/** The buffered JSON destination of each logger createLogger made with one. */
const bufferedDestinations = new WeakMap<Logger, pino.DestinationStream & { write(line: string): boolean }>();

/** One line per call, with fixed string fields: the gateway's access log. */
export interface AccessLog {
  line(fields: Readonly<Record<string, string>>, msg: string): void;
}

/**
 * The access log of `log`: its lines may wait in the buffer (up to 4 KiB or ACCESS_FLUSH_MS).
 * On a JSON logger from createLogger a line is written by hand, the same bytes pino writes
 * (level, time, the logger's bindings, the fields, msg) without pino's generic serializer and
 * its hooks: about a third of the CPU of a line, and of what it allocates, on a path taken once
 * per call. Its fields are names and labels, never a request's values or a header; a value
 * holding a URL is still scrubbed (scrub-url.ts), as the hook below does for every line.
 */
export function accessLogOf(log: Logger): AccessLog {
  const destination = bufferedDestinations.get(log);
  if (destination === undefined) {
    const child = log.child({}, { redact: { paths: [] } }) as BufferedLogger;
    child[BUFFERED] = true;
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
      destination.write(`${text},"msg":${JSON.stringify(msg)}}\n`);
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
  // JSON lines are buffered up to 4 KiB and written together: one write() per line was the
  // gateway's largest system-call cost under load (an access line per call). Every line but an
  // access line is written out at once (the hook below); access lines wait at most
  // ACCESS_FLUSH_MS, and pino writes what is left when the process exits.
  const buffered = format === 'json' ? pino.destination({ fd, sync: false, minLength: 4096, periodicFlush: ACCESS_FLUSH_MS }) : undefined;
  // pino-pretty is loaded only for a terminal: a gateway writing JSON never needs it.
  const stream = buffered ?? (createRequire(import.meta.url)('pino-pretty') as typeof pretty)({ destination: fd, colorize: isatty(fd), translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service', sync: true });
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
          method.apply(this, args as Parameters<typeof method>);
          if (buffered && !(this as BufferedLogger)[BUFFERED]) buffered.flush();
        },
      },
    },
    stream,
  );
  if (buffered) bufferedDestinations.set(logger, buffered);
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

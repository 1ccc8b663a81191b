// The gateway's structured logger: JSON lines through pino. Secrets never reach it: callers
// log agent names, never keys, and headers are never logged whole. When the output is a
// terminal, the same lines are printed human-readable (pino-pretty, in-process); anything else
// (a file, a pipe, a log collector, the tests) gets JSON. GATEHOUSE_LOG_FORMAT=json|pretty forces one.
import { isatty } from 'node:tty';
import pino from 'pino';
import pretty from 'pino-pretty';

export type Logger = pino.Logger;

export interface LoggerOptions {
  /** Where lines go: stdout for `serve`, stderr for `stdio` (stdout carries MCP there). */
  destination?: 1 | 2;
  level?: string;
  /** Default: GATEHOUSE_LOG_FORMAT, else 'pretty' when the destination is a terminal. */
  format?: 'json' | 'pretty';
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
  const stream = format === 'pretty'
    ? pretty({ destination: fd, colorize: isatty(fd), translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service', sync: true })
    : pino.destination({ fd, sync: false });
  return pino(
    {
      level,
      base: { service: 'gatehouse' },
      // Belt and braces: even if a caller passes a whole headers object, credentials are censored.
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    stream,
  );
}

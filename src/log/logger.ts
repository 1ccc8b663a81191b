// The gateway's structured logger: JSON lines through pino. Secrets never reach it: callers
// log agent names, never keys, and headers are never logged whole.
import pino from 'pino';

export type Logger = pino.Logger;

export interface LoggerOptions {
  /** Where lines go: stdout for `serve`, stderr for `stdio` (stdout carries MCP there). */
  destination?: 1 | 2;
  level?: string;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.GATEHOUSE_LOG_LEVEL ?? 'info';
  return pino(
    {
      level,
      base: { service: 'gatehouse' },
      // Belt and braces: even if a caller passes a whole headers object, credentials are censored.
      redact: {
        paths: ['*.authorization', '*.Authorization', 'headers.authorization', 'key', 'token', 'adminToken'],
        censor: '[redacted]',
      },
    },
    pino.destination({ fd: options.destination ?? 1, sync: false }),
  );
}

// What the long-running commands share: loading the config or exiting with its errors, and a
// clean shutdown on SIGTERM and SIGINT that finishes writing before the process ends.
import { ConfigError, loadConfigOutline, type ConfigOutline, type LoadOptions } from '../config/load.ts';
import type { Config } from '../config/types.ts';
import type { Logger } from '../log/logger.ts';
import { openStores, type Stores } from '../database/stores.ts';
import { Gateway } from '../gateway/gateway.ts';
import { EXIT } from './exit-codes.ts';

export function loadOrExit(file: string, options: LoadOptions = {}): Config {
  return loadOutlineOrExit(file, options).config;
}

/** The config with the outline (sections written) that a later reload is compared against. */
export function loadOutlineOrExit(file: string, options: LoadOptions = {}): ConfigOutline {
  try {
    return loadConfigOutline(file, process.env, options);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(err instanceof ConfigError && !err.unreadable ? EXIT.no : EXIT.usage);
  }
}

/**
 * The gateway with its stores open and its shared counters reachable, or exit 3 saying which
 * could not be: an unwritable data folder, a schema this gatehouse does not know (older ones:
 * run `gatehouse migrate`), an unreachable database or Redis.
 */
export async function openGatewayOrExit(config: Config, log: Logger): Promise<Gateway> {
  let stores: Stores;
  try {
    stores = await openStores(config.gateway);
  } catch (err) {
    process.stderr.write(`gatehouse: cannot start: ${(err as Error).message}\n`);
    process.exit(EXIT.failure);
  }
  let gateway: Gateway;
  try {
    gateway = new Gateway(config, log, stores);
  } catch (err) {
    process.stderr.write(`gatehouse: cannot start: ${(err as Error).message}\n`);
    await stores.close().catch(() => undefined);
    process.exit(EXIT.failure);
  }
  try {
    const recovered = await gateway.recoverAudit();
    if (recovered.files > 0) {
      log.warn({ journals: recovered.files, records: recovered.records, unanswered: recovered.unanswered },
        'audit journal of a stopped gateway replayed: records the store lacked are written; calls forwarded and never answered are recorded with outcome unknown');
    }
  } catch (err) {
    process.stderr.write(`gatehouse: cannot start: replaying the audit journal: ${(err as Error).message}\n`);
    await gateway.close();
    process.exit(EXIT.failure);
  }
  try {
    await gateway.limits.ready?.();
  } catch (err) {
    process.stderr.write(`gatehouse: cannot start: the rate-limit counters: ${(err as Error).message}\n`);
    await gateway.close();
    process.exit(EXIT.failure);
  }
  try {
    await gateway.start();
  } catch (err) {
    process.stderr.write(`gatehouse: cannot start: the shared stores: ${(err as Error).message}\n`);
    await gateway.close().catch(() => undefined);
    process.exit(EXIT.failure);
  }
  if (stores.db) log.info({ replica: stores.replica }, 'shared stores ready (gateway.database)');
  return gateway;
}

export function onShutdown(log: Logger, close: () => Promise<void>): void {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down: closing sessions and writing the audit log');
    close()
      .catch((err: Error) => log.error({ err: err.message }, 'shutdown failed'))
      .finally(() => {
        log.flush();
        process.exit(EXIT.ok);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/**
 * A reader that stops reading (`gatehouse audit --json | head -1`) closes the pipe: the rest of
 * the output has nowhere to go, which is not an error of the command. Exit quietly instead of
 * crashing on EPIPE; `stdio` ends its session the same way its client closing stdin would.
 */
export function quietOnClosedPipe(onClosed: () => void = () => process.exit(EXIT.ok)): void {
  let seen = false;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
    if (seen) return;
    seen = true;
    onClosed();
  });
}

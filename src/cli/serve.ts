// `gatehouse serve`: run the gateway on its HTTP listener, reload the config on change and on
// SIGHUP (keeping the last good one when the new one is broken), flush the audit on exit.
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { ConfigError, formatIssue, type ConfigOutline } from '../config/load.ts';
import { readReload } from '../config/reload.ts';
import { watchConfigFile } from '../config/watch.ts';
import { Gateway } from '../gateway/gateway.ts';
import { createHttpListener, listen } from '../gateway/http-listener.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { EXIT } from './exit-codes.ts';
import { configOption, resolveConfigPath } from './options.ts';
import { loadOutlineOrExit, onShutdown, openGatewayOrExit } from './process.ts';

export function register(program: Command): void {
  program
    .command('serve', { isDefault: true })
    .description('run the gateway: MCP endpoints at /mcp and /mcp/<server> on gateway.listen')
    .addOption(configOption())
    .action(async (options: { config?: string }) => {
      await serve(resolveConfigPath(options.config));
    });
}

async function serve(file: string): Promise<void> {
  const log = createLogger();
  let running = loadOutlineOrExit(file);
  const { config } = running;
  const gateway = await openGatewayOrExit(config, log);
  const server = createHttpListener(gateway);
  try {
    const address = await listen(server, config.gateway.host, config.gateway.port);
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    log.info({ url: `http://${host}:${address.port}/mcp`, servers: [...config.servers.keys()], config: file }, 'gatehouse listening');
    // A wildcard address is no address for the other replicas: they get the host's name.
    const reachable = address.address === '0.0.0.0' || address.address === '::' ? hostname() : host;
    await gateway.announce(`http://${reachable}:${address.port}`).catch((err: Error) => log.warn({ err: err.message }, 'heartbeat not written; retrying'));
  } catch (err) {
    process.stderr.write(`gatehouse: cannot listen on ${config.gateway.host}:${config.gateway.port}: ${(err as Error).message}\n`);
    await gateway.close();
    process.exit(EXIT.failure);
  }

  void gateway.refreshCatalog();
  // One reload at a time; a change noticed during one runs once more after it.
  let reloading: Promise<void> | undefined;
  let again: string | undefined;
  const reload = (why: string): void => {
    if (reloading) {
      again = why;
      return;
    }
    reloading = reloadConfig(file, running, gateway, log, why)
      .then((next) => {
        if (next) running = next;
      })
      .finally(() => {
        reloading = undefined;
        if (again !== undefined) {
          const why = again;
          again = undefined;
          reload(why);
        }
      });
  };
  watchConfigFile(file, () => reload('the config file changed'));
  process.on('SIGHUP', () => reload('SIGHUP'));

  onShutdown(log, async () => {
    // Stop accepting, answer held calls and end sessions, and only then cut the connections,
    // so the answers reach their clients.
    server.close();
    await gateway.close();
    server.closeAllConnections();
  });
}

/** Applies the file's config when it is whole (see config/reload.ts); returns it, or undefined when refused. */
async function reloadConfig(file: string, running: ConfigOutline, gateway: Gateway, log: Logger, why: string): Promise<ConfigOutline | undefined> {
  let next: ConfigOutline;
  try {
    next = await readReload(file, running);
  } catch (err) {
    const errors = err instanceof ConfigError ? err.issues.map(formatIssue) : [(err as Error).message];
    log.error({ reason: why, errors },
      'new config refused; the running config stays in force');
    return undefined;
  }
  gateway.applyConfig(next.config);
  log.info({ reason: why, servers: next.config.servers.size, rules: next.config.policy.rules.length }, 'config reloaded');
  return next;
}

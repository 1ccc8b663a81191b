// `gatehouse serve`: run the gateway on its HTTP listener, reload the config on change and on
// SIGHUP (keeping the last good one when the new one is broken), flush the audit on exit.
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { ConfigError, formatIssue, loadConfig } from '../config/load.ts';
import type { Config } from '../config/types.ts';
import { watchConfigFile } from '../config/watch.ts';
import { Gateway } from '../gateway/gateway.ts';
import { createHttpListener, listen } from '../gateway/http-listener.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { EXIT } from './exit-codes.ts';
import { configOption, resolveConfigPath } from './options.ts';
import { loadOrExit, onShutdown, openGatewayOrExit } from './process.ts';

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
  const config = loadOrExit(file);
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
  const reload = (why: string) => reloadConfig(file, gateway, log, why);
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

function reloadConfig(file: string, gateway: Gateway, log: Logger, why: string): void {
  let config: Config;
  try {
    config = loadConfig(file);
  } catch (err) {
    const errors = err instanceof ConfigError ? err.issues.map(formatIssue) : [(err as Error).message];
    log.error({ reason: why, errors },
      'new config refused; the running config stays in force');
    return;
  }
  gateway.applyConfig(config);
  log.info({ reason: why, servers: config.servers.size, rules: config.policy.rules.length }, 'config reloaded');
}

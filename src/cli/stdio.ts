// `gatehouse stdio <server>`: MCP on stdin/stdout for clients that launch a command, with the
// same policy, limits and audit as over HTTP. Logs go to stderr: stdout carries MCP.
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { serveStdio, StdioChannel } from '../downstream/stdio.ts';
import { eraEndpoint } from '../downstream/stdio-era.ts';
import { ALL_SERVERS } from '../gateway/gateway.ts';
import { formatIssue, type ConfigIssue } from '../config/load.ts';
import { createLogger } from '../log/logger.ts';
import { EXIT } from './exit-codes.ts';
import { configOption, resolveConfigPath } from './options.ts';
import { loadOrExit, onShutdown, openGatewayOrExit } from './process.ts';

export function register(program: Command): void {
  program
    .command('stdio')
    .argument('<server>', `a server from the config, or "${ALL_SERVERS}" for all servers with prefixed names`)
    .description('speak MCP on stdin/stdout for clients that launch a command; the agent is the one whose key is in $GATEHOUSE_KEY, or named by the OAuth access token in $GATEHOUSE_TOKEN, else anonymous')
    .addOption(configOption())
    .action(async (server: string, options: { config?: string }) => {
      const file = resolveConfigPath(options.config);
      const log = createLogger({ destination: 2 });
      // Only this server's values must resolve: another server's unset ${VAR} is a warning, so
      // one client entry per server works with only its own secrets set.
      const warnings: ConfigIssue[] = [];
      const config = loadOrExit(file, {
        needsOnly: (path) => server === ALL_SERVERS || !path.startsWith('servers.') || path.startsWith(`servers.${server}.`),
        warnings,
      });
      for (const w of warnings) log.warn(formatIssue(w));
      const gateway = await openGatewayOrExit(config, log);
      if (!gateway.hasEndpoint(server)) {
        process.stderr.write(`gatehouse: no server named ${JSON.stringify(server)} in ${file}; servers: ${[...config.servers.keys()].join(', ')}\n`);
        await gateway.close();
        process.exit(EXIT.usage);
      }
      const key = process.env.GATEHOUSE_KEY;
      const token = process.env.GATEHOUSE_TOKEN;
      if (key && token) {
        process.stderr.write('gatehouse: set GATEHOUSE_KEY or GATEHOUSE_TOKEN, not both\n');
        await gateway.close();
        process.exit(EXIT.usage);
      }
      // A token is verified once, now, as the HTTP endpoints verify each request's.
      const identity = token ? await gateway.identifyToken(token, server) : gateway.identifyKey(key);
      if ('refused' in identity) {
        const hint = token ? 'GATEHOUSE_TOKEN must hold a valid access token for this gateway' : 'set GATEHOUSE_KEY to an agent\'s key, or GATEHOUSE_TOKEN to an access token';
        process.stderr.write(`gatehouse: ${identity.refused} (${hint})\n`);
        await gateway.close();
        process.exit(EXIT.usage);
      }
      log.debug({ agent: identity.agent, auth: identity.auth }, 'stdio session');
      const channel = new StdioChannel(process.stdout);
      const session = gateway.openSession(server, identity, randomUUID(), channel);
      const finish = async () => {
        await session.close();
        await gateway.close();
      };
      onShutdown(log, finish);
      // Either era: the first message chooses (initialize: stateful; a 2026-07-28 request: stateless).
      await serveStdio(process.stdin, channel, eraEndpoint(session, channel, (request, stream) => gateway.serveStateless(server, identity, request, stream)));
      // The client closed stdin: the session is over.
      await finish();
      log.flush();
      process.exit(EXIT.ok);
    });
}

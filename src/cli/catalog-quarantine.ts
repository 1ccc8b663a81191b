// `gatehouse catalog quarantined` and `gatehouse catalog accept <server/tool>`: review tools
// whose definition changed since the gateway first saw them, as a diff, and accept the change.
// They work on the gateway's own store, so a running gateway lets the tool out within seconds.
import type { Command } from 'commander';
import { openCommandStores, type Stores } from '../database/stores.ts';
import { definitionDiff } from '../catalog/registry.ts';
import { EXIT } from './exit-codes.ts';
import { configOption, resolveConfigPath } from './options.ts';
import { loadForCommand, type Output } from './validate.ts';

async function openStore(config: string | undefined, out: Output): Promise<Stores | number> {
  const loaded = loadForCommand(resolveConfigPath(config), out, process.env, EXIT.usage);
  if ('exit' in loaded) return loaded.exit;
  try {
    return await openCommandStores(loaded.config.gateway);
  } catch (err) {
    out.stderr(`gatehouse catalog: ${(err as Error).message}`);
    return EXIT.failure;
  }
}

export function registerQuarantine(catalog: Command, out: Output): void {
  catalog
    .command('quarantined')
    .description('tools held back because their definition changed, each with the change as a diff')
    .addOption(configOption())
    .option('--json', 'print JSON')
    .action(async (options: { config?: string; json?: boolean }) => {
      const stores = await openStore(options.config, out);
      if (typeof stores === 'number') return void (process.exitCode = stores);
      const held = (await stores.fingerprints.all()).filter((t) => t.pending);
      await stores.close();
      if (options.json) out.stdout(JSON.stringify(held.map((t) => ({ server: t.server, tool: t.tool, since: new Date(t.pending!.since).toISOString(), diff: definitionDiff(t) })), null, 2));
      else if (held.length === 0) out.stdout('no tool is quarantined');
      else for (const t of held) out.stdout(`${t.server}/${t.tool}: changed ${new Date(t.pending!.since).toISOString()}\n${definitionDiff(t)}`);
    });

  catalog
    .command('accept')
    .argument('<server/tool>', 'the quarantined tool whose new definition you accept')
    .description('accept a changed tool definition: it is listed and callable again')
    .addOption(configOption())
    .action(async (target: string, options: { config?: string }) => {
      const slash = target.indexOf('/');
      if (slash <= 0) {
        out.stderr(`gatehouse catalog accept: name the tool as server/tool, not ${JSON.stringify(target)}`);
        return void (process.exitCode = EXIT.usage);
      }
      const stores = await openStore(options.config, out);
      if (typeof stores === 'number') return void (process.exitCode = stores);
      const server = target.slice(0, slash);
      const tool = target.slice(slash + 1);
      const known = await stores.fingerprints.get(server, tool);
      if (!known?.pending) {
        out.stderr(known ? `gatehouse catalog accept: ${target} is not quarantined` : `gatehouse catalog accept: the gateway has never seen ${target}`);
        await stores.close();
        return void (process.exitCode = EXIT.no);
      }
      const diff = definitionDiff(known);
      await stores.fingerprints.accept(server, tool);
      await stores.close();
      out.stdout(`accepted the new definition of ${target}:\n${diff}`);
    });
}

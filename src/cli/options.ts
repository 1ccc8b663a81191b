// Options shared by several commands, defined once so every command reads them the same way.
import { Option } from 'commander';
import path from 'node:path';

/** `--config FILE`: the config file; `GATEHOUSE_CONFIG` or ./gatehouse.yaml when absent. */
export function configOption(): Option {
  return new Option('-c, --config <file>', 'config file (default: $GATEHOUSE_CONFIG or ./gatehouse.yaml)');
}

export function resolveConfigPath(given: string | undefined): string {
  return path.resolve(given ?? process.env.GATEHOUSE_CONFIG ?? 'gatehouse.yaml');
}

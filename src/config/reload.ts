// Reading a changed config for a running gateway: only a file that has stopped changing, that
// parses, and that still writes every section the running config had, replaces the running one.
// A half-written file (an editor or `cat >` mid-write) is refused; the next change retries.
import { readFile, stat } from 'node:fs/promises';
import { ConfigError, parseConfigOutline, type ConfigOutline } from './load.ts';

export interface StableReadOptions {
  /** The file must read the same (content, size, mtime) across this interval, in ms. */
  intervalMs?: number;
  /** Give up when it is still changing after this long, in ms. */
  maxWaitMs?: number;
}

/** Loads a config as `loadConfig` does, with the outline a later reload compares against. */
export async function loadOutline(file: string, env: NodeJS.ProcessEnv = process.env, options: StableReadOptions = {}): Promise<ConfigOutline> {
  return parseConfigOutline(await readStable(file, options), file, env);
}

/**
 * The next config for a gateway running `running`, or a ConfigError saying why not: the file is
 * still being written, it does not parse, or it drops a section (or a gateway key such as
 * `admin_token`) that the running config has. Dropping one on purpose takes a restart.
 */
export async function readReload(file: string, running: ConfigOutline, env: NodeJS.ProcessEnv = process.env, options: StableReadOptions = {}): Promise<ConfigOutline> {
  const next = await loadOutline(file, env, options);
  const missing = [
    ...[...running.sections].filter((k) => !next.sections.has(k)).map((k) => `${k}:`),
    ...(next.sections.has('gateway') ? [...running.gatewayKeys].filter((k) => !next.gatewayKeys.has(k)).map((k) => `gateway.${k}`) : []),
  ];
  if (missing.length > 0) {
    throw new ConfigError([{
      file, line: 1, column: 1,
      message: `the new config has no ${missing.join(', ')} but the running one has (a file cut short, or still being written?); to remove ${missing.length === 1 ? 'it' : 'them'}, restart the gateway`,
    }]);
  }
  return next;
}

/** The file's text once two reads `intervalMs` apart agree on content, size and mtime. */
export async function readStable(file: string, options: StableReadOptions = {}): Promise<string> {
  const intervalMs = options.intervalMs ?? 100;
  const maxWaitMs = options.maxWaitMs ?? 3_000;
  const deadline = Date.now() + maxWaitMs;
  let last = await snapshot(file);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    const now = await snapshot(file);
    if (now.text === last.text && now.size === last.size && now.mtimeMs === last.mtimeMs) return now.text;
    if (Date.now() > deadline) {
      throw new ConfigError([{ file, line: 1, column: 1, message: `the config file kept changing for ${maxWaitMs} ms (still being written?); not reloaded` }]);
    }
    last = now;
  }
}

async function snapshot(file: string): Promise<{ text: string; size: number; mtimeMs: number }> {
  try {
    // stat before and after the read: a write between them shows as a changed mtime next round.
    const before = await stat(file);
    const text = await readFile(file, 'utf8');
    return { text, size: before.size, mtimeMs: before.mtimeMs };
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new ConfigError([{ file, line: 1, column: 1, message: `cannot read the config file: ${why}` }], { unreadable: true });
  }
}

// Starts a real gateway process (`gatehouse serve`) on a free loopback port with a config
// written to a temporary folder, and stops it the way an operator would (SIGTERM).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const MAIN = path.join(ROOT, 'src/cli/main.ts');
export const NODE = process.execPath;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningGateway {
  url: string;
  port: number;
  dir: string;
  configFile: string;
  process: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
}

/** `body` is the config without `gateway.listen` and `gateway.data`, which are filled in. */
export async function startGateway(body: string, options: { env?: Record<string, string>; gatewayExtra?: string; startTimeoutMs?: number } = {}): Promise<RunningGateway> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-test-'));
  const port = await freePort();
  const configFile = path.join(dir, 'gatehouse.yaml');
  writeFileSync(configFile, `gateway:\n  listen: 127.0.0.1:${port}\n  data: ./data\n${options.gatewayExtra ?? ''}${body}\n`);
  return launchGateway(configFile, port, options.env, options.startTimeoutMs);
}

/** Starts `gatehouse serve` on an existing config (a restart keeps its port and data). */
export async function launchGateway(configFile: string, port: number, env: Record<string, string> = {}, startTimeoutMs = 15_000): Promise<RunningGateway> {
  const dir = path.dirname(configFile);
  const child = spawn(NODE, [MAIN, 'serve', '--config', configFile], {
    cwd: ROOT,
    env: { ...process.env, GATEHOUSE_LOG_LEVEL: 'debug', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gateway exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`gateway did not become healthy:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    dir,
    configFile,
    process: child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

/** Runs a `gatehouse` command to completion, as an operator in another terminal would. */
export function gatehouse(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(NODE, [MAIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The absolute command line of a fixture or npm server, for a config's `command`/`args`. */
export function nodeServer(script: string, ...args: string[]): string {
  return `{ command: ${JSON.stringify(NODE)}, args: ${JSON.stringify([path.resolve(ROOT, script), ...args])} }`;
}

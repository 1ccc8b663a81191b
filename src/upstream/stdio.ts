// Reaches an MCP server the gateway starts itself: newline-delimited JSON-RPC over the child's
// stdin/stdout, its stderr handed to the gateway's log line by line, tagged with the server.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { StdioServerConfig } from '../config/types.ts';
import type { JSONRPCMessage } from '../mcp/wire.ts';
import type { UpstreamTransport } from './transport.ts';
import { beforeUpstreamSend } from './before-send.ts';

/**
 * Variables a server may need to run at all. The rest of the gateway's environment (its admin
 * token, agents' keys, cloud credentials) is not the server's business and is not passed on.
 */
const INHERITED_ENV = ['HOME', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'USER', 'LANG', 'LC_ALL', 'TMPDIR', 'TZ', 'NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS', 'npm_config_cache', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME'];

export function upstreamEnvironment(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED_ENV) {
    const value = process.env[name];
    if (value !== undefined && !value.startsWith('()')) env[name] = value;
  }
  return { ...env, ...extra };
}

export interface StdioTransportOptions {
  onStderrLine?: (line: string) => void;
}

export class StdioUpstreamTransport implements UpstreamTransport {
  onclose?: (cause: string) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  onerror?: (error: Error) => void;
  /** The server's stderr, line by line; replaces the option's when set (a process changing hands). */
  onstderr?: (line: string) => void;
  readonly #config: StdioServerConfig;
  readonly #options: StdioTransportOptions;
  #child?: ChildProcess;
  #closed = false;

  constructor(config: StdioServerConfig, options: StdioTransportOptions = {}) {
    this.#config = config;
    this.#options = options;
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.#config.command, this.#config.args, {
        cwd: this.#config.cwd,
        env: upstreamEnvironment(this.#config.env),
        stdio: ['pipe', 'pipe', 'pipe'],
        windowsHide: true,
      });
      this.#child = child;
      child.once('spawn', () => resolve());
      child.once('error', (err) => {
        reject(err);
        this.#finish(`could not start ${this.#config.command}: ${err.message}`);
      });
      child.once('exit', (code, signal) => {
        this.#finish(signal ? `process was killed by ${signal}` : `process exited with code ${code}`);
      });
      child.stdin!.on('error', (err) => this.onerror?.(err));
      createInterface({ input: child.stdout!, crlfDelay: Infinity }).on('line', (line) => this.#onLine(line));
      createInterface({ input: child.stderr!, crlfDelay: Infinity }).on('line', (line) => (this.onstderr ?? this.#options.onStderrLine)?.(line));
    });
  }

  #onLine(line: string): void {
    if (line.trim() === '') return;
    let message: JSONRPCMessage;
    try {
      message = JSON.parse(line) as JSONRPCMessage;
    } catch {
      this.onerror?.(new Error(`server wrote a line that is not JSON: ${line.slice(0, 200)}`));
      return;
    }
    this.onmessage?.(message);
  }

  /** The process runs and its stdin takes messages (it has not exited or been closed). */
  get alive(): boolean {
    const child = this.#child;
    return !this.#closed && child !== undefined && child.exitCode === null && child.signalCode === null && child.stdin?.writable === true;
  }

  #finish(cause: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.onclose?.(cause);
  }

  /**
   * Queues a message for the server. Messages sent in one turn of the event loop go out in one
   * write at its end: with many clients on one server, one pipe write (and one wake-up of the
   * server) carries all the calls that arrived together. A write that fails later is the
   * process dying, which onclose reports with its cause.
   */
  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.#child?.stdin;
    if (!stdin || this.#closed || !stdin.writable) return Promise.reject(new Error('the server process is not running'));
    if (this.#outbox.push(JSON.stringify(message)) === 1) setImmediate(() => this.#flush());
    return Promise.resolve();
  }

  #outbox: string[] = [];

  #flush(): void {
    const lines = this.#outbox;
    if (lines.length === 0) return;
    this.#outbox = [];
    const stdin = this.#child?.stdin;
    if (!stdin?.writable) return;
    beforeUpstreamSend();
    stdin.write(lines.join('\n') + '\n');
  }

  async close(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      this.#finish('closed by the gateway');
      return;
    }
    // Ask politely (end stdin, as MCP's stdio transport says), then insist.
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.#finish('closed by the gateway');
    this.#flush();
    child.stdin?.end();
    const term = setTimeout(() => child.kill('SIGTERM'), 2000);
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(term);
    clearTimeout(kill);
  }
}

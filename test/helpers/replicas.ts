// Several real gateway replicas (`gatehouse serve` processes, one config each, the same body)
// sharing one PostgreSQL database and Redis, behind a real round-robin balancer: HAProxy from
// Debian, no sticky sessions, on private ports. Health checks take a dead replica out, and a
// request whose connection is refused is sent to another replica (redispatch).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, startGateway, type RunningGateway } from './gateway.ts';

export interface Balancer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface ReplicaSet {
  replicas: RunningGateway[];
  balancer: Balancer;
  stop(): Promise<void>;
}

/** `body` is the config below `gateway:`'s listen and data; `gatewayExtra` lines go into `gateway:`. */
export async function startReplicas(count: number, body: string, options: { database: string; redis?: string; gatewayExtra?: string }): Promise<ReplicaSet> {
  // Started together, as a deployment would: the first start creates the schema, under a lock.
  const replicas = await Promise.all(Array.from({ length: count }, (_, i) => startGateway(body, {
    gatewayExtra: `  database: ${options.database}\n  replica: r${i}\n${options.redis ? `  redis: ${options.redis}\n` : ''}${options.gatewayExtra ?? ''}`,
    env: { GATEHOUSE_LOG_LEVEL: 'info' },
    // Three Node processes starting at once on a busy 2-core machine take their time.
    startTimeoutMs: 60_000,
  })));
  let balancer: Balancer;
  try {
    balancer = await startHaproxy(replicas.map((r) => r.port));
  } catch (err) {
    // No balancer (haproxy missing): the replicas must not outlive the failure, or the test
    // process waits on them for ever instead of reporting it.
    await Promise.all(replicas.map((r) => r.stop()));
    throw err;
  }
  return {
    replicas,
    balancer,
    stop: async () => {
      await balancer.stop();
      await Promise.all(replicas.map((r) => r.stop()));
    },
  };
}

export async function startHaproxy(ports: number[]): Promise<Balancer> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-haproxy-'));
  const file = path.join(dir, 'haproxy.cfg');
  writeFileSync(file, `global
  maxconn 2000

defaults
  mode http
  timeout connect 1s
  timeout client 120s
  timeout server 120s
  timeout tunnel 120s
  retries 3
  option redispatch 1

frontend mcp
  bind 127.0.0.1:${port}
  default_backend gatehouse

backend gatehouse
  balance roundrobin
  option httpchk GET /healthz
${ports.map((p, i) => `  server r${i} 127.0.0.1:${p} check inter 500 fall 2 rise 2`).join('\n')}
`);
  const child = spawn('haproxy', ['-f', file, '-db'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  // Without this, a missing binary is an unhandled 'error' event that kills the whole run.
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (spawnError) throw new Error(`haproxy could not be started (${spawnError.message}): install it (Debian: apt-get install haproxy; .ci/run does)`);
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`haproxy did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    process: child,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

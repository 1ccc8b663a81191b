// `gatehouse catalog` as an operator runs it: commander parses the options, a real config starts
// the seed server (and one that dies at once), and the table, JSON and exit codes are checked.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { Command } from 'commander';
import { register, runCatalog, type CatalogEntry } from '../src/cli/catalog.ts';

const SEED = path.resolve(import.meta.dirname, 'fixtures/seed-server.ts');
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function configWith(servers: Record<string, { command: string; args: string[] }>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-cli-catalog-'));
  dirs.push(dir);
  const file = path.join(dir, 'gatehouse.yaml');
  const lines = Object.entries(servers).map(([name, s]) => `  ${name}: { command: ${JSON.stringify(s.command)}, args: ${JSON.stringify(s.args)} }`);
  writeFileSync(file, `servers:\n${lines.join('\n')}\n`);
  return file;
}

const seed = { command: process.execPath, args: [SEED] };
const dead = { command: process.execPath, args: ['-e', 'process.exit(3)'] };

/** Runs `gatehouse catalog ...args` through commander; returns its output and exit code. */
async function catalog(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const program = new Command('gatehouse').exitOverride();
  register(program, { stdout: (t) => (out += `${t}\n`), stderr: (t) => (err += `${t}\n`) });
  const before = process.exitCode;
  try {
    await program.parseAsync(['catalog', ...args], { from: 'user' });
    return { code: Number(process.exitCode ?? 0), out, err };
  } finally {
    // The command sets the process's exit code; the test runner's must not inherit it.
    process.exitCode = before;
  }
}

describe('gatehouse catalog', () => {
  test('prints a table with the seed case: create_api_key is Write, medium, 0 required, medium confidence', async () => {
    const { code, out, err } = await catalog('--config', configWith({ valkey: seed }));
    assert.equal(code, 0, err);
    const lines = out.trimEnd().split('\n');
    assert.match(lines[0], /^SERVER\/TOOL\s+CATEGORY\s+RISK\s+REQUIRED\s+CONFIDENCE\s+RATIONALE$/);
    const row = lines.find((l) => l.startsWith('valkey/create_api_key '));
    assert.ok(row, out);
    assert.match(row, /^valkey\/create_api_key\s+Write\s+medium\s+0\s+medium\s+The server gives no description/);
    assert.match(out, /valkey\/delete_key\s+Destructive\s+critical\s+1\s+high/);
    assert.match(out, /valkey\/get\s+Read\s+low\s+1\s+high/);
    assert.equal(lines.length, 1 + 7, 'a header and the seed server\'s seven tools');
  });

  test('--json gives every field, the evidence and a suggested rule', async () => {
    const { code, out } = await catalog('--config', configWith({ valkey: seed }), '--json');
    assert.equal(code, 0);
    const entries = JSON.parse(out) as CatalogEntry[];
    const key = entries.find((e) => e.tool === 'create_api_key');
    assert.ok(key);
    assert.equal(key.server, 'valkey');
    assert.equal(key.category, 'Write');
    assert.equal(key.risk, 'medium');
    assert.equal(key.requiredParams, 0);
    assert.notEqual(key.confidence, 'high');
    assert.match(key.rationale, /credentials \(an API key\)/);
    assert.ok(key.flags.includes('empty-description'));
    assert.deepEqual(key.evidence[0], { source: 'name', text: 'create api key', points: 'creates or changes something' });
    assert.match(key.suggestedRule, /- tool: "valkey\/create_api_key"\n  action: rate_limit\n  rate_limit: \{ max: 10, window: 60 \}/);
  });

  test('a server that fails is reported on stderr, the others still print, and the exit code is 1', async () => {
    const { code, out, err } = await catalog('--config', configWith({ broken: dead, valkey: seed }));
    assert.equal(code, 1);
    assert.match(err, /^gatehouse catalog: broken: .*exited with code 3/m);
    assert.match(out, /valkey\/create_api_key\s+Write/);
  });

  test('--server limits the listing; an unknown server or a missing config is a usage error', async () => {
    const file = configWith({ broken: dead, valkey: seed });
    const only = await catalog('--config', file, '--server', 'valkey');
    assert.equal(only.code, 0, only.err);
    assert.equal(only.err, '');
    const unknown = await catalog('--config', file, '--server', 'nope');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /no server named "nope".*configured: broken, valkey/);
    const missing = await catalog('--config', path.join(path.dirname(file), 'absent.yaml'));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /cannot read the config file/);
  });

  test('runCatalog writes through the given output', async () => {
    const lines: string[] = [];
    const code = await runCatalog({ config: configWith({ valkey: seed }), server: ['valkey'] }, { stdout: (t) => lines.push(t), stderr: (t) => lines.push(`ERR ${t}`) });
    assert.equal(code, 0);
    assert.match(lines.join('\n'), /valkey\/echo\s+Read/);
  });
});

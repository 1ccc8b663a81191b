// Real MCP clients for tests: the official SDK client over Streamable HTTP and over a
// launched `gatehouse stdio` process.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { MAIN, NODE, ROOT } from './gateway.ts';

export async function httpClient(url: string, options: { key?: string; name?: string } = {}): Promise<Client> {
  const headers: Record<string, string> = {};
  if (options.key) headers.Authorization = `Bearer ${options.key}`;
  const client = new Client({ name: options.name ?? 'gatehouse-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

export async function stdioClient(configFile: string, server: string, env: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'gatehouse-stdio-test', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: NODE, args: [MAIN, 'stdio', server, '--config', configFile], cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stderr: 'pipe' }));
  return client;
}

/** The text of a tool result's first content block. */
export function textOf(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content.find((c) => c.type === 'text')?.text ?? '';
}

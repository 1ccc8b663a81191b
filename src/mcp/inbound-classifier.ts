// The SDK's era classifier for an inbound message (the 2026-07-28 validation ladder), loaded
// when it is first needed. The server package it lives in weighs ~6 MiB once loaded (its
// bundled JSON Schema validator among it), and a gateway whose clients all speak the stateful
// era never calls it: stateful POSTs take classifyPost's fast path (stateless-http.ts).
// Loaded synchronously (require of the package's ES module entry, the same module instance an
// `import` would give), so the first modern request waits a few milliseconds, once.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { classifyInboundRequest } from '@modelcontextprotocol/server';

export type { InboundClassificationOutcome } from '@modelcontextprotocol/server';

let loaded: typeof classifyInboundRequest | undefined;

export function classifyInbound(...args: Parameters<typeof classifyInboundRequest>): ReturnType<typeof classifyInboundRequest> {
  loaded ??= (createRequire(import.meta.url)(fileURLToPath(import.meta.resolve('@modelcontextprotocol/server'))) as { classifyInboundRequest: typeof classifyInboundRequest }).classifyInboundRequest;
  return loaded(...args);
}

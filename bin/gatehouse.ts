#!/usr/bin/env -S node --max-semi-space-size=4
// The `gatehouse` command. The flag caps V8's young generation at 4 MiB per semi-space (the
// default lets it grow to 32): the gateway's garbage is short-lived and small, so scavenges stay
// cheap, and a gateway holding 1,000 idle sessions keeps ~40 MiB less resident (docs/PERFORMANCE.md).
// `npm start` passes the same flag.
import '../src/cli/main.ts';

import { httpClient, textOf } from './test/helpers/client.ts';
const url = process.argv[2];
const sessions = await Promise.all(Array.from({ length: 4 }, () => httpClient(url)));
let ok = 0; const errors: string[] = [];
await Promise.all(sessions.map(async (c, s) => {
  for (let i = 0; i < 20; i++) {
    try {
      const r = await c.callTool({ name: 'echo', arguments: { text: `walk-${s}-${i}` } });
      if (textOf(r) === `walk-${s}-${i}`) ok++; else errors.push(textOf(r));
    } catch (err) { errors.push((err as Error).message); }
  }
}));
console.log(`ok ${ok} of 80; errors: ${JSON.stringify(errors.slice(0, 3))}`);
if (process.argv[3] === 'held') {
  const r = await sessions[0].callTool({ name: 'delete_key', arguments: { key: 'walk' } }, { timeout: 120_000 });
  console.log('held call:', r.isError, textOf(r));
}
await Promise.all(sessions.map((c) => c.close()));

// The worker thread behind WorkerAuditStore: owns the SQLite audit store and answers requests
// one at a time, so the gateway's event loop never waits on a write or a checkpoint's fsync.
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteAuditStore } from './sqlite-store.ts';
import { serializeError, type WorkerReply, type WorkerRequest } from './worker-store.ts';

const port = parentPort!;
const reply = (message: WorkerReply) => port.postMessage(message);

let store: SqliteAuditStore;
try {
  store = new SqliteAuditStore((workerData as { dataDir: string }).dataDir);
  reply({ id: 0, ok: true });
  port.on('message', (request: WorkerRequest) => answer(request));
} catch (err) {
  // Nothing more to do here: the thread ends and the next request starts a fresh one.
  reply({ id: 0, ok: false, error: serializeError(err) });
  port.close();
}

async function answer(request: WorkerRequest): Promise<void> {
  try {
    let value: unknown;
    if (request.op === 'insert') value = await store.insertBatch(request.records);
    else if (request.op === 'query') value = await store.query(request.filter);
    else if (request.op === 'count') value = await store.count(request.filter);
    else value = await store.close();
    reply({ id: request.id, ok: true, value });
    if (request.op === 'close') port.close();
  } catch (err) {
    reply({ id: request.id, ok: false, error: serializeError(err) });
  }
}

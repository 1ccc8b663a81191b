// Preloaded (`node --import bench/lib/loopback.ts ...`) into a peer proxy that has no option for
// the address it binds (supergateway calls `app.listen(port)`, which means every interface): a
// listen() given a port and no host binds 127.0.0.1 instead. The benchmark stays on loopback.
import net from 'node:net';

type Listen = (this: net.Server, ...args: unknown[]) => net.Server;
const original = net.Server.prototype.listen as unknown as Listen;

(net.Server.prototype as unknown as { listen: Listen }).listen = function (this: net.Server, ...args: unknown[]): net.Server {
  const [port, second] = args;
  if ((typeof port === 'number' || typeof port === 'string') && /^\d+$/.test(String(port)) && (args.length === 1 || typeof second === 'function' || second === undefined)) {
    args.splice(1, second === undefined && args.length > 1 ? 1 : 0, '127.0.0.1');
  } else if (port !== null && typeof port === 'object' && !('path' in port) && !('fd' in port) && !('host' in port)) {
    args[0] = { ...(port as object), host: '127.0.0.1' };
  }
  return original.apply(this, args);
};

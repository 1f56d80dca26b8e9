import { Socket } from 'node:net';

/**
 * Relays one accepted client connection to a TCP target, both ways, and tracks both sockets in
 * `sockets` until they close, so a test proxy can cut every relayed connection at once.
 */
export function relayTo(
  client: Socket,
  target: { host: string; port: number },
  sockets: Set<Socket>,
): void {
  const upstream = new Socket();
  upstream.connect(target.port, target.host);
  for (const socket of [client, upstream]) {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  }
  client.pipe(upstream).pipe(client);
}

import { createServer, connect, type Server, type Socket } from 'node:net';

export type ProxyMode = 'forward' | 'drop-replies';

export interface TcpProxy {
  port: number;
  /** `drop-replies`: requests still reach the server, its answers never come back. */
  setMode(mode: ProxyMode): void;
  close(): Promise<void>;
}

/**
 * A loopback TCP relay in front of a database server, for faults the server itself
 * cannot be made to show on demand: a write that is applied but whose answer is lost.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = 'forward';
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d) => {
      if (mode === 'forward') client.write(d);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    setMode: (m) => (mode = m),
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

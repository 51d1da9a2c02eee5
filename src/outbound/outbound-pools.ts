import { createOutboundClient, type HostLookup, type OutboundClient } from './http-client.ts';

/**
 * The one owner of the gateway's outbound connection pools. Every module that calls out
 * (webhook delivery, enrichment, agent workers, HTTP senders) gets its client from here,
 * so a stopping gateway closes all of them in one place and none keeps sockets open.
 */
export interface OutboundPools {
  /** A new pool for one caller; `name` says whose it is (in `open()` and logs). */
  client(name: string, opts?: { connectionsPerOrigin?: number }): OutboundClient;
  /** The names of the pools created and not yet closed, as the pools themselves report it. */
  open(): string[];
  /** Closes every pool created; later `client()` calls fail. */
  closeAll(): Promise<void>;
}

export function createOutboundPools(opts: { allowPrivateNetwork: boolean; lookup?: HostLookup }): OutboundPools {
  const pools: { name: string; client: OutboundClient }[] = [];
  let closed = false;
  return {
    client(name, poolOpts) {
      if (closed) throw new Error(`outbound pools are closed: cannot open "${name}"`);
      const client = createOutboundClient({ allowPrivateNetwork: opts.allowPrivateNetwork, lookup: opts.lookup, ...poolOpts });
      pools.push({ name, client });
      return client;
    },
    open: () => pools.filter((p) => !p.client.isClosed()).map((p) => p.name),
    async closeAll() {
      closed = true;
      await Promise.all(pools.map((p) => (p.client.isClosed() ? undefined : p.client.close())));
    },
  };
}

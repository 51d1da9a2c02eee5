import type { Clock } from '../domain/shared/clock.ts';
import type { EndpointRecord, EndpointStore } from '../domain/webhooks/types.ts';

/**
 * The dispatcher's reads of endpoint records, each remembered with the time it was made,
 * so a chain's successors can be sent with the record their predecessor was sent with
 * while it is fresh, instead of reading it again for every few deliveries.
 */
// Past this many endpoints remembered, the newest reads are forgotten (they are only a shortcut).
const MAX_NEWEST = 10_000;

export function createEndpointReads(deps: { endpoints: Pick<EndpointStore, 'findById' | 'listEnabled'>; clock: Clock }) {
  const readAt = new WeakMap<EndpointRecord, number>();
  /** The newest record read of each endpoint, so chains of many keys share one read. */
  const newest = new Map<string, { e: EndpointRecord; at: number }>();
  const note = <T extends EndpointRecord | null>(e: T, at: number): T => {
    if (!e) return e;
    readAt.set(e, at);
    const key = `${e.orgId}\u0000${e.id}`;
    const seen = newest.get(key);
    if (!seen || seen.at <= at) {
      if (newest.size >= MAX_NEWEST && !seen) newest.clear();
      newest.set(key, { e, at });
    }
    return e;
  };
  return {
    async findById(orgId: string, id: string): Promise<EndpointRecord | null> {
      const at = deps.clock.now().getTime();
      return note(await deps.endpoints.findById(orgId, id), at);
    },
    async listEnabled(orgId: string): Promise<EndpointRecord[]> {
      const at = deps.clock.now().getTime();
      const list = await deps.endpoints.listEnabled(orgId);
      for (const e of list) note(e, at);
      return list;
    },
    /** The newest record of the endpoint read here within the last `maxAgeMs`, if any. */
    freshest(orgId: string, id: string, maxAgeMs: number): EndpointRecord | undefined {
      const seen = newest.get(`${orgId}\u0000${id}`);
      return seen && seen.at >= deps.clock.now().getTime() - maxAgeMs ? seen.e : undefined;
    },
    /** Whether this record was read here within the last `maxAgeMs` (a record not read here never is). */
    isFresh(e: EndpointRecord, maxAgeMs: number): boolean {
      const at = readAt.get(e);
      return at !== undefined && at >= deps.clock.now().getTime() - maxAgeMs;
    },
  };
}

export type EndpointReads = ReturnType<typeof createEndpointReads>;

import type { Clock } from '../domain/shared/clock.ts';
import type { EndpointRecord, EndpointStore } from '../domain/webhooks/types.ts';

/**
 * The dispatcher's reads of endpoint records, each remembered with the time it was made,
 * so a chain's successors can be sent with the record their predecessor was sent with
 * while it is fresh, instead of reading it again for every few deliveries.
 */
export function createEndpointReads(deps: { endpoints: Pick<EndpointStore, 'findById' | 'listEnabled'>; clock: Clock }) {
  const readAt = new WeakMap<EndpointRecord, number>();
  const note = <T extends EndpointRecord | null>(e: T, at: number): T => {
    if (e) readAt.set(e, at);
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
    /** Whether this record was read here within the last `maxAgeMs` (a record not read here never is). */
    isFresh(e: EndpointRecord, maxAgeMs: number): boolean {
      const at = readAt.get(e);
      return at !== undefined && at >= deps.clock.now().getTime() - maxAgeMs;
    },
  };
}

export type EndpointReads = ReturnType<typeof createEndpointReads>;

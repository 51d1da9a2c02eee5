import { describe, expect, it } from 'vitest';
import { manualClock } from '../domain/shared/clock.ts';
import type { EndpointRecord } from '../domain/webhooks/types.ts';
import { createEndpointReads } from './endpoint-reads.ts';
import { endpointRecord, memoryEndpoints } from './memory-ports.ts';

const T0 = new Date('2026-01-01T00:00:00Z');
const endpoint = (id: string, over: Partial<EndpointRecord> = {}): EndpointRecord => endpointRecord(id, over, T0);

describe('endpoint reads', () => {
  it('offers the newest record read of an endpoint while it is fresh, to every chain', async () => {
    const clock = manualClock(T0);
    const stored = [endpoint('a')];
    const reads = createEndpointReads({ endpoints: { ...memoryEndpoints(stored), listEnabled: async () => [] }, clock });
    expect(reads.freshest('org', 'a', 1_000)).toBeUndefined();
    const first = await reads.findById('org', 'a');
    expect(reads.freshest('org', 'a', 1_000)).toBe(first);
    expect(reads.freshest('other', 'a', 1_000)).toBeUndefined();
    clock.advance(600);
    stored[0] = endpoint('a', { enabled: false });
    const second = await reads.findById('org', 'a');
    clock.advance(600);
    // The first read is now 1.2 s old; the second, 0.6 s, is the one offered.
    expect(reads.freshest('org', 'a', 1_000)).toBe(second);
    expect(reads.freshest('org', 'a', 1_000)?.enabled).toBe(false);
    clock.advance(500);
    expect(reads.freshest('org', 'a', 1_000)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { createOutboundPools } from './outbound-pools.ts';

describe('outbound pools', () => {
  it('names the pools it opened until closeAll() closes every one, and refuses new ones after', async () => {
    const pools = createOutboundPools({ allowPrivateNetwork: true });
    const a = pools.client('a');
    const b = pools.client('b', { connectionsPerOrigin: 2 });
    expect(pools.open()).toEqual(['a', 'b']);
    await a.close();
    expect(pools.open()).toEqual(['b']);
    await pools.closeAll();
    expect(pools.open()).toEqual([]);
    expect(a.isClosed() && b.isClosed()).toBe(true);
    expect(() => pools.client('c')).toThrow(/closed/);
  });
});

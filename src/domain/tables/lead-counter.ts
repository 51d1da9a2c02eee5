import type { Clock } from '../shared/clock.ts';
import { LEAD_COUNT_QUIET_MS, type LeadCounter, type TableStore } from './table-types.ts';

/**
 * Keeps `leadCount` through row writes: the table is marked stale before a write and
 * adjusted after it. The sweep recounts marks a crash left behind, so marking also makes
 * sure the sweep is scheduled.
 */
export function createLeadCounter(deps: {
  store: Pick<TableStore, 'markLeadCountStale' | 'incrementLeadCount'>;
  clock: Clock;
  ensureSweep: () => Promise<unknown>;
}): LeadCounter {
  return {
    // A mark younger than half the quiet window already keeps the sweep away until this
    // write has long finished, so busy tables do not pay one more write per request.
    async willChange(table) {
      const now = deps.clock.now();
      if (table.leadCountStaleSince && now.getTime() - table.leadCountStaleSince.getTime() < LEAD_COUNT_QUIET_MS / 2) return;
      await deps.store.markLeadCountStale(table.orgId, table.id, now);
      await deps.ensureSweep();
    },
    adjust: (orgId, tableId, delta) => deps.store.incrementLeadCount(orgId, tableId, delta),
  };
}

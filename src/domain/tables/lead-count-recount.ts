import type { RowStore } from '../rows/row-types.ts';
import type { Clock } from '../shared/clock.ts';
import { LEAD_COUNT_QUIET_MS, type TableStore } from './table-types.ts';

export interface LeadCountRecounterDeps {
  tableStore: Pick<TableStore, 'staleLeadCounts' | 'correctLeadCount'>;
  rows: Pick<RowStore, 'count'>;
  clock: Clock;
  /** A table marked stale this long ago has no live writer left; its lead count is recounted. */
  leadCountQuietMs?: number;
}

/**
 * Why a recount in the sweep rather than counting rows on every read: a count over
 * 100k rows costs ~120 ms on the embedded server per table, which getTable and
 * listTables would pay on every call. The counter stays; a write marks the table stale
 * before touching rows, and once no write has marked it for `leadCountQuietMs` (so no
 * writer can still be between its row write and its $inc) the rows are counted and the
 * value is set by a compare-and-set on the mark, which a newer write's mark defeats.
 */
export function createLeadCountRecounter(deps: LeadCountRecounterDeps) {
  return {
    /** Corrects the lead counts of tables quiet since they were marked; returns how many changed. */
    async recount(): Promise<number> {
      const before = new Date(deps.clock.now().getTime() - (deps.leadCountQuietMs ?? LEAD_COUNT_QUIET_MS));
      let corrected = 0;
      for (const t of await deps.tableStore.staleLeadCounts(before, 100)) {
        const count = await deps.rows.count(t.orgId, t.id, { conditions: [], sort: null });
        if (await deps.tableStore.correctLeadCount(t.orgId, t.id, t.since, count)) corrected += 1;
      }
      return corrected;
    },
  };
}

export type LeadCountRecounter = ReturnType<typeof createLeadCountRecounter>;

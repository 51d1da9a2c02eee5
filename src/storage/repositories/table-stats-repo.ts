import type { Db } from 'mongodb';
import { ACTIVE_CELL_RUN } from '../../domain/table-runs/table-run-types.ts';
import type { TableStatsSource } from '../../domain/tables/table-stats.ts';
import { CELL_RUNS_COLLECTION } from './cell-runs-repo.ts';
import { ENRICHMENT_RUNS_COLLECTION } from './enrichment-runs-repo.ts';

// Read-only aggregates behind `include=stats`; both collections are indexed by tableId.
export function createTableStatsRepo(db: Db): TableStatsSource {
  const batches = db.collection(ENRICHMENT_RUNS_COLLECTION);
  const cells = db.collection(CELL_RUNS_COLLECTION);
  return {
    async upsertTotals(orgId, tableId) {
      const [g] = await batches
        .aggregate<{ inserted: number; updated: number; skipped: number }>([
          { $match: { tableId, orgId, phase: 'written' } },
          {
            $group: {
              _id: null,
              inserted: { $sum: '$outcomeCounts.inserted' },
              updated: { $sum: '$outcomeCounts.updated' },
              skipped: { $sum: '$outcomeCounts.skipped' },
            },
          },
        ])
        .toArray();
      return { inserted: g?.inserted ?? 0, updated: g?.updated ?? 0, skipped: g?.skipped ?? 0 };
    },
    async columnRuns(orgId, tableId) {
      const groups = await cells
        .aggregate<{ _id: string; totalRuns: number; rows: (string | null)[] }>([
          { $match: { tableId, orgId } },
          {
            $group: {
              _id: '$columnId',
              totalRuns: { $sum: { $cond: [{ $gt: ['$attempts', 0] }, 1, 0] } },
              // Current runs belong to live rows (a deleted row's runs are retired).
              rows: { $addToSet: { $cond: ['$current', '$rowId', null] } },
            },
          },
        ])
        .toArray();
      return groups.map((g) => ({ columnId: g._id, totalRuns: g.totalRuns, rowsWithRun: g.rows.filter((r) => r !== null).length }));
    },
    async running(orgId, tableId) {
      const [g] = await cells
        .aggregate<{ rows: string[]; oldest: Date | null }>([
          { $match: { tableId, orgId, status: { $in: ACTIVE_CELL_RUN } } },
          { $group: { _id: null, rows: { $addToSet: '$rowId' }, oldest: { $min: '$createdAt' } } },
        ])
        .toArray();
      return { runningLeads: g?.rows.length ?? 0, oldestActiveRunStartedAt: g?.oldest ?? null };
    },
  };
}

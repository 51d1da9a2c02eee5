import type { TableRecord } from './table-types.ts';

// The published `include=stats` economics block, filled from what the gateway records.
// The gateway spends no credits (every `credits.lifetimeUsed` is 0), has no lead sources,
// no exclusion lists and no relevance conditions, so those figures are 0, empty or null;
// the funnel comes from the table's upsert outcomes (a row that matched an existing lead
// is the dedup), running and per-column figures from its cell runs.

export interface UpsertTotals {
  inserted: number;
  updated: number;
  skipped: number;
}

export interface ColumnRuns {
  columnId: string;
  /** Lifetime cell runs of the column that were attempted at least once. */
  totalRuns: number;
  /** Live rows that have a run of the column (their current run). */
  rowsWithRun: number;
}

export interface TableStatsSource {
  upsertTotals(orgId: string, tableId: string): Promise<UpsertTotals>;
  columnRuns(orgId: string, tableId: string): Promise<ColumnRuns[]>;
  running(orgId: string, tableId: string): Promise<{ runningLeads: number; oldestActiveRunStartedAt: Date | null }>;
}

export interface ColumnStats {
  avgCreditsPerRun: number;
  callRate: number;
  totalRuns: number;
}

const rate = (part: number, whole: number) => (whole > 0 ? Math.min(1, part / whole) : null);

export async function computeTableStats(source: TableStatsSource, table: TableRecord) {
  const [totals, columns, running] = await Promise.all([
    source.upsertTotals(table.orgId, table.id),
    source.columnRuns(table.orgId, table.id),
    source.running(table.orgId, table.id),
  ]);
  const sourced = totals.inserted + totals.updated + totals.skipped;
  const deduped = totals.updated + totals.skipped;
  const leads = Math.max(0, table.leadCount);
  const byColumn = new Map(columns.map((c) => [c.columnId, c]));
  const columnStats = new Map<string, ColumnStats>(
    table.columns.map((c) => {
      const runs = byColumn.get(c.id);
      return [c.id, { avgCreditsPerRun: 0, callRate: rate(runs?.rowsWithRun ?? 0, leads) ?? 0, totalRuns: runs?.totalRuns ?? 0 }];
    }),
  );
  const stats = {
    creditsPerLead: 0,
    creditsPerQualifiedLead: 0,
    findMoreEstimatedCredits: 0,
    qualification: null,
    funnel: {
      totalSourcedLeads: sourced,
      postStaticLeads: sourced - deduped,
      dedupedLeads: deduped,
      dedupRate: rate(deduped, sourced),
      excludedLeads: 0,
      excludedRate: sourced > 0 ? 0 : null,
    },
    running: { runningLeads: running.runningLeads, oldestActiveRunStartedAt: running.oldestActiveRunStartedAt?.toISOString() ?? null },
    leadSources: [] as never[],
    hasUnknownTotalWithMore: false,
  };
  return { stats, columnStats };
}

export type TableStats = Awaited<ReturnType<typeof computeTableStats>>;

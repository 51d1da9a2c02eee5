export type ColumnKind = 'input' | 'enrichment' | 'score' | 'sequence';

export const DEFAULT_ENRICHMENT_TIMEOUT_MS = 10_000;

export interface EnrichmentSettings {
  url: string;
  timeoutMs: number;
  /** The column's own `whsec_` secret: each enrichment endpoint verifies only its column's calls. */
  secret: string;
}

export interface ColumnRecord {
  id: string;
  name: string;
  slug: string;
  kind: ColumnKind;
  enrichment: EnrichmentSettings | null;
  createdAt: Date;
  /**
   * A sequence column added by a campaign draft not yet committed: the campaign's id,
   * removed once the campaign is stored. A draft that fails and is never retried leaves
   * it, so the sweep of abandoned drafts finds the column even when no sequence was stored.
   */
  draftOf?: string;
}

export interface TableRecord {
  id: string;
  orgId: string;
  name: string;
  columns: ColumnRecord[];
  /**
   * Live rows, kept by $inc after every insert and soft delete. A crash between the row
   * write and the $inc leaves it wrong, so `leadCountStaleSince` is set before such a write
   * and the recovery sweep recounts the table once it has been quiet (see sweep()).
   */
  leadCount: number;
  leadCountStaleSince?: Date;
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Per column id: cells with a queued/running run and cells whose latest run errored. */
export type CellLiveness = Map<string, { running: number; errored: number }>;

export interface TableStore {
  insert(table: TableRecord): Promise<void>;
  findById(orgId: string, id: string): Promise<TableRecord | null>;
  list(orgId: string, page: { limit: number; cursor?: string }): Promise<{ items: TableRecord[]; nextCursor: string | null }>;
  rename(orgId: string, id: string, name: string, at: Date): Promise<TableRecord | null>;
  softDelete(orgId: string, id: string, at: Date): Promise<boolean>;
  /** Appends unless the slug is taken; false when it is (or the table is gone). */
  addColumn(orgId: string, tableId: string, column: ColumnRecord, at: Date): Promise<boolean>;
  /** Writes the column list if the table is still at `expectedUpdatedAt`; false otherwise. */
  replaceColumns(orgId: string, tableId: string, expectedUpdatedAt: Date, columns: ColumnRecord[], at: Date): Promise<boolean>;
  removeColumn(orgId: string, tableId: string, columnId: string, at: Date): Promise<boolean>;
  /**
   * Removes a `sequence` column only while no row (live or deleted) holds a value in it;
   * true when removed. The caller must have made sure nothing can write into it any more
   * (see the implementation): a row write and this removal are not one atomic step.
   */
  removeEmptySequenceColumn(orgId: string, tableId: string, columnId: string, at: Date): Promise<boolean>;
  /** Removes a column's `draftOf` mark (its campaign is stored, or the column is kept). */
  unmarkDraftColumn(orgId: string, tableId: string, columnId: string): Promise<void>;
  /**
   * Columns still marked by a draft whose campaign id was minted before `before`, across
   * organizations: only for the sweep of abandoned drafts.
   */
  draftColumnsBefore(before: Date, limit: number): Promise<{ orgId: string; campaignId: string; tableId: string; columnId: string }[]>;
  incrementLeadCount(orgId: string, tableId: string, delta: number): Promise<void>;
  /** Marks the counter as possibly wrong until the sweep recounts it (set before a row write). */
  markLeadCountStale(orgId: string, tableId: string, at: Date): Promise<void>;
  /** Live tables marked stale at or before `before`, across organizations: only for the sweep. */
  staleLeadCounts(before: Date, limit: number): Promise<{ orgId: string; id: string; since: Date }[]>;
  /** Sets the recounted value unless a newer write marked the table meanwhile. */
  correctLeadCount(orgId: string, tableId: string, since: Date, count: number): Promise<boolean>;
}

/** A lead-count mark older than this has no live writer left: the sweep may recount the table. */
export const LEAD_COUNT_QUIET_MS = 5 * 60_000;

/** How row writes keep `leadCount`: mark it stale before the write, adjust it after. */
export interface LeadCounter {
  /** `table` as the writer read it: a recent mark already covers this write and is not rewritten. */
  willChange(table: Pick<TableRecord, 'orgId' | 'id' | 'leadCountStaleSince'>): Promise<void>;
  adjust(orgId: string, tableId: string, delta: number): Promise<void>;
}

export type CellValue = string | number | boolean | null;

export interface RowRecord {
  id: string;
  orgId: string;
  tableId: string;
  /** Keyed by column id, so renaming a slug never touches rows. */
  cells: Record<string, unknown>;
  /**
   * Hash of the match columns and values the row was inserted under; a unique index on
   * it is what stops two concurrent upserts of one key from inserting two rows. Removed
   * once the row no longer holds those values (or is deleted).
   */
  matchKey?: string;
  matchSig?: string[];
  /** One hash per non-empty input cell: how upserts find candidate rows by value. */
  matchTokens: string[];
  /**
   * Changes on every upsert update: an update applies only to the version it read, so the
   * match tokens it computed from those cells can never land on cells another request changed.
   */
  rev?: string;
  /**
   * Per enrichment column id: the table run whose cell run currently owns that cell. A
   * cell run writes the value only while it still owns it, so an older run that finishes
   * after a newer one started cannot overwrite the newer value.
   */
  cellRunOwners?: Record<string, string>;
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type FilterOperator =
  | 'contains'
  | 'not_contains'
  | 'equals'
  | 'not_equals'
  | 'is_empty'
  | 'is_not_empty'
  | 'greater_than'
  | 'greater_than_or_equal'
  | 'less_than'
  | 'less_than_or_equal';

export interface RowCondition {
  columnId: string;
  operator: FilterOperator;
  value?: CellValue;
}

export interface RowSort {
  columnId: string;
  direction: 'asc' | 'desc';
}

export interface RowQuery {
  conditions: RowCondition[];
  sort: RowSort | null;
}

export type RowWrite =
  | { kind: 'insert'; row: RowRecord }
  | {
      kind: 'update';
      id: string;
      cells: Record<string, unknown>;
      matchTokens: string[];
      dropMatchKey: boolean;
      at: Date;
      expectRev: string | null;
      rev: string;
    };

export interface RowStore {
  findByTokens(orgId: string, tableId: string, tokens: string[]): Promise<RowRecord[]>;
  /**
   * Applies every write; returns the indexes of inserts refused by the match-key index and
   * of updates whose row changed (or went) since it was read, which the caller plans again.
   */
  write(orgId: string, tableId: string, writes: RowWrite[]): Promise<{ duplicateInserts: number[]; staleUpdates: number[] }>;
  findById(orgId: string, tableId: string, rowId: string): Promise<RowRecord | null>;
  findByIds(orgId: string, tableId: string, rowIds: string[]): Promise<RowRecord[]>;
  page(orgId: string, tableId: string, query: RowQuery, page: { limit: number; cursor?: string }): Promise<{ items: RowRecord[]; nextCursor: string | null }>;
  count(orgId: string, tableId: string, query: RowQuery): Promise<number>;
  /** Every selected row, read from the store in bounded batches. */
  stream(orgId: string, tableId: string, query: RowQuery): AsyncIterable<RowRecord>;
  softDelete(orgId: string, tableId: string, rowIds: string[], at: Date): Promise<string[]>;
  setCell(orgId: string, tableId: string, rowId: string, columnId: string, value: unknown, at: Date): Promise<void>;
  /** Makes `tableRunId` the owner of these rows' cells in these columns (the latest start wins). */
  ownCells(orgId: string, tableId: string, rowIds: string[], columnIds: string[], tableRunId: string): Promise<void>;
  /** Writes an enrichment result only if `tableRunId` still owns the cell; false when it does not. */
  setOwnedCell(orgId: string, tableId: string, rowId: string, columnId: string, tableRunId: string, value: unknown, at: Date): Promise<boolean>;
}

export type ColumnKind = 'input' | 'enrichment' | 'score' | 'sequence';

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
}

export interface TableRecord {
  id: string;
  orgId: string;
  name: string;
  columns: ColumnRecord[];
  /** Live rows, kept by $inc on every insert and soft delete. */
  leadCount: number;
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
  incrementLeadCount(orgId: string, tableId: string, delta: number): Promise<void>;
}

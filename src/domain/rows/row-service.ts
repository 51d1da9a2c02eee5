import { Readable } from 'node:stream';
import type { CellRunRecord } from '../table-runs/table-run-types.ts';
import { notFound } from '../errors.ts';
import type { Clock } from '../shared/clock.ts';
import { columnNotFound, type TableService } from '../tables/table-service.ts';
import type { ColumnRecord, LeadCounter } from '../tables/table-types.ts';
import { csvLine } from './csv.ts';
import { parseRowQuery } from './row-filters.ts';
import { cellKey, flattenRow, serializeCell, serializeRow, serializeRun, type RunsByCell } from './row-serializer.ts';
import type { RowStore } from './row-types.ts';

/** What rows need from the cell-run side: the latest run of each enrichment cell. */
export interface CellRunLookup {
  latestForRows(orgId: string, tableId: string, rowIds: string[]): Promise<CellRunRecord[]>;
  /** Cascade of a row delete: active runs cancelled, none of them counted any more. */
  detachRows(orgId: string, tableId: string, rowIds: string[]): Promise<void>;
}

export interface RowServiceDeps {
  tables: Pick<TableService, 'require'>;
  store: RowStore;
  cellRuns: CellRunLookup;
  clock: Clock;
  leadCount: LeadCounter;
}

export const rowNotFound = () => notFound('ROW_NOT_FOUND', 'Row not found');

export function createRowService(deps: RowServiceDeps) {
  async function runsFor(orgId: string, tableId: string, rowIds: string[], columns: ColumnRecord[]): Promise<RunsByCell> {
    const map: RunsByCell = new Map();
    if (rowIds.length === 0 || !columns.some((c) => c.kind === 'enrichment')) return map;
    for (const run of await deps.cellRuns.latestForRows(orgId, tableId, rowIds)) map.set(cellKey(run.rowId, run.columnId), run);
    return map;
  }

  return {
    async list(orgId: string, tableId: string, q: { limit: number; cursor?: string; filters?: string; sort?: string; flat: boolean }) {
      const table = await deps.tables.require(orgId, tableId);
      const columns = table.columns;
      const query = parseRowQuery(columns, q);
      const [page, total] = await Promise.all([deps.store.page(orgId, tableId, query, q), deps.store.count(orgId, tableId, query)]);
      if (q.flat) return { items: page.items.map((r) => flattenRow(r, columns)), nextCursor: page.nextCursor, total };
      const runs = await runsFor(
        orgId,
        tableId,
        page.items.map((r) => r.id),
        columns,
      );
      return { items: page.items.map((r) => serializeRow(r, columns, runs)), nextCursor: page.nextCursor, total };
    },

    /** The selected rows as CSV, read from the store batch by batch while the client downloads. */
    async exportCsv(orgId: string, tableId: string, q: { filters?: string; sort?: string }): Promise<Readable> {
      const table = await deps.tables.require(orgId, tableId);
      const columns = table.columns.filter((c) => c.kind !== 'sequence');
      const query = parseRowQuery(columns, q);
      const rows = deps.store.stream(orgId, tableId, query);
      async function* lines() {
        yield csvLine(['id', ...columns.map((c) => c.slug)]);
        for await (const row of rows) {
          const flat = flattenRow(row, columns);
          yield csvLine(['id', ...columns.map((c) => c.slug)].map((k) => flat[k]));
        }
      }
      return Readable.from(lines(), { objectMode: false });
    },

    async get(orgId: string, tableId: string, rowId: string) {
      const table = await deps.tables.require(orgId, tableId);
      const row = await deps.store.findById(orgId, tableId, rowId);
      if (!row) throw rowNotFound();
      return serializeRow(row, table.columns, await runsFor(orgId, tableId, [row.id], table.columns));
    },

    async getCell(orgId: string, tableId: string, rowId: string, columnId: string) {
      const table = await deps.tables.require(orgId, tableId);
      const row = await deps.store.findById(orgId, tableId, rowId);
      if (!row) throw rowNotFound();
      const column = table.columns.find((c) => c.id === columnId);
      if (!column) throw columnNotFound();
      const runs = await runsFor(orgId, tableId, [row.id], [column]);
      const cell = serializeCell(row, column, runs);
      return {
        object: 'cell' as const,
        rowId: row.id,
        columnId: column.id,
        slug: column.slug,
        ...cell,
        ...(column.kind === 'enrichment' ? { run: serializeRun(runs.get(cellKey(row.id, column.id))) } : {}),
      };
    },

    async remove(orgId: string, tableId: string, rowIds: string[]) {
      const table = await deps.tables.require(orgId, tableId);
      const unique = [...new Set(rowIds)];
      await deps.leadCount.willChange(table);
      const deleted = await deps.store.softDelete(orgId, tableId, unique, deps.clock.now());
      if (deleted.length > 0) {
        await deps.leadCount.adjust(orgId, tableId, -deleted.length);
        await deps.cellRuns.detachRows(orgId, tableId, deleted);
      }
      return { deleted: deleted.length, requested: rowIds.length };
    },
  };
}

export type RowService = ReturnType<typeof createRowService>;

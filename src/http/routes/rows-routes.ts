import { parseUpsertFile } from '../../domain/rows/upsert-file.ts';
import type { RowService } from '../../domain/rows/row-service.ts';
import type { UpsertRows } from '../../domain/rows/upsert-rows.ts';
import type { CellRunCancellation } from '../../domain/table-runs/cell-run-cancellation.ts';
import { created, listEnvelope, ok, type HandlerMap } from '../handler-types.ts';

export function rowRoutes(deps: { rows: RowService; upsertRows: UpsertRows; cellRunCancellation: Pick<CellRunCancellation, 'cancelTableCells'> }): HandlerMap {
  const { rows } = deps;
  const receipt = (r: { replayed: boolean; receipt: unknown }) => (r.replayed ? ok(r.receipt) : created(r.receipt));
  return {
    listRows: async ({ auth, params, query, path }) => {
      if (query.format === 'csv') {
        const stream = await rows.exportCsv(auth.orgId, params.tableId, { filters: query.filters, sort: query.sort });
        return ok(stream, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="table-${params.tableId}.csv"` });
      }
      const page = await rows.list(auth.orgId, params.tableId, {
        limit: query.limit ?? 50,
        cursor: query.cursor,
        filters: query.filters,
        sort: query.sort,
        flat: query.cells === 'flat',
      });
      return ok(listEnvelope(path, page, { total: page.total }));
    },
    deleteRows: async ({ auth, params, body }) => ok(await rows.remove(auth.orgId, params.tableId, body.rowIds)),
    upsertRows: async ({ auth, params, body }) => receipt(await deps.upsertRows(auth.orgId, params.tableId, body)),
    upsertRowsFromFile: async ({ auth, params, body }) => {
      const { content, filename: _filename, ...options } = body;
      return receipt(await deps.upsertRows(auth.orgId, params.tableId, { ...options, rows: parseUpsertFile(content) }));
    },
    cancelTableCells: async ({ auth, params, body }) => ok(await deps.cellRunCancellation.cancelTableCells(auth.orgId, params.tableId, body ?? {})),
    getRow: async ({ auth, params }) => ok(await rows.get(auth.orgId, params.tableId, params.rowId)),
    getCell: async ({ auth, params }) => ok(await rows.getCell(auth.orgId, params.tableId, params.rowId, params.columnId)),
  };
}

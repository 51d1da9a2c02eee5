import type { CellRunRecord } from '../table-runs/table-run-types.ts';
import type { ColumnRecord } from '../tables/table-types.ts';
import type { RowRecord } from './row-types.ts';

export type RunsByCell = Map<string, CellRunRecord>;
export const cellKey = (rowId: string, columnId: string) => `${rowId}:${columnId}`;

const cellValue = (v: unknown) => (v === undefined ? null : v);

export function serializeRun(run: CellRunRecord | undefined) {
  if (!run) return null;
  return { id: run.id, tableRunId: run.tableRunId, status: run.status, attempts: run.attempts, error: run.lastError, updatedAt: run.updatedAt.toISOString() };
}

export function serializeCell(row: RowRecord, column: ColumnRecord, runs: RunsByCell) {
  const value = cellValue(row.cells[column.id]);
  if (column.kind === 'input') return { kind: 'scalar' as const, value };
  if (column.kind === 'sequence') return { kind: 'sequence' as const, value };
  return { kind: 'value' as const, value, run: serializeRun(runs.get(cellKey(row.id, column.id))) };
}

export function serializeRow(row: RowRecord, columns: ColumnRecord[], runs: RunsByCell = new Map()) {
  const cells: Record<string, unknown> = {};
  for (const column of columns) cells[column.slug] = serializeCell(row, column, runs);
  return { object: 'row' as const, id: row.id, cells, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

/** `cells=flat` and CSV: the row id and one plain value per column slug. */
export function flattenRow(row: RowRecord, columns: ColumnRecord[]): Record<string, unknown> {
  const flat: Record<string, unknown> = { id: row.id };
  for (const column of columns) flat[column.slug] = cellValue(row.cells[column.id]);
  return flat;
}

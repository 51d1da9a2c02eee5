import { badRequest } from '../errors.ts';
import type { ColumnRecord, TableRecord } from '../tables/table-types.ts';
import { asText, isEmptyValue } from './match-keys.ts';

export interface PreparedRow {
  inputIndex: number;
  /** Column id → value, input columns only. */
  cells: Record<string, unknown>;
  matchValues: string[];
  key: string;
}

export interface PreparedUpsert {
  matchColumns: ColumnRecord[];
  inputColumns: ColumnRecord[];
  rows: PreparedRow[];
}

const MAX_LISTED = 20;

/**
 * Checks an upsert against the table in the published order (match columns, unknown
 * fields, non-input columns, missing match values, duplicate keys) and translates slugs
 * to column ids. Nothing is written before this passes.
 */
export function prepareUpsert(table: TableRecord, rows: Record<string, unknown>[], matchSlugs: string[]): PreparedUpsert {
  const bySlug = new Map(table.columns.map((c) => [c.slug, c]));
  const unknownMatch = matchSlugs.filter((s) => bySlug.get(s)?.kind !== 'input');
  if (unknownMatch.length > 0) {
    throw badRequest('UNKNOWN_COLUMN', `matchColumns must be input-column slugs of this table; not: ${unknownMatch.join(', ')}`, { columns: unknownMatch });
  }
  const matchColumns = [...new Set(matchSlugs)].map((s) => bySlug.get(s) as ColumnRecord);
  const unknownFields = new Set<string>();
  const nonInput = new Set<string>();
  rows.forEach((row) => {
    for (const key of Object.keys(row)) {
      const column = bySlug.get(key);
      if (!column) unknownFields.add(key);
      else if (column.kind !== 'input') nonInput.add(key);
    }
  });
  if (unknownFields.size > 0) {
    const fields = [...unknownFields].slice(0, MAX_LISTED);
    throw badRequest('UNKNOWN_FIELDS', `Row keys must be input-column slugs; unknown: ${fields.join(', ')}`, { fields });
  }
  if (nonInput.size > 0) {
    const columns = [...nonInput];
    throw badRequest('NON_INPUT_COLUMNS', `Only input columns are writable; not: ${columns.join(', ')}`, { columns });
  }
  const missing: { row: number; column: string }[] = [];
  rows.forEach((row, i) => {
    for (const c of matchColumns) if (isEmptyValue(row[c.slug])) missing.push({ row: i, column: c.slug });
  });
  if (missing.length > 0) {
    throw badRequest('MISSING_MATCH_VALUE', `Every row needs a non-empty value for each match column (row ${missing[0].row}, column ${missing[0].column})`, {
      missing: missing.slice(0, MAX_LISTED),
    });
  }
  const seen = new Map<string, number>();
  const prepared = rows.map((row, inputIndex): PreparedRow => {
    const matchValues = matchColumns.map((c) => asText(row[c.slug]));
    const key = JSON.stringify(matchValues);
    const first = seen.get(key);
    if (first !== undefined) {
      throw badRequest('DUPLICATE_MATCH_KEY', `Rows ${first} and ${inputIndex} have the same match values`, { rows: [first, inputIndex], values: matchValues });
    }
    seen.set(key, inputIndex);
    const cells: Record<string, unknown> = {};
    for (const [slug, value] of Object.entries(row)) cells[(bySlug.get(slug) as ColumnRecord).id] = value;
    return { inputIndex, cells, matchValues, key };
  });
  return { matchColumns, inputColumns: table.columns.filter((c) => c.kind === 'input'), rows: prepared };
}

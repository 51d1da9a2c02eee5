import { badRequest } from '../errors.ts';
import type { ColumnRecord } from '../tables/table-types.ts';
import type { CellValue, FilterOperator, RowCondition, RowQuery, RowSort } from './row-types.ts';

export const FILTER_OPERATORS: FilterOperator[] = [
  'contains',
  'not_contains',
  'equals',
  'not_equals',
  'is_empty',
  'is_not_empty',
  'greater_than',
  'greater_than_or_equal',
  'less_than',
  'less_than_or_equal',
];
const NO_VALUE = new Set<FilterOperator>(['is_empty', 'is_not_empty']);
const ORDERED = new Set<FilterOperator>(['greater_than', 'greater_than_or_equal', 'less_than', 'less_than_or_equal']);

const invalidFilters = (message: string, details?: Record<string, unknown>) => badRequest('INVALID_FILTERS', message, details);
const invalidSort = (message: string) => badRequest('INVALID_SORT', message);
const unknownColumn = (slug: string) => badRequest('UNKNOWN_COLUMN', `No column with the slug "${slug}" in this table`, { column: slug });

function parseJson(raw: string, fail: (m: string) => Error): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw fail('is not valid JSON');
  }
}

function resolve(columns: ColumnRecord[], slug: unknown, fail: (m: string) => Error): ColumnRecord {
  if (typeof slug !== 'string' || slug === '') throw fail('column must be a column slug');
  const column = columns.find((c) => c.slug === slug && c.kind !== 'sequence');
  if (!column) throw unknownColumn(slug);
  return column;
}

function parseCondition(columns: ColumnRecord[], raw: unknown, i: number): RowCondition {
  const fail = (m: string) => invalidFilters(`filters[${i}]: ${m}`, { index: i });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw fail('must be an object { column, operator, value }');
  const { column, operator, value, ...rest } = raw as Record<string, unknown>;
  if (Object.keys(rest).length > 0) throw fail(`unknown field ${Object.keys(rest)[0]}`);
  const col = resolve(columns, column, fail);
  if (!FILTER_OPERATORS.includes(operator as FilterOperator)) throw fail(`operator must be one of ${FILTER_OPERATORS.join(', ')}`);
  const op = operator as FilterOperator;
  if (NO_VALUE.has(op)) return { columnId: col.id, operator: op };
  const scalar = ['string', 'number', 'boolean'].includes(typeof value) || value === null;
  if (!scalar || value === undefined) throw fail(`operator ${op} needs a string, number, boolean or null value`);
  if (ORDERED.has(op) && typeof value !== 'string' && typeof value !== 'number') throw fail(`operator ${op} needs a string or number value`);
  if ((op === 'contains' || op === 'not_contains') && (value === null || value === '')) throw fail(`operator ${op} needs a non-empty value`);
  return { columnId: col.id, operator: op, value: value as CellValue };
}

/** Parses the slug-keyed `filters` and `sort` query strings into a column-id query. */
export function parseRowQuery(columns: ColumnRecord[], raw: { filters?: string; sort?: string }): RowQuery {
  const conditions: RowCondition[] = [];
  if (raw.filters !== undefined && raw.filters !== '') {
    const parsed = parseJson(raw.filters, (m) => invalidFilters(`filters ${m}`));
    const list = Array.isArray(parsed) ? parsed : parsed && typeof parsed === 'object' ? [parsed] : null;
    if (!list) throw invalidFilters('filters must be a JSON array of { column, operator, value }');
    if (list.length > 50) throw invalidFilters('at most 50 filters');
    list.forEach((f, i) => conditions.push(parseCondition(columns, f, i)));
  }
  let sort: RowSort | null = null;
  if (raw.sort !== undefined && raw.sort !== '') {
    const parsed = parseJson(raw.sort, (m) => invalidSort(`sort ${m}`)) as Record<string, unknown> | null;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalidSort('sort must be a JSON object { column, direction }');
    const col = resolve(columns, parsed.column, (m) => invalidSort(`sort: ${m}`));
    const direction = parsed.direction ?? 'asc';
    if (direction !== 'asc' && direction !== 'desc') throw invalidSort('sort.direction must be asc or desc');
    sort = { columnId: col.id, direction };
  }
  return { conditions, sort };
}

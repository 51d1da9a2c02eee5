import { validationError } from '../errors.ts';
import type { FilterOperator } from '../rows/row-types.ts';
import { cellText } from '../sequences/templates.ts';

// The published row `filters` ({ column, operator, value }), evaluated on a row's input
// values so a campaign can target "every row where …" without depending on how the
// tables engine runs its own queries.

export interface RowFilter {
  column: string;
  operator: FilterOperator;
  value?: unknown;
}

function compare(a: string, b: unknown): number {
  const x = Number(a);
  const y = Number(b);
  if (Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a.localeCompare(String(b));
}

export function matchesFilter(values: Record<string, unknown>, f: RowFilter): boolean {
  const text = cellText(values[f.column]);
  const needle = f.value === undefined || f.value === null ? '' : String(f.value);
  switch (f.operator) {
    case 'is_empty':
      return text === null;
    case 'is_not_empty':
      return text !== null;
    case 'contains':
      return text !== null && text.toLowerCase().includes(needle.toLowerCase());
    case 'not_contains':
      return text === null || !text.toLowerCase().includes(needle.toLowerCase());
    case 'equals':
      return text !== null && text === needle;
    case 'not_equals':
      return text === null || text !== needle;
    case 'greater_than':
      return text !== null && compare(text, f.value) > 0;
    case 'greater_than_or_equal':
      return text !== null && compare(text, f.value) >= 0;
    case 'less_than':
      return text !== null && compare(text, f.value) < 0;
    case 'less_than_or_equal':
      return text !== null && compare(text, f.value) <= 0;
    default:
      throw validationError(`Unknown filter operator ${String((f as RowFilter).operator)}`);
  }
}

export const matchesFilters = (values: Record<string, unknown>, filters: RowFilter[]) => filters.every((f) => matchesFilter(values, f));

import { Binary } from 'mongodb';

// Row cells hold any JSON value. Objects whose keys the database cannot hold as field
// names everywhere (a leading `$`, a `.`, a NUL: refused in update values or in BSON
// itself) are stored as their JSON text in a user-defined binary subtype, which no JSON
// input can produce, so reading it back is unambiguous. Everything else is stored as is,
// so filters and sorting keep working on ordinary values.

const JSON_SUBTYPE = 0x80;

function hasRiskyKey(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== 'object' || depth > 200) return false;
  if (Array.isArray(value)) return value.some((v) => hasRiskyKey(v, depth + 1));
  return Object.entries(value).some(([k, v]) => k.startsWith('$') || k.includes('.') || k.includes('\u0000') || hasRiskyKey(v, depth + 1));
}

/** The form a cell value is stored in. */
export function toStoredCell(value: unknown): unknown {
  return hasRiskyKey(value) ? new Binary(Buffer.from(JSON.stringify(value), 'utf8'), JSON_SUBTYPE) : value;
}

/** The value a stored cell holds. */
export function fromStoredCell(stored: unknown): unknown {
  if (stored instanceof Binary && stored.sub_type === JSON_SUBTYPE) return JSON.parse(Buffer.from(stored.buffer).toString('utf8'));
  return stored;
}

export function toStoredCells(cells: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(cells).map(([k, v]) => [k, toStoredCell(v)]));
}

export function fromStoredCells(cells: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | null = null;
  for (const [k, v] of Object.entries(cells)) {
    const value = fromStoredCell(v);
    if (value !== v) (out ??= { ...cells })[k] = value;
  }
  return out ?? cells;
}

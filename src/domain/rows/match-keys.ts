import { createHash } from 'node:crypto';

// Upserts compare match values as exact text: `42` and "42" are the same key; an object
// or array compares as its JSON text.

export const asText = (v: unknown): string =>
  v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
export const isEmptyValue = (v: unknown): boolean => asText(v).trim() === '';

const digest = (parts: string[]): string => createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 32);

/** Tenant-scoped: the organization and table are part of every token. */
export const matchToken = (orgId: string, tableId: string, columnId: string, value: unknown): string => digest(['t', orgId, tableId, columnId, asText(value)]);

export function matchTokens(orgId: string, tableId: string, inputColumnIds: Set<string>, cells: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [columnId, value] of Object.entries(cells)) {
    if (inputColumnIds.has(columnId) && !isEmptyValue(value)) out.push(matchToken(orgId, tableId, columnId, value));
  }
  return out;
}

// The NUL-joined form is ambiguous for values that hold NUL (two value lists can join to
// one string) and hashing UTF-8 maps every lone surrogate to U+FFFD: such values get an
// unambiguous JSON form under another tag, so distinct texts never share a key. Every
// other value keeps the key rows were stored under.
const AMBIGUOUS_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The unique key of a (match columns, values) pair within one table. */
export function matchKey(orgId: string, tableId: string, columnIds: string[], values: unknown[]): string {
  const texts = values.map(asText);
  if (texts.some((t) => AMBIGUOUS_TEXT.test(t))) return digest(['K', orgId, tableId, JSON.stringify([columnIds, texts])]);
  return digest(['k', orgId, tableId, ...columnIds.flatMap((id, i) => [id, texts[i]])]);
}

import type { Collection, Document, Filter } from 'mongodb';
import { InvalidCursorError } from './store-errors.ts';

// Cursors name the last id of the previous page. Ids are UUIDv7, so `_id` order is
// creation order and a page boundary stays put when rows are inserted meanwhile.

export type SortOrder = 'asc' | 'desc';

export interface PageRequest {
  limit: number;
  cursor?: string;
  order?: SortOrder;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

interface CursorBody {
  v: 1;
  after: string;
  order: SortOrder;
}

export function encodeCursor(after: string, order: SortOrder): string {
  const body: CursorBody = { v: 1, after, order };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

export function decodeCursor(cursor: string, order: SortOrder): string {
  try {
    const body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorBody;
    if (body.v === 1 && typeof body.after === 'string' && body.order === order) return body.after;
  } catch {
    // fall through to the invalid-cursor error below
  }
  throw new InvalidCursorError();
}

export async function findPage<T extends Document & { _id: string }>(collection: Collection<T>, filter: Filter<T>, page: PageRequest): Promise<Page<T>> {
  const order = page.order ?? 'asc';
  const bounded = page.cursor ? ({ $and: [filter, { _id: { [order === 'asc' ? '$gt' : '$lt']: decodeCursor(page.cursor, order) } }] } as Filter<T>) : filter;
  const docs = (await collection
    .find(bounded)
    .sort({ _id: order === 'asc' ? 1 : -1 })
    .limit(page.limit + 1)
    .toArray()) as T[];
  const hasMore = docs.length > page.limit;
  const items = hasMore ? docs.slice(0, page.limit) : docs;
  return { items, nextCursor: hasMore ? encodeCursor(items[items.length - 1]._id, order) : null };
}

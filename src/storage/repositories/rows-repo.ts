import type { AnyBulkWriteOperation, Db, Filter } from 'mongodb';
import type { RowCondition, RowQuery, RowRecord, RowStore, RowWrite } from '../../domain/rows/row-types.ts';
import type { CollectionIndexes } from '../indexes.ts';
import { fromStoredCells, toStoredCell, toStoredCells } from '../cell-values.ts';
import { findPage } from '../pagination.ts';
import { documentWriteErrors } from '../store-errors.ts';
import { InvalidCursorError } from '../store-errors.ts';

export const ROWS_COLLECTION = 'rows';

type RowDoc = Omit<RowRecord, 'id'> & { _id: string };

export const rowIndexes: CollectionIndexes = {
  collection: ROWS_COLLECTION,
  indexes: [
    { key: { tableId: 1, _id: 1 }, name: 'table_id' },
    { key: { matchTokens: 1 }, name: 'match_tokens' },
    // The database, not the code, guarantees one live row per (table, match key).
    {
      key: { orgId: 1, tableId: 1, matchKey: 1 },
      name: 'match_key_unique',
      unique: true,
      partialFilterExpression: { matchKey: { $exists: true } },
    },
  ],
};

const fromDoc = ({ _id, ...rest }: RowDoc): RowRecord => ({ id: _id, ...rest, cells: fromStoredCells(rest.cells ?? {}) });
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function conditionFilter(c: RowCondition): Filter<RowDoc> {
  const f = `cells.${c.columnId}`;
  const v = c.value;
  switch (c.operator) {
    case 'contains':
      return { [f]: { $regex: escapeRegex(String(v)), $options: 'i' } } as Filter<RowDoc>;
    case 'not_contains':
      return { [f]: { $not: new RegExp(escapeRegex(String(v)), 'i') } } as Filter<RowDoc>;
    case 'equals':
      return { [f]: v } as Filter<RowDoc>;
    case 'not_equals':
      return { [f]: { $ne: v } } as Filter<RowDoc>;
    case 'is_empty':
      return { $or: [{ [f]: null }, { [f]: '' }] } as Filter<RowDoc>;
    case 'is_not_empty':
      return { [f]: { $nin: [null, ''] } } as Filter<RowDoc>;
    case 'greater_than':
      return { [f]: { $gt: v } } as Filter<RowDoc>;
    case 'greater_than_or_equal':
      return { [f]: { $gte: v } } as Filter<RowDoc>;
    case 'less_than':
      return { [f]: { $lt: v } } as Filter<RowDoc>;
    case 'less_than_or_equal':
      return { [f]: { $lte: v } } as Filter<RowDoc>;
  }
}

// tableId leads every filter: it is the selective field the table index starts with.
function liveFilter(orgId: string, tableId: string, query?: RowQuery): Filter<RowDoc> {
  const base = { tableId, orgId, deletedAt: null } as Filter<RowDoc>;
  if (!query || query.conditions.length === 0) return base;
  return { ...base, $and: query.conditions.map(conditionFilter) } as Filter<RowDoc>;
}

interface SortCursor {
  v: 3;
  sort: string;
  /** The last row's sort value (null when the cell is missing) and id. */
  k: unknown;
  id: string;
}

const invalidCursor = () => new InvalidCursorError();

function decodeSortCursor(cursor: string, sortSig: string): SortCursor {
  try {
    const body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as SortCursor;
    if (body.v === 3 && body.sort === sortSig && typeof body.id === 'string' && 'k' in body) return body;
  } catch {
    // fall through
  }
  throw invalidCursor();
}

// The database orders values of different types by type first (missing/null < numbers <
// strings < objects < arrays < booleans), while $gt/$lt only compare within one type, so
// "after v" is "greater within v's type, or any type that sorts after it".
const TYPE_ORDER = ['null', 'number', 'string', 'object', 'array', 'bool'] as const;
function typeRank(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return 1;
  if (typeof v === 'string') return 2;
  if (typeof v === 'boolean') return 5;
  return Array.isArray(v) ? 4 : 3;
}

/** Rows strictly after (asc) or before (desc) `v` in the sorted column. */
function beyond(field: string, v: unknown, dir: 'asc' | 'desc'): Filter<RowDoc> {
  const rank = typeRank(v);
  const types = dir === 'asc' ? TYPE_ORDER.slice(rank + 1) : TYPE_ORDER.slice(1, rank);
  const alternatives: Record<string, unknown>[] = [];
  if (rank > 0) alternatives.push({ [field]: { [dir === 'asc' ? '$gt' : '$lt']: v } });
  if (types.length > 0) alternatives.push({ [field]: { $type: [...types] } });
  // Missing and null sort first: below every value when descending.
  if (dir === 'desc' && rank > 0) alternatives.push({ [field]: null });
  return (alternatives.length > 0 ? { $or: alternatives } : { _id: { $exists: false } }) as Filter<RowDoc>;
}

/**
 * Keyset continuation: (value beyond the last one) OR (same value AND id beyond the last
 * id). Rows inserted or changed between requests therefore never shift the pages, unlike
 * a skip count.
 */
function afterCursor(columnId: string, c: SortCursor, dir: 'asc' | 'desc'): Filter<RowDoc> {
  const field = `cells.${columnId}`;
  const same = { [field]: c.k === null ? null : { $eq: c.k }, _id: { [dir === 'asc' ? '$gt' : '$lt']: c.id } };
  return { $or: [beyond(field, c.k, dir), same] } as Filter<RowDoc>;
}

export function createRowsRepo(db: Db): RowStore {
  const rows = db.collection<RowDoc>(ROWS_COLLECTION);
  const sortSpec = (query: RowQuery) => {
    if (!query.sort) return { _id: 1 } as const;
    const dir = query.sort.direction === 'asc' ? 1 : -1;
    return { [`cells.${query.sort.columnId}`]: dir, _id: dir } as Record<string, 1 | -1>;
  };
  /** Which updates found their row at another revision: the rows that do not carry our rev now. */
  async function staleUpdates(writes: RowWrite[], matched: number): Promise<number[]> {
    const updates = writes.flatMap((w, i) => (w.kind === 'update' ? [{ w, i }] : []));
    if (matched >= updates.length) return [];
    const ids = updates.map(({ w }) => (w.kind === 'update' ? w.id : ''));
    const now = await rows.find({ _id: { $in: ids } }, { projection: { rev: 1 } }).toArray();
    const revs = new Map(now.map((d) => [d._id, d.rev]));
    return updates.filter(({ w }) => w.kind === 'update' && revs.get(w.id) !== w.rev).map(({ i }) => i);
  }

  return {
    async findByTokens(orgId, tableId, tokens) {
      if (tokens.length === 0) return [];
      // Tokens hash the organization and table in, so the token alone selects this
      // tenant's rows; the tenant fields are checked again on what comes back. (A filter
      // that also named tableId would make the embedded server scan the table index.)
      const docs = await rows.find({ matchTokens: { $in: tokens } }).toArray();
      return docs.filter((d) => d.orgId === orgId && d.tableId === tableId && d.deletedAt === null).map(fromDoc);
    },
    async write(orgId, tableId, writes) {
      if (writes.length === 0) return { duplicateInserts: [], staleUpdates: [] };
      const ops: AnyBulkWriteOperation<RowDoc>[] = writes.map((w) => {
        if (w.kind === 'insert') {
          const { id, ...rest } = w.row;
          return { insertOne: { document: { _id: id, ...rest, cells: toStoredCells(rest.cells) } } };
        }
        const set: Record<string, unknown> = { matchTokens: w.matchTokens, rev: w.rev, updatedAt: w.at };
        for (const [columnId, value] of Object.entries(w.cells)) set[`cells.${columnId}`] = toStoredCell(value);
        const update: Record<string, unknown> = { $set: set };
        if (w.dropMatchKey) update.$unset = { matchKey: '', matchSig: '' };
        // `rev: null` also matches a row written before revisions existed.
        return { updateOne: { filter: { _id: w.id, tableId, orgId, deletedAt: null, rev: w.expectRev } as Filter<RowDoc>, update } };
      });
      let duplicateInserts: number[] = [];
      let matched: number;
      try {
        matched = (await rows.bulkWrite(ops, { ordered: false })).matchedCount;
      } catch (err) {
        // A network error or timeout arrives wrapped as a bulk error too: then no insert is
        // known to have happened and the whole write fails. Updates the driver never sent
        // (it stops after a batch with write errors) are found stale below and retried.
        const inserts = writes.filter((w) => w.kind === 'insert').length;
        const errors = documentWriteErrors(err, { inserts, isInsert: (i) => writes[i]?.kind === 'insert' });
        if (errors.some((e) => e.code !== 11000)) throw err;
        duplicateInserts = errors.map((e) => e.index);
        matched = (err as { result: { matchedCount: number } }).result.matchedCount;
      }
      return { duplicateInserts, staleUpdates: await staleUpdates(writes, matched) };
    },
    async findById(orgId, tableId, rowId) {
      const doc = await rows.findOne({ _id: rowId, tableId, orgId, deletedAt: null });
      return doc ? fromDoc(doc) : null;
    },
    async findByIds(orgId, tableId, rowIds) {
      const docs = await rows.find({ _id: { $in: rowIds }, tableId, orgId, deletedAt: null }).toArray();
      return docs.map(fromDoc);
    },
    async page(orgId, tableId, query, page) {
      const filter = liveFilter(orgId, tableId, query);
      if (!query.sort) {
        const result = await findPage(rows, filter, { limit: page.limit, cursor: page.cursor });
        return { items: result.items.map(fromDoc), nextCursor: result.nextCursor };
      }
      const { columnId, direction } = query.sort;
      const sig = `${columnId}:${direction}`;
      let pageFilter = filter;
      if (page.cursor) {
        const after = afterCursor(columnId, decodeSortCursor(page.cursor, sig), direction);
        pageFilter = { ...filter, $and: [...((filter.$and as Filter<RowDoc>[] | undefined) ?? []), after] } as Filter<RowDoc>;
      }
      const docs = await rows
        .find(pageFilter)
        .sort(sortSpec(query))
        .limit(page.limit + 1)
        .toArray();
      const more = docs.length > page.limit;
      const items = docs.slice(0, page.limit);
      const last = items[items.length - 1];
      const next: SortCursor | null = more && last ? { v: 3, sort: sig, k: last.cells[columnId] ?? null, id: last._id } : null;
      return { items: items.map(fromDoc), nextCursor: next ? Buffer.from(JSON.stringify(next)).toString('base64url') : null };
    },
    count: (orgId, tableId, query) => rows.countDocuments(liveFilter(orgId, tableId, query)),
    async *stream(orgId, tableId, query) {
      const cursor = rows
        .find(liveFilter(orgId, tableId, query))
        .sort(sortSpec(query))
        .batchSize(500);
      try {
        for await (const doc of cursor) yield fromDoc(doc);
      } finally {
        await cursor.close();
      }
    },
    async softDelete(orgId, tableId, rowIds, at) {
      const live = await rows.find({ _id: { $in: rowIds }, tableId, orgId, deletedAt: null }, { projection: { _id: 1 } }).toArray();
      if (live.length === 0) return [];
      const ids = live.map((d) => d._id);
      const res = await rows.updateMany(
        { _id: { $in: ids }, tableId, orgId, deletedAt: null },
        { $set: { deletedAt: at, updatedAt: at }, $unset: { matchKey: '', matchSig: '', matchTokens: '' } },
      );
      return res.modifiedCount === ids.length ? ids : ids.slice(0, res.modifiedCount);
    },
    async ownCells(orgId, tableId, rowIds, columnIds, tableRunId) {
      if (rowIds.length === 0 || columnIds.length === 0) return;
      const set = Object.fromEntries(columnIds.map((c) => [`cellRunOwners.${c}`, tableRunId]));
      await rows.updateMany({ _id: { $in: rowIds }, tableId, orgId, deletedAt: null }, { $set: set });
    },
    async setOwnedCell(orgId, tableId, rowId, columnId, tableRunId, value, at) {
      const owner = `cellRunOwners.${columnId}`;
      const res = await rows.updateOne(
        // A row without an owner was last enriched before ownership was recorded.
        { _id: rowId, tableId, orgId, deletedAt: null, $or: [{ [owner]: tableRunId }, { [owner]: { $exists: false } }] } as Filter<RowDoc>,
        { $set: { [`cells.${columnId}`]: toStoredCell(value), updatedAt: at } },
      );
      return res.matchedCount === 1;
    },
    async setCell(orgId, tableId, rowId, columnId, value, at) {
      await rows.updateOne({ _id: rowId, tableId, orgId, deletedAt: null }, { $set: { [`cells.${columnId}`]: toStoredCell(value), updatedAt: at } });
    },
  };
}

import { Long } from 'bson';
import { find as mingoFind } from 'mingo';
import { MongoCommandError } from '../errors.ts';
import { MINGO_OPTIONS } from '../storage/mingo-options.ts';
import { encodeKey, idFirst, normalizeNumbers, pathValues, type Doc } from '../storage/bson-values.ts';
import { matchDocs } from '../storage/query-planner.ts';
import { compileSimpleProjection } from '../storage/simple-projection.ts';
import { sortDocs } from '../storage/sort.ts';
import { matchInIndexOrder } from '../storage/index-order-scan.ts';
import { collectionName, optionalDoc, optionalNumber, type CommandHandler } from './context.ts';

export function cursorId(id: number): Long {
  return Long.fromNumber(id);
}

export function project(docs: Doc[], projection: Doc | undefined, filter?: Doc): Doc[] {
  if (!projection || Object.keys(projection).length === 0) return docs;
  const simple = compileSimpleProjection(projection);
  if (simple) return docs.map(simple);
  try {
    // Only the positional projection (`a.$`) needs the query; the docs already match it.
    const positional = Object.keys(projection).some((k) => k.endsWith('.$'));
    return (mingoFind(docs, positional && filter ? filter : {}, projection, MINGO_OPTIONS).all() as Doc[]).map(idFirst);
  } catch (err) {
    throw new MongoCommandError('BadValue', (err as Error).message);
  }
}

// Query results after sort, skip and limit (limit 0 = all).
export function queryDocs(docs: () => Doc[], sort: Doc | undefined, skip: number, limit: number): Doc[] {
  const sorted = sortDocs(docs(), sort, limit > 0 ? skip + limit : 0);
  if (skip === 0 && (limit === 0 || sorted.length <= limit)) return sorted;
  return sorted.slice(skip, limit ? skip + limit : undefined);
}

export const find: CommandHandler = (cmd, db, ctx) => {
  const name = collectionName(cmd, 'find');
  const filter = normalizeNumbers(optionalDoc(cmd, 'filter') ?? {}) as Doc;
  const sort = optionalDoc(cmd, 'sort');
  const projection = optionalDoc(cmd, 'projection');
  const skip = optionalNumber(cmd, 'skip') ?? 0;
  let limit = optionalNumber(cmd, 'limit') ?? 0;
  let singleBatch = cmd.singleBatch === true;
  if (limit < 0) {
    limit = -limit;
    singleBatch = true;
  }
  const batchSize = optionalNumber(cmd, 'batchSize');
  const coll = ctx.engine.collection(db, name);
  const ns = `${db}.${name}`;
  const early = sort && Object.keys(sort).length ? 0 : limit ? skip + limit : 0;
  const inOrder = coll && sort && limit > 0 ? matchInIndexOrder(coll, filter, sort, skip + limit) : undefined;
  const docs = inOrder ? inOrder.slice(skip) : coll ? queryDocs(() => matchDocs(coll, filter, early), sort, skip, limit) : [];
  const shaped = project(docs, projection, filter);
  const first = ctx.cursors.first(ns, shaped, batchSize ?? (limit || undefined), singleBatch);
  return { cursor: { firstBatch: first.batch, id: cursorId(first.id), ns }, ok: 1 };
};

export const getMore: CommandHandler = (cmd, db, ctx) => {
  const raw = cmd.getMore;
  const id = typeof raw === 'number' ? raw : Long.isLong(raw) ? (raw as Long).toNumber() : NaN;
  if (Number.isNaN(id)) throw new MongoCommandError('TypeMismatch', "BSON field 'getMore.getMore' is the wrong type, expected type 'long'");
  const ns = `${db}.${collectionName(cmd, 'collection')}`;
  const next = ctx.cursors.next(id, ns, optionalNumber(cmd, 'batchSize'));
  if (!next) throw new MongoCommandError('CursorNotFound', `cursor id ${id} not found`);
  return { cursor: { nextBatch: next.batch, id: cursorId(next.id), ns }, ok: 1 };
};

export const killCursors: CommandHandler = (cmd, _db, ctx) => {
  const ids = Array.isArray(cmd.cursors) ? cmd.cursors : [];
  const killed: Long[] = [];
  const notFound: Long[] = [];
  for (const raw of ids) {
    const id = Long.isLong(raw) ? (raw as Long).toNumber() : Number(raw);
    (ctx.cursors.kill(id) ? killed : notFound).push(cursorId(id));
  }
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
};

export const count: CommandHandler = (cmd, db, ctx) => {
  const coll = ctx.engine.collection(db, collectionName(cmd, 'count'));
  if (!coll) return { n: 0, ok: 1 };
  const query = normalizeNumbers(optionalDoc(cmd, 'query') ?? {}) as Doc;
  const skip = optionalNumber(cmd, 'skip') ?? 0;
  const limit = Math.abs(optionalNumber(cmd, 'limit') ?? 0);
  let n = Object.keys(query).length === 0 ? coll.docs.size : matchDocs(coll, query).length;
  n = Math.max(0, n - skip);
  return { n: limit ? Math.min(n, limit) : n, ok: 1 };
};

export const distinct: CommandHandler = (cmd, db, ctx) => {
  const coll = ctx.engine.collection(db, collectionName(cmd, 'distinct'));
  const key = cmd.key;
  if (typeof key !== 'string') throw new MongoCommandError('TypeMismatch', "BSON field 'distinct.key' is missing or not a string");
  const query = normalizeNumbers(optionalDoc(cmd, 'query') ?? {}) as Doc;
  const seen = new Map<string, unknown>();
  for (const doc of coll ? matchDocs(coll, query) : []) {
    for (const v of pathValues(doc, key)) {
      const k = encodeKey(v);
      if (!seen.has(k)) seen.set(k, v);
    }
  }
  return { values: [...seen.values()], ok: 1 };
};

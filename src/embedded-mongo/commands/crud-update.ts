import { MongoCommandError, writeErrorEntry } from '../errors.ts';
import { isPlainObject, normalizeNumbers, type Doc } from '../storage/bson-values.ts';
import type { Collection } from '../storage/collection.ts';
import { matchDocs } from '../storage/query-planner.ts';
import { applyUpdate, buildUpsertDoc } from '../storage/update-apply.ts';
import { collectionName, type CommandContext, type CommandHandler } from './context.ts';

interface UpdateStatement {
  q?: Doc;
  u: unknown;
  upsert?: boolean;
  multi?: boolean;
  arrayFilters?: Doc[];
}
interface StatementResult {
  n: number;
  nModified: number;
  upsertedId?: unknown;
}

// The collection is only created when an upsert inserts, as mongod does.
function runStatement(ctx: CommandContext, db: string, name: string, st: UpdateStatement): StatementResult {
  const query = normalizeNumbers(st.q ?? {}) as Doc;
  const u = normalizeNumbers(st.u);
  if (st.multi && !Array.isArray(u) && isPlainObject(u) && Object.keys(u).length > 0 && !Object.keys(u)[0].startsWith('$')) {
    throw new MongoCommandError('FailedToParse', 'multi update is not supported for replacement-style update');
  }
  const coll: Collection | undefined = ctx.engine.collection(db, name);
  const matched = coll ? matchDocs(coll, query, st.multi ? 0 : 1) : [];
  if (!coll || matched.length === 0) {
    if (!st.upsert) return { n: 0, nModified: 0 };
    const doc = buildUpsertDoc(query, u, st.arrayFilters);
    ctx.engine.insert(ctx.engine.ensureCollection(db, name), doc);
    return { n: 1, nModified: 0, upsertedId: doc._id };
  }
  let nModified = 0;
  for (const doc of matched) {
    const out = applyUpdate(doc, u, { arrayFilters: st.arrayFilters, query });
    if (!out.modified) continue;
    ctx.engine.replace(coll, doc, out.doc);
    nModified++;
  }
  return { n: matched.length, nModified };
}

export const update: CommandHandler = (cmd, db, ctx) => {
  const name = collectionName(cmd, 'update');
  const updates = cmd.updates;
  if (!Array.isArray(updates)) throw new MongoCommandError('TypeMismatch', "BSON field 'update.updates' is missing or not an array");
  const ordered = cmd.ordered !== false;
  const writeErrors: Doc[] = [];
  const upserted: Doc[] = [];
  let n = 0;
  let nModified = 0;
  for (let i = 0; i < updates.length; i++) {
    try {
      const r = runStatement(ctx, db, name, updates[i] as UpdateStatement);
      n += r.n;
      nModified += r.nModified;
      if (r.upsertedId !== undefined) upserted.push({ index: i, _id: r.upsertedId });
    } catch (err) {
      writeErrors.push(writeErrorEntry(i, err));
      if (ordered) break;
    }
  }
  const reply: Doc = { n, nModified };
  if (upserted.length) reply.upserted = upserted;
  if (writeErrors.length) reply.writeErrors = writeErrors;
  reply.ok = 1;
  return reply;
};

export const deleteCommand: CommandHandler = (cmd, db, ctx) => {
  const name = collectionName(cmd, 'delete');
  const deletes = cmd.deletes;
  if (!Array.isArray(deletes)) throw new MongoCommandError('TypeMismatch', "BSON field 'delete.deletes' is missing or not an array");
  const ordered = cmd.ordered !== false;
  const coll = ctx.engine.collection(db, name);
  const writeErrors: Doc[] = [];
  let n = 0;
  for (let i = 0; i < deletes.length && coll; i++) {
    try {
      const st = deletes[i] as { q?: Doc; limit?: number };
      const matched = matchDocs(coll, normalizeNumbers(st.q ?? {}) as Doc, st.limit === 1 ? 1 : 0);
      for (const doc of matched) ctx.engine.remove(coll, doc);
      n += matched.length;
    } catch (err) {
      writeErrors.push(writeErrorEntry(i, err));
      if (ordered) break;
    }
  }
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
};

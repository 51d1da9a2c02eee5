import { MongoCommandError } from '../errors.ts';
import { normalizeNumbers, type Doc } from '../storage/bson-values.ts';
import { matchDocs } from '../storage/query-planner.ts';
import { sortDocs } from '../storage/sort.ts';
import { matchInIndexOrder } from '../storage/index-order-scan.ts';
import { applyUpdate, buildUpsertDoc } from '../storage/update-apply.ts';
import { collectionName, optionalDoc, type CommandHandler } from './context.ts';
import { project } from './crud-find.ts';

// Atomic by construction: the whole command runs synchronously on the event loop, so
// no other command can interleave between the match and the write.
export const findAndModify: CommandHandler = (cmd, db, ctx) => {
  const name = collectionName(cmd, Object.keys(cmd)[0]);
  const query = normalizeNumbers(optionalDoc(cmd, 'query') ?? {}) as Doc;
  const sort = optionalDoc(cmd, 'sort');
  const fields = optionalDoc(cmd, 'fields');
  const remove = cmd.remove === true;
  const upsert = cmd.upsert === true;
  const returnNew = cmd.new === true;
  const u = normalizeNumbers(cmd.update);
  const arrayFilters = Array.isArray(cmd.arrayFilters) ? (cmd.arrayFilters as Doc[]) : undefined;
  if (remove && (u !== undefined || upsert)) {
    throw new MongoCommandError('FailedToParse', 'Cannot specify both an update and remove=true');
  }
  if (!remove && u === undefined) throw new MongoCommandError('FailedToParse', 'Either an update or remove=true must be specified');
  const coll = ctx.engine.collection(db, name);
  const hasSort = !!sort && Object.keys(sort).length > 0;
  const inOrder = coll && hasSort ? matchInIndexOrder(coll, query, sort, 1) : undefined;
  const target = inOrder ? inOrder[0] : coll ? sortDocs(matchDocs(coll, query, hasSort ? 0 : 1), sort, 1)[0] : undefined;
  const shape = (doc: Doc | undefined) => (doc ? project([doc], fields)[0] : null);

  if (remove) {
    if (!target || !coll) return { lastErrorObject: { n: 0 }, value: null, ok: 1 };
    ctx.engine.remove(coll, target);
    return { lastErrorObject: { n: 1 }, value: shape(target), ok: 1 };
  }
  if (!coll || !target) {
    if (!upsert) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
    const doc = buildUpsertDoc(query, u, arrayFilters);
    ctx.engine.insert(ctx.engine.ensureCollection(db, name), doc);
    return { lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id }, value: returnNew ? shape(doc) : null, ok: 1 };
  }
  const out = applyUpdate(target, u, { arrayFilters, query });
  if (out.modified) ctx.engine.replace(coll, target, out.doc);
  return { lastErrorObject: { n: 1, updatedExisting: true }, value: shape(returnNew ? out.doc : target), ok: 1 };
};

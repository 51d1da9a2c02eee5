import { MongoCommandError } from '../errors.ts';
import { encodeKey, isPlainObject, type Doc } from '../storage/bson-values.ts';
import type { Collection } from '../storage/collection.ts';
import type { IndexSpec } from '../storage/index-data.ts';
import { collectionName, requireCollection, type CommandHandler } from './context.ts';
import { cursorId } from './crud-find.ts';

function describe(spec: IndexSpec): Doc {
  const out: Doc = { v: 2, key: spec.key, name: spec.name };
  if (spec.unique) out.unique = true;
  if (spec.sparse) out.sparse = true;
  if (spec.partialFilterExpression) out.partialFilterExpression = spec.partialFilterExpression;
  if (spec.expireAfterSeconds !== undefined) out.expireAfterSeconds = spec.expireAfterSeconds;
  return out;
}

function defaultName(key: Doc): string {
  return Object.keys(key)
    .map((k) => `${k}_${String(key[k])}`)
    .join('_');
}

function parseSpec(raw: unknown): IndexSpec {
  if (!isPlainObject(raw) || !isPlainObject(raw.key) || Object.keys(raw.key).length === 0) {
    throw new MongoCommandError('FailedToParse', "The 'key' field must be a non-empty object");
  }
  const spec: IndexSpec = { name: typeof raw.name === 'string' ? raw.name : defaultName(raw.key), key: raw.key };
  if (raw.unique === true) spec.unique = true;
  if (raw.sparse === true) spec.sparse = true;
  if (isPlainObject(raw.partialFilterExpression)) spec.partialFilterExpression = raw.partialFilterExpression;
  if (typeof raw.expireAfterSeconds === 'number') spec.expireAfterSeconds = raw.expireAfterSeconds;
  return spec;
}

function optionsKey(spec: IndexSpec): string {
  return encodeKey({ u: !!spec.unique, s: !!spec.sparse, p: spec.partialFilterExpression ?? null, e: spec.expireAfterSeconds ?? null });
}

// Returns true when an equivalent index already exists; throws mongod's conflict codes.
function checkExisting(coll: Collection, spec: IndexSpec): boolean {
  const wantKey = encodeKey(spec.key);
  for (const existing of coll.indexSpecs()) {
    const sameName = existing.name === spec.name;
    const sameKey = encodeKey(existing.key) === wantKey;
    if (sameName && !sameKey) {
      throw new MongoCommandError(
        'IndexKeySpecsConflict',
        `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(describe(spec))}, existing index: ${JSON.stringify(describe(existing))}`,
      );
    }
    if (!sameKey) continue;
    if (existing.name === '_id_' && !sameName) continue;
    if (optionsKey(existing) !== optionsKey(spec) && !(existing.name === '_id_')) {
      throw new MongoCommandError(
        'IndexOptionsConflict',
        `An equivalent index already exists with the same name but different options. Requested index: ${JSON.stringify(describe(spec))}, existing index: ${JSON.stringify(describe(existing))}`,
      );
    }
    if (sameName) return true;
    throw new MongoCommandError('IndexOptionsConflict', `Index already exists with a different name: ${existing.name}`);
  }
  return false;
}

export const createIndexes: CommandHandler = (cmd, db, ctx) => {
  const name = collectionName(cmd, 'createIndexes');
  if (!Array.isArray(cmd.indexes) || cmd.indexes.length === 0) throw new MongoCommandError('BadValue', 'Must specify at least one index to create');
  const specs = cmd.indexes.map(parseSpec);
  const created = !ctx.engine.collection(db, name);
  const coll = ctx.engine.ensureCollection(db, name);
  const before = coll.indexes.size + 1;
  for (const spec of specs) {
    if (checkExisting(coll, spec)) continue;
    if (spec.name === '_id_') continue;
    ctx.engine.createIndex(coll, spec);
  }
  const after = coll.indexes.size + 1;
  const reply: Doc = { createdCollectionAutomatically: created, numIndexesBefore: before, numIndexesAfter: after };
  if (before === after) reply.note = 'all indexes already exist';
  reply.ok = 1;
  return reply;
};

export const listIndexes: CommandHandler = (cmd, db, ctx) => {
  const name = collectionName(cmd, 'listIndexes');
  const coll = requireCollection(ctx, db, name);
  const ns = `${db}.${name}`;
  const cursorOpts = isPlainObject(cmd.cursor) ? cmd.cursor : {};
  const batchSize = typeof cursorOpts.batchSize === 'number' ? cursorOpts.batchSize : undefined;
  const first = ctx.cursors.first(ns, coll.indexSpecs().map(describe), batchSize, false);
  return { cursor: { firstBatch: first.batch, id: cursorId(first.id), ns }, ok: 1 };
};

function namesToDrop(coll: Collection, index: unknown): string[] {
  if (index === '*') return [...coll.indexes.keys()];
  const list = Array.isArray(index) ? index : [index];
  return list.map((item) => {
    if (typeof item === 'string') {
      if (item === '_id_') throw new MongoCommandError('InvalidOptions', 'cannot drop _id index');
      if (!coll.indexes.has(item)) throw new MongoCommandError('IndexNotFound', `index not found with name [${item}]`);
      return item;
    }
    if (isPlainObject(item)) {
      const want = encodeKey(item);
      if (want === encodeKey({ _id: 1 })) throw new MongoCommandError('InvalidOptions', 'cannot drop _id index');
      const found = [...coll.indexes.values()].find((i) => encodeKey(i.spec.key) === want);
      if (!found) throw new MongoCommandError('IndexNotFound', `can't find index with key: ${JSON.stringify(item)}`);
      return found.spec.name;
    }
    throw new MongoCommandError('TypeMismatch', 'dropIndexes index must be a string, array or object');
  });
}

export const dropIndexes: CommandHandler = (cmd, db, ctx) => {
  const name = collectionName(cmd, Object.keys(cmd)[0]);
  const coll = requireCollection(ctx, db, name);
  const was = coll.indexes.size + 1;
  for (const index of namesToDrop(coll, cmd.index)) ctx.engine.dropIndex(coll, index);
  return { nIndexesWas: was, ok: 1 };
};

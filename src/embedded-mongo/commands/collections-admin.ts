import { Query } from 'mingo';
import { MongoCommandError } from '../errors.ts';
import { MINGO_OPTIONS } from '../storage/mingo-options.ts';
import { isPlainObject, type Doc } from '../storage/bson-values.ts';
import { collectionName, type CommandHandler } from './context.ts';
import { cursorId } from './crud-find.ts';

export const create: CommandHandler = (cmd, db, ctx) => {
  const name = collectionName(cmd, 'create');
  if (ctx.engine.collection(db, name)) {
    throw new MongoCommandError('NamespaceExists', `Collection ${db}.${name} already exists.`);
  }
  ctx.engine.ensureCollection(db, name);
  return { ok: 1 };
};

// mongod's compact rewrites a collection's files; here the journal and snapshot hold
// every collection, so it schedules one compaction of them all. It answers at once; the
// older files (with the superseded versions of rewritten documents, e.g. a secret before
// it was sealed) are gone once that compaction is published, and close() waits for it.
export const compact: CommandHandler = (cmd, db, ctx) => {
  collectionName(cmd, 'compact');
  ctx.engine.journal.requestCompaction?.();
  return { ok: 1 };
};

// Like mongod 7+, dropping a missing collection succeeds.
export const drop: CommandHandler = (cmd, db, ctx) => {
  const name = collectionName(cmd, 'drop');
  const coll = ctx.engine.collection(db, name);
  const nIndexesWas = coll ? coll.indexes.size + 1 : 0;
  ctx.engine.dropCollection(db, name);
  return coll ? { nIndexesWas, ns: `${db}.${name}`, ok: 1 } : { ok: 1 };
};

export const dropDatabase: CommandHandler = (_cmd, db, ctx) => {
  ctx.engine.dropDatabase(db);
  return { dropped: db, ok: 1 };
};

export const listCollections: CommandHandler = (cmd, db, ctx) => {
  const filter = isPlainObject(cmd.filter) ? cmd.filter : {};
  const query = new Query(filter, MINGO_OPTIONS);
  const nameOnly = cmd.nameOnly === true;
  const infos: Doc[] = [];
  for (const name of ctx.engine.dbs.get(db)?.keys() ?? []) {
    const info: Doc = nameOnly
      ? { name, type: 'collection' }
      : { name, type: 'collection', options: {}, info: { readOnly: false }, idIndex: { v: 2, key: { _id: 1 }, name: '_id_' } };
    if (query.test(info)) infos.push(info);
  }
  const ns = `${db}.$cmd.listCollections`;
  const cursorOpts = isPlainObject(cmd.cursor) ? cmd.cursor : {};
  const batchSize = typeof cursorOpts.batchSize === 'number' ? cursorOpts.batchSize : undefined;
  const first = ctx.cursors.first(ns, infos, batchSize, false);
  return { cursor: { firstBatch: first.batch, id: cursorId(first.id), ns }, ok: 1 };
};

export const listDatabases: CommandHandler = (cmd, _db, ctx) => {
  const databases = [...ctx.engine.dbs.entries()].map(([name, colls]) => ({
    name,
    sizeOnDisk: 0,
    empty: [...colls.values()].every((c) => c.docs.size === 0),
  }));
  if (cmd.nameOnly === true) return { databases: databases.map((d) => ({ name: d.name })), ok: 1 };
  return { databases, totalSize: 0, totalSizeMb: 0, ok: 1 };
};

export const collStatsCount: CommandHandler = (cmd, db, ctx) => {
  const coll = ctx.engine.collection(db, collectionName(cmd, 'collStats'));
  return { ns: `${db}.${String(cmd.collStats)}`, count: coll?.docs.size ?? 0, size: 0, nindexes: coll ? coll.indexes.size + 1 : 0, ok: 1 };
};

export const dbStats: CommandHandler = (_cmd, db, ctx) => {
  const colls = [...(ctx.engine.dbs.get(db)?.values() ?? [])];
  return {
    db,
    collections: colls.length,
    views: 0,
    objects: colls.reduce((n, c) => n + c.docs.size, 0),
    dataSize: 0,
    storageSize: 0,
    indexes: colls.reduce((n, c) => n + c.indexes.size + 1, 0),
    indexSize: 0,
    ok: 1,
  };
};

function splitNamespace(ns: unknown, field: string): [string, string] {
  const dot = typeof ns === 'string' ? ns.indexOf('.') : -1;
  if (dot <= 0 || dot === (ns as string).length - 1)
    throw new MongoCommandError('InvalidNamespace', `Invalid namespace specified for '${field}': ${String(ns)}`);
  return [(ns as string).slice(0, dot), (ns as string).slice(dot + 1)];
}

// Admin command: { renameCollection: 'db.from', to: 'db.to', dropTarget? }.
export const renameCollection: CommandHandler = (cmd, _db, ctx) => {
  const [db, name] = splitNamespace(cmd.renameCollection, 'renameCollection');
  const [toDb, to] = splitNamespace(cmd.to, 'to');
  if (!ctx.engine.collection(db, name)) throw new MongoCommandError('NamespaceNotFound', `Source collection ${db}.${name} does not exist`);
  if (db === toDb && name === to) throw new MongoCommandError('IllegalOperation', "Can't rename a collection to itself");
  if (ctx.engine.collection(toDb, to) && cmd.dropTarget !== true) throw new MongoCommandError('NamespaceExists', 'target namespace exists');
  ctx.engine.rename(db, name, toDb, to);
  return { ok: 1 };
};

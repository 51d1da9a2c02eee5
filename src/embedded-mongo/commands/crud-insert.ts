import { ObjectId } from 'bson';
import { MongoCommandError, writeErrorEntry } from '../errors.ts';
import { isPlainObject, normalizeNumbers, type Doc } from '../storage/bson-values.ts';
import { collectionName, type CommandHandler } from './context.ts';

function withId(doc: Doc): Doc {
  if (doc._id !== undefined) {
    if (Array.isArray(doc._id)) throw new MongoCommandError('BadValue', "can't use an array for _id");
    if (Object.keys(doc)[0] === '_id') return doc;
    // mongod stores _id as the first field whatever order the client sent.
    const { _id, ...rest } = doc;
    return { _id, ...rest };
  }
  return { _id: new ObjectId(), ...doc };
}

// Ordered batches stop at the first failure; unordered ones report every failure and
// keep going, exactly like mongod's writeErrors.
export const insert: CommandHandler = (cmd, db, ctx) => {
  const name = collectionName(cmd, 'insert');
  const docs = cmd.documents;
  if (!Array.isArray(docs)) throw new MongoCommandError('TypeMismatch', "BSON field 'insert.documents' is missing or not an array");
  const ordered = cmd.ordered !== false;
  const coll = ctx.engine.ensureCollection(db, name);
  const writeErrors: Doc[] = [];
  let n = 0;
  for (let i = 0; i < docs.length; i++) {
    try {
      if (!isPlainObject(docs[i])) throw new MongoCommandError('TypeMismatch', 'documents must be objects');
      ctx.engine.insert(coll, withId(normalizeNumbers(docs[i]) as Doc));
      n++;
    } catch (err) {
      writeErrors.push(writeErrorEntry(i, err));
      if (ordered) break;
    }
  }
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
};

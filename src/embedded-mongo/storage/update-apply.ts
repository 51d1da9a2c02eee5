import { Aggregator } from 'mingo';
import { update as mingoUpdate, type Modifier } from 'mingo/updater';
import { ObjectId } from 'bson';
import { MongoCommandError } from '../errors.ts';
import { MINGO_OPTIONS } from './mingo-options.ts';
import { checkConflicts, checkOperatorTypes } from './update-checks.ts';
import { applySimpleUpdate } from './update-fast-path.ts';
import { cloneValue, encodeKey, isPlainObject, setPath, type Doc } from './bson-values.ts';

export interface UpdateOptions {
  arrayFilters?: Doc[];
  query?: Doc;
  insert?: boolean;
}

export interface UpdateOutcome {
  doc: Doc;
  modified: boolean;
}

const KNOWN_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$currentDate',
  '$push',
  '$addToSet',
  '$pull',
  '$pullAll',
  '$pop',
  '$bit',
  '$setOnInsert',
]);

export function isOperatorUpdate(u: unknown): boolean {
  if (Array.isArray(u)) return true;
  if (!isPlainObject(u)) return false;
  const keys = Object.keys(u);
  return keys.length > 0 && keys[0].startsWith('$');
}

// Applies an update document, pipeline or replacement to a copy of `doc`; the stored
// version is never mutated so open cursors keep seeing what they matched.
export function applyUpdate(doc: Doc, u: unknown, opts: UpdateOptions = {}): UpdateOutcome {
  let next: Doc;
  // Operator updates know which paths changed; other forms compare whole documents.
  let modified: boolean | undefined;
  if (Array.isArray(u)) {
    next = applyPipeline(doc, u as Doc[]);
  } else if (isOperatorUpdate(u)) {
    ({ doc: next, modified } = applyOperators(doc, u as Doc, opts));
  } else if (isPlainObject(u)) {
    next = applyReplacement(doc, u);
  } else {
    throw new MongoCommandError('FailedToParse', 'Update argument must be either an object or an array');
  }
  if (encodeKey(next._id) !== encodeKey(doc._id) && !(opts.insert && doc._id === undefined)) {
    throw new MongoCommandError('ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
  }
  return { doc: next, modified: modified ?? encodeKey(next) !== encodeKey(doc) };
}

function applyOperators(doc: Doc, u: Doc, opts: UpdateOptions): UpdateOutcome {
  checkConflicts(u);
  const modifier: Doc = {};
  for (const op of Object.keys(u)) {
    if (!KNOWN_OPERATORS.has(op))
      throw new MongoCommandError('FailedToParse', `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`);
    if (op === '$setOnInsert') continue;
    modifier[op] = u[op];
  }
  if (!opts.insert && !opts.arrayFilters?.length && Object.keys(modifier).length === Object.keys(u).length) {
    const simple = applySimpleUpdate(doc, modifier);
    if (simple) return simple;
  }
  // mingo refuses any $set of _id, but an upsert may choose the new document's _id
  // through $setOnInsert (or $set) while the seed has none: apply that one directly.
  let chosenId: unknown;
  if (opts.insert && isPlainObject(u.$setOnInsert)) {
    const { _id, ...rest } = u.$setOnInsert as Doc;
    chosenId = _id;
    modifier.$set = { ...(isPlainObject(modifier.$set) ? modifier.$set : {}), ...rest };
  }
  if (opts.insert && doc._id === undefined && isPlainObject(modifier.$set) && '_id' in (modifier.$set as Doc)) {
    const { _id, ...rest } = modifier.$set as Doc;
    chosenId = _id;
    modifier.$set = rest;
  }
  const next = cloneValue(doc);
  if (chosenId !== undefined && doc._id === undefined) next._id = cloneValue(chosenId);
  if (isPlainObject(modifier.$set) && Object.keys(modifier.$set as Doc).length === 0) delete modifier.$set;
  if (Object.keys(modifier).length === 0) return { doc: next, modified: false };
  checkOperatorTypes(next, modifier);
  let changed: string[];
  try {
    changed = mingoUpdate(next, modifier as Modifier<Doc>, opts.arrayFilters, opts.query, { cloneMode: 'copy', queryOptions: MINGO_OPTIONS });
  } catch (err) {
    const message = (err as Error).message;
    throw new MongoCommandError(/immutable field '_id'/.test(message) ? 'ImmutableField' : 'BadValue', message);
  }
  return { doc: next, modified: changed.length > 0 };
}

function applyReplacement(doc: Doc, u: Doc): Doc {
  for (const k of Object.keys(u)) {
    if (k.startsWith('$')) throw new MongoCommandError('BadValue', `The dollar ($) prefixed field '${k}' is not allowed in a replacement document`);
  }
  if (u._id !== undefined && doc._id !== undefined && encodeKey(u._id) !== encodeKey(doc._id)) {
    throw new MongoCommandError('ImmutableField', "After applying the update, the (immutable) field '_id' was found to have been altered");
  }
  const next: Doc = { _id: doc._id };
  for (const k of Object.keys(u)) if (k !== '_id') next[k] = cloneValue(u[k]);
  if (doc._id === undefined && u._id !== undefined) next._id = u._id;
  if (next._id === undefined) delete next._id;
  return next;
}

function applyPipeline(doc: Doc, pipeline: Doc[]): Doc {
  const out = new Aggregator(pipeline, MINGO_OPTIONS).run([cloneValue(doc)]) as Doc[];
  if (out.length !== 1) throw new MongoCommandError('BadValue', 'update pipeline must produce exactly one document');
  return out[0];
}

// The document an upsert starts from: the equality fields of the query (plain values,
// $eq, and both inside $and), as MongoDB seeds it.
export function seedFromQuery(query: Doc | undefined): Doc {
  const seed: Doc = {};
  if (query) collectEqualities(query, seed);
  return seed;
}

function collectEqualities(query: Doc, seed: Doc): void {
  for (const key of Object.keys(query)) {
    const v = query[key];
    if (key === '$and' && Array.isArray(v)) {
      for (const branch of v) if (isPlainObject(branch)) collectEqualities(branch, seed);
      continue;
    }
    if (key.startsWith('$')) continue;
    if (isPlainObject(v) && Object.keys(v).some((k) => k.startsWith('$'))) {
      if ('$eq' in v) setPath(seed, key, cloneValue(v.$eq));
      continue;
    }
    setPath(seed, key, cloneValue(v));
  }
}

// Builds the document an upsert inserts, with _id first as mongod stores it.
export function buildUpsertDoc(query: Doc | undefined, u: unknown, arrayFilters?: Doc[]): Doc {
  let doc: Doc;
  if (isOperatorUpdate(u)) {
    doc = applyUpdate(seedFromQuery(query), u, { arrayFilters, insert: true }).doc;
  } else {
    const seed = seedFromQuery(query);
    doc = applyUpdate(seed._id === undefined ? {} : { _id: seed._id }, u, { insert: true }).doc;
  }
  if (doc._id === undefined) return { _id: new ObjectId(), ...doc };
  if (Object.keys(doc)[0] === '_id') return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}

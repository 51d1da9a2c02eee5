import type { Doc } from './bson-values.ts';

/**
 * Projections that only name top-level fields with 0/1 (or booleans) are shaped here
 * directly: mingo builds its operator context on every call, which costs more than the
 * read itself for a `findOne` with `{ _id: 0, secret: 0 }`. Anything else (dotted paths,
 * operators, expressions, mixed inclusion and exclusion) returns undefined and goes to
 * mingo, which also reports the errors.
 */
export function compileSimpleProjection(projection: Doc): ((doc: Doc) => Doc) | undefined {
  let idValue: boolean | undefined;
  const included: string[] = [];
  const excluded: string[] = [];
  for (const [field, value] of Object.entries(projection)) {
    if (field.includes('.') || field.startsWith('$')) return undefined;
    if (typeof value !== 'number' && typeof value !== 'boolean') return undefined;
    const include = value !== 0 && value !== false;
    if (field === '_id') idValue = include;
    else (include ? included : excluded).push(field);
  }
  if (included.length > 0 && excluded.length > 0) return undefined;
  const keepId = idValue ?? true;
  // `{ _id: 1 }` alone is an inclusion projection: nothing but _id.
  if (included.length > 0 || (excluded.length === 0 && idValue === true)) {
    const wanted = new Set(included);
    if (keepId) wanted.add('_id');
    return (doc) => {
      // mongod keeps _id first and the other fields in the document's order.
      const out: Doc = {};
      if (keepId && '_id' in doc) out._id = doc._id;
      for (const key in doc) if (key !== '_id' && wanted.has(key)) out[key] = doc[key];
      return out;
    };
  }
  const dropped = new Set(excluded);
  if (!keepId) dropped.add('_id');
  return (doc) => {
    const out: Doc = {};
    if (!dropped.has('_id') && '_id' in doc) out._id = doc._id;
    for (const key in doc) if (key !== '_id' && !dropped.has(key)) out[key] = doc[key];
    return out;
  };
}

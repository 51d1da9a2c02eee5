import { cloneValue, encodeKey, isPlainObject, type Doc } from './bson-values.ts';

// mingo's updater rebuilds its operator context on every call, which made it the largest
// cost of the server under write-heavy load. The updates applications make most often —
// `$set`/`$unset` of top-level fields and `$push` onto a top-level array — are applied
// here directly; everything else (dotted or positional paths, array filters, numeric
// field names, other operators and `$push` modifiers) still goes through mingo.

type Change = { field: string; op: '$set' | '$unset' | '$push'; arg: unknown };

const SIMPLE_OPS = new Set(['$set', '$unset', '$push']);

function isSimpleField(field: string): boolean {
  return field !== '' && field !== '_id' && !field.includes('.') && !field.startsWith('$') && !/^\d+$/.test(field);
}

/** `$push` of one value, or `{ $each: [...] }` with an optional integer `$slice`. */
function pushValues(arg: unknown): { values: unknown[]; slice?: number } | undefined {
  if (!isPlainObject(arg) || !Object.keys(arg).some((k) => k.startsWith('$'))) return { values: [arg] };
  const keys = Object.keys(arg);
  if (!Array.isArray(arg.$each) || keys.some((k) => k !== '$each' && k !== '$slice')) return undefined;
  if (arg.$slice === undefined) return { values: arg.$each };
  return typeof arg.$slice === 'number' && Number.isInteger(arg.$slice) ? { values: arg.$each, slice: arg.$slice } : undefined;
}

function simpleChanges(modifier: Doc): Change[] | undefined {
  const changes: Change[] = [];
  for (const op of Object.keys(modifier)) {
    const fields = modifier[op];
    if (!SIMPLE_OPS.has(op) || !isPlainObject(fields)) return undefined;
    for (const field of Object.keys(fields)) {
      if (!isSimpleField(field)) return undefined;
      if (op === '$push' && !pushValues(fields[field])) return undefined;
      changes.push({ field, op: op as Change['op'], arg: fields[field] });
    }
  }
  // mongod (5.0+) applies an update's fields in lexicographic order, so new fields are
  // appended in that order.
  return changes.sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
}

function applyChange(next: Doc, { field, op, arg }: Change): boolean {
  const present = Object.prototype.hasOwnProperty.call(next, field);
  if (op === '$unset') {
    if (!present) return false;
    delete next[field];
    return true;
  }
  if (op === '$set') {
    if (present && encodeKey(next[field]) === encodeKey(arg)) return false;
    next[field] = cloneValue(arg);
    return true;
  }
  const { values, slice } = pushValues(arg)!;
  const current = present ? (next[field] as unknown[]) : [];
  let pushed = [...current, ...values.map((v) => cloneValue(v))];
  if (slice !== undefined) pushed = slice >= 0 ? pushed.slice(0, slice) : pushed.slice(slice);
  const changed = !present || pushed.length !== current.length || pushed.some((v, i) => v !== current[i]);
  next[field] = pushed;
  return changed;
}

/**
 * Applies `modifier` to a shallow copy of `doc` when every part of it is simple, or returns
 * undefined. Nested values are shared with `doc`, never mutated: a changed field gets a new
 * value, so the stored version stays intact for open cursors and snapshots.
 */
export function applySimpleUpdate(doc: Doc, modifier: Doc): { doc: Doc; modified: boolean } | undefined {
  const changes = simpleChanges(modifier);
  if (!changes) return undefined;
  for (const c of changes) {
    if (c.op === '$push' && Object.prototype.hasOwnProperty.call(doc, c.field) && !Array.isArray(doc[c.field])) return undefined;
  }
  const next: Doc = { ...doc };
  let modified = false;
  for (const c of changes) if (applyChange(next, c)) modified = true;
  return { doc: next, modified };
}

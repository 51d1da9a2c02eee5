import { cloneValue, isPlainObject, sameEncoding, type Doc } from './bson-values.ts';
import { compileSimple } from './simple-filter.ts';

// mingo's updater rebuilds its operator context on every call, which made it the largest
// cost of the server under write-heavy load. The updates applications make most often —
// `$set`, `$unset`, `$inc`, `$push` (`$each`, `$slice`) and `$pull` (a value, or a simple
// document condition) on field paths through existing documents and array elements — are
// applied here directly; everything else (positional operators, array filters, numeric
// field names in documents, indexes past an array's end, other operators and modifiers)
// still goes through mingo, which also raises the errors for ill-typed targets.

type Op = '$set' | '$unset' | '$inc' | '$push' | '$pull';
interface Change {
  field: string;
  path: string[];
  op: Op;
  arg: unknown;
}
type Container = Doc | unknown[];

const SIMPLE_OPS = new Set<string>(['$set', '$unset', '$inc', '$push', '$pull']);
const NUMERIC = /^\d+$/;
const has = (o: Doc, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** `$push` of one value, or `{ $each: [...] }` with an optional integer `$slice`. */
function pushValues(arg: unknown): { values: unknown[]; slice?: number } | undefined {
  if (!isPlainObject(arg) || !Object.keys(arg).some((k) => k.startsWith('$'))) return { values: [arg] };
  if (!Array.isArray(arg.$each) || Object.keys(arg).some((k) => k !== '$each' && k !== '$slice')) return undefined;
  if (arg.$slice === undefined) return { values: arg.$each };
  return typeof arg.$slice === 'number' && Number.isInteger(arg.$slice) ? { values: arg.$each, slice: arg.$slice } : undefined;
}

type ElementTest = (element: unknown) => boolean;
// A multi-document update applies the same condition object to every document: compile it once.
const pullConditions = new WeakMap<Doc, ElementTest | null>();

/** `$pull` of a scalar, or of the documents matching a simple condition. */
function pullTest(arg: unknown): ElementTest | undefined {
  if (typeof arg === 'string' || typeof arg === 'boolean' || (typeof arg === 'number' && Number.isFinite(arg))) return (e) => e === arg;
  if (!isPlainObject(arg) || Object.keys(arg).length === 0 || Object.keys(arg).some((k) => k.startsWith('$'))) return undefined;
  let test = pullConditions.get(arg);
  if (test === undefined) {
    const filter = compileSimple(arg);
    test = filter ? (e: unknown) => isPlainObject(e) && filter.test(e) : null;
    pullConditions.set(arg, test);
  }
  return test ?? undefined;
}

function argIsSimple(op: Op, arg: unknown): boolean {
  if (op === '$inc') return typeof arg === 'number' && Number.isFinite(arg);
  if (op === '$push') return pushValues(arg) !== undefined;
  if (op === '$pull') return pullTest(arg) !== undefined;
  return true;
}

function simpleChanges(modifier: Doc): Change[] | undefined {
  const changes: Change[] = [];
  for (const op of Object.keys(modifier)) {
    const fields = modifier[op];
    if (!SIMPLE_OPS.has(op) || !isPlainObject(fields)) return undefined;
    for (const field of Object.keys(fields)) {
      const path = field.split('.');
      if (path.some((s) => s === '' || s.startsWith('$')) || path[0] === '_id' || NUMERIC.test(path[0])) return undefined;
      if (!argIsSimple(op as Op, fields[field])) return undefined;
      changes.push({ field, path, op: op as Op, arg: fields[field] });
    }
  }
  // mongod (5.0+) applies an update's fields in lexicographic order, so new fields are
  // appended in that order.
  return changes.sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
}

/**
 * The container holding the path's last segment, copied on the way down (each container
 * once, tracked in `copied`) so the stored version is never touched; `null` when a missing
 * part of the path means there is nothing to do, undefined when mingo must decide.
 */
function containerFor(root: Doc, path: string[], create: boolean, copied: Set<object>): Container | null | undefined {
  let cur: Container = root;
  for (const seg of path.slice(0, -1)) {
    const inArray = Array.isArray(cur);
    if (inArray !== NUMERIC.test(seg) || (inArray && Number(seg) >= (cur as unknown[]).length)) return undefined;
    const holder = cur as Record<string, unknown>;
    let child = inArray ? holder[Number(seg)] : has(cur as Doc, seg) ? holder[seg] : undefined;
    if (child === undefined && !inArray) {
      if (!create) return null;
      child = {};
      copied.add(child as object);
    } else if (Array.isArray(child) || isPlainObject(child)) {
      if (!copied.has(child as object)) {
        child = Array.isArray(child) ? [...child] : { ...(child as Doc) };
        copied.add(child as object);
      }
    } else {
      return undefined;
    }
    holder[inArray ? Number(seg) : seg] = child;
    cur = child as Container;
  }
  const last = path[path.length - 1];
  if (Array.isArray(cur) !== NUMERIC.test(last) || (Array.isArray(cur) && Number(last) >= cur.length)) return undefined;
  return cur;
}

/** Applies one change to its container; returns whether the document changed, or undefined for mingo. */
function applyChange(parent: Container, key: string, { op, arg }: Change): boolean | undefined {
  const holder = parent as Record<string, unknown>;
  const k = Array.isArray(parent) ? Number(key) : key;
  const present = Array.isArray(parent) || has(parent, key);
  const current = present ? holder[k] : undefined;
  switch (op) {
    case '$unset':
      if (Array.isArray(parent)) return undefined; // mongod nulls an element rather than removing it
      if (!present) return false;
      delete holder[k];
      return true;
    case '$set':
      if (present && sameEncoding(current, arg)) return false;
      holder[k] = cloneValue(arg);
      return true;
    case '$inc':
      if (present && typeof current !== 'number') return undefined;
      holder[k] = ((current as number | undefined) ?? 0) + (arg as number);
      return !present || arg !== 0;
    case '$push': {
      if (present && !Array.isArray(current)) return undefined;
      const { values, slice } = pushValues(arg)!;
      const before = (current as unknown[] | undefined) ?? [];
      let after = [...before, ...values.map((v) => cloneValue(v))];
      if (slice !== undefined) after = slice >= 0 ? after.slice(0, slice) : after.slice(slice);
      holder[k] = after;
      return !present || after.length !== before.length || after.some((v, i) => v !== before[i]);
    }
    case '$pull': {
      if (!present) return false;
      if (!Array.isArray(current)) return undefined;
      const test = pullTest(arg)!;
      const kept = current.filter((e) => !test(e));
      if (kept.length === current.length) return false;
      holder[k] = kept;
      return true;
    }
  }
}

/**
 * Applies `modifier` to a copy of `doc` when every part of it is simple, or returns
 * undefined. Only the containers on a changed path are copied; everything else is shared
 * with `doc` and never mutated, so the stored version stays intact for open cursors and
 * snapshots.
 */
export function applySimpleUpdate(doc: Doc, modifier: Doc): { doc: Doc; modified: boolean } | undefined {
  const changes = simpleChanges(modifier);
  if (!changes) return undefined;
  const next: Doc = { ...doc };
  const copied = new Set<object>([next]);
  let modified = false;
  for (const change of changes) {
    const creates = change.op !== '$unset' && change.op !== '$pull';
    const parent = containerFor(next, change.path, creates, copied);
    if (parent === undefined) return undefined;
    if (parent === null) continue;
    const changed = applyChange(parent, change.path[change.path.length - 1], change);
    if (changed === undefined) return undefined;
    modified ||= changed;
  }
  return { doc: next, modified };
}

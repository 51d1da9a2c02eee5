import { bsonType, encodeKey, isPlainObject, type Doc } from './bson-values.ts';
import type { Collection } from './collection.ts';
import type { IndexData, RangeBound } from './index-data.ts';
import { compileFilter } from './simple-filter.ts';

export type Condition =
  | { field: string; kind: 'eq'; value: unknown }
  | { field: string; kind: 'in'; values: unknown[] }
  | { field: string; kind: 'range'; low?: RangeBound; high?: RangeBound };

interface Plan {
  ids: Iterable<string>;
  exact: boolean;
}

export function isIndexable(v: unknown): boolean {
  if (v === undefined || v === null || Array.isArray(v) || isPlainObject(v) || v instanceof RegExp) return false;
  const t = bsonType(v);
  return t !== 'BSONRegExp' && t !== 'MinKey' && t !== 'MaxKey';
}

// `{f: null}` matches a missing field too, which an index keys as null as well, so an
// index that holds every document can answer it (never exactly: null also stands for
// undefined and for arrays holding null). Sparse indexes leave those documents out.
const isEqualityValue = (v: unknown) => v === null || isIndexable(v);
const hasNull = (values: unknown[]) => values.some((v) => v === null);
const isNullEquality = (c: Condition) => c.kind === 'eq' && c.value === null;

function isOperatorObject(v: unknown): v is Doc {
  if (!isPlainObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

// Conditions a top-level filter (and its $and branches) puts on single fields.
export function extractConditions(filter: Doc, out: Condition[] = []): Condition[] {
  for (const field of Object.keys(filter)) {
    const v = filter[field];
    if (field === '$and' && Array.isArray(v)) {
      for (const branch of v) if (isPlainObject(branch)) extractConditions(branch, out);
      continue;
    }
    if (field.startsWith('$')) continue;
    if (!isOperatorObject(v)) {
      if (isEqualityValue(v)) out.push({ field, kind: 'eq', value: v });
      continue;
    }
    if ('$eq' in v && isEqualityValue(v.$eq)) out.push({ field, kind: 'eq', value: v.$eq });
    if (Array.isArray(v.$in) && v.$in.every(isIndexable)) out.push({ field, kind: 'in', values: v.$in });
    const low = '$gt' in v ? { value: v.$gt, inclusive: false } : '$gte' in v ? { value: v.$gte, inclusive: true } : undefined;
    const high = '$lt' in v ? { value: v.$lt, inclusive: false } : '$lte' in v ? { value: v.$lte, inclusive: true } : undefined;
    if ((low && isIndexable(low.value)) || (high && isIndexable(high.value))) {
      out.push({ field, kind: 'range', low: low && isIndexable(low.value) ? low : undefined, high: high && isIndexable(high.value) ? high : undefined });
    }
  }
  return out;
}

function idPlan(cond: Condition, simple: boolean): Plan | undefined {
  if (cond.kind === 'eq') return { ids: [encodeKey(cond.value)], exact: simple };
  if (cond.kind === 'in') return { ids: new Set(cond.values.map(encodeKey)), exact: simple };
  return undefined;
}

function indexPlan(index: IndexData, cond: Condition, simple: boolean): Plan {
  const single = index.fields.length === 1 && index.coversAllDocs;
  if (cond.kind === 'eq') {
    const ids = index.fields.length === 1 ? index.lookupEq(cond.value) : new Set(index.lookupEq(cond.value));
    return { ids, exact: simple && single };
  }
  if (cond.kind === 'in') {
    const ids = new Set<string>();
    for (const v of cond.values) for (const id of index.lookupEq(v)) ids.add(id);
    return { ids, exact: simple && single };
  }
  // On a multikey index different elements may satisfy each bound, so scan one bound only.
  const ids = index.multikey && cond.low && cond.high ? index.scanRange(cond.low, undefined) : index.scanRange(cond.low, cond.high);
  return { ids: new Set(ids), exact: false };
}

// True when the filter is nothing but one equality/$in on one field, so an exact index
// lookup needs no further matching.
function isSimpleFilter(filter: Doc, conds: Condition[]): boolean {
  const keys = Object.keys(filter);
  if (keys.length !== 1 || keys[0].startsWith('$') || conds.length !== 1) return false;
  const v = filter[keys[0]];
  if (!isOperatorObject(v)) return true;
  const ops = Object.keys(v);
  return ops.length === 1 && (ops[0] === '$eq' || ops[0] === '$in');
}

const RANK: Record<Condition['kind'], number> = { eq: 0, in: 1, range: 2 };

type RangeCondition = Extract<Condition, { kind: 'range' }>;
/** `tuples` are the prefix's value combinations (one unless an $in takes part); `values` the first. */
interface PrefixChoice {
  index: IndexData;
  values: unknown[];
  tuples: unknown[][];
  range?: RangeCondition;
}

// An $in on a prefix field multiplies the lookups; past this many the choice stops there.
const MAX_PREFIX_TUPLES = 1_000;

// The index with the longest run of leading fields fixed by equalities (with `withIn`,
// also by $in lists: one lookup per combination), plus a range on the field after them
// when the filter has one (ties go to a unique index).
export function bestEqualityPrefix(coll: Collection, conds: Condition[], opts: { withIn?: boolean } = {}): PrefixChoice | undefined {
  const fixed = new Map<string, unknown[]>();
  const ranges = new Map<string, RangeCondition>();
  for (const c of conds) {
    if (c.kind === 'eq' && !fixed.has(c.field)) fixed.set(c.field, [c.value]);
    if (c.kind === 'range' && !ranges.has(c.field)) ranges.set(c.field, c);
  }
  if (opts.withIn) for (const c of conds) if (c.kind === 'in' && !fixed.has(c.field) && c.values.length > 0) fixed.set(c.field, [...new Set(c.values)]);
  if (fixed.size === 0) return undefined;
  let best: PrefixChoice | undefined;
  const score = (c: PrefixChoice) => c.values.length * 2 + (c.range ? 1 : 0);
  for (const index of coll.indexes.values()) {
    if (!index.coversAllDocs && !index.spec.sparse) continue;
    let tuples: unknown[][] = [[]];
    while (tuples[0].length < index.fields.length) {
      const options = fixed.get(index.fields[tuples[0].length]);
      if (!options || tuples.length * options.length > MAX_PREFIX_TUPLES) break;
      tuples = tuples.flatMap((t) => options.map((v) => [...t, v]));
    }
    const values = tuples[0];
    if (values.length === 0 || (index.spec.sparse && tuples.some(hasNull))) continue;
    const next = index.fields[values.length];
    const choice: PrefixChoice = { index, values, tuples, range: next === undefined || !index.coversAllDocs ? undefined : ranges.get(next) };
    if (!best || score(choice) > score(best) || (score(choice) === score(best) && index.spec.unique && !best.index.spec.unique)) best = choice;
  }
  return best;
}

function prefixPlan({ index, tuples, range }: PrefixChoice, simple: boolean): Plan {
  if (tuples.length === 1) return tuplePlan(index, tuples[0], range, simple);
  const ids = new Set<string>();
  let exact = true;
  for (const t of tuples) {
    const plan = tuplePlan(index, t, range, simple);
    exact &&= plan.exact;
    for (const id of plan.ids) ids.add(id);
  }
  return { ids, exact };
}

function tuplePlan(index: IndexData, values: unknown[], range: RangeCondition | undefined, simple: boolean): Plan {
  if (range) {
    // On a multikey index different elements may satisfy each bound: scan one bound only.
    const ids = index.multikey && range.low && range.high ? index.scanRange(range.low, undefined, values) : index.scanRange(range.low, range.high, values);
    return { ids: new Set(ids), exact: false };
  }
  if (index.fields.length === 1) return { ids: index.lookupEq(values[0]), exact: simple && index.coversAllDocs };
  return { ids: new Set(index.lookupPrefix(values)), exact: false };
}

// Picks an index for the filter: _id first, then the most selective condition kind on
// the leading field of an index. `exact` means the index alone decides the match.
export function planQuery(coll: Collection, filter: Doc): Plan | undefined {
  const conds = extractConditions(filter).sort((a, b) => RANK[a.kind] - RANK[b.kind]);
  // An index never decides a null equality alone (see isEqualityValue).
  const simple = isSimpleFilter(filter, conds) && !conds.some(isNullEquality);
  // A null's candidates are often most of a collection (every document without the
  // field): it is used only when nothing else in the filter can use an index.
  const withoutNulls = conds.filter((c) => !isNullEquality(c));
  const plan = planConditions(coll, filter, withoutNulls, simple);
  return plan || withoutNulls.length === conds.length ? plan : planConditions(coll, filter, conds, simple);
}

function planConditions(coll: Collection, filter: Doc, conds: Condition[], simple: boolean): Plan | undefined {
  for (const cond of conds) {
    if (cond.field === '_id') {
      const plan = idPlan(cond, simple);
      if (plan) return plan;
    }
  }
  const prefix = bestEqualityPrefix(coll, conds, { withIn: true });
  if (prefix) return prefixPlan(prefix, simple);
  let best: { index: IndexData; cond: Condition } | undefined;
  for (const cond of conds) {
    for (const index of coll.indexes.values()) {
      if (index.fields[0] !== cond.field || (!index.coversAllDocs && cond.kind !== 'eq')) continue;
      if (!index.coversAllDocs && (!index.spec.sparse || isNullEquality(cond))) continue;
      if (
        !best ||
        RANK[cond.kind] < RANK[best.cond.kind] ||
        (best.index.spec.unique !== true && index.spec.unique === true && RANK[cond.kind] === RANK[best.cond.kind])
      ) {
        best = { index, cond };
      }
    }
  }
  if (best) return indexPlan(best.index, best.cond, simple);
  return Array.isArray(filter.$or) ? orPlan(coll, filter.$or) : undefined;
}

// A top-level $or uses indexes only if every branch can: the union of the branches'
// candidates (as mongod's OR plan); one unindexable branch means a scan.
function orPlan(coll: Collection, branches: unknown[]): Plan | undefined {
  if (branches.length === 0) return undefined;
  const ids = new Set<string>();
  for (const branch of branches) {
    if (!isPlainObject(branch)) return undefined;
    const plan = planQuery(coll, branch);
    if (!plan) return undefined;
    for (const id of plan.ids) ids.add(id);
  }
  return { ids, exact: false };
}

// Documents matching the filter in index or natural order; `limit` > 0 stops early
// (only valid when the caller does not sort afterwards).
export function matchDocs(coll: Collection, filter: Doc | undefined, limit = 0): Doc[] {
  const out: Doc[] = [];
  const empty = !filter || Object.keys(filter).length === 0;
  const plan = empty ? undefined : planQuery(coll, filter);
  const query = empty || plan?.exact ? undefined : compileFilter(filter);
  const source: Iterable<Doc | undefined> = plan ? mapIds(coll, plan.ids) : coll.docs.values();
  for (const doc of source) {
    if (!doc || (query && !query.test(doc))) continue;
    out.push(doc);
    if (limit > 0 && out.length >= limit) break;
  }
  return out;
}

function* mapIds(coll: Collection, ids: Iterable<string>): Generator<Doc | undefined> {
  for (const id of ids) yield coll.get(id);
}

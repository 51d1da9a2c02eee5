import { Query } from 'mingo';
import { isPlainObject, type Doc } from './bson-values.ts';
import { MINGO_OPTIONS } from './mingo-options.ts';

// Building a mingo Query copies its whole operator context, and its `$in` builds a hash
// map of the list for every document it tests; together they were most of the cost of
// the filters applications send on every write (`{_id, orgId, status: 'pending'}`,
// `{_id: {$in: [...]}, flag: true}`). Filters made only of top-level equality, `$in` and
// `$ne` on strings, booleans and finite numbers are tested directly; any other filter
// goes to mingo.

export interface DocFilter {
  test(doc: Doc): boolean;
}

type Scalar = string | boolean | number;
type FieldTest = (value: unknown) => boolean;

const isScalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

// MongoDB equality on a scalar also matches an array holding it (at the top level).
const equals =
  (v: Scalar): FieldTest =>
  (x) =>
    x === v || (Array.isArray(x) && x.includes(v));
const within =
  (set: Set<unknown>): FieldTest =>
  (x) =>
    set.has(x) || (Array.isArray(x) && x.some((e) => set.has(e)));
const isNull: FieldTest = (x) => x === null || x === undefined || (Array.isArray(x) && x.includes(null));

function fieldTest(condition: unknown): FieldTest | undefined {
  if (isScalar(condition)) return equals(condition);
  if (condition === null) return isNull;
  if (!isPlainObject(condition)) return undefined;
  const ops = Object.keys(condition);
  if (ops.length !== 1) return undefined;
  const arg = condition[ops[0]];
  if (ops[0] === '$eq' && isScalar(arg)) return equals(arg);
  if (ops[0] === '$ne' && isScalar(arg)) {
    const eq = equals(arg);
    return (x) => !eq(x);
  }
  if (ops[0] === '$in' && Array.isArray(arg) && arg.every(isScalar)) return within(new Set(arg));
  return undefined;
}

/** The direct matcher for a simple filter, or undefined when mingo must decide. */
export function compileSimple(filter: Doc): DocFilter | undefined {
  const tests: [string, FieldTest][] = [];
  for (const field of Object.keys(filter)) {
    if (field.startsWith('$') || field.includes('.') || field === '') return undefined;
    const test = fieldTest(filter[field]);
    if (!test) return undefined;
    tests.push([field, test]);
  }
  return { test: (doc) => tests.every(([field, t]) => t(fieldValue(doc, field))) };
}

// The logical operators' tests take the whole document: their field name is ''.
const fieldValue = (doc: Doc, field: string) => (field === '' ? doc : Object.prototype.hasOwnProperty.call(doc, field) ? doc[field] : undefined);

// A range (`$gt`, `$gte`, `$lt`, `$lte`, together) whose bounds are all strings or all
// dates: the delivery path's `_id` windows and lease deadlines. A missing field never
// matches; a value of the bounds' kind is compared here; any other value (an array, null,
// another type) is left to mingo for that document.
type RangeTest = (value: unknown) => boolean | undefined;
const RANGE_OPS = new Set(['$gt', '$gte', '$lt', '$lte']);

function rangeTest(condition: unknown): RangeTest | undefined {
  if (!isPlainObject(condition)) return undefined;
  const ops = Object.keys(condition);
  if (ops.length === 0 || !ops.every((op) => RANGE_OPS.has(op))) return undefined;
  const bounds = ops.map((op) => condition[op]);
  const dates = bounds.every((b) => b instanceof Date && !Number.isNaN(b.getTime()));
  if (!dates && !bounds.every((b) => typeof b === 'string')) return undefined;
  const key = (v: unknown) => (dates ? (v as Date).getTime() : (v as string));
  const checks = ops.map((op, i) => {
    const b = key(bounds[i]);
    if (op === '$gt') return (x: string | number) => x > b;
    if (op === '$gte') return (x: string | number) => x >= b;
    if (op === '$lt') return (x: string | number) => x < b;
    return (x: string | number) => x <= b;
  });
  return (value) => {
    if (value === undefined) return false;
    if (dates ? !(value instanceof Date) : typeof value !== 'string') return undefined;
    const x = key(value);
    return checks.every((c) => c(x));
  };
}

/**
 * The simple matcher extended with string and date ranges; a document whose value a range
 * cannot judge is tested by mingo (built once, on first need).
 */
function compileWithRanges(filter: Doc): DocFilter | undefined {
  const tests: [string, FieldTest][] = [];
  const ranges: [string, RangeTest][] = [];
  for (const field of Object.keys(filter)) {
    if (field === '$or' || field === '$and') {
      const test = logicalTest(field, filter[field]);
      if (!test) return undefined;
      tests.push(['', test]);
      continue;
    }
    if (field.startsWith('$') || field.includes('.') || field === '') return undefined;
    const test = fieldTest(filter[field]);
    const range = test ? undefined : rangeTest(filter[field]);
    if (test) tests.push([field, test]);
    else if (range) ranges.push([field, range]);
    else return undefined;
  }
  if (ranges.length === 0) return { test: (doc) => tests.every(([field, t]) => t(fieldValue(doc, field))) };
  let mingo: Query | undefined;
  return {
    test(doc) {
      if (!tests.every(([field, t]) => t(fieldValue(doc, field)))) return false;
      for (const [field, r] of ranges) {
        const verdict = r(fieldValue(doc, field));
        if (verdict === false) return false;
        if (verdict === undefined) return (mingo ??= new Query(filter, MINGO_OPTIONS)).test(doc);
      }
      return true;
    },
  };
}

/**
 * A top-level `$or` or `$and` whose branches are each filters this file can test (the
 * lease condition `$or: [{leaseUntil: null}, {leaseUntil: {$lte: now}}]` is on every claim).
 */
function logicalTest(op: '$or' | '$and', branches: unknown): FieldTest | undefined {
  if (!Array.isArray(branches) || branches.length === 0) return undefined;
  const compiled: DocFilter[] = [];
  for (const branch of branches) {
    const c = isPlainObject(branch) ? compileWithRanges(branch) : undefined;
    if (!c) return undefined;
    compiled.push(c);
  }
  return op === '$or' ? (doc) => compiled.some((c) => c.test(doc as Doc)) : (doc) => compiled.every((c) => c.test(doc as Doc));
}

/** A matcher for `filter`, with mingo's semantics. */
export function compileFilter(filter: Doc): DocFilter {
  return compileWithRanges(filter) ?? new Query(filter, MINGO_OPTIONS);
}

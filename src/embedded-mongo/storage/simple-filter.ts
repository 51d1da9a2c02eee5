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
  return { test: (doc) => tests.every(([field, t]) => t(Object.prototype.hasOwnProperty.call(doc, field) ? doc[field] : undefined)) };
}

/** A matcher for `filter`, with mingo's semantics. */
export function compileFilter(filter: Doc): DocFilter {
  return compileSimple(filter) ?? new Query(filter, MINGO_OPTIONS);
}

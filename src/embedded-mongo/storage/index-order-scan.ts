import type { Doc } from './bson-values.ts';
import type { Collection } from './collection.ts';
import type { IndexData } from './index-data.ts';
import { compileFilter } from './simple-filter.ts';
import { bestEqualityPrefix, extractConditions, isIndexable, type Condition } from './query-planner.ts';

interface OrderPlan {
  index: IndexData;
  prefix: unknown[];
  reverse: boolean;
  start?: unknown;
}

// An index whose fields after an equality prefix are exactly the sort fields yields
// documents already sorted, so `find(...).sort(...).limit(k)` reads about k entries
// instead of sorting every match (e.g. cursor pagination on {orgId, _id}).
function planOrder(coll: Collection, conds: Condition[], sort: Doc): OrderPlan | undefined {
  const fields = Object.keys(sort);
  if (fields.length === 0) return undefined;
  const dirs = fields.map((f) => (Number(sort[f]) < 0 ? -1 : 1));
  // Entries are stored ascending on every field: only all-ascending or all-descending.
  if (dirs.some((d) => d !== dirs[0])) return undefined;
  if (conds.some((c) => c.field === '_id' && c.kind !== 'range')) return undefined;
  const eq = new Map<string, unknown>();
  for (const c of conds) if (c.kind === 'eq' && !eq.has(c.field)) eq.set(c.field, c.value);
  let best: OrderPlan | undefined;
  for (const index of coll.indexes.values()) {
    if (!index.coversAllDocs || index.multikey) continue;
    const prefix: unknown[] = [];
    while (prefix.length < index.fields.length && eq.has(index.fields[prefix.length]) && !fields.includes(index.fields[prefix.length])) {
      prefix.push(eq.get(index.fields[prefix.length]));
    }
    const p = prefix.length;
    if (!fields.every((f, i) => index.fields[p + i] === f)) continue;
    if (!best || p > best.prefix.length) best = { index, prefix, reverse: dirs[0] < 0 };
  }
  if (!best) return undefined;
  // Never trade a narrower equality lookup for sorted order.
  if ((bestEqualityPrefix(coll, conds)?.values.length ?? 0) > best.prefix.length) return undefined;
  const range = conds.find((c): c is Extract<Condition, { kind: 'range' }> => c.kind === 'range' && c.field === fields[0]);
  const bound = best.reverse ? range?.high : range?.low;
  if (bound && isIndexable(bound.value)) best.start = bound.value;
  return best;
}

// Matches in sort order, at most `limit` of them; undefined when no index fits.
export function matchInIndexOrder(coll: Collection, filter: Doc, sort: Doc, limit: number): Doc[] | undefined {
  if (limit <= 0) return undefined;
  const plan = planOrder(coll, extractConditions(filter), sort);
  if (!plan) return undefined;
  const query = Object.keys(filter).length ? compileFilter(filter) : undefined;
  const out: Doc[] = [];
  for (const id of plan.index.orderedIds(plan.prefix, plan.reverse, plan.start)) {
    const doc = coll.get(id);
    if (!doc || (query && !query.test(doc))) continue;
    out.push(doc);
    if (out.length >= limit) break;
  }
  return out;
}

import { compareValues, pathValues, type Doc } from './bson-values.ts';

// MongoDB sort semantics: missing sorts as null, and an array field sorts by its
// smallest element ascending / largest element descending.
function sortKey(doc: Doc, path: string, dir: number): unknown {
  const vals = pathValues(doc, path);
  if (vals.length === 0) return null;
  let best = vals[0];
  for (let i = 1; i < vals.length; i++) {
    const c = compareValues(vals[i], best);
    if ((dir > 0 && c < 0) || (dir < 0 && c > 0)) best = vals[i];
  }
  return best;
}

interface Keyed {
  d: Doc;
  k: unknown[];
  i: number;
}

// Sorts by `spec` (stable). With `top` > 0 only the first `top` results are needed:
// they are kept in a bounded sorted buffer, O(n log top) instead of sorting everything.
export function sortDocs(docs: Doc[], spec: Doc | undefined, top = 0): Doc[] {
  if (!spec) return docs;
  const fields = Object.keys(spec).map((f) => [f, Number(spec[f]) < 0 ? -1 : 1] as const);
  if (fields.length === 0) return docs;
  const compare = (a: Keyed, b: Keyed): number => {
    for (let i = 0; i < fields.length; i++) {
      const c = compareValues(a.k[i], b.k[i]);
      if (c !== 0) return c * fields[i][1];
    }
    return a.i - b.i;
  };
  const keyOf = (d: Doc, i: number): Keyed => ({ d, k: fields.map(([f, dir]) => sortKey(d, f, dir)), i });
  if (top <= 0 || docs.length <= top * 4) {
    const keyed = docs.map(keyOf);
    keyed.sort(compare);
    return (top > 0 ? keyed.slice(0, top) : keyed).map((x) => x.d);
  }
  const best: Keyed[] = [];
  for (let i = 0; i < docs.length; i++) {
    const item = keyOf(docs[i], i);
    if (best.length === top && compare(item, best[top - 1]) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(best[mid], item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, item);
    if (best.length > top) best.pop();
  }
  return best.map((x) => x.d);
}

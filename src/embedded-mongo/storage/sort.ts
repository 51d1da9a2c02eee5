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

export function sortDocs(docs: Doc[], spec: Doc | undefined): Doc[] {
  if (!spec) return docs;
  const fields = Object.keys(spec).map((f) => [f, Number(spec[f]) < 0 ? -1 : 1] as const);
  if (fields.length === 0) return docs;
  const keyed = docs.map((d) => ({ d, k: fields.map(([f, dir]) => sortKey(d, f, dir)) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < fields.length; i++) {
      const c = compareValues(a.k[i], b.k[i]);
      if (c !== 0) return c * fields[i][1];
    }
    return 0;
  });
  return keyed.map((x) => x.d);
}

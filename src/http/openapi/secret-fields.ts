import { deref, type OpenApiDocument, type OperationSpec } from './spec.ts';

// A response property marked `x-og-secret: true` in the spec is a secret shown once (an
// API key, a signing secret, a trigger URL). The spec is the one place that says so: the
// idempotency middleware removes exactly these paths before it records a response.

type Schema = Record<string, unknown>;

function walk(doc: OpenApiDocument, node: unknown, at: string[], refs: string[], out: Set<string>): void {
  if (node === null || typeof node !== 'object') return;
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string') {
    if (refs.includes(ref)) return;
    walk(doc, deref(doc, node), at, [...refs, ref], out);
    return;
  }
  const schema = node as Schema;
  if (schema['x-og-secret'] === true && at.length > 0) out.add(at.join('.'));
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    for (const part of (schema[key] as unknown[] | undefined) ?? []) walk(doc, part, at, refs, out);
  }
  for (const [name, prop] of Object.entries((schema.properties as Record<string, unknown> | undefined) ?? {})) walk(doc, prop, [...at, name], refs, out);
  if (schema.items) walk(doc, schema.items, [...at, '*'], refs, out);
}

/** Dotted paths (`*` for every array element) of the `x-og-secret` properties of a schema. */
export function secretPathsOf(doc: OpenApiDocument, schema: unknown): string[] {
  const out = new Set<string>();
  walk(doc, schema, [], [], out);
  return [...out].sort();
}

/** The secret paths of every successful JSON response an operation may give. */
export function responseSecretPaths(doc: OpenApiDocument, op: Pick<OperationSpec, 'responses'>): string[] {
  const out = new Set<string>();
  for (const [status, declared] of Object.entries(op.responses)) {
    if (!status.startsWith('2')) continue;
    for (const media of Object.values(deref(doc, declared).content ?? {})) for (const path of secretPathsOf(doc, media.schema)) out.add(path);
  }
  return [...out].sort();
}

function removeAt(node: unknown, parts: string[]): void {
  if (node === null || typeof node !== 'object') return;
  const [head, ...rest] = parts;
  if (head === '*') {
    if (Array.isArray(node)) for (const item of node) removeAt(item, rest);
    return;
  }
  const record = node as Record<string, unknown>;
  if (rest.length === 0) delete record[head];
  else removeAt(record[head], rest);
}

/** A deep copy of a JSON body with every path in `paths` removed. */
export function withoutSecrets(body: unknown, paths: string[]): unknown {
  if (paths.length === 0 || body === null || typeof body !== 'object') return body;
  const copy = JSON.parse(JSON.stringify(body)) as unknown;
  for (const path of paths) removeAt(copy, path.split('.'));
  return copy;
}

import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';

// A published operation must accept every body its published schema accepts, and the
// published schemas never close an object: a client may send fields we do not know.
// Such a body is checked against a lenient copy of our schema (no closed objects), then
// the unknown fields are dropped, so a handler never stores or echoes them.

type Schema = Record<string, unknown>;

/** Keywords whose values are data, not subschemas: never rewritten. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'example', 'examples']);

/**
 * The schema with its objects opened: `additionalProperties: false` and
 * `unevaluatedProperties: false` dropped, and `oneOf` read as `anyOf` (once objects
 * are open, a body with an unknown field could match two branches that its strict
 * form told apart).
 */
export function lenientSchema<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(lenientSchema) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema as Schema)) {
    if ((key === 'additionalProperties' || key === 'unevaluatedProperties') && value === false) continue;
    const copied = DATA_KEYWORDS.has(key) ? value : lenientSchema(value);
    if (key === 'oneOf' && !('anyOf' in (schema as Schema))) out.anyOf = copied;
    else out[key] = copied;
  }
  return out as T;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Removes, from a body that already passed the lenient schema, every property that a
 * closed object of the strict schema does not declare. `allOf` parts pool their
 * properties; of `anyOf`/`oneOf` the first branch the value satisfies decides.
 */
export function createStripper(ajv: Ajv2020, schema: unknown): (data: unknown) => unknown {
  const compiled = new WeakMap<object, ValidateFunction>();
  const satisfies = (branch: Schema, data: unknown): boolean => {
    let validate = compiled.get(branch);
    if (!validate) {
      validate = ajv.compile(lenientSchema(branch));
      compiled.set(branch, validate);
    }
    return validate(data) as boolean;
  };

  const parts = (node: Schema, data: unknown): Schema[] => {
    const own: Schema[] = [node];
    for (const sub of (node.allOf as Schema[] | undefined) ?? []) own.push(...parts(sub, data));
    for (const key of ['anyOf', 'oneOf']) {
      const branches = node[key] as Schema[] | undefined;
      const chosen = branches?.find((b) => satisfies(b, data));
      if (chosen) own.push(...parts(chosen, data));
    }
    return own;
  };

  const strip = (node: unknown, data: unknown): unknown => {
    if (!isObject(node)) return data;
    if (Array.isArray(data)) {
      const all = parts(node, data)
        .map((p) => p.items)
        .filter(isObject);
      return all.length ? data.map((d) => all.reduce<unknown>((v, s) => strip(s, v), d)) : data;
    }
    if (!isObject(data)) return data;
    const applicable = parts(node, data);
    const closed = applicable.some((p) => p.additionalProperties === false || p.unevaluatedProperties === false);
    const additional = applicable.map((p) => p.additionalProperties).find(isObject);
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(data)) {
      const declared = applicable.map((p) => (p.properties as Schema | undefined)?.[key]).filter(isObject);
      if (declared.length) out[key] = declared.reduce<unknown>((v, s) => strip(s, v), value);
      else if (additional) out[key] = strip(additional, value);
      else if (!closed) out[key] = value;
    }
    return out;
  };

  return (data) => strip(schema, data);
}

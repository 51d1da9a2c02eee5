import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

// Validates bodies against the published Origami schemas when ../shared/reference is
// present (it is not in every checkout; callers skip cleanly without it).

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;
const PUBLISHED = fileURLToPath(new URL('../../../shared/reference/origami-openapi-v2.yaml', import.meta.url));
const ID = 'origami:published';

export const hasPublishedSpec = existsSync(PUBLISHED);

/** The published document mixes OpenAPI 3.0 `nullable` into a 3.1 file: make it JSON Schema. */
function fromOas30(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fromOas30);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'example' || k === 'examples') continue;
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${ID}${v}` : fromOas30(v);
  }
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else return { anyOf: [{ type: 'null' }, out] };
  }
  return out;
}

let ajv: Ajv2020 | undefined;
const cache = new Map<string, ValidateFunction>();

/** Throws with ajv's issues unless `body` matches the published component schema `name`. */
export function assertPublished(name: string, body: unknown): void {
  if (!hasPublishedSpec) return;
  if (!ajv) {
    ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const doc = parse(readFileSync(PUBLISHED, 'utf8')) as { components: unknown };
    ajv.addSchema({ $id: ID, components: fromOas30(doc.components) });
  }
  let validate = cache.get(name);
  if (!validate) {
    validate = ajv.compile({ $ref: `${ID}#/components/schemas/${name}` });
    cache.set(name, validate);
  }
  if (!validate(body)) throw new Error(`does not match published ${name}: ${JSON.stringify(validate.errors, null, 2)}\n${JSON.stringify(body).slice(0, 1500)}`);
}

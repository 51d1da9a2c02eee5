import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import draft7MetaSchema from 'ajv/dist/refs/json-schema-draft-07.json' with { type: 'json' };
import { toIssues } from '../http/openapi/ajv.ts';
import { validationError } from '../domain/errors.ts';

// Each trigger's body schema is compiled once per version (trigger id + updatedAt) and
// kept; a separate ajv instance per schema keeps one trigger's `$id`s from clashing with
// another's.

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateSchema: true });
  ajv.addMetaSchema(draft7MetaSchema);
  addFormats(ajv);
  return ajv;
}

/** Compiles a client-given schema, or throws a 400 naming what is wrong with it. */
export function compileBodySchema(schema: Record<string, unknown>): ValidateFunction {
  const ajv = newAjv();
  if (!ajv.validateSchema(schema)) {
    throw validationError('schema is not a valid JSON Schema', { in: 'body', issues: toIssues(ajv.errors, 'schema') });
  }
  try {
    return ajv.compile(schema);
  } catch (err) {
    const reason = err instanceof Error ? err.message.slice(0, 300) : 'cannot be compiled';
    throw validationError('schema cannot be compiled', { in: 'body', issues: [{ path: 'schema', message: reason }] });
  }
}

export interface SchemaCache {
  get(key: string, schema: Record<string, unknown>): ValidateFunction;
}

export function createSchemaCache(maxEntries = 500): SchemaCache {
  const cache = new Map<string, ValidateFunction>();
  return {
    get(key, schema) {
      const hit = cache.get(key);
      if (hit) return hit;
      const compiled = compileBodySchema(schema);
      if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
      cache.set(key, compiled);
      return compiled;
    },
  };
}

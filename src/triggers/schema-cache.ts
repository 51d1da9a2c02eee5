import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import draft7MetaSchema from 'ajv/dist/refs/json-schema-draft-07.json' with { type: 'json' };
import { toIssues } from '../http/openapi/ajv.ts';
import { validationError } from '../domain/errors.ts';

// Each trigger's body schema is compiled once per version (trigger id + updatedAt) and
// kept; a separate ajv instance per schema keeps one trigger's `$id`s from clashing with
// another's.

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

/**
 * Bodies up to this size get every error; larger ones the first. Collecting every error
 * through a `$ref` copies the errors so far on each failure (quadratic): 32k wrong items
 * of a referenced type held the event loop for seconds, and whoever holds a trigger URL
 * may post them. Stopping at the first error is linear.
 */
export const FULL_REPORT_BYTES = 8 * 1024;

export interface BodyValidator {
  /** null when the body matches the schema, else what is wrong with it. */
  errors(body: unknown, rawBytes: number): ErrorObject[] | null;
}

function newAjv(allErrors: boolean): Ajv2020 {
  const ajv = new Ajv2020({ allErrors, strict: false, validateSchema: true });
  ajv.addMetaSchema(draft7MetaSchema);
  addFormats(ajv);
  return ajv;
}

function compileWith(ajv: Ajv2020, schema: Record<string, unknown>): ValidateFunction {
  try {
    return ajv.compile(schema);
  } catch (err) {
    const reason = err instanceof Error ? err.message.slice(0, 300) : 'cannot be compiled';
    throw validationError('schema cannot be compiled', { in: 'body', issues: [{ path: 'schema', message: reason }] });
  }
}

/** Compiles a client-given schema, or throws a 400 naming what is wrong with it. */
export function compileBodySchema(schema: Record<string, unknown>): BodyValidator {
  const checker = newAjv(true);
  if (!checker.validateSchema(schema)) {
    throw validationError('schema is not a valid JSON Schema', { in: 'body', issues: toIssues(checker.errors, 'schema') });
  }
  const first = compileWith(newAjv(false), schema);
  const all = compileWith(checker, schema);
  return {
    errors(body, rawBytes) {
      if (first(body)) return null;
      if (rawBytes > FULL_REPORT_BYTES || all(body)) return first.errors ?? [];
      return all.errors ?? [];
    },
  };
}

export interface SchemaCache {
  get(key: string, schema: Record<string, unknown>): BodyValidator;
}

export function createSchemaCache(maxEntries = 500): SchemaCache {
  const cache = new Map<string, BodyValidator>();
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

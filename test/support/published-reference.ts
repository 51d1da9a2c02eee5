import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { OpenApiDocument } from '../../src/http/openapi/spec.ts';

// The published Origami documents sit beside the repository (`../shared/reference`) in
// CI; a user's clone may not have them, and tests that need them then skip and say so.
// PUBLISHED_REFERENCE_DIR points elsewhere (a git worktree is not beside them).

export const PUBLISHED_REFERENCE_DIR = process.env.PUBLISHED_REFERENCE_DIR ?? fileURLToPath(new URL('../../../shared/reference/', import.meta.url));
export const PUBLISHED_API_PATH = join(PUBLISHED_REFERENCE_DIR, 'origami-openapi-v2.yaml');
export const hasPublishedApi = existsSync(PUBLISHED_API_PATH);

/** OpenAPI 3.0's `nullable: true` in JSON Schema 2020 terms, so ajv reads the document as its authors meant. */
export function nullableToTypes(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableToTypes);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = nullableToTypes(v);
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') return { ...out, type: [out.type, 'null'] };
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

/** The published v2 document as written (OpenAPI 3.0 `nullable` kept). */
export function loadPublishedApi(): OpenApiDocument {
  return parse(readFileSync(PUBLISHED_API_PATH, 'utf8')) as OpenApiDocument;
}

import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { deref, type OpenApiDocument } from './spec.ts';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

export const SPEC_ID = 'og-gateway:openapi';

/**
 * An ajv instance that knows the spec's components under SPEC_ID, so schemas taken out
 * of the document can keep their `#/components/...` references once rewritten with
 * `rebaseRefs`.
 */
export function createSpecAjv(doc: OpenApiDocument, opts: { coerceTypes?: boolean | 'array' } = {}): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: false,
    coerceTypes: opts.coerceTypes ?? false,
    useDefaults: true,
  });
  addFormats(ajv);
  ajv.addSchema({ $id: SPEC_ID, components: doc.components, webhooks: doc.webhooks ?? {} });
  return ajv;
}

/** Rewrites local `#/…` references so they resolve against the spec added under SPEC_ID. */
export function rebaseRefs<T>(schema: T): T {
  return JSON.parse(JSON.stringify(schema ?? {}), (key, value) =>
    key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `${SPEC_ID}${value}` : value,
  ) as T;
}

/**
 * The schema with every local `$ref` replaced by its target (one that points back into
 * its own ancestry stays a rebased `$ref`). ajv calls a referenced schema as a separate
 * function and, with allErrors, copies the errors gathered so far after each failing
 * call: a body with 300k wrong items of a referenced type took minutes. Inlined, each
 * error is a push.
 */
export function inlineRefs<T>(doc: OpenApiDocument, schema: T, ancestry: string[] = []): T {
  if (Array.isArray(schema)) return schema.map((s) => inlineRefs(doc, s, ancestry)) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  const ref = (schema as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/')) {
    if (ancestry.includes(ref)) return rebaseRefs(schema);
    return inlineRefs(doc, deref(doc, schema), [...ancestry, ref]);
  }
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, inlineRefs(doc, v, ancestry)])) as T;
}

export interface Issue {
  path: string;
  message: string;
  keyword: string;
  params: Record<string, unknown>;
}

/**
 * At most this many issues go back to a client: with allErrors, a 1 MB array of wrong
 * items yields hundreds of thousands of them, an answer a hundred times the request.
 */
export const MAX_ISSUES = 100;

/** ajv errors in the contract's `details.issues` form: a dotted path and a message. */
export function toIssues(
  errors: { instancePath: string; message?: string; keyword: string; params: Record<string, unknown> }[] | null | undefined,
  root = '',
): Issue[] {
  return (errors ?? []).slice(0, MAX_ISSUES).map((e) => {
    const segments = e.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (e.keyword === 'required') segments.push(String(e.params.missingProperty));
    if (e.keyword === 'additionalProperties') segments.push(String(e.params.additionalProperty));
    const path = [root, ...segments].filter(Boolean).join('.');
    return { path, message: e.message ?? 'is invalid', keyword: e.keyword, params: e.params };
  });
}

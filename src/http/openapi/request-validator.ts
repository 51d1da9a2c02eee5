import type { ValidateFunction } from 'ajv';
import { unsupportedMediaType, validationError } from '../../domain/errors.ts';
import { createSpecAjv, inlineRefs, rebaseRefs, toIssues } from './ajv.ts';
import { createStripper, lenientSchema } from './lenient-body.ts';
import type { OpenApiDocument, OperationSpec, ParameterObject } from './spec.ts';

export interface RawRequest {
  params: Record<string, string>;
  query: Record<string, string | string[] | undefined>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  hasBody: boolean;
  contentType: string | undefined;
  /** The body's bytes as received, whatever their declared type. */
  raw?: Buffer;
}

export interface ValidatedRequest {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
}

export type RequestValidator = (req: RawRequest) => ValidatedRequest;

function parameterSchema(params: ParameterObject[], location: ParameterObject['in'], closed: boolean) {
  const own = params.filter((p) => p.in === location);
  const name = (p: ParameterObject) => (location === 'header' ? p.name.toLowerCase() : p.name);
  return {
    type: 'object',
    properties: Object.fromEntries(own.map((p) => [name(p), rebaseRefs(p.schema ?? {})])),
    required: own.filter((p) => p.required).map(name),
    additionalProperties: !closed,
  };
}

const OFFSET_PAGING = new Set(['page', 'pageSize', 'offset', 'skip']);

const DECIMAL = { integer: /^-?\d+$/, number: /^-?\d+(\.\d+)?$/ };
type NumericType = keyof typeof DECIMAL;

// ajv coerces any string JavaScript reads as a number ('0x10', '1e1', ' 5 ') before
// checking it; a client that sent one of those made a mistake we should name, not guess.
function numericParams(params: ParameterObject[], location: ParameterObject['in']): [string, NumericType][] {
  return params.flatMap((p) => {
    const type = p.in === location ? p.schema?.type : undefined;
    return type === 'integer' || type === 'number' ? [[p.name, type] as [string, NumericType]] : [];
  });
}

function checkDecimal(numeric: [string, NumericType][], values: Record<string, unknown>, where: string): void {
  for (const [name, type] of numeric) {
    const value = values[name];
    if (typeof value === 'string' && !DECIMAL[type].test(value)) {
      throw validationError(`Invalid ${where}`, {
        in: where,
        issues: [{ path: `${where}.${name}`, message: `must be a decimal ${type}`, keyword: 'type', params: { type } }],
      });
    }
  }
}

// Many clients and SDKs send `{}` (or `null`) on every POST, often as a form or as
// text (`curl -d '{}'`): an operation that takes no body reads those as no body.
const EMPTY_BODY = /^\s*(?:\{\s*\}|null)\s*$/;

function readsAsNoBody(req: RawRequest, published: boolean): boolean {
  const text = req.raw?.toString('utf8') ?? (req.body === null ? 'null' : JSON.stringify(req.body));
  if (EMPTY_BODY.test(text)) return true;
  // A published operation without a request body documents no fields: a JSON object's
  // fields are all unknown ones, ignored like unknown fields anywhere else.
  const json = (req.contentType ?? '').split(';')[0].trim().toLowerCase() === 'application/json';
  return published && json && req.body !== null && typeof req.body === 'object' && !Array.isArray(req.body);
}

function check(validate: ValidateFunction, data: unknown, where: string): void {
  if (!validate(data)) {
    throw validationError(`Invalid ${where}`, { in: where, issues: toIssues(validate.errors, where === 'body' ? '' : where) });
  }
}

interface BodyCheck {
  validate: ValidateFunction;
  /** Drops the unknown fields a lenient check let through (identity when strict). */
  strip: (body: unknown) => unknown;
}

function compileBody(doc: OpenApiDocument, ajv: ReturnType<typeof createSpecAjv>, schema: unknown, published: boolean): BodyCheck | undefined {
  if (!schema) return undefined;
  const inlined = inlineRefs(doc, schema);
  if (!published) return { validate: ajv.compile(inlined), strip: (body) => body };
  return { validate: ajv.compile(lenientSchema(inlined)), strip: createStripper(ajv, inlined) };
}

/**
 * Compiles, once at boot, a validator for each operation: path, query (coerced from
 * strings), declared headers, and the JSON body. Extension operations reject unknown
 * query names and body fields; published ones ignore them.
 */
export function createRequestValidators(doc: OpenApiDocument, ops: OperationSpec[]): Map<string, RequestValidator> {
  const strictAjv = createSpecAjv(doc);
  const coercingAjv = createSpecAjv(doc, { coerceTypes: 'array' });
  const validators = new Map<string, RequestValidator>();
  for (const op of ops) {
    const path = coercingAjv.compile(parameterSchema(op.parameters, 'path', false));
    const numericPath = numericParams(op.parameters, 'path');
    const numericQuery = numericParams(op.parameters, 'query');
    const query = coercingAjv.compile(parameterSchema(op.parameters, 'query', !op.published));
    const declaredQuery = new Set(op.parameters.filter((p) => p.in === 'query').map((p) => p.name));
    const headers = strictAjv.compile(parameterSchema(op.parameters, 'header', false));
    const content = op.requestBody?.content ?? {};
    const mediaTypes = Object.keys(content);
    const bodySchemas = new Map(mediaTypes.map((t) => [t, compileBody(doc, strictAjv, content[t].schema, op.published)]));
    validators.set(op.operationId, (req) => {
      const params = { ...req.params };
      checkDecimal(numericPath, params, 'path');
      check(path, params, 'path');
      // A published operation ignores query parameters it does not know, as its
      // published description allows them, except offset paging, which silently ignored
      // would answer the first page to a client asking for another.
      const paging = op.published ? Object.keys(req.query).find((k) => OFFSET_PAGING.has(k) && !declaredQuery.has(k)) : undefined;
      if (paging) {
        throw validationError("Lists page with `cursor` (the previous page's `nextCursor`); there is no offset paging", {
          in: 'query',
          issues: [
            { path: `query.${paging}`, message: 'is not a parameter: use cursor', keyword: 'additionalProperties', params: { additionalProperty: paging } },
          ],
        });
      }
      const q = op.published ? Object.fromEntries(Object.entries(req.query).filter(([k]) => declaredQuery.has(k))) : { ...req.query };
      checkDecimal(numericQuery, q, 'query');
      check(query, q, 'query');
      check(headers, req.headers, 'headers');
      // `null` is how many clients spell "no body" on an operation whose body is optional.
      const absent = !req.hasBody || (!op.requestBody?.required && req.body === null);
      if (absent || (mediaTypes.length === 0 && readsAsNoBody(req, op.published))) {
        if (op.requestBody?.required) throw validationError('A request body is required', { in: 'body', issues: [] });
        return { params, query: q, body: undefined };
      }
      if (mediaTypes.length === 0) throw validationError('This operation takes no request body', { in: 'body', issues: [] });
      const type = (req.contentType ?? '').split(';')[0].trim().toLowerCase();
      if (!bodySchemas.has(type)) throw unsupportedMediaType(`Content-Type must be one of: ${mediaTypes.join(', ')}`);
      const body = bodySchemas.get(type);
      if (!body) return { params, query: q, body: req.body };
      check(body.validate, req.body, 'body');
      return { params, query: q, body: body.strip(req.body) };
    });
  }
  return validators;
}

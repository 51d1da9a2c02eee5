import type { ValidateFunction } from 'ajv';
import { createSpecAjv, rebaseRefs, toIssues, type Issue } from './ajv.ts';
import { deref, listOperations, type OpenApiDocument } from './spec.ts';

export interface ResponseCheck {
  operationId: string;
  status: number;
  contentType: string;
  body: unknown;
}

/**
 * Validates responses (and webhook payloads) against the spec. Tests use it on every
 * response they receive, so a handler cannot drift from the documented shape.
 */
export function createResponseValidator(doc: OpenApiDocument) {
  const ajv = createSpecAjv(doc);
  const cache = new Map<string, ValidateFunction | null>();
  const ops = new Map(listOperations(doc).map((op) => [op.operationId, op]));

  function compiled(key: string, schema: unknown): ValidateFunction | null {
    if (!cache.has(key)) cache.set(key, schema ? ajv.compile(rebaseRefs(schema)) : null);
    return cache.get(key) ?? null;
  }

  function validateResponse(check: ResponseCheck): Issue[] {
    const op = ops.get(check.operationId);
    if (!op) return [{ path: '', message: `unknown operation ${check.operationId}`, keyword: 'operation', params: {} }];
    const declared = op.responses[String(check.status)] ?? op.responses[`${String(check.status)[0]}XX`] ?? op.responses.default;
    if (!declared) {
      return [{ path: '', message: `status ${check.status} is not documented for ${check.operationId}`, keyword: 'status', params: {} }];
    }
    const response = deref(doc, declared);
    const type = check.contentType.split(';')[0].trim();
    const media = response.content?.[type];
    if (!response.content || Object.keys(response.content).length === 0) return [];
    if (!media) {
      return [{ path: '', message: `content type ${type} is not documented for ${check.operationId} ${check.status}`, keyword: 'contentType', params: {} }];
    }
    const validate = compiled(`${check.operationId}:${check.status}:${type}`, media.schema);
    if (validate && !validate(check.body)) return toIssues(validate.errors);
    return [];
  }

  function validateWebhook(eventType: string, payload: unknown): Issue[] {
    const item = doc.webhooks?.[eventType] as { post?: { requestBody?: unknown } } | undefined;
    const body = deref(doc, item?.post?.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined);
    const schema = body?.content?.['application/json']?.schema;
    if (!schema) return [{ path: '', message: `no webhook ${eventType} in the spec`, keyword: 'webhook', params: {} }];
    const validate = compiled(`webhook:${eventType}`, schema);
    if (validate && !validate(payload)) return toIssues(validate.errors);
    return [];
  }

  return { validateResponse, validateWebhook };
}

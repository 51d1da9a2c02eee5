import { createResponseValidator } from '../../src/http/openapi/response-validator.ts';
import { listOperations, loadSpec, type OperationSpec } from '../../src/http/openapi/spec.ts';

const doc = loadSpec();
const ops = listOperations(doc);
const validator = createResponseValidator(doc);
const matchers = ops.map((op) => ({
  op,
  re: new RegExp(`^${op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}|\{[^}]+\}/g, '[^/]+')}$`),
}));

export function findOperation(method: string, path: string): OperationSpec | undefined {
  const bare = path.split('?')[0];
  const lower = method.toLowerCase();
  // Literal segments beat templated ones (`/webhooks/deliveries` before `/webhooks/{id}`).
  const hits = matchers.filter((m) => m.op.method === lower && m.re.test(bare));
  hits.sort((a, b) => (a.op.path.match(/\{/g)?.length ?? 0) - (b.op.path.match(/\{/g)?.length ?? 0));
  return hits[0]?.op;
}

/** Throws unless the response is documented for the operation and matches its schema. */
export function assertResponseMatchesSpec(method: string, path: string, status: number, contentType: string, body: unknown): void {
  const op = findOperation(method, path);
  if (!op) {
    if (status === 404 || status === 405) return;
    throw new Error(`${method} ${path} answered ${status} but no operation in openapi.yaml matches it`);
  }
  const issues = validator.validateResponse({ operationId: op.operationId, status, contentType: contentType || 'application/json', body });
  if (issues.length > 0) {
    throw new Error(
      `${op.operationId} ${status} does not match openapi.yaml:\n${JSON.stringify(issues, null, 2)}\nbody: ${JSON.stringify(body).slice(0, 2000)}`,
    );
  }
}

export function assertWebhookMatchesSpec(eventType: string, payload: unknown): void {
  const issues = validator.validateWebhook(eventType, payload);
  if (issues.length > 0) throw new Error(`webhook ${eventType} does not match openapi.yaml:\n${JSON.stringify(issues, null, 2)}`);
}

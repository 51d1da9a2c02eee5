import { describe, expect, it } from 'vitest';
import { deref, listOperations, loadSpec, type OpenApiDocument } from './spec.ts';
import { secretPathsOf, withoutSecrets } from './secret-fields.ts';

const doc = loadSpec();

// What a secret shown once looks like in a response schema: its name, its pattern or its
// description. Every property that looks like one must be marked `x-og-secret`, so a new
// secret-bearing operation cannot be recorded for idempotent replays with its secret.
const SECRET_NAME = /(secret|password|passwd|token|credential|apikey|^key)$/i;
const SECRET_PATTERN = /\^(whsec_|og_live_)/;
const SECRET_WORDING = /shown once|returned once|only time .* shown|in this response only/i;

interface Prop {
  path: string;
  name: string;
  schema: Record<string, unknown>;
}

function properties(node: unknown, at: string[], refs: string[], out: Prop[]): void {
  if (node === null || typeof node !== 'object') return;
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string') {
    if (!refs.includes(ref)) properties(deref(doc, node), at, [...refs, ref], out);
    return;
  }
  const schema = node as Record<string, unknown>;
  for (const key of ['allOf', 'oneOf', 'anyOf']) for (const part of (schema[key] as unknown[] | undefined) ?? []) properties(part, at, refs, out);
  for (const [name, prop] of Object.entries((schema.properties as Record<string, unknown> | undefined) ?? {})) {
    const resolved = deref(doc as OpenApiDocument, prop) as Record<string, unknown>;
    out.push({ path: [...at, name].join('.'), name, schema: resolved });
    properties(prop, [...at, name], refs, out);
  }
  if (schema.items) properties(schema.items, [...at, '*'], refs, out);
}

const looksSecret = (p: Prop) =>
  SECRET_NAME.test(p.name) || SECRET_PATTERN.test(String(p.schema.pattern ?? '')) || SECRET_WORDING.test(String(p.schema.description ?? ''));

describe('x-og-secret marks every secret a response shows once', () => {
  it('leaves no secret-looking response property unmarked', () => {
    const unmarked: string[] = [];
    for (const op of listOperations(doc)) {
      for (const [status, declared] of Object.entries(op.responses)) {
        if (!status.startsWith('2')) continue;
        for (const media of Object.values(deref(doc, declared).content ?? {})) {
          const found: Prop[] = [];
          properties(media.schema, [], [], found);
          const marked = new Set(secretPathsOf(doc, media.schema));
          for (const p of found) if (looksSecret(p) && !marked.has(p.path)) unmarked.push(`${op.operationId} ${status}: ${p.path}`);
        }
      }
    }
    expect(unmarked).toEqual([]);
  });

  it('finds the secrets of every secret-bearing create and rotation', () => {
    const byId = new Map(listOperations(doc).map((op) => [op.operationId, op.secretPaths]));
    expect(byId.get('createApiKey')).toEqual(['key']);
    expect(byId.get('createWebhookEndpoint')).toEqual(['secret']);
    expect(byId.get('rotateWebhookSecret')).toEqual(['secret']);
    expect(byId.get('createAgentWorker')).toEqual(['secret']);
    expect(byId.get('createSender')).toEqual(['secret']);
    expect(byId.get('createTrigger')).toEqual(['secret', 'url']);
    expect(byId.get('rotateTriggerUrl')).toEqual(['url']);
    expect(byId.get('createTable')).toEqual(['columns.*.enrichment.secret']);
    expect(byId.get('createColumn')).toEqual(['enrichment.secret']);
  });

  it('would catch an unmarked secret', () => {
    const schema = { type: 'object', properties: { signingSecret: { type: 'string' }, id: { type: 'string' } } };
    const found: Prop[] = [];
    properties(schema, [], [], found);
    expect(found.filter(looksSecret).map((p) => p.path)).toEqual(['signingSecret']);
    expect(secretPathsOf(doc, schema)).toEqual([]);
  });
});

describe('withoutSecrets', () => {
  it('removes nested and per-element paths from a copy', () => {
    const body = { id: 'c', secret: 'whsec_x', columns: [{ enrichment: { secret: 'a', url: 'u' } }, { enrichment: null }, {}] };
    const out = withoutSecrets(body, ['secret', 'columns.*.enrichment.secret']);
    expect(out).toEqual({ id: 'c', columns: [{ enrichment: { url: 'u' } }, { enrichment: null }, {}] });
    expect(body.secret).toBe('whsec_x');
    expect(withoutSecrets([1], ['secret'])).toEqual([1]);
  });
});

import fc from 'fast-check';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResponseValidator } from '../../src/http/openapi/response-validator.ts';
import { deref, listOperations, loadSpec, type OpenApiDocument, type OperationSpec, type ParameterObject } from '../../src/http/openapi/spec.ts';
import { attachWorker } from '../agents/agent-harness.ts';
import { person, startSequenceHarness, type SequenceHarness } from '../sequences/support/harness.ts';
import { assertResponseMatchesSpec } from '../support/spec-validation.ts';
import { arbitraryFor, UNKNOWN_FIELDS, type ArbitraryOptions } from '../support/published-arbitrary.ts';
import { hasPublishedApi, loadPublishedApi, nullableToTypes, PUBLISHED_API_PATH } from '../support/published-reference.ts';

// For every published operation the gateway serves: requests valid under the PUBLISHED
// request schema (with unknown fields, unknown query parameters, and `{}`/`null` bodies
// where an operation takes none) are never refused as invalid (400 VALIDATION_ERROR,
// 415), never fail (5xx), and every 2xx body matches the published response schema.
// Domain answers (404, 409, 422, a 400 with a domain code) are fine.

const TITLE = hasPublishedApi ? 'published requests' : `published requests (SKIPPED: no published document at ${PUBLISHED_API_PATH})`;
if (!hasPublishedApi) console.warn(`test/http/published-requests.test.ts skipped: ${PUBLISHED_API_PATH} not found`);

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const RUNS_PER_OPERATION = 10;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Parameters whose published description pins a format its schema (`type: string`)
 * does not: generated as described. The project header is left out because every
 * id a generator can draw names an unknown project (404 PROJECT_NOT_FOUND), which
 * would hide the operation behind it; test/http/project-header.test.ts covers it.
 */
function describedParameter(p: ParameterObject, slugs: string[]): fc.Arbitrary<string | undefined> | undefined {
  const column = fc.constantFrom(...slugs);
  switch (p.name) {
    case 'cursor':
      return fc.constant(undefined);
    case 'Idempotency-Key':
      return fc.option(fc.uuid(), { nil: undefined });
    case 'x-origami-project':
      return fc.constant(undefined);
    case 'filters':
      return fc
        .array(
          fc.record({
            column,
            operator: fc.constantFrom('contains', 'equals', 'not_equals', 'is_empty', 'is_not_empty', 'greater_than'),
            value: fc.string({ maxLength: 8 }),
          }),
          { maxLength: 2 },
        )
        .map((f) => JSON.stringify(f));
    case 'sort':
      return fc.record({ column, direction: fc.constantFrom('asc', 'desc') }).map((s) => JSON.stringify(s));
    case 'include':
      return fc.subarray(['stats', 'transcript'], { minLength: 1 }).map((t) => t.join(','));
    default:
      return undefined;
  }
}

/** A CSV upload is described as base64 of a CSV whose headers are column slugs. */
function describedValue(schema: Record<string, unknown>, slugs: string[]): fc.Arbitrary<unknown> | undefined {
  if (!String(schema.description ?? '').startsWith('Base64-encoded CSV')) return undefined;
  const cell = fc.stringMatching(/^[a-z0-9@.]{1,12}$/);
  return fc
    .tuple(fc.subarray(slugs, { minLength: 1 }), fc.array(fc.array(cell, { minLength: slugs.length, maxLength: slugs.length }), { minLength: 1, maxLength: 3 }))
    .map(([header, rows]) => Buffer.from([header.join(','), ...rows.map((r) => r.slice(0, header.length).join(','))].join('\n')).toString('base64'));
}

interface Fixtures {
  /** Real ids by path parameter name, so most requests reach a resource. */
  byParam: Record<string, string[]>;
  ids: string[];
  slugs: string[];
  runIds: string[];
}

function requestArbitrary(doc: OpenApiDocument, published: Record<string, unknown>, pathParams: ParameterObject[], fx: Fixtures) {
  const opts: ArbitraryOptions = {
    deref: (s) => deref(doc, s),
    strings: [...fx.slugs, ...fx.runIds],
    ids: fx.ids,
    described: (s) => describedValue(s, fx.slugs),
  };
  const op = published as { parameters?: ParameterObject[]; requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> } };
  const params = [...pathParams, ...(op.parameters ?? [])].map((p) => deref(doc, p));
  const param = (p: ParameterObject) => {
    const described = describedParameter(p, fx.slugs);
    if (described) return described;
    // Only the real ids this parameter's published schema accepts (enrichment and agent runs share the name `runId`).
    const real = (p.in === 'path' ? (fx.byParam[p.name] ?? []) : []).filter((id) => (p.schema?.format === 'uuid' ? UUID.test(id) : true));
    if (real.length)
      return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...real) }, { weight: 1, arbitrary: arbitraryFor(p.schema ?? {}, opts).map(String) });
    const value = arbitraryFor(p.schema ?? {}, opts).map((v) => (v === null ? undefined : String(v)));
    return p.required ? value : fc.option(value, { nil: undefined });
  };
  const group = (where: string) => fc.record(Object.fromEntries(params.filter((p) => p.in === where).map((p) => [p.name, param(p)])));
  const schema = deref(doc, op.requestBody)?.content?.['application/json']?.schema;
  const body = schema
    ? arbitraryFor(schema, opts).map((b) => ({ raw: JSON.stringify(b), type: 'application/json' }))
    : fc
        .constantFrom(undefined, '', '{}', 'null', JSON.stringify({ [UNKNOWN_FIELDS[0]]: 'x' }))
        .map((raw) => (raw === undefined ? undefined : { raw, type: 'application/json' }));
  const unknownQuery = fc.option(fc.constantFrom('utm_source', 'sdk', 'x_trace'), { nil: undefined });
  return fc.record({ path: group('path'), query: group('query'), headers: group('header'), body, unknownQuery });
}

/** One request, its answer checked against openapi.yaml too (a CSV answer as its text). */
async function send(method: string, url: string, headers: Record<string, string>, body: { raw: string; type: string } | undefined) {
  let req = supertest(h.gw.callback as never)
    [method as 'get'](url)
    .set('authorization', `Bearer ${h.gw.adminKey}`)
    .set(headers);
  if (body) req = req.set('content-type', body.type).serialize((x: unknown) => x as string);
  const res = body ? await req.send(body.raw) : await req;
  const type = String(res.headers['content-type'] ?? '');
  assertResponseMatchesSpec(method, url.split('?')[0], res.status, type, type.startsWith('application/json') ? res.body : res.text);
  return res;
}

function fill(path: string, values: Record<string, string | undefined>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
}

let h: SequenceHarness;
let fx: Fixtures;

beforeAll(async () => {
  if (!hasPublishedApi) return;
  h = await startSequenceHarness({ webhooks: false });
  const rows = await h.addRows([person(1), person(2), person(3)]);
  // Room for every generated run at once, so the agentic operations (runs, instructions
  // drafts, campaign edits) reach their 202 rather than the worker's concurrency cap.
  await attachWorker(h.gw.api, { maxConcurrentRuns: 1000 }, () => undefined);
  const table = (await h.gw.api.get(`/api/v2/tables/${h.tableId}`)).body;
  const draft = await h.gw.api.post(`/api/v2/tables/${h.tableId}/campaigns`, {
    name: 'fixture',
    senders: { email: h.senders.email },
    recipientColumn: 'email',
    steps: [{ channel: 'email', subject: 'Hi', body: 'Hello {{first_name}}', delaySeconds: 3600 }],
  });
  const agent = await h.gw.api.post('/api/v2/agents', { prompt: 'hello' });
  const batch = await h.gw.api.get('/api/v2/enrichment-runs');
  const sequences = await h.gw.api.get(`/api/v2/tables/${h.tableId}/sequences`);
  const rowIds = Object.values(rows);
  const columnIds = table.columns.map((c: { id: string }) => c.id);
  const batchIds = batch.body.items.map((b: { id: string }) => b.id);
  fx = {
    byParam: {
      tableId: [h.tableId],
      rowId: rowIds,
      columnId: columnIds,
      campaignId: [draft.body.campaign.id],
      sequenceId: sequences.body.items.map((s: { id: string }) => s.id),
      id: [agent.body.agent?.id].filter(Boolean),
      runId: [agent.body.run?.id, ...batchIds].filter(Boolean),
      batchId: batchIds,
    },
    ids: [
      h.tableId,
      ...Object.values(rows),
      ...table.columns.map((c: { id: string }) => c.id),
      draft.body.campaign.id,
      agent.body.agent?.id,
      ...batch.body.items.map((b: { id: string }) => b.id),
      ...sequences.body.items.map((s: { id: string }) => s.id),
    ].filter(Boolean),
    slugs: table.columns.map((c: { slug: string }) => c.slug),
    runIds: [agent.body.run?.id].filter(Boolean),
  };
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe(TITLE, () => {
  it.skipIf(!hasPublishedApi)('marks exactly the published operations it serves with x-og-published', () => {
    const publishedIds = new Set(publishedOperations().map((p) => p.operationId));
    const ours = listOperations(loadSpec());
    expect(
      ours
        .filter((op) => op.published)
        .map((op) => op.operationId)
        .sort(),
    ).toEqual(
      ours
        .filter((op) => publishedIds.has(op.operationId))
        .map((op) => op.operationId)
        .sort(),
    );
    // Every published operation is in openapi.yaml: served, or marked as not served (501).
    expect([...publishedIds].filter((id) => !ours.some((op) => op.operationId === id))).toEqual([]);
  });

  it.skipIf(!hasPublishedApi)(
    'answers every request the published schema accepts without a validation refusal or a failure',
    async () => {
      const doc = loadPublishedApi();
      const validator = createResponseValidator(nullableToTypes(doc) as OpenApiDocument);
      const served = new Map(
        listOperations(loadSpec())
          .filter((op) => !op.notServed)
          .map((op) => [op.operationId, op]),
      );
      const targets = publishedOperations().filter((p) => served.has(p.operationId));
      // Destructive operations last, so the others still find the fixtures.
      const destructive = (op: OperationSpec) => op.method === 'delete' || /delete|archive|stop|cancel/i.test(op.operationId);
      targets.sort((a, b) => Number(destructive(served.get(a.operationId) as OperationSpec)) - Number(destructive(served.get(b.operationId) as OperationSpec)));
      expect(targets.length).toBeGreaterThan(30);
      // The agentic campaign edit is served (and so drawn here) like the rest.
      expect(targets.map((t) => t.operationId)).toContain('editCampaign');
      const failures: string[] = [];
      const statuses: string[] = [];
      for (const target of targets) {
        const ours = served.get(target.operationId) as OperationSpec;
        const outcome = await fc.check(
          fc.asyncProperty(requestArbitrary(doc, target.operation, target.pathParams, fx), async (req) => {
            const query = new URLSearchParams(Object.entries(req.query).filter((e): e is [string, string] => e[1] !== undefined));
            if (req.unknownQuery) query.set(req.unknownQuery, '1');
            const url = `${fill(ours.path, req.path)}${query.size ? `?${query}` : ''}`;
            const headers = Object.fromEntries(Object.entries(req.headers).filter((e): e is [string, string] => e[1] !== undefined));
            const res = await send(ours.method, url, headers, req.body);
            statuses.push(`${ours.operationId}:${res.status}`);
            const said = `${ours.operationId} ${ours.method.toUpperCase()} ${url} ${req.body?.raw ?? ''} → ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`;
            expect(res.status, said).toBeLessThan(500);
            expect(res.status, said).not.toBe(415);
            expect(res.status === 400 && res.body.code === 'VALIDATION_ERROR', said).toBe(false);
            // `cells=flat` asks for the v1 row shape the published description names and its schema does not describe.
            const described = req.query.cells !== 'flat';
            if (res.status < 300 && described && String(res.headers['content-type']).startsWith('application/json')) {
              const issues = validator.validateResponse({ operationId: ours.operationId, status: res.status, contentType: 'application/json', body: res.body });
              expect(issues, said).toEqual([]);
            }
          }),
          { numRuns: RUNS_PER_OPERATION, seed: Number(process.env.PROPERTY_SEED ?? Date.now() % 2 ** 31), endOnFailure: true },
        );
        // Every operation is tried, and each failing one reported with its seed to replay.
        if (outcome.failed)
          failures.push(`seed ${outcome.seed}: ${String((outcome.errorInstance as Error | undefined)?.message ?? outcome.errorInstance).slice(0, 1500)}`);
      }
      if (process.env.PROPERTY_VERBOSE) console.log([...new Set(statuses)].sort().join(' '));
      expect(failures).toEqual([]);
    },
    120_000,
  );
});

function publishedOperations() {
  const doc = loadPublishedApi();
  return Object.values(doc.paths).flatMap((item) =>
    METHODS.filter((m) => item[m]).map((m) => {
      const operation = item[m] as Record<string, unknown>;
      return { operationId: operation.operationId as string, operation, pathParams: (item.parameters as ParameterObject[] | undefined) ?? [] };
    }),
  );
}

import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import fc from 'fast-check';
import type { Db } from 'mongodb';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSpecAjv, inlineRefs, rebaseRefs } from '../../src/http/openapi/ajv.ts';
import { lenientSchema } from '../../src/http/openapi/lenient-body.ts';
import { deref, listOperations, loadSpec, type OperationSpec, type ParameterObject } from '../../src/http/openapi/spec.ts';
import { allIndexes } from '../../src/storage/all-indexes.ts';
import { idempotencyIndexes } from '../../src/storage/repositories/idempotency-repo.ts';
import { rateLimitIndexes } from '../../src/storage/repositories/rate-limit-repo.ts';
import { assertResponseMatchesSpec, findOperation } from '../support/spec-validation.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

// Every operation of openapi.yaml gets malformed input: odd path and query values, bodies
// of the wrong JSON type, unknown fields, broken JSON, wrong content types, deep and huge
// values. The gateway must answer each with a 4xx in the error envelope (never a 5xx),
// write nothing, and keep answering /healthz. The operations come from the spec itself,
// so a new endpoint is fuzzed the day it is documented.

type Schema = Record<string, unknown>;
type Ids = Record<string, string>;

interface BadInput {
  what: string;
  method: OperationSpec['method'];
  path: string;
  body?: Buffer;
  contentType?: string;
  /** Invalid by the spec, so a 2xx would mean the gateway accepted malformed input. */
  mustReject: boolean;
  /**
   * Taken only because a published operation ignores unknown fields and parameters: not
   * malformed, so not fuzzed here (test/http/leniency.test.ts and
   * test/http/published-requests.test.ts send such requests).
   */
  lenientOnly?: boolean;
}

const doc = loadSpec();
// Operations not served answer 501 whatever they receive: test/http/not-served.test.ts.
const operations = listOperations(doc).filter((op) => !op.notServed);
const ajv = createSpecAjv(doc);
const validators = new Map<unknown, (value: unknown) => boolean>();

/** Whether the spec accepts `value` for `schema`, judged by the same ajv set-up as the gateway. */
function specAccepts(schema: unknown, value: unknown): boolean {
  if (!validators.has(schema)) validators.set(schema, ajv.compile(inlineRefs(doc, schema ?? {})) as (v: unknown) => boolean);
  return validators.get(schema)!(value);
}

/** ajv fills defaults in place: shared sample values are judged as copies. */
function specAcceptsCopy(schema: unknown, value: unknown): boolean {
  return specAccepts(schema, value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
}

const resolve = (schema: unknown): Schema => deref(doc, (schema ?? {}) as Schema);
const jsonSchemaOf = (op: OperationSpec): unknown => op.requestBody?.content['application/json']?.schema;
const MISSING_ID = '0190b0c0-0000-7000-8000-000000000000';

// ---------------------------------------------------------------------------------------
// What "changes nothing" is measured on: every collection the gateway owns, except the
// bookkeeping that any request legitimately touches (rate-limit windows, idempotency keys).

const BOOKKEEPING = new Set([rateLimitIndexes.collection, idempotencyIndexes.collection]);
const COUNTED = [...new Set(allIndexes.map((c) => c.collection))].filter((name) => !BOOKKEEPING.has(name)).sort();

async function countDocuments(db: Db): Promise<Record<string, number>> {
  const counts = await Promise.all(COUNTED.map((name) => db.collection(name).countDocuments({})));
  return Object.fromEntries(COUNTED.map((name, i) => [name, counts[i]]));
}

/** Counts once background work started by an accepted request has finished writing. */
async function settledCounts(db: Db, timeoutMs = 5_000): Promise<Record<string, number>> {
  const deadline = Date.now() + timeoutMs;
  let last = await countDocuments(db);
  for (let stable = 0; stable < 3 && Date.now() < deadline;) {
    await new Promise((r) => setTimeout(r, 100));
    const next = await countDocuments(db);
    stable = JSON.stringify(next) === JSON.stringify(last) ? stable + 1 : 0;
    last = next;
  }
  return last;
}

// ---------------------------------------------------------------------------------------
// Minimal valid values from a schema, so a mutated body has one fault, not ten.

function sampleString(s: Schema, name: string, ids: Ids): string {
  if (s.format === 'uuid') return ids[name] ?? MISSING_ID;
  if (s.format === 'uri') return 'http://127.0.0.1:9/fuzz';
  if (s.format === 'email') return 'fuzz@example.com';
  if (s.format === 'date-time') return new Date().toISOString();
  const pattern = typeof s.pattern === 'string' ? new RegExp(s.pattern, 'u') : null;
  const min = (s.minLength as number | undefined) ?? 0;
  const fits = (c: string) => c.length >= min && (!pattern || pattern.test(c));
  return ['fuzz', '/fuzz', 'whsec_ZnV6emZ1enpmdXp6ZnV6eg==', 'fuzz-fuzz-fuzz'].find(fits) ?? 'fuzz';
}

function sample(schema: unknown, name: string, ids: Ids): unknown {
  const s = resolve(schema);
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  const branches = (s.oneOf ?? s.anyOf) as unknown[] | undefined;
  if (branches) return sample(branches[0], name, ids);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  const props = (s.properties ?? {}) as Record<string, unknown>;
  switch (type) {
    case 'object':
      return Object.fromEntries(((s.required ?? []) as string[]).map((k) => [k, sample(props[k], k, ids)]));
    case 'array':
      return Array.from({ length: (s.minItems as number | undefined) ?? 0 }, () => sample(s.items, name, ids));
    case 'integer':
    case 'number':
      return (s.minimum as number | undefined) ?? 1;
    case 'boolean':
      return false;
    case 'string':
      return sampleString(s, name, ids);
    default:
      return {};
  }
}

/** Top-level properties of a body schema, over every oneOf/anyOf branch. */
function bodyProperties(schema: unknown): Map<string, unknown> {
  const s = resolve(schema);
  const props = new Map(Object.entries((s.properties ?? {}) as Record<string, unknown>));
  for (const branch of (s.oneOf ?? s.anyOf ?? []) as unknown[]) {
    for (const [k, v] of bodyProperties(branch)) if (!props.has(k)) props.set(k, v);
  }
  return props;
}

// ---------------------------------------------------------------------------------------
// Bad inputs, derived from each operation's parameters and request body.

/** Raw path segments (already URL-encoded as sent); none is a well-formed id of anything. */
const ODD_PATH_VALUES = [
  'x'.repeat(4_000),
  '%00',
  '..%2F..%2Fhealthz',
  '%2e%2e',
  encodeURIComponent('ünïcødé-😀-名前'),
  'with%20spaces%20',
  '%E0%A4%A',
  '%',
  encodeURIComponent('{"$ne":null}'),
  '00000000-0000-0000-0000-000000000000',
];

const DEPTH = 100_000;
const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const b64 = (text: string) => Buffer.from(text).toString('base64url');

function pathParams(op: OperationSpec): ParameterObject[] {
  return op.parameters.filter((p) => p.in === 'path');
}

function fillPath(op: OperationSpec, ids: Ids, odd?: { name: string; raw: string }): string {
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => (odd?.name === name ? odd.raw : encodeURIComponent(ids[name] ?? MISSING_ID)));
}

/** Nothing has an odd id, so even one the spec accepts (a junk token, the nil UUID) must get a 4xx. */
function pathInput(op: OperationSpec, ids: Ids, param: ParameterObject, raw: string): BadInput {
  return { what: `path ${param.name}=${raw.slice(0, 60)}`, method: op.method, path: fillPath(op, ids, { name: param.name, raw }), mustReject: true };
}

function pathInputs(op: OperationSpec, ids: Ids): BadInput[] {
  return pathParams(op).flatMap((p) => ODD_PATH_VALUES.map((raw) => pathInput(op, ids, p, raw)));
}

/** Odd values for one query parameter: `mustReject` when the spec itself refuses them. */
function oddQueryValues(p: ParameterObject): string[] {
  const s = resolve(p.schema);
  const valid = encodeURIComponent(String(sample(s, p.name, {})));
  const name = encodeURIComponent(p.name);
  const values = [`${name}=${valid}&${name}=${valid}`, `${name}[]=${valid}`, `${name}=%00`, `${name}=${encodeURIComponent('{"$gt":""}')}`];
  if (s.type === 'integer') values.push(...['-1', '0', '99999999999999999999', '1e308', '1.5', 'NaN', '0x10', ''].map((v) => `${name}=${v}`));
  if (s.type === 'boolean') values.push(...['maybe', 'TRUE', '1', ''].map((v) => `${name}=${v}`));
  if (s.type === 'string' && typeof s.maxLength === 'number') {
    // Deep, but short enough that Node's 16 KB header limit does not answer for the gateway.
    values.push(`${name}=${'x'.repeat(s.maxLength + 1)}`, `${name}=${encodeURIComponent(deepArray(Math.min(1_000, Math.floor(s.maxLength / 2))))}`);
  }
  if (p.name === 'cursor')
    values.push(...['garbage', b64('null'), b64('{"v":1,"after":{"$gt":""},"order":"asc"}'), b64(deepArray(200))].map((v) => `${name}=${v}`));
  return values;
}

function querySchema(op: OperationSpec, strict: boolean): Schema {
  const declared = op.parameters.filter((p) => p.in === 'query');
  // A published operation ignores query parameters it does not declare.
  return { type: 'object', additionalProperties: op.published && !strict, properties: Object.fromEntries(declared.map((p) => [p.name, p.schema ?? {}])) };
}

const coercingAjv = createSpecAjv(doc, { coerceTypes: 'array' });
const queryValidators = new Map<string, (v: unknown) => boolean>();

function queryAccepts(op: OperationSpec, query: Record<string, string | string[]>, strict: boolean): boolean {
  const key = `${op.operationId}:${strict}`;
  if (!queryValidators.has(key)) queryValidators.set(key, coercingAjv.compile(rebaseRefs(querySchema(op, strict))) as (v: unknown) => boolean);
  return queryValidators.get(key)!({ ...query });
}

/** Judged with the gateway's own coercion rules: query strings are not typed JSON. */
function queryInput(op: OperationSpec, ids: Ids, qs: string): BadInput {
  // Without a prototype, like the query object Koa parses (`__proto__` is a name like any other).
  const query: Record<string, string | string[]> = Object.create(null);
  for (const [k, v] of new URLSearchParams(qs)) query[k] = Object.hasOwn(query, k) ? ([] as string[]).concat(query[k], v) : v;
  const lenient = queryAccepts(op, query, false);
  return {
    what: `query ?${qs.slice(0, 80)}`,
    method: op.method,
    path: `${fillPath(op, ids)}?${qs}`,
    mustReject: !lenient,
    lenientOnly: lenient && !queryAccepts(op, query, true),
  };
}

function queryInputs(op: OperationSpec, ids: Ids): BadInput[] {
  const declared = op.parameters.filter((p) => p.in === 'query');
  return ['zzUnknown=1', '__proto__=x&constructor=y', ...declared.flatMap(oddQueryValues)].map((qs) => queryInput(op, ids, qs));
}

/** Text that is not JSON, sent as application/json. */
const INVALID_JSON = ['{"a":', '{a:1}', "{'a':1}", '[1,]', 'nul', '{"a":1}}', '\u0000', '\uFEFF{}', '   ', 'NaN', '{"a":01}'];
/** JSON of every type, for the top of a body. */
const TOP_LEVEL = ['null', '0', '-1', '"x"', '[]', 'true', '[{}]', '1e999999', '{}'];
/** Values of each JSON type; a property gets the ones its schema refuses. */
const WRONG_VALUES: unknown[] = [null, true, 0, -1, 1.5, 1e300, '', 'zz-not-an-option', [], [null], {}, { zz: {} }, 'x'.repeat(20_000)];
const OTHER_TYPES = ['text/plain', 'application/xml', 'multipart/form-data; boundary=zz', 'application/x-www-form-urlencoded', 'application/merge-patch+json'];

const lenientBodies = new Map<OperationSpec, unknown>();

/**
 * Whether the gateway must take this JSON text: by the operation's schema, opened for a
 * published operation (unknown fields are ignored there); `null` where the body is
 * optional; `{}` (any object when published) where the operation takes no body.
 */
function takesJson(op: OperationSpec, text: string, strict = false): boolean {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  if (!op.requestBody) return value === null || (isObject && ((op.published && !strict) || Object.keys(value as object).length === 0));
  if (!op.requestBody.content['application/json']) return false;
  if (value === null && !op.requestBody.required) return true;
  if (!op.published || strict) return specAccepts(jsonSchemaOf(op), value);
  if (!lenientBodies.has(op)) lenientBodies.set(op, lenientSchema(inlineRefs(doc, jsonSchemaOf(op))));
  return specAccepts(lenientBodies.get(op), value);
}

/** `seed` with `field` (raw JSON text, so duplicate and `__proto__` keys survive) in front. */
function withField(seed: unknown, name: string, valueText: string): string {
  const rest = { ...(seed as Record<string, unknown>) };
  delete rest[name];
  const tail = JSON.stringify(rest).slice(1);
  return `{${JSON.stringify(name)}:${valueText}${tail === '}' ? '' : ','}${tail}`;
}

/** Each property in turn gets values of JSON types its schema refuses. */
function wrongTypeBodies(schema: unknown, seed: unknown): [string, string][] {
  const bodies: [string, string][] = [];
  let turn = 0;
  for (const [name, prop] of bodyProperties(schema)) {
    const wrong = WRONG_VALUES.filter((v) => !specAcceptsCopy(prop, v));
    for (const value of [wrong[turn % wrong.length], wrong[(turn + 1) % wrong.length]]) {
      bodies.push([`${name}=${JSON.stringify(value).slice(0, 40)}`, withField(seed, name, JSON.stringify(value))]);
    }
    turn += 1;
  }
  return bodies;
}

/**
 * Deep values for every array and object property; huge ones (still under 1 MB) for the
 * first property of each shape only, since they cost the most time to send.
 */
function outsizedBodies(schema: unknown, seed: unknown): [string, string][] {
  const bodies: [string, string][] = [];
  const huge = new Set<string>();
  const once = (shape: string) => !huge.has(shape) && Boolean(huge.add(shape));
  for (const [name, prop] of bodyProperties(schema)) {
    const shape = sample(prop, name, {});
    if (Array.isArray(shape)) {
      bodies.push([`${name} nested ${DEPTH} deep`, withField(seed, name, `[${deepArray(DEPTH)}]`)]);
      if (once('array')) bodies.push([`${name} with 300k items`, withField(seed, name, `[${'0,'.repeat(299_999)}0]`)]);
    } else if (shape !== null && typeof shape === 'object') {
      bodies.push([`${name} nested ${DEPTH / 2} deep`, withField(seed, name, deepObject(DEPTH / 2))]);
      bodies.push([`${name} holding an array nested ${DEPTH} deep`, withField(seed, name, `{"zz":${deepArray(DEPTH)}}`)]);
      if (once('object'))
        bodies.push([
          `${name} with 40k keys`,
          withField(seed, name, JSON.stringify(Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`k${i}`, i])))),
        ]);
    } else if (typeof shape === 'string' && once('string')) {
      bodies.push([`${name} of 900k characters`, withField(seed, name, JSON.stringify('x'.repeat(900_000)))]);
    }
  }
  return bodies;
}

/** Bodies of the wrong shape for an operation that takes JSON, judged by its own schema. */
function jsonBodies(op: OperationSpec, ids: Ids): [string, string][] {
  const schema = jsonSchemaOf(op);
  const seed = sample(schema, '', ids);
  const isObject = seed !== null && typeof seed === 'object' && !Array.isArray(seed);
  const bodies: [string, string][] = [
    ...TOP_LEVEL.map((t): [string, string] => [`top-level ${t}`, t]),
    [`top-level array nested ${DEPTH} deep`, deepArray(DEPTH)],
    [`top-level object nested ${DEPTH / 2} deep`, deepObject(DEPTH / 2)],
  ];
  if (!isObject) return bodies;
  bodies.push(
    ['an unknown field', withField(seed, 'zzUnknown', '1')],
    ['a __proto__ field', withField(seed, '__proto__', '{"polluted":true}')],
    ['a constructor field', withField(seed, 'constructor', '{"prototype":{"polluted":true}}')],
    ['60k unknown fields', withField(seed, 'zz', '0').replace('{', `{${Array.from({ length: 60_000 }, (_, i) => `"u${i}":0`).join(',')},`)],
  );
  return [...bodies, ...wrongTypeBodies(schema, seed), ...outsizedBodies(schema, seed)];
}

function bodyInputs(op: OperationSpec, ids: Ids, limit: number): BadInput[] {
  // A GET's body is never read, so there is nothing to fuzz there.
  if (op.method === 'get') return [];
  const path = fillPath(op, ids);
  const input = (what: string, body: string, contentType: string | undefined, mustReject: boolean): BadInput => ({
    what,
    method: op.method,
    path,
    body: Buffer.from(body),
    contentType,
    mustReject,
  });
  const json = (what: string, text: string) => ({
    ...input(what, text, 'application/json', !takesJson(op, text)),
    lenientOnly: takesJson(op, text) && !takesJson(op, text, true),
  });
  const declared = Object.keys(op.requestBody?.content ?? {});
  const inputs = [
    ...INVALID_JSON.map((t) => json(`invalid JSON ${JSON.stringify(t)}`, t)),
    ...OTHER_TYPES.filter((t) => !declared.includes(t.split(';')[0])).map((t) =>
      input(`content-type ${t}`, t.includes('form') ? 'a=1&b=2' : '{"a":1}', t, true),
    ),
    input('no content-type', '{"a":1}', undefined, true),
    input(`a body over the ${op.bodyLimitBytes ?? limit}-byte limit`, `[${'0,'.repeat((op.bodyLimitBytes ?? limit) / 2)}0]`, 'application/json', true),
  ];
  if (!op.requestBody) return [...inputs, json('a body where none is taken', '{"unexpected":true}')];
  if (op.requestBody.required) inputs.push(input('an empty JSON body', '', 'application/json', true));
  if (!op.requestBody.content['application/json']) return inputs;
  return [...inputs, ...jsonBodies(op, ids).map(([what, text]) => json(what, text))];
}

function badInputsFor(op: OperationSpec, ids: Ids, limit: number): BadInput[] {
  return [...pathInputs(op, ids), ...queryInputs(op, ids), ...bodyInputs(op, ids, limit)].filter((input) => !input.lenientOnly);
}

// ---------------------------------------------------------------------------------------
// Sending, and what every answer must look like.

async function send(gw: TestGateway, input: BadInput) {
  let req = supertest(server)[input.method](input.path).set('authorization', `Bearer ${gw.adminKey}`);
  if (input.contentType) req = req.set('content-type', input.contentType);
  if (input.body === undefined) return await req;
  // Raw bytes go out as they are, whatever the content type claims.
  return await req.serialize((x: unknown) => x as string).send(input.body as never);
}

function declares(op: OperationSpec, status: number): boolean {
  return [String(status), `${String(status)[0]}XX`, 'default'].some((key) => key in op.responses);
}

function checkAnswer(op: OperationSpec, input: BadInput, res: supertest.Response): void {
  const label = `${op.operationId} ${input.method.toUpperCase()} ${input.path.slice(0, 120)} — ${input.what} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
  expect(res.status, label).toBeLessThan(500);
  if (input.mustReject) expect(res.status, `accepted malformed input: ${label}`).toBeGreaterThanOrEqual(400);
  if (res.status < 400) return;
  expect(String(res.headers['content-type']), label).toMatch(/^application\/json/);
  expect(res.body, label).toMatchObject({ error: expect.any(String), code: expect.stringMatching(/^[A-Z][A-Z0-9_]*$/) });
  if (res.body.details !== undefined) expect(res.body.details, label).toBeTypeOf('object');
  // However large the request, the error says what is wrong in a few kilobytes.
  expect(res.text.length, label).toBeLessThan(64 * 1024);
  // Check the answer against what the spec documents for that status, when it documents one.
  const matched = findOperation(input.method, input.path);
  // A client generated from the spec must know every refusal an operation can answer.
  if (matched) {
    expect(declares(matched, res.status), `${res.status} not in the spec: ${label}`).toBe(true);
    assertResponseMatchesSpec(input.method, input.path, res.status, String(res.headers['content-type']), res.body);
  }
}

async function expectAlive(): Promise<void> {
  const res = await supertest(server).get('/healthz');
  expect(res.status).toBe(200);
}

interface Case {
  op: OperationSpec;
  input: BadInput;
}

/** The inputs sent since the counts were last taken, for the message when they changed. */
type Trail = string[];

async function expectUnchanged(db: Db, before: Record<string, number>, trail: Trail): Promise<void> {
  expect(await countDocuments(db), `document counts changed; one of these wrote:\n${trail.join('\n')}`).toEqual(before);
  trail.length = 0;
}

/**
 * Sends inputs one by one and checks each answer. Counting every collection after every
 * request would dominate the run, so counts are compared around the inputs the spec
 * allows (the only ones a 2xx may legitimately answer) and at the end: whatever was
 * refused in between must have written nothing. An accepted write starts a new baseline
 * once its background work has settled.
 */
async function fuzz(gw: TestGateway, cases: Case[]): Promise<void> {
  let before = await countDocuments(gw.db);
  const trail: Trail = [];
  for (const { op, input } of cases) {
    const mayWrite = !input.mustReject && op.method !== 'get';
    if (mayWrite) await expectUnchanged(gw.db, before, trail);
    const res = await send(gw, input);
    checkAnswer(op, input, res);
    if (mayWrite && res.status < 400) before = await settledCounts(gw.db);
    else trail.push(`${op.operationId}: ${input.what} → ${res.status}`);
  }
  await expectUnchanged(gw.db, before, trail);
  await expectAlive();
}

// ---------------------------------------------------------------------------------------
// Fixtures: one real resource behind each path parameter, created before the first
// snapshot, so a bad request reaches past "not found" into the handler when it can.

async function created(res: supertest.Response | Promise<supertest.Response>, status = 201) {
  const r = await res;
  if (r.status !== status) throw new Error(`fixture: expected ${status}, got ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function createTableFixtures(gw: TestGateway): Promise<Ids> {
  const table = await created(
    gw.api.post('/api/v2/tables', {
      name: 'Fuzz',
      columns: [
        { name: 'Email', slug: 'email', kind: 'input' },
        { name: 'Name', slug: 'name', kind: 'input' },
      ],
    }),
  );
  const batchId = randomUUID();
  await created(
    gw.api.post(`/api/v2/tables/${table.id}/rows/upsert`, {
      rows: [{ email: 'ada@example.org', name: 'Ada' }],
      matchColumns: ['email'],
      enrich: false,
      batchId,
    }),
  );
  const rows = await created(gw.api.get(`/api/v2/tables/${table.id}/rows`), 200);
  const sender = await created(
    gw.api.post('/api/v2/senders', { channel: 'email', name: 'Fuzz', displayName: 'Fuzz', email: 'fuzz@example.com', smtp: { host: '127.0.0.1', port: 9 } }),
  );
  const draft = { name: 'Fuzz', senders: { email: sender.id }, recipientColumn: 'email', steps: [{ channel: 'email', subject: 'Hi', body: 'Hello {{name}}' }] };
  const campaign = await created(gw.api.post(`/api/v2/tables/${table.id}/campaigns`, draft));
  const sequences = await created(gw.api.get(`/api/v2/campaigns/${campaign.campaign.id}/sequences`), 200);
  return {
    tableId: table.id,
    columnId: table.columns[0].id,
    rowId: rows.items[0].id,
    batchId,
    runId: batchId,
    senderId: sender.id,
    campaignId: campaign.campaign.id,
    sequenceId: sequences.items[0].id,
  };
}

async function createManagementFixtures(gw: TestGateway): Promise<Ids> {
  const key = await created(gw.api.post('/api/v2/api-keys', { name: 'fuzz target', scopes: ['read'] }));
  const webhook = await created(gw.api.post('/api/v2/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['sequence.connection.accepted'] }));
  // A strict schema, so a well-formed body the fuzzer sends is refused (422) instead of
  // queued; the inbound URL belongs to a trigger of its own, which fuzzing the trigger
  // operations (a valid new schema, a rotated URL) cannot change underneath it.
  const schema = { type: 'object', required: ['n'], additionalProperties: false, properties: { n: { type: 'integer' } } };
  const trigger = await created(gw.api.post('/api/v2/triggers', { name: 'Fuzz', action: 'event', schema }));
  const event = await created(
    gw.api.post(new URL(trigger.url).pathname, undefined, { key: null, raw: '{"n":1}', headers: { 'content-type': 'application/json' } }),
    202,
  );
  const hook = await created(gw.api.post('/api/v2/triggers', { name: 'Fuzz inbound', action: 'event', schema }));
  const worker = await created(gw.api.post('/api/v2/agent-workers', { name: 'Fuzz', url: 'http://127.0.0.1:9/agent' }));
  return {
    keyId: key.id,
    webhookId: webhook.id,
    triggerId: trigger.id,
    eventId: event.id,
    token: new URL(hook.url).pathname.split('/').pop()!,
    workerId: worker.id,
  };
}

// ---------------------------------------------------------------------------------------
// Random malformed input on top of the fixed table: junk path segments, junk query
// strings, and wrong JSON values for one body property of a valid-looking body.

function randomCases(ids: Ids): fc.Arbitrary<Case> {
  const withParams = operations.filter((op) => pathParams(op).length > 0);
  const withProps = operations.filter((op) => op.method !== 'get' && bodyProperties(jsonSchemaOf(op)).size > 0);
  const junk = fc.string({ unit: 'binary', minLength: 1, maxLength: 60 });
  const path = fc.record({ op: fc.constantFrom(...withParams), pick: fc.nat(), raw: junk }).map(({ op, pick, raw }) => {
    const params = pathParams(op);
    return { op, input: pathInput(op, ids, params[pick % params.length], encodeURIComponent(raw)) };
  });
  const query = fc
    .record({
      op: fc.constantFrom(...operations),
      entries: fc.array(fc.tuple(junk, fc.string({ unit: 'binary', maxLength: 40 })), { minLength: 1, maxLength: 4 }),
    })
    .map(({ op, entries }) => ({ op, input: queryInput(op, ids, new URLSearchParams(entries).toString()) }));
  const body = fc.record({ op: fc.constantFrom(...withProps), pick: fc.nat(), value: fc.jsonValue({ maxDepth: 3 }) }).map(({ op, pick, value }) => {
    const schema = jsonSchemaOf(op);
    const names = [...bodyProperties(schema).keys()];
    const name = names[pick % names.length];
    const text = withField(sample(schema, '', ids), name, JSON.stringify(value));
    const input: BadInput = {
      what: `${name}=${JSON.stringify(value).slice(0, 60)}`,
      method: op.method,
      path: fillPath(op, ids),
      body: Buffer.from(text),
      contentType: 'application/json',
      mustReject: !takesJson(op, text),
    };
    return { op, input };
  });
  // Only what the spec refuses: a lucky valid write would start real work (a launch, a run).
  return fc.oneof(path, query, body).filter(({ op, input }) => input.mustReject || op.method === 'get');
}

// ---------------------------------------------------------------------------------------

let gw: TestGateway;
let ids: Ids;
// One listening server for thousands of requests: supertest would otherwise open and
// close a server around each of them.
let server: Server;
beforeAll(async () => {
  gw = await startTestGateway();
  server = createServer(gw.callback);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ids = { ...(await createTableFixtures(gw)), ...(await createManagementFixtures(gw)) };
  await settledCounts(gw.db);
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await gw?.close();
});

describe('malformed input to every operation of openapi.yaml', () => {
  for (const op of operations) {
    it(`${op.operationId} (${op.method.toUpperCase()} ${op.path})`, async () => {
      const inputs = badInputsFor(op, ids, gw.config.bodyLimitBytes);
      expect(inputs.length).toBeGreaterThan(0);
      await fuzz(
        gw,
        inputs.map((input) => ({ op, input })),
      );
    });
  }

  it('random malformed path segments, query strings and body values', async () => {
    // Every random input is refused by the spec (or is a read), so none may write: the
    // counts are compared once, around the whole run, and each answer as it comes.
    const before = await countDocuments(gw.db);
    const trail: Trail = [];
    await fc.assert(
      fc.asyncProperty(randomCases(ids), async ({ op, input }) => {
        const res = await send(gw, input);
        checkAnswer(op, input, res);
        trail.push(`${op.operationId}: ${input.what} → ${res.status}`);
      }),
      { numRuns: 300, seed: 20_240_611, endOnFailure: true },
    );
    await expectUnchanged(gw.db, before, trail);
    await expectAlive();
  }, 60_000);
});

describe('regressions found by fuzzing', () => {
  it('validates 300k wrong items of a referenced schema in linear time', async () => {
    // ajv (allErrors) copied every error so far after each failing call of a referenced
    // schema: this 600 KB body held the event loop for minutes until refs were inlined.
    const started = Date.now();
    const body = Buffer.from(`{"name":"x","columns":[${'0,'.repeat(299_999)}0]}`);
    const res = await send(gw, { what: '300k columns', method: 'post', path: '/api/v2/tables', body, contentType: 'application/json', mustReject: true });
    expect(res.status).toBe(400);
    expect(res.body.details.issues.length).toBeLessThanOrEqual(100);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../src/domain/api-keys/key-format.ts';
import { ApiError } from '../../src/domain/errors.ts';
import { createApiKeyService } from '../../src/domain/api-keys/api-key-service.ts';
import { systemClock } from '../../src/domain/shared/clock.ts';
import { createIdGenerator } from '../../src/domain/shared/ids.ts';
import { createHttpApp } from '../../src/http/app.ts';
import type { HandlerMap } from '../../src/http/handler-types.ts';
import type { OpenApiDocument } from '../../src/http/openapi/spec.ts';
import { checkHandlerCoverage } from '../../src/http/operations.ts';
import { listOperations } from '../../src/http/openapi/spec.ts';
import { createRateLimiter } from '../../src/http/rate-limit/rate-limiter.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { connectStore, type StoreConnection } from '../../src/storage/connection.ts';
import { createApiKeysRepo } from '../../src/storage/repositories/api-keys-repo.ts';
import { createIdempotencyRepo } from '../../src/storage/repositories/idempotency-repo.ts';
import { createRateLimitRepo } from '../../src/storage/repositories/rate-limit-repo.ts';
import supertest from 'supertest';
import { testMongoUri, uniqueDbName } from '../support/mongo-uri.ts';

// A two-operation spec of its own lets these tests make a handler fail on purpose.
const error = { description: 'error', content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } } };
const doc: OpenApiDocument = {
  openapi: '3.1.0',
  components: { schemas: { ErrorEnvelope: { type: 'object', required: ['error', 'code'] } } },
  paths: {
    '/flaky': {
      post: {
        operationId: 'flaky',
        'x-og-scope': 'write',
        requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
        responses: { '201': { description: 'ok' }, '500': error },
      },
    },
    '/refuse': { post: { operationId: 'refuse', 'x-og-scope': 'write', responses: { '409': error } } },
  },
};

let store: StoreConnection;
let key: string;
let calls = { flaky: 0, refuse: 0 };
let logged: unknown[] = [];
let request: ReturnType<typeof supertest>;

beforeAll(async () => {
  store = await connectStore({ uri: testMongoUri(), dbName: uniqueDbName('mw'), timeoutMs: 10_000 });
  const ids = createIdGenerator();
  const apiKeys = createApiKeyService({ store: createApiKeysRepo(store.db), ids, clock: systemClock });
  key = generateApiKey();
  await apiKeys.ensureKey('org-1', key, 'test', ['write']);
  const handlers = {
    flaky: async () => {
      calls.flaky += 1;
      if (calls.flaky === 1) throw new Error('secret internal detail: db password is hunter2');
      return { status: 201, body: { call: calls.flaky } };
    },
    refuse: async () => {
      calls.refuse += 1;
      throw new ApiError({ status: 409, code: 'NOPE', message: 'refused' });
    },
  } as unknown as HandlerMap;
  const logger = pino({ level: 'error' }, { write: (line: string) => logged.push(JSON.parse(line)) });
  const app = createHttpApp({
    doc,
    handlers,
    operationDeps: {
      apiKeys,
      limiter: createRateLimiter({ store: createRateLimitRepo(store.db), clock: systemClock }),
      idempotencyStore: createIdempotencyRepo(store.db),
      clock: systemClock,
      limits: { ipPerMinute: 1000, orgPerMinute: 1000, bodyBytes: 1024 },
    },
    logger,
    metrics: createMetrics({ defaultMetrics: false }),
    ids,
    trustProxy: false,
  });
  request = supertest(app.callback());
});
afterAll(() => store.close());

describe('the operation chain', () => {
  it('hides an unexpected error behind a bare 500, logs it with the request id, and never records it', async () => {
    const first = await request.post('/flaky').set('authorization', `Bearer ${key}`).set('idempotency-key', 'k1').send({ a: 1 });
    expect(first.status).toBe(500);
    expect(first.body).toEqual({ error: 'Internal server error', code: 'INTERNAL_ERROR' });
    expect(JSON.stringify(first.body)).not.toContain('hunter2');
    expect(logged).toContainEqual(expect.objectContaining({ msg: 'unhandled error', requestId: first.headers['x-request-id'] }));
    const retry = await request.post('/flaky').set('authorization', `Bearer ${key}`).set('idempotency-key', 'k1').send({ a: 1 });
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotency-replay']).toBeUndefined();
    expect(calls.flaky).toBe(2);
  });

  it('records a 4xx thrown by the handler and replays it without running the handler again', async () => {
    const first = await request.post('/refuse').set('authorization', `Bearer ${key}`).set('idempotency-key', 'k2');
    const second = await request.post('/refuse').set('authorization', `Bearer ${key}`).set('idempotency-key', 'k2');
    expect(first.status).toBe(409);
    expect(second.status).toBe(409);
    expect(second.body).toEqual({ error: 'refused', code: 'NOPE' });
    expect(second.headers['idempotency-replay']).toBe('true');
    expect(calls.refuse).toBe(1);
  });

  it('refuses to boot when an operation has no handler or a handler has no operation', () => {
    const ops = listOperations(doc);
    expect(() => checkHandlerCoverage(ops, { flaky: async () => ({ status: 201 }) } as unknown as HandlerMap)).toThrow(/no handler for \[refuse\]/);
    expect(() =>
      checkHandlerCoverage(ops, {
        flaky: async () => ({ status: 201 }),
        refuse: async () => ({ status: 409 }),
        ghost: async () => ({ status: 200 }),
      } as unknown as HandlerMap),
    ).toThrow(/no operation for \[ghost\]/);
  });
});

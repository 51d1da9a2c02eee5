import Koa from 'koa';
import { MongoBulkWriteError, MongoNetworkTimeoutError, MongoServerSelectionError } from 'mongodb';
import pino from 'pino';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../domain/shared/clock.ts';
import { createStoreHealth } from '../../storage/store-health.ts';
import { errorHandler } from './error-handler.ts';
import { storeGuard } from './store-guard.ts';

/** An app whose handler waits for `work`; the store's ping is answered by the test. */
function appWith(work: () => Promise<unknown>) {
  let answerPing: (ok: boolean) => void = () => undefined;
  const store = createStoreHealth({
    ping: () => new Promise<void>((resolve, reject) => (answerPing = (ok) => (ok ? resolve() : reject(new MongoNetworkTimeoutError('ping timed out'))))),
    clock: manualClock(),
    timeoutMs: 60_000,
  });
  let handled = 0;
  const app = new Koa();
  app.use(errorHandler({ logger: pino({ level: 'silent' }) }));
  app.use(storeGuard({ store, exempt: (ctx) => ctx.path === '/readyz' }));
  app.use(async (ctx) => {
    handled += 1;
    ctx.body = { done: await work() };
  });
  return { agent: supertest(app.callback()), store, fail: () => answerPing(false), handledCount: () => handled };
}

const never = () => new Promise<never>(() => undefined);

describe('store guard', () => {
  it('answers a request waiting on a hung store 503 with Retry-After as soon as the outage is detected', async () => {
    const { agent, store, fail } = appWith(never);
    const pending = agent.post('/api/v2/tables').send({});
    await new Promise((r) => setTimeout(r, 50));
    void store.probe();
    fail();
    const res = await pending;
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.body).toEqual({ error: expect.stringMatching(/database is unavailable/), code: 'SERVICE_UNAVAILABLE' });
  });

  it('answers at once, without running the handler, while the store is known down; exempt paths still run', async () => {
    const { agent, store, fail, handledCount } = appWith(async () => 'ok');
    const probed = store.probe();
    fail();
    await probed;
    const res = await agent.get('/api/v2/tables');
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(handledCount()).toBe(0);
    expect((await agent.get('/readyz')).status).toBe(200);
  });

  it.each([
    ['a socket timeout', () => new MongoNetworkTimeoutError('connection 4 to 127.0.0.1:27017 timed out')],
    [
      'a failed server selection',
      () => new MongoServerSelectionError('connect ECONNREFUSED 127.0.0.1:27017', { type: 'Unknown', servers: new Map() } as never),
    ],
    [
      'a network error wrapped as a bulk error',
      () => new MongoBulkWriteError(new MongoNetworkTimeoutError('timed out') as never, { insertedCount: 0 } as never),
    ],
  ])('answers %s from the store with 503 and Retry-After, never 500', async (_what, error) => {
    const { agent } = appWith(async () => {
      throw error();
    });
    const res = await agent.post('/hooks/x').send({});
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.body.code).toBe('SERVICE_UNAVAILABLE');
  });
});

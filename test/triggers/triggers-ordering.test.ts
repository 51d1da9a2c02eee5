import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { sleep, startReceiver } from '../webhooks/support/receiver.ts';
import { createTrigger, postHook, settledEvent } from './support.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw?.close());

/** A receiver that holds each request a while and records how many it held at once. */
async function slowReceiver(holdMs: number) {
  let inFlight = 0;
  let most = 0;
  const receiver = await startReceiver({
    respond: async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await sleep(holdMs);
      inFlight -= 1;
      return { status: 200 };
    },
  });
  return { receiver, mostAtOnce: () => most };
}

async function withEndpoint<T>(url: string, run: () => Promise<T>): Promise<T> {
  const endpoint = (await gw.api.post('/api/v2/webhooks', { url, events: ['trigger.received'] })).body as { id: string };
  try {
    return await run();
  } finally {
    await gw.api.delete(`/api/v2/webhooks/${endpoint.id}`);
  }
}

const bodyOf = (r: { payload: { data: Record<string, unknown> } }) => r.payload.data.body as { customer?: string; n: number };

describe('trigger.received ordering', () => {
  it('delivers the posts of one trigger concurrently by default', async () => {
    const { receiver, mostAtOnce } = await slowReceiver(300);
    try {
      await withEndpoint(receiver.url, async () => {
        const t = await createTrigger(gw, { name: 'unordered', action: 'event' });
        expect(t.orderingKey).toBeNull();
        for (let n = 0; n < 12; n++) expect((await postHook(gw, t.url, JSON.stringify({ n }))).status).toBe(202);
        await receiver.until(() => receiver.received.length >= 12, 20_000);
        expect(new Set(receiver.received.map((r) => bodyOf(r).n)).size).toBe(12);
        // One at a time, 12 posts held 300 ms each would never overlap.
        expect(mostAtOnce()).toBeGreaterThan(1);
        const d = (await gw.api.get('/api/v2/webhooks/deliveries?limit=100')).body.items as { orderingKey: string }[];
        expect(d.some((x) => x.orderingKey.startsWith('trigger_event:'))).toBe(true);
      });
    } finally {
      await receiver.close();
    }
  });

  it('orders the posts about one object (orderingKey) at every endpoint', async () => {
    // Each answer takes a random while, so any delivery let out of order would overtake.
    const receiver = await startReceiver({ respond: async () => (await sleep(20 + Math.random() * 60), { status: 200 }) });
    const tracked = await startReceiver({ respond: async () => (await sleep(20 + Math.random() * 60), { status: 200 }) });
    try {
      const t = await createTrigger(gw, { name: 'ordered', action: 'event', orderingKey: '/customer/id' });
      expect(t.orderingKey).toBe('/customer/id');
      const customers = ['a', 'b', 'c'];
      const posts = Array.from({ length: 30 }, (_, n) => ({ customer: { id: customers[n % 3] }, n }));
      await withEndpoint(receiver.url, () =>
        withEndpoint(tracked.url, async () => {
          // Each post is processed before the next is sent (processing order is the inbound
          // side's concern); the slow receiver makes the deliveries queue up behind one another.
          for (const p of posts) {
            const res = await postHook(gw, t.url, JSON.stringify(p));
            expect(res.status).toBe(202);
            await settledEvent(gw, t.id, res.body.id as string);
          }
          await receiver.until(() => receiver.received.length >= posts.length, 30_000);
          await tracked.until(() => tracked.received.length >= posts.length, 30_000);
        }),
      );
      for (const r of [receiver, tracked]) {
        for (const c of customers) {
          const seen = r.received
            .map((x) => x.payload.data.body as { customer: { id: string }; n: number })
            .filter((b) => b.customer.id === c)
            .map((b) => b.n);
          expect(seen).toEqual(posts.filter((p) => p.customer.id === c).map((p) => p.n));
        }
      }
    } finally {
      await receiver.close();
      await tracked.close();
    }
  });

  it('checks the ordering pointer at creation and on update, and shows it', async () => {
    for (const orderingKey of ['customer', '/a~2b', 7]) {
      const res = await gw.api.post('/api/v2/triggers', { name: 'bad', action: 'event', orderingKey });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_ERROR');
    }
    const onRows = await gw.api.post('/api/v2/triggers', { name: 'rows', action: 'sequence.reply', orderingKey: '/from' });
    expect(onRows.status).toBe(400);
    expect(JSON.stringify(onRows.body)).toContain('orderingKey');
    const t = await createTrigger(gw, { name: 'patch me', action: 'event' });
    const set = await gw.api.patch(`/api/v2/triggers/${t.id}`, { orderingKey: '/a~1b/~0c' });
    expect(set.status).toBe(200);
    expect(set.body.orderingKey).toBe('/a~1b/~0c');
    expect((await gw.api.patch(`/api/v2/triggers/${t.id}`, { orderingKey: '/x~' })).status).toBe(400);
    const cleared = await gw.api.patch(`/api/v2/triggers/${t.id}`, { orderingKey: null });
    expect(cleared.body.orderingKey).toBeNull();
    expect((await gw.api.get(`/api/v2/triggers/${t.id}`)).body.orderingKey).toBeNull();
  });
});

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../src/domain/api-keys/key-format.ts';
import { manualClock } from '../../src/domain/shared/clock.ts';
import { createTriggerEventsRepo } from '../../src/storage/repositories/trigger-events-repo.ts';
import { uniqueDbName } from '../support/mongo-uri.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { createTrigger, postHook, waitFor } from './support.ts';

// Acknowledgment order is effect order: posts about one row take effect in the order
// they were answered, whichever of two gateway processes on one database took them.
// A plan is a list of rounds; a round's posts go out together (a burst, whose order is
// the stored sequence the gateway gave them), and a round starts only once every post
// of the previous one was answered 202.

let gws: TestGateway[] = [];
beforeAll(async () => {
  const dbName = uniqueDbName('order');
  const key = generateApiKey();
  gws.push(await startTestGateway({ dbName, instanceName: 'order-a', env: { OG_BOOTSTRAP_KEY: key } }));
  gws.push(await startTestGateway({ dbName, instanceName: 'order-b', env: { OG_BOOTSTRAP_KEY: key } }));
}, 60_000);
afterAll(async () => {
  for (const gw of gws) await gw.close();
  gws = [];
});

const KEYS = ['a', 'b', 'c'];
const round = fc.array(fc.nat(KEYS.length - 1), { minLength: 1, maxLength: 4 });
// Mostly one post per round (each sent after the previous 202), with bursts mixed in.
const plan = fc.array(fc.oneof({ weight: 3, arbitrary: round.map((r) => r.slice(0, 1)) }, { weight: 1, arbitrary: round }), { minLength: 3, maxLength: 14 });

interface Post {
  round: number;
  key: string;
  value: string;
  id?: string;
}

async function runPlan(rounds: number[][], run: number) {
  const gw = gws[0];
  const table = await gw.api.post('/api/v2/tables', { name: `order ${run}`, columns: ['key', 'value'].map((slug) => ({ name: slug, slug, kind: 'input' })) });
  expect(table.status).toBe(201);
  const t = await createTrigger(gw, {
    name: `order ${run}`,
    action: 'rows.upsert',
    tableId: table.body.id,
    matchColumns: ['key'],
    rateLimitPerMinute: 1_000_000,
  });
  const posts: Post[] = [];
  let n = 0;
  for (const [r, keys] of rounds.entries()) {
    const batch: Post[] = keys.map((k) => ({ round: r, key: KEYS[k], value: `v${n++}` }));
    posts.push(...batch);
    await Promise.all(
      batch.map(async (p, i) => {
        const res = await postHook(gws[(r + i) % gws.length], t.url, JSON.stringify({ key: p.key, value: p.value }));
        expect(res.status, JSON.stringify(res.body)).toBe(202);
        p.id = res.body.id;
      }),
    );
  }
  const events = gw.db.collection<{ _id: string; status: string; seq?: number; failureReason?: string }>('trigger_events');
  await waitFor(async () => (await events.countDocuments({ triggerId: t.id, status: 'received' })) === 0, 30_000);
  const stored = new Map((await events.find({ triggerId: t.id }).toArray()).map((e) => [e._id, e]));
  for (const p of posts) expect(stored.get(p.id!)?.status, String(stored.get(p.id!)?.failureReason)).toBe('processed');

  // The value each row must end with: its post in the last round that touched it, and
  // within a burst the one the gateway sequenced last.
  const seqOf = (p: Post) => stored.get(p.id!)?.seq ?? Number.NaN;
  const expected = new Map<string, Post>();
  for (const p of posts) {
    const prev = expected.get(p.key);
    if (!prev || prev.round < p.round || seqOf(p) > seqOf(prev)) expected.set(p.key, p);
  }
  const rows = (await gw.api.get(`/api/v2/tables/${table.body.id}/rows?cells=flat&limit=200`)).body.items as { key: string; value: string }[];
  const actual = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  expect(rows).toHaveLength(expected.size);
  expect(actual).toEqual(Object.fromEntries([...expected].map(([k, p]) => [k, p.value])));
  return { posts, seqOf };
}

describe('inbound actions on one target', () => {
  it('leave every row with its last acknowledged value, on two gateways sharing a database', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(plan, async (rounds) => {
        const { posts, seqOf } = await runPlan(rounds, run++);
        // The stored sequence follows acknowledgment order: a post sent after another's
        // 202 is sequenced after it.
        for (const a of posts) for (const b of posts) if (a.round < b.round && a.key === b.key) expect(seqOf(a)).toBeLessThan(seqOf(b));
      }),
      { numRuns: 25 },
    );
  }, 180_000);
});

describe('a post claimed by a process that died', () => {
  it('holds the later posts of its row until its lease ends, then takes effect before them', async () => {
    const clock = manualClock(new Date());
    const gw = await startTestGateway({ clock });
    try {
      const table = await gw.api.post('/api/v2/tables', { name: 'crash', columns: ['key', 'value'].map((slug) => ({ name: slug, slug, kind: 'input' })) });
      const t = await createTrigger(gw, { name: 'crash', action: 'rows.upsert', tableId: table.body.id, matchColumns: ['key'] });
      const repo = createTriggerEventsRepo(gw.db, { outbox: gw.gateway.services.outbox });
      const events = gw.db.collection<{ _id: string; status: string; waiters?: string[] }>('trigger_events');
      // Another process claims the first post as soon as it is stored, and dies holding it
      // (if this gateway was quicker, try again with another row).
      let row = '';
      let first = '';
      for (let i = 0; i < 5 && !first; i++) {
        row = `r${i}`;
        const res = await postHook(gw, t.url, JSON.stringify({ key: row, value: 'old' }));
        expect(res.status).toBe(202);
        if (await repo.claim(res.body.id, clock.now(), new Date(clock.now().getTime() + 60_000))) first = res.body.id;
      }
      expect(first).not.toBe('');
      const second = (await postHook(gw, t.url, JSON.stringify({ key: row, value: 'new' }))).body.id as string;
      // The later post waits behind the dead claim rather than taking effect first.
      await waitFor(async () => (await events.findOne({ _id: first }))?.waiters?.includes(second));
      expect((await events.findOne({ _id: second }))?.status).toBe('received');
      // The lease runs out and the recovery sweep runs the first post, which wakes the second.
      clock.advance(61_000);
      await gw.gateway.services.triggers.jobs.recover(false);
      await waitFor(async () => (await events.countDocuments({ _id: { $in: [first, second] }, status: 'processed' })) === 2, 30_000);
      const rows = (await gw.api.get(`/api/v2/tables/${table.body.id}/rows?cells=flat&limit=200`)).body.items as { key: string; value: string }[];
      expect(rows.find((r) => r.key === row)?.value).toBe('new');
    } finally {
      await gw.close();
    }
  }, 60_000);
});

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { person, startSequenceHarness, type SequenceHarness } from '../sequences/support/harness.ts';
import { createTrigger, postHook, waitFor } from './support.ts';

// Acknowledgment order is effect order for replies too: replies naming one sequence by
// Message-ID take effect in the order they were answered, whoever sent them (the
// recipient, a colleague answering, a forwarded thread). A reply takes effect when it is
// recorded, and a record's id is minted then (time-ordered, increasing in one process),
// so the order of the record ids is the order of effect. Plans are rounds as in the
// rows.upsert ordering test: a round's posts go out together, a round starts once every
// post of the previous one was answered 202.

const PEOPLE = 3;
let h: SequenceHarness;
let messageIds: string[] = [];
let trigger: { id: string; url: string };

beforeAll(async () => {
  h = await startSequenceHarness({ webhooks: false });
  await h.addRows(Array.from({ length: PEOPLE }, (_, i) => person(i)));
  const draft = await h.gw.api.post(`/api/v2/tables/${h.tableId}/campaigns`, {
    name: 'reply order',
    senders: { email: h.senders.email },
    recipientColumn: 'email',
    steps: [
      { channel: 'email', subject: 'Hello', body: 'Hi', delaySeconds: 0 },
      { channel: 'email', body: 'Later', delaySeconds: 86_400 },
    ],
  });
  expect(draft.status, JSON.stringify(draft.body)).toBe(201);
  expect((await h.gw.api.post(`/api/v2/campaigns/${draft.body.campaign.id}/launch`)).status).toBe(200);
  const sequences = await waitFor(async () => {
    const page = await h.gw.api.get(`/api/v2/tables/${h.tableId}/sequences?limit=100`);
    const items = page.body.items as { id: string }[];
    const full = await Promise.all(items.map(async (s) => (await h.gw.api.get(`/api/v2/sequences/${s.id}`)).body));
    return full.length === PEOPLE && full.every((s) => s.steps[0].status === 'sent') ? full : null;
  }, 60_000);
  messageIds = sequences.map((s) => s.steps[0].rfcMessageId as string);
  trigger = await createTrigger(h.gw, { name: 'inbox', action: 'sequence.reply', rateLimitPerMinute: 1_000_000 });
}, 120_000);
afterAll(() => h?.close());

// Who answers: the recipient, or one of two colleagues on the thread.
const SENDERS = (seq: number) => [`person${seq}@example.org`, 'colleague.one@example.net', 'colleague.two@example.net'];
const post = fc.record({ seq: fc.nat(PEOPLE - 1), sender: fc.nat(2) });
const round = fc.array(post, { minLength: 1, maxLength: 4 });
const plan = fc.array(fc.oneof({ weight: 2, arbitrary: round.map((r) => r.slice(0, 1)) }, { weight: 1, arbitrary: round }), { minLength: 3, maxLength: 12 });

interface Post {
  round: number;
  seq: number;
  id?: string;
}

let n = 0;
async function runPlan(rounds: { seq: number; sender: number }[][]) {
  const posts: Post[] = [];
  for (const [r, batch] of rounds.entries()) {
    const sent = batch.map((b) => ({ round: r, seq: b.seq, sender: b.sender }) as Post & { sender: number });
    posts.push(...sent);
    await Promise.all(
      sent.map(async (p) => {
        const body = { from: SENDERS(p.seq)[p.sender], to: 'ada@sales.example.com', subject: 'Re: Hello', text: `reply ${n++}`, inReplyTo: messageIds[p.seq] };
        const res = await postHook(h.gw, trigger.url, JSON.stringify(body));
        expect(res.status, JSON.stringify(res.body)).toBe(202);
        p.id = res.body.id;
      }),
    );
  }
  const events = h.gw.db.collection<{ _id: string; status: string; seq?: number; result?: { replyId?: string; sequenceIds?: string[] } }>('trigger_events');
  const ids = posts.map((p) => p.id!);
  await waitFor(async () => (await events.countDocuments({ _id: { $in: ids }, status: { $ne: 'processed' } })) === 0, 30_000);
  const stored = new Map((await events.find({ _id: { $in: ids } }).toArray()).map((e) => [e._id, e]));
  return posts.map((p) => ({ ...p, seqNo: stored.get(p.id!)!.seq ?? Number.NaN, replyId: stored.get(p.id!)!.result!.replyId! }));
}

describe('replies naming one sequence', () => {
  it('take effect in acknowledgment order, whoever sends them', async () => {
    await fc.assert(
      fc.asyncProperty(plan, async (rounds) => {
        const posts = await runPlan(rounds);
        for (let s = 0; s < PEOPLE; s++) {
          // Acknowledgment order: by round, and within a burst as the gateway sequenced them.
          const acked = posts.filter((p) => p.seq === s).sort((a, b) => a.round - b.round || a.seqNo - b.seqNo);
          for (let i = 1; i < acked.length; i++) {
            expect(acked[i].round === acked[i - 1].round || acked[i].seqNo > acked[i - 1].seqNo, 'a later round is sequenced later').toBe(true);
          }
          const effect = acked.map((p) => p.replyId);
          expect(effect, `sequence ${s}: replies in effect order`).toEqual([...effect].sort());
        }
      }),
      { numRuns: 20 },
    );
  }, 300_000);
});

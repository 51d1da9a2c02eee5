import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../src/domain/api-keys/key-format.ts';
import { callChild as api, startChildGateway, type ChildGateway } from '../support/child-gateway.ts';
import { testMongoUri, uniqueDbName } from '../support/mongo-uri.ts';
import { eventually, sleep } from '../webhooks/support/receiver.ts';
import { startSmtpSink } from './support/smtp-sink.ts';

// Two gateway processes on one database; a 300-recipient campaign launched on the first,
// which is SIGKILLed mid-campaign against a slow SMTP server. Only a message that may have
// reached the server (its step marked as handed over) may end `delivery_unknown`; every
// step that was merely claimed is sent by the survivor once its lease ends; nobody gets
// two mails, and the campaign's stats and events agree with what was delivered.

const RECIPIENTS = 300;
/** The send loop's send concurrency: the most steps a process holds in flight. */
const SEND_CONCURRENCY = 128;

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
});

interface StepDoc {
  status: string;
  failureReason: string | null;
  handedOverAt?: Date | null;
}
interface SeqDoc {
  _id: string;
  status: string;
  recipient: { email: string };
  steps: StepDoc[];
}

/** The same server as the rest of the suite, a database of this test's own. */
function sharedUri(db: string): string {
  return testMongoUri().replace(/^(mongodb(?:\+srv)?:\/\/[^/?]+)\/?[^?]*/, `$1/${db}`);
}

describe('a gateway killed mid-campaign', () => {
  it('leaves only handed-over emails unknown; another process sends every merely claimed step once', async () => {
    const sink = await startSmtpSink({ parse: false, answerDelayMs: 200 });
    cleanup.push(async () => (sink.dropClients(), sink.close()));
    const dataDir = await mkdtemp(join(tmpdir(), 'og-seq-kill-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const uri = sharedUri(uniqueDbName('seqkill'));
    const mongo = await MongoClient.connect(uri);
    cleanup.push(() => mongo.close());
    const sequences = mongo.db().collection<SeqDoc>('sequences');

    const key = generateApiKey();
    const env = {
      MONGODB_URI: uri,
      OG_DATA_DIR: dataDir,
      OG_BOOTSTRAP_KEY: key,
      OG_ALLOW_PRIVATE_NETWORK: 'true',
      LOG_LEVEL: 'warn',
      // Leases of 4 × 3 s, so the survivor takes over within seconds; fast retries.
      OG_SEQUENCE_SEND_TIMEOUT_MS: '3000',
      OG_RETRY_SCHEDULE: '0,1,1,1',
      OG_RATE_LIMIT_IP_PER_MINUTE: '100000',
      OG_RATE_LIMIT_ORG_PER_MINUTE: '100000',
    };
    const first = await startChildGateway(env, 60_000);
    const second = await startChildGateway(env, 60_000);
    cleanup.push(async () => [first, second].forEach((g: ChildGateway) => g.child.exitCode === null && g.child.kill('SIGKILL')));

    const sender = await api(first, key, 'POST', '/api/v2/senders', {
      channel: 'email',
      name: 'mx',
      displayName: 'Mx',
      email: 'mx@corp.example',
      smtp: { host: '127.0.0.1', port: sink.port },
    });
    expect(sender.status).toBe(201);
    const table = await api(first, key, 'POST', '/api/v2/tables', { name: 'people', columns: [{ name: 'email', slug: 'email', kind: 'input' }] });
    for (let i = 0; i < RECIPIENTS; i += 100) {
      const rows = Array.from({ length: 100 }, (_, j) => ({ email: `r${i + j}@example.org` }));
      expect(
        (await api(first, key, 'POST', `/api/v2/tables/${table.body.id}/rows/upsert`, { rows, matchColumns: ['email'], enrich: false })).status,
      ).toBeLessThan(300);
    }
    const draft = await api(first, key, 'POST', `/api/v2/tables/${table.body.id}/campaigns`, {
      name: 'kill',
      senders: { email: sender.body.id },
      recipientColumn: 'email',
      steps: [{ channel: 'email', subject: 'Hello', body: 'Once', delaySeconds: 0 }],
    });
    expect(draft.status).toBe(201);
    const campaignId: string = draft.body.campaign.id;
    expect((await api(first, key, 'POST', `/api/v2/campaigns/${campaignId}/launch`)).status).toBeLessThan(300);

    // Mid-campaign: some mails in, most of the campaign still to go (the server answers slowly).
    await sink.until(() => sink.messages.length >= 30, 30_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const killedAt = Date.now();
    const atKill = sink.messages.length;
    // What the dead process left: steps only claimed, and steps it was handing over (after
    // a moment, so the store has applied whatever it had already sent).
    await sleep(1_000);
    const left = await sequences.find({ campaignId, 'steps.0.status': 'sending' } as never).toArray();
    const claimedOnly = new Set(left.filter((s) => !s.steps[0].handedOverAt).map((s) => s._id));
    const handedOver = new Set(left.filter((s) => s.steps[0].handedOverAt).map((s) => s._id));

    const all = await eventually(
      async () => {
        const docs = await sequences.find({ campaignId } as never).toArray();
        return docs.length === RECIPIENTS && docs.every((s) => s.status === 'completed' || s.status === 'failed') ? docs : null;
      },
      45_000,
      250,
    );
    await sleep(1_000);
    const mails = new Map<string, number>();
    for (const m of sink.messages) for (const to of m.envelopeTo) mails.set(to, (mails.get(to) ?? 0) + 1);
    const unknown = all.filter((s) => s.status === 'failed');
    console.log(
      `sending kill test: ${atKill} mails at the kill, ${claimedOnly.size} steps only claimed and ${handedOver.size} being handed over; ` +
        `${sink.messages.length} mails in the end, ${unknown.length} delivery_unknown; all done ${Math.round((Date.now() - killedAt) / 1000)} s after the kill`,
    );

    expect([...mails.values()].every((n) => n === 1)).toBe(true);
    for (const s of all) {
      const n = mails.get(s.recipient.email) ?? 0;
      if (s.status === 'completed') {
        expect(s.steps[0].status).toBe('sent');
        expect(n).toBe(1);
      } else {
        expect(s.steps[0]).toMatchObject({ status: 'failed', failureReason: expect.stringMatching(/^delivery_unknown/) });
        expect(handedOver.has(s._id)).toBe(true);
      }
    }
    for (const id of claimedOnly) expect(all.find((s) => s._id === id)!.status).toBe('completed');
    expect(unknown.length).toBeLessThanOrEqual(SEND_CONCURRENCY);

    const stats = await api(second, key, 'GET', `/api/v2/campaigns/${campaignId}/stats`);
    expect(stats.body).toMatchObject({ found: RECIPIENTS, contacted: RECIPIENTS - unknown.length, sent: RECIPIENTS - unknown.length, failed: unknown.length });
    const events = mongo.db().collection('events');
    await eventually(async () => ((await events.countDocuments({ type: 'sequence.message.sent' })) === RECIPIENTS - unknown.length ? true : null), 15_000, 250);
  }, 120_000);
});

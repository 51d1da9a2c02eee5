import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftCampaign, type DraftDeps, type DraftInput } from '../../src/domain/campaigns/draft-campaign.ts';
import { systemClock } from '../../src/domain/shared/clock.ts';
import { createIdGenerator } from '../../src/domain/shared/ids.ts';
import type { SequenceStore } from '../../src/domain/sequences/sequence-model.ts';
import type { TableStore } from '../../src/domain/tables/table-types.ts';
import { createOutboxStore } from '../../src/storage/outbox/outbox-store.ts';
import { createCampaignTableAccess } from '../../src/domain/campaigns/campaign-table-access.ts';
import { createSecretBox } from '../../src/storage/encryption/secret-box.ts';
import { createCampaignsRepo } from '../../src/storage/repositories/campaigns-repo.ts';
import { createRowsRepo } from '../../src/storage/repositories/rows-repo.ts';
import { createSendersRepo } from '../../src/storage/repositories/senders-repo.ts';
import { createSequencesRepo } from '../../src/storage/repositories/sequences-repo.ts';
import { createTablesRepo } from '../../src/storage/repositories/tables-repo.ts';
import { StoreUnavailableError } from '../../src/storage/store-errors.ts';
import { TEST_ENCRYPTION_KEY } from '../support/encryption-key.ts';
import { person, startSequenceHarness, type SequenceHarness } from './support/harness.ts';

// A campaign draft that fails part-way, forced by a failing port of the domain over the
// real store: between storing the first sequences and the rest, and between storing the
// campaign and showing its sequences. Nothing of a campaign that did not come into
// being is visible on the API, and the retry of the same draft (the same ids, as under
// its Idempotency-Key) completes it, once.

let h: SequenceHarness;
let orgId: string;
let deps: DraftDeps;
const ROWS = 6;

beforeAll(async () => {
  h = await startSequenceHarness({ webhooks: false });
  await h.addRows(Array.from({ length: ROWS }, (_, i) => person(i + 1)));
  orgId = (await h.gw.gateway.services.organizations.ensure('default')).id;
  const ids = createIdGenerator();
  const secrets = createSecretBox({ key: Buffer.from(TEST_ENCRYPTION_KEY, 'base64') });
  const db = h.gw.db;
  const senders = createSendersRepo(db, { secrets });
  deps = {
    campaigns: createCampaignsRepo(db),
    sequences: createSequencesRepo(db, createOutboxStore({ db, ids, clock: systemClock, logger: pino({ level: 'silent' }) })),
    tables: createCampaignTableAccess({ tables: createTablesRepo(db, { secrets }), rows: createRowsRepo(db), ids, clock: systemClock }),
    findSender: (org, id) => senders.findById(org, id),
    ids,
    clock: systemClock,
  };
}, 60_000);
afterAll(() => h?.close());

const input = (name: string): DraftInput => ({
  name,
  senders: { email: h.senders.email },
  recipientColumn: 'email',
  steps: [{ channel: 'email', subject: 'Hi {{first_name}}', body: 'Hello', delaySeconds: 0 }],
});

const outage = () => new StoreUnavailableError();

/** The sequences store, failing once where `fail` says (the store stopped answering there). */
function failingSequences(real: SequenceStore, fail: 'insert-half' | 'reveal'): SequenceStore {
  let failed = false;
  return {
    ...real,
    async insertMany(records, opts) {
      if (fail !== 'insert-half' || failed) return real.insertMany(records, opts);
      failed = true;
      await real.insertMany(records.slice(0, Math.ceil(records.length / 2)), opts);
      throw outage();
    },
    async revealPending(org, campaignId) {
      if (fail !== 'reveal' || failed) return real.revealPending(org, campaignId);
      failed = true;
      throw outage();
    },
  };
}

/** The campaign's sequences that `GET /sequences` lists. */
async function visibleSequences(campaignId: string) {
  const res = await h.gw.api.get(`/api/v2/sequences?tableId=${h.tableId}&limit=100`);
  expect(res.status).toBe(200);
  const stored = new Set(await storedSequenceIds(campaignId));
  return (res.body.items as { id: string }[]).filter((s) => stored.has(s.id));
}

async function storedSequenceIds(campaignId: string): Promise<string[]> {
  return (await h.gw.db.collection('sequences').find({ campaignId }).project<{ _id: string }>({ _id: 1 }).toArray()).map((d) => d._id);
}

describe('a campaign draft that fails part-way', () => {
  for (const fail of ['insert-half', 'reveal'] as const) {
    it(`shows nothing of it (${fail}), and its retry completes it once`, async () => {
      const scope = { seed: `draft-${fail}-${Math.random()}`, atMs: Date.now() };
      const name = `Draft ${fail}`;
      const broken = { ...deps, sequences: failingSequences(deps.sequences, fail) };
      await expect(deps.ids.within(scope, () => draftCampaign(broken, orgId, h.tableId, input(name)))).rejects.toBeInstanceOf(StoreUnavailableError);
      // Which campaign it was: the sequences it left behind in the store say.
      const left = await h.gw.db.collection('sequences').findOne({ 'steps.subject': { $exists: true }, campaignId: { $exists: true } }, { sort: { _id: -1 } });
      expect(left).not.toBeNull();
      const campaignId = left!.campaignId as string;
      const leftIds = await storedSequenceIds(campaignId);
      expect(leftIds.length).toBeGreaterThan(0);
      expect(await visibleSequences(campaignId)).toEqual([]);
      for (const id of leftIds) expect((await h.gw.api.get(`/api/v2/sequences/${id}`)).status).toBe(404);
      if (fail === 'insert-half') expect((await h.gw.api.get(`/api/v2/campaigns/${campaignId}`)).status).toBe(404);

      const done = await deps.ids.within(scope, () => draftCampaign(deps, orgId, h.tableId, input(name)));
      expect(done.campaign.id).toBe(campaignId);
      expect(done.created).toHaveLength(ROWS);
      const visible = await visibleSequences(campaignId);
      expect(visible.map((s) => s.id).sort()).toEqual(done.created.map((s) => s.id).sort());
      expect((await storedSequenceIds(campaignId)).sort()).toEqual(visible.map((s) => s.id).sort());
      for (const id of leftIds) expect((await h.gw.api.get(`/api/v2/sequences/${id}`)).status).toBe(200);
      expect((await h.gw.api.get(`/api/v2/campaigns/${campaignId}`)).status).toBe(200);
      // One sequence column for the campaign, however many attempts it took.
      const columns = (await h.gw.api.get(`/api/v2/tables/${h.tableId}/columns`)).body.items as { name: string; kind: string }[];
      expect(columns.filter((c) => c.kind === 'sequence' && c.name === name)).toHaveLength(1);
    });
  }

  it('completes a draft whose failed first attempt lost a race for its column slug: one column, each row once', async () => {
    const scope = { seed: `draft-contended-${Math.random()}`, atMs: Date.now() };
    const name = 'Draft contended';
    const secrets = createSecretBox({ key: Buffer.from(TEST_ENCRYPTION_KEY, 'base64') });
    const tables = createTablesRepo(h.gw.db, { secrets });
    // Another draft took the free slug first: this attempt's first round is lost.
    let lost = false;
    const contended: TableStore = { ...tables, addColumn: async (...args) => (lost ? tables.addColumn(...args) : !(lost = true)) };
    const access = createCampaignTableAccess({ tables: contended, rows: createRowsRepo(h.gw.db), ids: deps.ids, clock: systemClock, random: () => 0 });
    const broken = { ...deps, tables: access, sequences: failingSequences(deps.sequences, 'insert-half') };
    await expect(deps.ids.within(scope, () => draftCampaign(broken, orgId, h.tableId, input(name)))).rejects.toBeInstanceOf(StoreUnavailableError);

    const done = await deps.ids.within(scope, () => draftCampaign(deps, orgId, h.tableId, input(name)));
    expect(done.created).toHaveLength(ROWS);
    const visible = await visibleSequences(done.campaign.id);
    expect(visible.map((s) => s.id).sort()).toEqual(done.created.map((s) => s.id).sort());
    // Nothing of the first attempt is left hidden under another column.
    expect((await storedSequenceIds(done.campaign.id)).sort()).toEqual(visible.map((s) => s.id).sort());
    const columns = (await h.gw.api.get(`/api/v2/tables/${h.tableId}/columns`)).body.items as { name: string; kind: string }[];
    expect(columns.filter((c) => c.kind === 'sequence' && c.name === name)).toHaveLength(1);
  });
});

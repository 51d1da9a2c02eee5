import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ABANDONED_DRAFT_AGE_MS, createAbandonedDraftSweep } from '../../src/domain/campaigns/abandoned-drafts.ts';
import { createCampaignTableAccess } from '../../src/domain/campaigns/campaign-table-access.ts';
import { draftCampaign, type DraftDeps, type DraftInput } from '../../src/domain/campaigns/draft-campaign.ts';
import { manualClock, systemClock } from '../../src/domain/shared/clock.ts';
import { createIdGenerator } from '../../src/domain/shared/ids.ts';
import type { SequenceStore } from '../../src/domain/sequences/sequence-model.ts';
import { ABANDONED_DRAFTS_JOB } from '../../src/jobs/abandoned-drafts-job.ts';
import { createSecretBox } from '../../src/storage/encryption/secret-box.ts';
import { createOutboxStore } from '../../src/storage/outbox/outbox-store.ts';
import { createCampaignsRepo } from '../../src/storage/repositories/campaigns-repo.ts';
import { createRowsRepo } from '../../src/storage/repositories/rows-repo.ts';
import { createSendersRepo } from '../../src/storage/repositories/senders-repo.ts';
import { createSequencesRepo } from '../../src/storage/repositories/sequences-repo.ts';
import { createTablesRepo } from '../../src/storage/repositories/tables-repo.ts';
import { StoreUnavailableError } from '../../src/storage/store-errors.ts';
import { TEST_ENCRYPTION_KEY } from '../support/encryption-key.ts';
import { person, startSequenceHarness, type SequenceHarness } from './support/harness.ts';

// Campaign drafts that failed part-way (a failing port of the domain over the real store)
// and were never retried, swept once their idempotency claim can no longer complete them:
// a committed campaign gets its sequences shown; one that never came into being loses its
// hidden sequences and the sequence column it added, while that column is empty.

let h: SequenceHarness;
let orgId: string;
let deps: DraftDeps;
let access: ReturnType<typeof createCampaignTableAccess>;
const ROWS = 4;
const HOUR = 60 * 60_000;
const ids = createIdGenerator();

beforeAll(async () => {
  h = await startSequenceHarness({ webhooks: false });
  await h.addRows(Array.from({ length: ROWS }, (_, i) => person(i + 1)));
  orgId = (await h.gw.gateway.services.organizations.ensure('default')).id;
  const secrets = createSecretBox({ key: Buffer.from(TEST_ENCRYPTION_KEY, 'base64') });
  const db = h.gw.db;
  const senders = createSendersRepo(db, { secrets });
  access = createCampaignTableAccess({ tables: createTablesRepo(db, { secrets }), rows: createRowsRepo(db), ids, clock: systemClock });
  deps = {
    campaigns: createCampaignsRepo(db),
    sequences: createSequencesRepo(db, createOutboxStore({ db, ids, clock: systemClock, logger: pino({ level: 'silent' }) })),
    tables: access,
    findSender: (org, id) => senders.findById(org, id),
    ids,
    clock: systemClock,
  };
}, 60_000);
afterAll(() => h?.close());

/** The sweep as the gateway builds it, on a clock the test moves. */
function sweepAt(at: Date, opts: { maxDrafts?: number } = {}) {
  const secrets = createSecretBox({ key: Buffer.from(TEST_ENCRYPTION_KEY, 'base64') });
  return createAbandonedDraftSweep(
    {
      sequences: deps.sequences,
      campaigns: deps.campaigns,
      tables: createTablesRepo(h.gw.db, { secrets }),
      linkSequences: access.linkSequences,
      clock: manualClock(at),
    },
    { storeTimeoutMs: 10_000, ...opts },
  );
}

const input = (name: string, sender: string): DraftInput => ({
  name,
  senders: { email: sender },
  recipientColumn: 'email',
  steps: [{ channel: 'email', subject: 'Hi {{first_name}}', body: 'Hello', delaySeconds: 0 }],
});

/** Where a draft fails: storing its sequences (after half of them, or before any), or showing them. */
type Failure = 'insert-half' | 'insert-none' | 'reveal';

/** The sequences store, failing once where `fail` says (the store stopped answering there). */
function failingSequences(real: SequenceStore, fail: Failure): SequenceStore {
  let failed = false;
  return {
    ...real,
    async insertMany(records, opts) {
      if (fail === 'reveal' || failed) return real.insertMany(records, opts);
      failed = true;
      if (fail === 'insert-half') await real.insertMany(records.slice(0, Math.ceil(records.length / 2)), opts);
      throw new StoreUnavailableError();
    },
    async revealPending(org, campaignId) {
      if (fail !== 'reveal' || failed) return real.revealPending(org, campaignId);
      failed = true;
      throw new StoreUnavailableError();
    },
  };
}

interface Failed {
  campaignId: string;
  columnId: string;
  sequenceIds: string[];
  /** When its idempotency claim began: the time in its ids. */
  atMs: number;
  /** Runs the draft again as a retry under the same claim would. */
  retry(): Promise<unknown>;
}

/** A draft that failed where `fail` says, under a claim begun `agoMs` ago, as the store holds it. */
async function failedDraft(fail: Failure, opts: { org?: string; tableId?: string; sender?: string; agoMs?: number } = {}): Promise<Failed> {
  const org = opts.org ?? orgId;
  const scope = { seed: `abandoned-${fail}-${Math.random()}`, atMs: Date.now() - (opts.agoMs ?? 0) };
  // The draft's campaign id is the first id it mints.
  const campaignId = await ids.within(scope, async () => ids.uuid());
  const broken = { ...deps, sequences: failingSequences(deps.sequences, fail) };
  const name = `Abandoned ${fail} ${campaignId.slice(-6)}`;
  await expect(
    ids.within(scope, () => draftCampaign(broken, org, opts.tableId ?? h.tableId, input(name, opts.sender ?? h.senders.email))),
  ).rejects.toBeInstanceOf(StoreUnavailableError);
  const docs = await h.gw.db.collection('sequences').find({ orgId: org, campaignId }).toArray();
  expect(docs.length > 0).toBe(fail !== 'insert-none');
  expect(docs.every((d) => d.pendingDraft === true)).toBe(true);
  const column = await draftColumn(opts.tableId ?? h.tableId, campaignId);
  expect(column).toBeDefined();
  return {
    campaignId,
    columnId: column!.id,
    sequenceIds: docs.map((d) => d._id as unknown as string),
    atMs: scope.atMs,
    retry: () => ids.within(scope, () => draftCampaign(deps, org, opts.tableId ?? h.tableId, input(name, opts.sender ?? h.senders.email))),
  };
}

/** The column a draft added, marked as that draft's while its campaign is not stored. */
async function draftColumn(tableId: string, campaignId: string) {
  const table = await h.gw.db.collection<{ _id: string; columns: { id: string; draftOf?: string }[] }>('tables').findOne({ _id: tableId });
  return table?.columns.find((c) => c.draftOf === campaignId);
}
const storedColumn = async (tableId: string, columnId: string) =>
  (await h.gw.db.collection<{ _id: string; columns: { id: string; draftOf?: string }[] }>('tables').findOne({ _id: tableId }))?.columns.find(
    (c) => c.id === columnId,
  );
const storedSequences = (campaignId: string) => h.gw.db.collection('sequences').find({ campaignId }).toArray();
const columnIds = async (tableId = h.tableId, api = h.gw.api) =>
  ((await api.get(`/api/v2/tables/${tableId}/columns`)).body.items as { id: string }[]).map((c) => c.id);
const linkedRows = (tableId: string, columnId: string) => h.gw.db.collection('rows').countDocuments({ tableId, [`cells.${columnId}`]: { $ne: null } });
const pastClaim = (f: Failed) => new Date(f.atMs + ABANDONED_DRAFT_AGE_MS + 60_000);

describe('the sweep of campaign drafts that failed and were never retried', () => {
  it('shows the sequences of a draft whose campaign was stored, and links them to their rows', async () => {
    const f = await failedDraft('reveal');
    expect((await h.gw.api.get(`/api/v2/campaigns/${f.campaignId}`)).status).toBe(200);
    expect((await h.gw.api.get(`/api/v2/campaigns/${f.campaignId}/people`)).body.items).toEqual([]);

    const out = await sweepAt(pastClaim(f)).sweep();
    expect(out.revealed).toBeGreaterThanOrEqual(ROWS);
    const people = (await h.gw.api.get(`/api/v2/campaigns/${f.campaignId}/people`)).body.items as { id: string }[];
    expect(people).toHaveLength(ROWS);
    for (const id of f.sequenceIds) expect((await h.gw.api.get(`/api/v2/sequences/${id}`)).status).toBe(200);
    expect(await linkedRows(h.tableId, f.columnId)).toBe(ROWS);
    expect((await storedSequences(f.campaignId)).every((d) => d.pendingDraft === undefined && d.deletedAt === null)).toBe(true);
    expect(await storedColumn(h.tableId, f.columnId)).toMatchObject({ id: f.columnId });
    expect((await storedColumn(h.tableId, f.columnId))?.draftOf).toBeUndefined();
  });

  it('removes the column of a draft that failed before storing any sequence', async () => {
    const f = await failedDraft('insert-none');
    expect(await columnIds()).toContain(f.columnId);
    const out = await sweepAt(pastClaim(f)).sweep();
    expect(out.columnsRemoved).toBeGreaterThanOrEqual(1);
    expect(await columnIds()).not.toContain(f.columnId);
    expect((await h.gw.api.get(`/api/v2/campaigns/${f.campaignId}`)).status).toBe(404);
  });

  it('leaves a draft that completed as it is, its column unmarked', async () => {
    const scope = { seed: `abandoned-none-${Math.random()}`, atMs: Date.now() };
    const done = await ids.within(scope, () => draftCampaign(deps, orgId, h.tableId, input(`Completed ${scope.seed.slice(-6)}`, h.senders.email)));
    expect((await storedColumn(h.tableId, done.column.id))?.draftOf).toBeUndefined();
    await sweepAt(new Date(scope.atMs + 30 * HOUR)).sweep();
    expect(await columnIds()).toContain(done.column.id);
    expect((await h.gw.api.get(`/api/v2/campaigns/${done.campaign.id}/people`)).body.items).toHaveLength(ROWS);
    expect(await linkedRows(h.tableId, done.column.id)).toBe(ROWS);
  });

  it('deletes the hidden sequences of a draft whose campaign was never stored, and its empty column, emitting no event', async () => {
    const f = await failedDraft('insert-half');
    expect(await columnIds()).toContain(f.columnId);
    const events = () => h.gw.db.collection('events').countDocuments({ type: { $regex: '^sequence\\.' } });
    const eventsBefore = await events();

    const out = await sweepAt(pastClaim(f)).sweep();
    expect(out.deleted).toBeGreaterThanOrEqual(f.sequenceIds.length);
    expect(await storedSequences(f.campaignId)).toEqual([]);
    expect(await columnIds()).not.toContain(f.columnId);
    expect(await events()).toBe(eventsBefore);
    expect((await h.gw.api.get(`/api/v2/campaigns/${f.campaignId}`)).status).toBe(404);

    // Its id is closed: a retry running this late fails instead of committing the campaign,
    // and what it stored on the way is swept again.
    await expect(f.retry()).rejects.toThrow(/already stored/);
    expect((await h.gw.api.get(`/api/v2/campaigns/${f.campaignId}`)).status).toBe(404);
    expect((await h.gw.api.get(`/api/v2/campaigns/${f.campaignId}/people`)).status).toBe(404);
    await sweepAt(pastClaim(f)).sweep();
    expect(await storedSequences(f.campaignId)).toEqual([]);
    expect(await columnIds()).not.toContain(f.columnId);
  });

  it('keeps the column of a never-stored campaign once a row holds a value in it', async () => {
    const f = await failedDraft('insert-half');
    const rowId = (await h.gw.db.collection('rows').findOne({ tableId: h.tableId }))!._id as unknown as string;
    await createRowsRepo(h.gw.db).setCell(orgId, h.tableId, rowId, f.columnId, 'kept', new Date());

    await sweepAt(pastClaim(f)).sweep();
    expect(await storedSequences(f.campaignId)).toEqual([]);
    expect(await columnIds()).toContain(f.columnId);
    // Kept for good: no later run looks at it again.
    expect((await storedColumn(h.tableId, f.columnId))?.draftOf).toBeUndefined();
  });

  it('deletes the hidden sequences of a stored campaign deleted since, and keeps its column', async () => {
    const f = await failedDraft('reveal');
    expect((await h.gw.api.delete(`/api/v2/campaigns/${f.campaignId}?confirm=true`)).status).toBe(200);

    await sweepAt(pastClaim(f)).sweep();
    expect(await storedSequences(f.campaignId)).toEqual([]);
    expect(await columnIds()).toContain(f.columnId);
  });

  it('settles at most its batch of drafts per run, the oldest first', async () => {
    const drafts = [];
    for (const agoMs of [3 * HOUR, 2 * HOUR, HOUR]) drafts.push(await failedDraft('insert-half', { agoMs }));
    const at = pastClaim(drafts[2]);
    const sweep = () => sweepAt(at, { maxDrafts: 2 }).sweep();
    await sweep();
    expect((await storedSequences(drafts[0].campaignId)).length + (await storedSequences(drafts[1].campaignId)).length).toBe(0);
    expect(await storedSequences(drafts[2].campaignId)).toHaveLength(drafts[2].sequenceIds.length);
    await sweep();
    expect(await storedSequences(drafts[2].campaignId)).toEqual([]);
  });

  it('leaves a draft younger than the claim and its margin untouched, and sweeps it once older', async () => {
    const f = await failedDraft('insert-half');
    const young = new Date(f.atMs + ABANDONED_DRAFT_AGE_MS - 60_000);
    await sweepAt(young).sweep();
    expect((await storedSequences(f.campaignId)).map((d) => d._id).sort()).toEqual([...f.sequenceIds].sort());
    expect(await columnIds()).toContain(f.columnId);
    // Even a day later (the claim's lifetime) a retry could still complete it.
    await sweepAt(new Date(f.atMs + 24 * HOUR)).sweep();
    expect(await storedSequences(f.campaignId)).toHaveLength(f.sequenceIds.length);

    await sweepAt(pastClaim(f)).sweep();
    expect(await storedSequences(f.campaignId)).toEqual([]);
    expect(await columnIds()).not.toContain(f.columnId);
  });

  it("settles each organization's drafts in that organization only", async () => {
    // Another organization with its own sender, table and rows.
    const org = await h.gw.gateway.services.organizations.ensure('abandoned-other-org');
    const other = h.gw.api.withKey((await h.gw.gateway.services.apiKeys.create(org.id, { name: 'k', scopes: ['admin'] })).key);
    const sender = await other.post('/api/v2/senders', {
      channel: 'email',
      name: 'Other mailbox',
      displayName: 'Bo',
      email: 'bo@other.example.com',
      smtp: { host: '127.0.0.1', port: h.sink.port, secure: false, auth: { user: 'bo', pass: 'smtp-password-456' } },
    });
    expect(sender.status).toBe(201);
    const table = await other.post('/api/v2/tables', {
      name: 'Theirs',
      columns: ['email', 'first_name'].map((slug) => ({ name: slug, slug, kind: 'input' })),
    });
    expect(table.status).toBe(201);
    const theirRows = [1, 2, 3].map((i) => ({ email: `them${i}@example.org`, first_name: `Them${i}` }));
    const upsert = await other.post(`/api/v2/tables/${table.body.id}/rows/upsert`, { rows: theirRows, matchColumns: ['email'], enrich: false });
    expect(upsert.status).toBeLessThan(300);

    // Theirs: committed, only the reveal lost. Ours: never committed. Both past their claims.
    const theirs = await failedDraft('reveal', { org: org.id, tableId: table.body.id, sender: sender.body.id, agoMs: 2 * HOUR });
    const ours = await failedDraft('insert-half', { agoMs: 2 * HOUR });
    const theirColumnsBefore = await columnIds(table.body.id, other);
    const ourRowsBefore = await h.gw.db.collection('rows').find({ orgId }).toArray();

    await sweepAt(pastClaim(ours)).sweep();
    expect(await storedSequences(ours.campaignId)).toEqual([]);
    expect(await columnIds()).not.toContain(ours.columnId);
    expect((await other.get(`/api/v2/campaigns/${theirs.campaignId}/people`)).body.items).toHaveLength(3);
    expect(await columnIds(table.body.id, other)).toEqual(theirColumnsBefore);
    expect(await linkedRows(table.body.id, theirs.columnId)).toBe(3);
    // Neither organization sees the other's campaign, and our rows were left as they were.
    expect((await h.gw.api.get(`/api/v2/campaigns/${theirs.campaignId}`)).status).toBe(404);
    expect((await other.get(`/api/v2/campaigns/${ours.campaignId}`)).status).toBe(404);
    expect(await h.gw.db.collection('rows').find({ orgId }).toArray()).toEqual(ourRowsBefore);
  });

  it('runs as a recurring job that start() queues, and the job sweeps', async () => {
    const jobs = h.gw.db.collection('jobs');
    expect(await jobs.countDocuments({ name: ABANDONED_DRAFTS_JOB })).toBe(1);
    // A draft whose claim began 26 h ago on the gateway's own clock, swept by the job.
    const f = await failedDraft('insert-half', { agoMs: 26 * HOUR });
    // Its next run, brought forward from an hour away to now.
    await jobs.updateOne({ name: ABANDONED_DRAFTS_JOB }, { $set: { nextRunAt: new Date() } });
    const deadline = Date.now() + 30_000;
    while ((await storedSequences(f.campaignId)).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await storedSequences(f.campaignId)).toEqual([]);
    expect(await columnIds()).not.toContain(f.columnId);
  });
});

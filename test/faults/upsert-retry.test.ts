import { MongoClient, type Collection } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { startFaultGateway } from './support/fault-gateway.ts';
import { pauseUnderLoad, retryUntilAnswered, type Attempt } from './support/writers.ts';

// Row upserts under load, each with its own Idempotency-Key, on a gateway whose
// stand-alone `og-gateway mongod` is paused (SIGSTOP) past the store timeout and resumed:
// upserts that had claimed their batch are answered 503, their writes may land when the
// store resumes. The client retries every upsert that was not acknowledged, with the same
// key and body, at once and again while told `409 … in progress`: each retry must finish
// its upsert (201) well within the 60 s lease of the failed attempt (before, the lease
// held it, and the `409` was recorded as the key's answer), and every row must be stored
// once.

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
});

const STORE_TIMEOUT_MS = 1_500;
// Enough rows that a pause often catches an upsert between its claim and its receipt.
const ROWS = 40;
const isAck = (a: Pick<Attempt, 'status'>) => a.status !== null && a.status >= 200 && a.status < 300;

type Setup = Awaited<ReturnType<typeof startFaultGateway>>;

/** One round on a table of its own: load, a pause, resume, retries. Returns how many failed attempts had claimed their batch. */
async function round(s: Setup, runs: Collection, r: number): Promise<number> {
  const table = await s.api('POST', '/api/v2/tables', {
    name: `faults ${r}`,
    columns: [
      { name: 'email', slug: 'email', kind: 'input' },
      { name: 'n', slug: 'n', kind: 'input' },
    ],
  });
  expect(table.status, JSON.stringify(table.body)).toBe(201);
  const path = `/api/v2/tables/${table.body.id}/rows/upsert`;
  const body = (n: number) => ({
    rows: Array.from({ length: ROWS }, (_, i) => ({ email: `r${r}-u${n}-${i}@faults.io`, n: String(n) })),
    matchColumns: ['email'],
    enrich: false,
  });
  const post = (n: number) =>
    fetch(`${s.gw.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.key}`, 'content-type': 'application/json', 'idempotency-key': `r${r}-upsert-${n}` },
      body: JSON.stringify(body(n)),
    });
  const route = { name: 'upserts', writers: 8, max: 300, acks: [201], send: post };

  const writers = await pauseUnderLoad(s, [route], STORE_TIMEOUT_MS);

  // Batches claimed by an attempt that failed before its receipt: the case under test.
  const unfinished = await runs.countDocuments({ tableId: table.body.id, phase: 'writing' });
  const unanswered = writers.attempts.filter((a) => !isAck(a));
  let slowest = 0;
  for (const a of unanswered) {
    const retry = await retryUntilAnswered(() => post(a.n), `upsert #${a.n}`, 250);
    expect(retry.status, `upsert #${a.n} retried: ${JSON.stringify(retry.body)}`).toBe(201);
    expect(retry.body.counts.inserted + retry.body.counts.updated + retry.body.counts.skipped).toBe(ROWS);
    slowest = Math.max(slowest, retry.ms);
  }
  // Given up by the failed attempts themselves (in the background once the store
  // answered), not by their 60 s leases running out.
  expect(slowest, 'the longest wait of one retry').toBeLessThan(30_000);

  const rows: Record<string, any>[] = [];
  let cursor: string | null = null;
  do {
    const page = await s.api('GET', `/api/v2/tables/${table.body.id}/rows?limit=100&cells=flat${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(page.status).toBe(200);
    rows.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  const emails = rows.map((row) => row.email as string);
  expect(new Set(emails).size, 'each row once').toBe(emails.length);
  expect(new Set(emails)).toEqual(new Set(writers.attempts.flatMap((a) => body(a.n).rows.map((row) => row.email))));
  console.log(
    `[upsert-retry] round ${r}: ${writers.attempts.length} upserts, ${unanswered.length} unanswered, ${unfinished} of them claimed their batch; slowest retry ${slowest} ms`,
  );
  return unfinished;
}

describe('a row upsert retried with its Idempotency-Key after a 503', () => {
  it('is finished by the retry without waiting out the lease, each row stored once', async () => {
    const s = await startFaultGateway(cleanup, { name: 'upsert', env: { OG_STORE_TIMEOUT_MS: String(STORE_TIMEOUT_MS) } });
    const client = await MongoClient.connect(s.store.uri('og_upsert'), { serverSelectionTimeoutMS: 30_000 });
    cleanup.push(() => client.close());
    const runs = client.db().collection('enrichment_runs');
    let unfinished = 0;
    // The pause must catch an upsert between its claim and its receipt: usually a round or two do.
    for (let r = 0; r < 4 && unfinished === 0; r++) unfinished += await round(s, runs, r);
    expect(unfinished, 'failed attempts that had claimed their batch (the case under test)').toBeGreaterThan(0);
    expect(s.gw.child.exitCode, s.gw.output()).toBeNull();
    s.gw.child.kill('SIGTERM');
    await s.gw.exited;
  }, 600_000);
});

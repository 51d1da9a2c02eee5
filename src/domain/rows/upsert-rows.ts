import { createHash } from 'node:crypto';
import type { EnrichmentRunRecord, EnrichmentRunStore, Outcome, OutcomeCounts } from '../enrichment-runs/enrichment-run-types.ts';
import { ApiError, conflict, idempotencyError } from '../errors.ts';
import type { Clock } from '../shared/clock.ts';
import type { IdGenerator } from '../shared/ids.ts';
import type { TableService } from '../tables/table-service.ts';
import type { LeadCounter, TableRecord } from '../tables/table-types.ts';
import { asText, matchKey, matchToken, matchTokens } from './match-keys.ts';
import type { RowRecord, RowStore, RowWrite } from './row-types.ts';
import { prepareUpsert, type PreparedRow, type PreparedUpsert } from './upsert-validation.ts';

/** The enrichment side of an upsert: a table run opened before the write, started after it. */
export interface EnrichmentStarter {
  /** A `building` table run for the enrichment run, or null when the table has no enrichment column. */
  open(orgId: string, table: TableRecord, enrichmentRunId: string): Promise<string | null>;
  /** One cell run per (row, enrichment column); the run moves to `processing` (or settles at once). */
  start(orgId: string, table: TableRecord, tableRunId: string, rowIds: string[]): Promise<void>;
}

export interface UpsertInput {
  rows: Record<string, unknown>[];
  matchColumns: string[];
  enrich?: boolean;
  reenrichUpdated?: boolean;
  batchId?: string;
}

export interface UpsertDeps {
  tables: Pick<TableService, 'require'>;
  rows: RowStore;
  enrichmentRuns: EnrichmentRunStore;
  leadCount: LeadCounter;
  enrichment: EnrichmentStarter;
  ids: IdGenerator;
  clock: Clock;
  /** How long an enrichment run's claim is held before another request may take a crashed writer's place. */
  leaseMs?: number;
}

export const receiptOf = (run: EnrichmentRunRecord) => ({
  object: 'enrichment_run' as const,
  id: run.id,
  batchId: run.id,
  tableRunId: run.tableRunId,
  counts: run.outcomeCounts,
});

export type UpsertReceipt = ReturnType<typeof receiptOf>;

// Each round some writer of a contended row wins, so this bounds the requests writing one row at once.
const MAX_ROUNDS = 32;

const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null) || JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

const contention = (inputIndex: number) =>
  new ApiError({
    status: 409,
    code: 'ROW_CONTENTION',
    message: `Row ${inputIndex} is being written by other requests right now; retry the upsert`,
    details: { row: inputIndex },
    headers: { 'retry-after': '1' },
  });

/**
 * A row whose insert the match-key index refused, and that a fresh read still finds no
 * row to update for, cannot win by trying again (unless the holder was deleted in the
 * meantime, hence one more try): the index and the exact-text comparison disagree.
 * Without this check such a row went round until the loop gave up with a 500.
 */
function unwinnable(pending: PreparedRow[], known: Map<string, RowRecord>, refusedInserts: Map<number, number>): void {
  for (const row of pending) {
    if (known.has(row.key) || (refusedInserts.get(row.inputIndex) ?? 0) < 2) continue;
    throw conflict('MATCH_KEY_CONFLICT', `Row ${row.inputIndex}'s match values collide with an existing row's match key`, { row: row.inputIndex });
  }
}

export function createUpsertRows(deps: UpsertDeps) {
  const leaseMs = deps.leaseMs ?? 60_000;

  async function findMatches(orgId: string, table: TableRecord, prep: PreparedUpsert, rows: PreparedRow[]): Promise<Map<string, RowRecord>> {
    const first = prep.matchColumns[0];
    const tokens = [...new Set(rows.map((r) => matchToken(orgId, table.id, first.id, r.matchValues[0])))];
    const byKey = new Map<string, RowRecord[]>();
    for (const candidate of await deps.rows.findByTokens(orgId, table.id, tokens)) {
      const key = JSON.stringify(prep.matchColumns.map((c) => asText(candidate.cells[c.id])));
      byKey.set(key, [...(byKey.get(key) ?? []), candidate]);
    }
    const matches = new Map<string, RowRecord>();
    for (const row of rows) {
      const found = byKey.get(row.key) ?? [];
      if (found.length > 1) {
        throw conflict('AMBIGUOUS_MATCH', `Row ${row.inputIndex} matches ${found.length} existing rows`, {
          row: row.inputIndex,
          rowIds: found.map((r) => r.id).slice(0, 10),
        });
      }
      if (found.length === 1) matches.set(row.key, found[0]);
    }
    return matches;
  }

  function planWrites(orgId: string, table: TableRecord, prep: PreparedUpsert, rows: PreparedRow[], matches: Map<string, RowRecord>) {
    const now = deps.clock.now();
    const inputIds = new Set(prep.inputColumns.map((c) => c.id));
    const sig = prep.matchColumns.map((c) => c.id);
    const order = sig.map((_, i) => i).sort((a, b) => (sig[a] < sig[b] ? -1 : 1));
    const writes: { row: PreparedRow; write: RowWrite | null; rowId: string }[] = [];
    for (const row of rows) {
      const existing = matches.get(row.key);
      if (existing) {
        const changed = Object.keys(row.cells).filter((id) => !same(row.cells[id], existing.cells[id]));
        if (changed.length === 0) {
          writes.push({ row, write: null, rowId: existing.id });
          continue;
        }
        const merged = { ...existing.cells, ...row.cells };
        const dropMatchKey = (existing.matchSig ?? []).some((id) => changed.includes(id));
        const cells = Object.fromEntries(changed.map((id) => [id, row.cells[id]]));
        // Tokens come from the whole row as read; `expectRev` makes the write apply to exactly
        // that version, so a concurrent change to another column sends this row round again.
        writes.push({
          row,
          rowId: existing.id,
          write: {
            kind: 'update',
            id: existing.id,
            cells,
            matchTokens: matchTokens(orgId, table.id, inputIds, merged),
            dropMatchKey,
            at: now,
            expectRev: existing.rev ?? null,
            rev: deps.ids.fresh(),
          },
        });
        continue;
      }
      // Ordinary ids, also under an Idempotency-Key: the match key keeps a retried row
      // single, and a repeated id would collide with another row its first attempt stored.
      const id = deps.ids.fresh();
      const record: RowRecord = {
        id,
        orgId,
        tableId: table.id,
        cells: row.cells,
        matchKey: matchKey(
          orgId,
          table.id,
          order.map((i) => sig[i]),
          order.map((i) => row.matchValues[i]),
        ),
        matchSig: [...sig].sort(),
        matchTokens: matchTokens(orgId, table.id, inputIds, row.cells),
        rev: deps.ids.fresh(),
        deletedAt: null,
        createdAt: now,
        updatedAt: now,
      };
      writes.push({ row, rowId: id, write: { kind: 'insert', row: record } });
    }
    return writes;
  }

  /**
   * Writes, and plans again the rows that lost a race: inserts refused by the match-key
   * index (they become updates of the winner) and updates whose row changed since it was read.
   */
  async function execute(orgId: string, table: TableRecord, prep: PreparedUpsert, matches: Map<string, RowRecord>): Promise<Outcome[]> {
    const outcomes = new Map<number, Outcome>();
    let pending = prep.rows;
    let known = matches;
    let marked = false;
    const refusedInserts = new Map<number, number>();
    for (let round = 0; pending.length > 0; round++) {
      const planned = planWrites(orgId, table, prep, pending, known);
      const writes = planned.filter((p) => p.write !== null);
      if (!marked && writes.some((p) => p.write?.kind === 'insert')) {
        await deps.leadCount.willChange(table);
        marked = true;
      }
      const { duplicateInserts, staleUpdates } = await deps.rows.write(
        orgId,
        table.id,
        writes.map((p) => p.write as RowWrite),
      );
      const lost = new Set([...duplicateInserts, ...staleUpdates].map((i) => writes[i].row.inputIndex));
      for (const i of duplicateInserts) refusedInserts.set(writes[i].row.inputIndex, (refusedInserts.get(writes[i].row.inputIndex) ?? 0) + 1);
      for (const p of planned) {
        if (lost.has(p.row.inputIndex)) continue;
        const outcome = p.write === null ? 'skipped' : p.write.kind === 'insert' ? 'inserted' : 'updated';
        outcomes.set(p.row.inputIndex, { inputIndex: p.row.inputIndex, rowId: p.rowId, outcome });
      }
      pending = prep.rows.filter((r) => lost.has(r.inputIndex));
      if (pending.length === 0) break;
      if (round >= MAX_ROUNDS) throw contention(pending[0].inputIndex);
      // A little jitter so requests contending for one row stop colliding in lockstep.
      await new Promise((r) => setTimeout(r, Math.random() * 5 * (round + 1)));
      known = await findMatches(orgId, table, prep, pending);
      unwinnable(pending, known, refusedInserts);
    }
    return [...outcomes.values()].sort((a, b) => a.inputIndex - b.inputIndex);
  }

  /**
   * Refuses a request whose claim another attempt holds, saying when its lease ends (then
   * the claim may be taken over). While the lease is held its holder may still be writing
   * — a process paused or slow, which nothing can stop from writing later — and two
   * executions of one upsert at once would not double a row (the match-key index and the
   * compare-and-set on `rev` keep rows single) but could start its enrichment twice and
   * leave a receipt that is not the one answered. An attempt that failed releases its
   * lease itself (`releaseLease`), so its retry does not wait for it.
   */
  function stillInProgress(run: EnrichmentRunRecord, now: Date): ApiError {
    const leftMs = run.leaseUntil > now ? run.leaseUntil.getTime() - now.getTime() : leaseMs;
    const seconds = Math.max(1, Math.ceil(leftMs / 1000));
    return new ApiError({
      status: 409,
      code: 'IDEMPOTENCY_ERROR',
      message: `A request with this batchId is still in progress; retry in ${seconds} s`,
      headers: { 'retry-after': String(seconds) },
    });
  }

  /** An existing claim on this batch id: its receipt to replay, or the lease this request took over; refused otherwise. */
  async function existingClaim(orgId: string, run: EnrichmentRunRecord, requestHash: string): Promise<{ replay: UpsertReceipt } | { lease: Date }> {
    if (run.requestHash !== requestHash) {
      throw idempotencyError('This batchId was already used for a different request');
    }
    if (run.phase === 'written') return { replay: receiptOf(run) };
    const now = deps.clock.now();
    const lease = new Date(now.getTime() + leaseMs);
    if (run.leaseUntil <= now && (await deps.enrichmentRuns.renewExpired(run.id, orgId, now, lease))) return { lease };
    throw stillInProgress(run, now);
  }

  /** Claims a batch id before its write: the lease now held, or (another request claimed it first) what `existingClaim` says. */
  async function claimNew(orgId: string, run: EnrichmentRunRecord, requestHash: string): Promise<{ replay: UpsertReceipt } | { lease: Date }> {
    if (await deps.enrichmentRuns.claim(run)) return { lease: run.leaseUntil };
    const existing = await deps.enrichmentRuns.findById(orgId, run.id);
    if (!existing) throw stillInProgress(run, deps.clock.now());
    return existingClaim(orgId, existing, requestHash);
  }

  /**
   * Gives up the lease of an attempt that failed, once nothing of it runs on in this
   * process (its writes are settled from its side), so its retry may take the claim over
   * at once. Safe with writes it sent that the store applies only later (a paused store):
   * an insert of a match key meets the index, an update the `rev` it read, whatever the
   * retry wrote meanwhile. When the store is what failed, the release is tried again in
   * the background, about once a second, for as long as the lease would hold.
   */
  async function releaseLease(orgId: string, runId: string, lease: Date): Promise<void> {
    const again = (left: number) => {
      if (left <= 0) return;
      setTimeout(() => deps.enrichmentRuns.release(orgId, runId, lease).catch(() => again(left - 1)), 1_000).unref();
    };
    await deps.enrichmentRuns.release(orgId, runId, lease).catch(() => again(Math.ceil(leaseMs / 1000)));
  }

  /** Opens the enrichment, writes the rows and records the receipt; every write settled before it fails. */
  async function writeBatch(
    orgId: string,
    table: TableRecord,
    run: EnrichmentRunRecord & { claimed: boolean },
    prep: PreparedUpsert,
    matches: Map<string, RowRecord>,
    input: UpsertInput,
  ) {
    const { claimed, ...record } = run;
    const tableRunId = (input.enrich ?? true) ? await deps.enrichment.open(orgId, table, run.id) : null;
    const outcomes = await execute(orgId, table, prep, matches);
    const outcomeCounts: OutcomeCounts = { inserted: 0, updated: 0, skipped: 0 };
    for (const o of outcomes) outcomeCounts[o.outcome] += 1;
    const written = {
      outcomes,
      outcomeCounts,
      status: tableRunId ? ('processing' as const) : ('complete' as const),
      completedAt: tableRunId ? null : deps.clock.now(),
      tableRunId,
    };
    const settled = await Promise.allSettled([
      deps.leadCount.adjust(orgId, table.id, outcomeCounts.inserted),
      claimed ? deps.enrichmentRuns.markWritten(orgId, run.id, written) : deps.enrichmentRuns.claim({ ...record, ...written, phase: 'written' }),
    ]);
    for (const s of settled) if (s.status === 'rejected') throw s.reason;
    if (tableRunId) {
      const enrichRows = outcomes.filter((o) => o.outcome === 'inserted' || (input.reenrichUpdated && o.outcome === 'updated')).map((o) => o.rowId as string);
      await deps.enrichment.start(orgId, table, tableRunId, enrichRows);
    }
    return { object: 'enrichment_run' as const, id: run.id, batchId: run.id, tableRunId, counts: outcomeCounts };
  }

  return async function upsertRows(orgId: string, tableId: string, input: UpsertInput): Promise<{ replayed: boolean; receipt: UpsertReceipt }> {
    const table = await deps.tables.require(orgId, tableId);
    const enrich = input.enrich ?? true;
    const requestHash = createHash('sha256')
      .update(JSON.stringify([tableId, input.rows, input.matchColumns, enrich, input.reenrichUpdated ?? false]))
      .digest('base64url');
    // An id that repeats on a retry (one under an Idempotency-Key) is a batch id the
    // gateway chose: the retry of an upsert that took effect unseen answers its receipt
    // (as the first would have: not as a replay).
    const runId = input.batchId ?? deps.ids.uuid();
    const claimed = input.batchId !== undefined || deps.ids.repeatable();
    const replayed = input.batchId !== undefined;
    // The lease this request holds on its claim: given up if it fails.
    let lease: Date | null = null;
    try {
      if (claimed) {
        const existing = await deps.enrichmentRuns.findById(orgId, runId);
        if (existing) {
          const taken = await existingClaim(orgId, existing, requestHash);
          if ('replay' in taken) return { replayed, receipt: taken.replay };
          lease = taken.lease;
        }
      }
      const prep = prepareUpsert(table, input.rows, input.matchColumns);
      const matches = await findMatches(orgId, table, prep, prep.rows);
      const now = deps.clock.now();
      const run: EnrichmentRunRecord = {
        id: runId,
        orgId,
        tableId,
        type: 'upsert',
        phase: 'writing',
        requestHash,
        leaseUntil: lease ?? new Date(now.getTime() + leaseMs),
        status: 'processing',
        tableRunId: null,
        outcomes: [],
        outcomeCounts: { inserted: 0, updated: 0, skipped: 0 },
        createdAt: now,
        completedAt: null,
      };
      // Only a batch id (the client's, or a repeatable one) can collide, so only then is the run claimed before the write;
      // a fresh id is recorded once, after it (one store round trip less per upsert).
      if (claimed && !lease) {
        // Held from before the claim: one whose answer was lost may be stored (the release is fenced on it).
        lease = run.leaseUntil;
        const taken = await claimNew(orgId, run, requestHash);
        if ('replay' in taken) return { replayed, receipt: taken.replay };
        lease = taken.lease;
      }
      return { replayed: false, receipt: await writeBatch(orgId, table, { ...run, claimed }, prep, matches, input) };
    } catch (err) {
      if (lease) await releaseLease(orgId, runId, lease);
      throw err;
    }
  };
}

export type UpsertRows = ReturnType<typeof createUpsertRows>;

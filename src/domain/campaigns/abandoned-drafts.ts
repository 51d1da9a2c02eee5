import type { Clock } from '../shared/clock.ts';
import { withTimeout } from '../shared/with-timeout.ts';
import type { SequenceStore } from '../sequences/sequence-model.ts';
import type { TableStore } from '../tables/table-types.ts';
import type { CampaignStore, CampaignTableAccess } from './campaign-model.ts';

/**
 * A draft's retry under its Idempotency-Key completes it while the claim lives (24 h,
 * see src/http/middleware/idempotency.ts); a retry after that is a new request with new
 * ids. The hour on top covers an attempt still running when its claim ends.
 */
export const ABANDONED_DRAFT_AGE_MS = 25 * 60 * 60_000;

export interface AbandonedDraftSweepDeps {
  sequences: Pick<SequenceStore, 'pendingDraftsBefore' | 'deletePending' | 'revealPending' | 'listByCampaign'>;
  campaigns: Pick<CampaignStore, 'abandonDraft'>;
  tables: Pick<TableStore, 'removeEmptySequenceColumn' | 'unmarkDraftColumn' | 'draftColumnsBefore'>;
  /** Links revealed sequences to their rows, as a completed draft does. */
  linkSequences: NonNullable<CampaignTableAccess['linkSequences']>;
  clock: Clock;
}

export interface AbandonedDraftSweepOptions {
  /** Pending sequences younger than this (by the time in their ids) are left alone. */
  minAgeMs?: number;
  /** Drafts handled per run at most; the rest wait for the next run. */
  maxDrafts?: number;
  /** Bound of each store access of the sweep. */
  storeTimeoutMs: number;
}

export interface SweepOutcome {
  revealed: number;
  deleted: number;
  columnsRemoved: number;
}

const PAGE = 500;

type Draft = { orgId: string; campaignId: string; tableId: string; columnId: string };

/**
 * Ends campaign drafts that failed and were never retried. Their sequences were stored
 * pending (hidden from every read) before the campaign, the commit point, and the
 * sequence column they added is marked as the draft's until then; either finds a draft.
 * Per draft: when the campaign was stored, it committed and only what follows was lost,
 * so the sequences are shown and linked to their rows; when it never was, its id is
 * closed for good, its sequences are deleted and its column is removed while still
 * empty. A campaign deleted since keeps its column; its hidden sequences go.
 */
export function createAbandonedDraftSweep(deps: AbandonedDraftSweepDeps, opts: AbandonedDraftSweepOptions) {
  const minAgeMs = opts.minAgeMs ?? ABANDONED_DRAFT_AGE_MS;
  const maxDrafts = opts.maxDrafts ?? 100;
  const bounded = <T>(p: Promise<T>, what: string, ms = opts.storeTimeoutMs) => withTimeout(p, ms, `abandoned-draft sweep: ${what} timed out after ${ms} ms`);

  async function settle(draft: Draft, out: SweepOutcome) {
    const { orgId, campaignId, tableId, columnId } = draft;
    const state = await bounded(deps.campaigns.abandonDraft(orgId, campaignId, { tableId, columnId }, deps.clock.now()), 'close');
    if (state === 'live') {
      out.revealed += await bounded(deps.sequences.revealPending(orgId, campaignId), 'reveal');
      const shown = await bounded(deps.sequences.listByCampaign(orgId, campaignId), 'list');
      const links = shown.map((s) => ({ rowId: s.rowId, sequenceId: s.id }));
      // One store write per row, 50 at a time.
      await bounded(deps.linkSequences(orgId, tableId, columnId, links), 'link', opts.storeTimeoutMs * (1 + Math.ceil(links.length / 50)));
    } else {
      out.deleted += await bounded(deps.sequences.deletePending(orgId, campaignId), 'delete');
      if (state === 'abandoned' && (await bounded(deps.tables.removeEmptySequenceColumn(orgId, tableId, columnId, deps.clock.now()), 'column'))) {
        out.columnsRemoved += 1;
        return;
      }
    }
    // The column stays (its campaign's, or holding a value): it is no draft's any more.
    await bounded(deps.tables.unmarkDraftColumn(orgId, tableId, columnId), 'unmark');
  }

  return {
    /** One bounded pass: the oldest abandoned drafts first, at most `maxDrafts` of them. */
    async sweep(): Promise<SweepOutcome> {
      const out: SweepOutcome = { revealed: 0, deleted: 0, columnsRemoved: 0 };
      const before = new Date(deps.clock.now().getTime() - minAgeMs);
      const done = new Set<string>();
      while (done.size < maxDrafts) {
        // Drafts that stored sequences, and drafts that only added their column.
        // Oldest first: a campaign id carries the time its draft's claim began.
        const drafts = [
          ...(await bounded(deps.sequences.pendingDraftsBefore(before, PAGE), 'find')),
          ...(await bounded(deps.tables.draftColumnsBefore(before, PAGE), 'find columns')),
        ].sort((a, b) => (a.campaignId < b.campaignId ? -1 : a.campaignId > b.campaignId ? 1 : 0));
        // A draft settled in this pass and still listed did not go away: leave it to the next.
        const next = new Map<string, Draft>();
        for (const d of drafts) {
          const key = `${d.orgId}\u0000${d.campaignId}`;
          if (!done.has(key) && next.size < maxDrafts - done.size) next.set(key, d);
        }
        if (next.size === 0) break;
        for (const [key, d] of next) {
          done.add(key);
          await settle(d, out);
        }
      }
      return out;
    },
  };
}

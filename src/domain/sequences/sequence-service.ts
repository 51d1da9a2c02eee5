import { missingScope, notFound, sequenceHasSentMessages } from '../errors.ts';
import type { Clock } from '../shared/clock.ts';
import type { SequenceFilter, SequenceRecord, SequenceStore } from './sequence-model.ts';
import { isFinished, mutateSequence, stopSet } from './sequence-mutations.ts';
import { toSequenceDetail, toSequenceSummary } from './sequence-serializers.ts';

export interface SequenceServiceDeps {
  store: SequenceStore;
  clock: Clock;
  baseUrl: string;
  /** Resolves a table org-scoped (404 for another org's table). */
  tableExists(orgId: string, tableId: string): Promise<boolean>;
  /**
   * The tables of the container a `workspaceId` names (an agent's focus tables: the
   * `workspaceId` the gateway returns is the agent id); empty for an unknown id.
   */
  workspaceTables?(orgId: string, workspaceId: string): Promise<string[]>;
}

const sequenceNotFound = () => notFound('SEQUENCE_NOT_FOUND', 'No such sequence');

export interface ListQuery {
  limit: number;
  cursor?: string;
  status?: string;
  channel?: string;
  recipient?: string;
}

const filterOf = (q: ListQuery): SequenceFilter => ({
  status: q.status
    ? q.status
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined,
  channel: q.channel,
  recipient: q.recipient,
});

export function createSequenceService(deps: SequenceServiceDeps) {
  const { store } = deps;
  const summary = (s: SequenceRecord) => toSequenceSummary(s, deps.baseUrl);

  async function load(orgId: string, id: string) {
    const seq = await store.findById(orgId, id);
    if (!seq) throw sequenceNotFound();
    return seq;
  }

  return {
    async list(orgId: string, q: ListQuery & { tableId?: string; columnId?: string; workspaceId?: string }) {
      if (!q.tableId && !q.columnId && !q.workspaceId) {
        throw missingScope();
      }
      // A workspace holds its agent's tables, so it holds their sequences; combined with
      // tableId or columnId the filters narrow each other.
      const tableIds = q.workspaceId ? ((await deps.workspaceTables?.(orgId, q.workspaceId)) ?? []) : undefined;
      const page = await store.list(orgId, { ...filterOf(q), tableId: q.tableId, tableIds, columnId: q.columnId }, q);
      return { items: page.items.map(summary), nextCursor: page.nextCursor };
    },
    async listForTable(orgId: string, tableId: string, q: ListQuery) {
      if (!(await deps.tableExists(orgId, tableId))) throw notFound('TABLE_NOT_FOUND', 'No such table');
      const page = await store.list(orgId, { ...filterOf(q), tableId }, q);
      return { items: page.items.map(summary), nextCursor: page.nextCursor };
    },
    async get(orgId: string, id: string) {
      return toSequenceDetail(await load(orgId, id), deps.baseUrl);
    },
    /** nothing-to-stop (never launched) / stopped / noop (already over). */
    async stop(orgId: string, id: string, opts: { dryRun: boolean }) {
      const seq = await load(orgId, id);
      const actionOf = (s: SequenceRecord) => (s.status === 'draft' ? 'nothing-to-stop' : isFinished(s) ? 'noop' : 'stopped');
      if (opts.dryRun) return { dryRun: true as const, sequenceId: id, action: actionOf(seq), status: seq.status };
      const now = deps.clock.now();
      const out = await mutateSequence(
        store,
        orgId,
        id,
        (s) => {
          const action = actionOf(s);
          if (action !== 'stopped') return { noChange: action };
          return { ...stopSet(s, 'stopped_by_api', now), result: action };
        },
        seq,
      );
      if (!out) throw sequenceNotFound();
      return { sequenceId: id, action: out.result };
    },
    async remove(orgId: string, id: string, opts: { force: boolean; dryRun: boolean }) {
      const seq = await load(orgId, id);
      const hasSent = seq.steps.some((s) => s.status === 'sent' || s.status === 'sending');
      if (hasSent && !opts.force) {
        throw sequenceHasSentMessages(id);
      }
      if (opts.dryRun) return { dryRun: true as const, sequenceId: id, status: seq.status, force: opts.force, hasSentMessages: hasSent };
      const now = deps.clock.now();
      const out = await mutateSequence(
        store,
        orgId,
        id,
        (s) => {
          const base = isFinished(s) ? { set: { nextDueAt: null, updatedAt: now }, steps: [] } : stopSet(s, 'deleted', now);
          return { set: { ...base.set, deletedAt: now }, steps: base.steps, result: true };
        },
        seq,
      );
      if (!out) throw sequenceNotFound();
      return { sequenceId: id, deleted: true as const };
    },
  };
}

export type SequenceService = ReturnType<typeof createSequenceService>;

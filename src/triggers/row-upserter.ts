import { createHash } from 'node:crypto';
import type { RowUpserter } from './actions.ts';

/** The API's upsert, as the rows domain exports it (one path, one set of rules and codes). */
export type UpsertRowsFn = (
  orgId: string,
  tableId: string,
  input: { rows: Record<string, unknown>[]; matchColumns: string[]; batchId?: string },
) => Promise<{ replayed: boolean; receipt: Record<string, unknown> }>;

// A retried attempt must not write twice, so each attempt's batch id is derived from
// the inbound event (and its replay count): the upsert's own batchId dedup turns a
// retry into a replay of the first receipt. A deliberate replay gets a new batch, and
// the match columns keep it from duplicating rows.
function batchIdFor(sourceKey: string): string {
  const h = createHash('sha256').update(sourceKey).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function rowUpserterFrom(upsert: UpsertRowsFn): RowUpserter {
  return {
    async upsertRows(orgId, input) {
      const { receipt, replayed } = await upsert(orgId, input.tableId, {
        rows: input.rows,
        matchColumns: input.matchColumns ?? [],
        batchId: batchIdFor(input.sourceKey),
      });
      return { ...receipt, replayed };
    },
  };
}

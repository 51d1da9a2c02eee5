import type { CampaignTableAccess, TargetRow } from './campaign-model.ts';
import type { RowRecord, RowStore } from '../rows/row-types.ts';
import type { Clock } from '../shared/clock.ts';
import type { IdGenerator } from '../shared/ids.ts';
import { slugify, uniqueSlug } from '../tables/slugs.ts';
import type { ColumnRecord, TableRecord, TableStore } from '../tables/table-types.ts';
import { conflict, notFound } from '../errors.ts';

const SLUG_ATTEMPTS = 64;

// Campaigns read tables and rows through this adapter over the tables/rows stores: input
// cells by slug (rows store cells by column id), and the `sequence` column a campaign adds.

function valuesOf(row: RowRecord, table: TableRecord): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const c of table.columns) if (c.kind === 'input') values[c.slug] = row.cells[c.id] ?? null;
  return values;
}

export function createCampaignTableAccess(deps: {
  tables: TableStore;
  rows: RowStore;
  ids: IdGenerator;
  clock: Clock;
  random?: () => number;
}): CampaignTableAccess & {
  linkSequences(orgId: string, tableId: string, columnId: string, links: { rowId: string; sequenceId: string }[]): Promise<void>;
  commitSequenceColumn(orgId: string, tableId: string, columnId: string): Promise<void>;
} {
  async function table(orgId: string, tableId: string) {
    return deps.tables.findById(orgId, tableId);
  }
  return {
    async getTable(orgId, tableId) {
      const t = await table(orgId, tableId);
      return t ? { id: t.id, name: t.name, columns: t.columns.map((c) => ({ id: c.id, slug: c.slug, name: c.name, kind: c.kind })) } : null;
    },
    async listTargetRows(orgId, tableId, select, limit) {
      const t = await table(orgId, tableId);
      if (!t) return [];
      const out: TargetRow[] = [];
      if (select) {
        for (let i = 0; i < select.ids.length && out.length < limit; i += 1000) {
          const rows = await deps.rows.findByIds(orgId, tableId, select.ids.slice(i, i + 1000));
          for (const r of rows) out.push({ id: r.id, values: valuesOf(r, t) });
        }
        return out.slice(0, limit);
      }
      for await (const r of deps.rows.stream(orgId, tableId, { conditions: [], sort: null })) {
        out.push({ id: r.id, values: valuesOf(r, t) });
        if (out.length >= limit) break;
      }
      return out;
    },
    async readRow(orgId, tableId, rowId) {
      const t = await table(orgId, tableId);
      const r = t ? await deps.rows.findById(orgId, tableId, rowId) : null;
      return t && r ? { id: r.id, values: valuesOf(r, t) } : null;
    },
    async addSequenceColumn(orgId, tableId, input) {
      // Concurrent drafts with one name all read the same free slug and one wins each
      // round; the others read again and take the next free one. Rounds are bounded by
      // the drafts racing for that name, so the bound only ends a pathological pile-up.
      // One id for every round: a retry of the draft mints the same ids in the same order
      // only if the rounds one attempt lost do not use up ids of their own.
      const id = deps.ids.uuid();
      for (let attempt = 0; attempt < SLUG_ATTEMPTS; attempt++) {
        const t = await table(orgId, tableId);
        if (!t) throw notFound('TABLE_NOT_FOUND', 'No such table');
        // A retry of the draft that added it (the same id, under its Idempotency-Key).
        const added = t.columns.find((c) => c.id === id);
        if (added) return { id, name: added.name, slug: added.slug, kind: 'sequence' };
        const column: ColumnRecord = {
          id,
          name: input.name,
          slug: uniqueSlug(slugify(input.name), new Set(t.columns.map((c) => c.slug))),
          kind: 'sequence',
          enrichment: null,
          createdAt: deps.clock.now(),
          ...(input.draftOf ? { draftOf: input.draftOf } : {}),
        };
        if (await deps.tables.addColumn(orgId, tableId, column, deps.clock.now()))
          return { id: column.id, name: column.name, slug: column.slug, kind: 'sequence' };
        // Jitter, so the losers of one round do not collide again in lockstep.
        await new Promise((r) => setTimeout(r, (deps.random ?? Math.random)() * 3 * (attempt + 1)));
      }
      throw conflict('COLUMN_SLUG_CONTENTION', 'Too many columns are being added to this table with this name at once; retry the draft');
    },
    commitSequenceColumn: (orgId, tableId, columnId) => deps.tables.unmarkDraftColumn(orgId, tableId, columnId),
    async linkSequences(orgId, tableId, columnId, links) {
      const now = deps.clock.now();
      for (let i = 0; i < links.length; i += 50) {
        await Promise.all(links.slice(i, i + 50).map((l) => deps.rows.setCell(orgId, tableId, l.rowId, columnId, l.sequenceId, now)));
      }
    },
  };
}

import { checkTargetUrl } from '../../outbound/address-policy.ts';
import { conflict, notFound, validationError } from '../errors.ts';
import type { Clock } from '../shared/clock.ts';
import type { IdGenerator } from '../shared/ids.ts';
import { isReservedSlug, slugify, uniqueSlug } from './slugs.ts';
import { serializeColumn, serializeTable } from './table-serializer.ts';
import { computeTableStats, type TableStatsSource } from './table-stats.ts';
import { DEFAULT_ENRICHMENT_TIMEOUT_MS, type CellLiveness, type ColumnRecord, type TableRecord, type TableStore } from './table-types.ts';
import { insertOrFind } from '../shared/already-stored.ts';

export interface ColumnInput {
  name: string;
  slug?: string;
  kind: 'input' | 'enrichment';
  enrichment?: { url: string; timeoutMs?: number };
}

/** What the table service needs from the cell-run side (liveness counts, cancellation). */
export interface CellActivity {
  liveness(orgId: string, tableId: string): Promise<CellLiveness>;
  cancel(orgId: string, tableId: string, columnIds: string[] | null): Promise<number>;
}

export interface TableServiceDeps {
  store: TableStore;
  activity: CellActivity;
  ids: IdGenerator;
  clock: Clock;
  publicUrl: string;
  generateSecret: () => string;
  /** OG_ALLOW_PRIVATE_NETWORK: enrichment URLs go through the outbound-address policy. */
  allowPrivateNetwork: boolean;
  /** The figures behind `include=stats` (absent: the block is never attached). */
  stats?: TableStatsSource;
}

export interface ColumnPatch {
  name?: string;
  slug?: string;
  enrichment?: { url: string; timeoutMs?: number };
}

function patchedColumn(column: ColumnRecord, patch: ColumnPatch, allowPrivateNetwork: boolean): ColumnRecord {
  if (patch.enrichment && column.kind !== 'enrichment') {
    throw validationError('Only enrichment columns take enrichment settings', {
      in: 'body',
      issues: [{ path: 'enrichment', message: 'is only allowed for kind enrichment' }],
    });
  }
  if (patch.slug !== undefined && isReservedSlug(patch.slug)) {
    throw validationError(`The slug "${patch.slug}" is reserved`, { in: 'body', issues: [{ path: 'slug', message: 'is reserved' }] });
  }
  if (patch.enrichment) checkEnrichmentUrl(patch.enrichment.url, 'enrichment.url', allowPrivateNetwork);
  return {
    ...column,
    name: patch.name ?? column.name,
    slug: patch.slug ?? column.slug,
    enrichment:
      patch.enrichment && column.enrichment
        ? { ...column.enrichment, url: patch.enrichment.url, timeoutMs: patch.enrichment.timeoutMs ?? column.enrichment.timeoutMs }
        : column.enrichment,
  };
}

/** 400 naming the field unless the outbound-address policy allows the enrichment URL. */
function checkEnrichmentUrl(raw: string, path: string, allowPrivateNetwork: boolean): void {
  const checked = checkTargetUrl(raw, { allowPrivateNetwork });
  if (checked.url === null) throw validationError(`${path} ${checked.problem}`, { in: 'body', issues: [{ path, message: checked.problem }] });
}

export const tableNotFound = () => notFound('TABLE_NOT_FOUND', 'Table not found');
export const columnNotFound = () => notFound('COLUMN_NOT_FOUND', 'Column not found');
const slugTaken = (slug: string) => conflict('COLUMN_SLUG_TAKEN', `Another column of this table already has the slug "${slug}"`, { slug });

export function createTableService(deps: TableServiceDeps) {
  const { store, clock } = deps;

  function buildColumn(input: ColumnInput, taken: Set<string>, path = '', id?: string): ColumnRecord {
    if (input.kind === 'enrichment' && !input.enrichment) {
      throw validationError('An enrichment column needs enrichment.url', {
        in: 'body',
        issues: [{ path: 'enrichment', message: 'is required for kind enrichment' }],
      });
    }
    if (input.kind === 'input' && input.enrichment) {
      throw validationError('Only enrichment columns take enrichment settings', {
        in: 'body',
        issues: [{ path: 'enrichment', message: 'is only allowed for kind enrichment' }],
      });
    }
    if (input.enrichment) checkEnrichmentUrl(input.enrichment.url, `${path}enrichment.url`, deps.allowPrivateNetwork);
    let slug: string;
    if (input.slug !== undefined) {
      if (isReservedSlug(input.slug))
        throw validationError(`The slug "${input.slug}" is reserved`, { in: 'body', issues: [{ path: 'slug', message: 'is reserved' }] });
      if (taken.has(input.slug)) throw slugTaken(input.slug);
      slug = input.slug;
    } else {
      slug = uniqueSlug(slugify(input.name), taken);
    }
    taken.add(slug);
    return {
      id: id ?? deps.ids.uuid(),
      name: input.name,
      slug,
      kind: input.kind,
      enrichment: input.enrichment
        ? { url: input.enrichment.url, timeoutMs: input.enrichment.timeoutMs ?? DEFAULT_ENRICHMENT_TIMEOUT_MS, secret: deps.generateSecret() }
        : null,
      createdAt: clock.now(),
    };
  }

  async function require(orgId: string, tableId: string): Promise<TableRecord> {
    const table = await store.findById(orgId, tableId);
    if (!table) throw tableNotFound();
    return table;
  }

  async function view(table: TableRecord, revealSecrets = false, withStats = false) {
    const [liveness, stats] = await Promise.all([
      deps.activity.liveness(table.orgId, table.id),
      withStats && deps.stats ? computeTableStats(deps.stats, table) : undefined,
    ]);
    return serializeTable(table, { publicUrl: deps.publicUrl, liveness, revealSecrets, stats });
  }

  function requireColumn(table: TableRecord, columnId: string): ColumnRecord {
    const column = table.columns.find((c) => c.id === columnId);
    if (!column) throw columnNotFound();
    return column;
  }

  return {
    /** The live table or 404 TABLE_NOT_FOUND (another organization's table included). */
    require,

    async create(orgId: string, input: { name: string; columns?: ColumnInput[] }) {
      const taken = new Set<string>();
      const columns = (input.columns ?? []).map((c, i) => buildColumn(c, taken, `columns.${i}.`));
      const now = clock.now();
      const table: TableRecord = { id: deps.ids.uuid(), orgId, name: input.name, columns, leadCount: 0, deletedAt: null, createdAt: now, updatedAt: now };
      // A retry of a create that took effect unseen answers it, without the secrets shown once.
      const stored = await insertOrFind(
        () => store.insert(table),
        () => store.findById(orgId, table.id),
      );
      return serializeTable(stored ?? table, { publicUrl: deps.publicUrl, revealSecrets: !stored });
    },

    async list(orgId: string, page: { limit: number; cursor?: string }) {
      const result = await store.list(orgId, page);
      return { items: await Promise.all(result.items.map((t) => view(t))), nextCursor: result.nextCursor };
    },

    /** `stats`: attach the published economics block (`include=stats`). */
    get: async (orgId: string, tableId: string, opts: { stats?: boolean } = {}) => view(await require(orgId, tableId), false, opts.stats),

    async rename(orgId: string, tableId: string, name: string) {
      const table = await store.rename(orgId, tableId, name, clock.now());
      if (!table) throw tableNotFound();
      return view(table);
    },

    async remove(orgId: string, tableId: string) {
      await require(orgId, tableId);
      if (!(await store.softDelete(orgId, tableId, clock.now()))) throw tableNotFound();
      await deps.activity.cancel(orgId, tableId, null);
      return { object: 'table', id: tableId, deleted: true as const };
    },

    async listColumns(orgId: string, tableId: string) {
      const table = await require(orgId, tableId);
      const liveness = await deps.activity.liveness(orgId, tableId);
      return { items: table.columns.map((c) => serializeColumn(c, liveness)), nextCursor: null };
    },

    async addColumn(orgId: string, tableId: string, input: ColumnInput) {
      const table = await require(orgId, tableId);
      // A retry of an add that took effect unseen answers it, without the secret shown once.
      const id = deps.ids.uuid();
      const earlier = table.columns.find((c) => c.id === id);
      if (earlier) return serializeColumn(earlier, new Map());
      const column = buildColumn(input, new Set(table.columns.map((c) => c.slug)), '', id);
      if (!(await store.addColumn(orgId, tableId, column, clock.now()))) {
        const now = await store.findById(orgId, tableId);
        if (!now) throw tableNotFound();
        const landed = now.columns.find((c) => c.id === id);
        if (landed) return serializeColumn(landed, new Map());
        throw slugTaken(column.slug);
      }
      return serializeColumn(column, new Map(), { revealSecret: true });
    },

    async updateColumn(orgId: string, tableId: string, columnId: string, patch: ColumnPatch) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const table = await require(orgId, tableId);
        const next = patchedColumn(requireColumn(table, columnId), patch, deps.allowPrivateNetwork);
        if (table.columns.some((c) => c.id !== columnId && c.slug === next.slug)) throw slugTaken(next.slug);
        const columns = table.columns.map((c) => (c.id === columnId ? next : c));
        if (await store.replaceColumns(orgId, tableId, table.updatedAt, columns, clock.now())) {
          return serializeColumn(next, await deps.activity.liveness(orgId, tableId));
        }
      }
      throw conflict('TABLE_BUSY', 'The table changed concurrently; retry the request');
    },

    async removeColumn(orgId: string, tableId: string, columnId: string) {
      const table = await require(orgId, tableId);
      requireColumn(table, columnId);
      if (!(await store.removeColumn(orgId, tableId, columnId, clock.now()))) throw columnNotFound();
      await deps.activity.cancel(orgId, tableId, [columnId]);
      return { object: 'column', id: columnId, deleted: true as const };
    },

    /** For campaigns: sequence columns are created by them, never through the columns API. */
    addSequenceColumn: (orgId: string, tableId: string, input: { name: string; slug?: string }) => createTableServiceAddSequence(orgId, tableId, input),
  };

  async function createTableServiceAddSequence(orgId: string, tableId: string, input: { name: string; slug?: string }) {
    const table = await require(orgId, tableId);
    const taken = new Set(table.columns.map((c) => c.slug));
    if (input.slug !== undefined && taken.has(input.slug)) throw slugTaken(input.slug);
    const column: ColumnRecord = {
      id: deps.ids.uuid(),
      name: input.name,
      slug: input.slug ?? uniqueSlug(slugify(input.name), taken),
      kind: 'sequence',
      enrichment: null,
      createdAt: clock.now(),
    };
    if (!(await store.addColumn(orgId, tableId, column, clock.now()))) throw slugTaken(column.slug);
    return column;
  }
}

export type TableService = ReturnType<typeof createTableService>;

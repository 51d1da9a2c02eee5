import type { Db } from 'mongodb';
import type { ColumnRecord, TableRecord, TableStore } from '../../domain/tables/table-types.ts';
import { openFields, sealFields, SEALED_FIELDS } from '../encryption/sealed-fields.ts';
import type { SecretBox } from '../encryption/secret-box.ts';
import type { CollectionIndexes } from '../indexes.ts';
import { findPage } from '../pagination.ts';
import { insertOnce } from '../insert-once.ts';
import { firstIdAt } from '../id-time.ts';
import { ROWS_COLLECTION } from './rows-repo.ts';

export const TABLES_COLLECTION = 'tables';

type TableDoc = Omit<TableRecord, 'id'> & { _id: string };

export const tableIndexes: CollectionIndexes = {
  collection: TABLES_COLLECTION,
  indexes: [
    { key: { orgId: 1, _id: 1 }, name: 'org_id' },
    { key: { leadCountStaleSince: 1 }, name: 'lead_count_stale', sparse: true },
    // Only columns of uncommitted drafts have the field: a range on it reads just those.
    { key: { 'columns.draftOf': 1 }, name: 'draft_columns' },
  ],
};

export function createTablesRepo(db: Db, opts: { secrets: SecretBox }): TableStore {
  const tables = db.collection<TableDoc>(TABLES_COLLECTION);
  // Enrichment column secrets are sealed at rest; the domain sees them opened.
  const seal = <T>(doc: T) => sealFields(opts.secrets, SEALED_FIELDS.tables, doc);
  const fromDoc = ({ _id, ...rest }: TableDoc): TableRecord => openFields(opts.secrets, SEALED_FIELDS.tables, { id: _id, ...rest });
  const live = (orgId: string, id: string) => ({ _id: id, orgId, deletedAt: null });
  return {
    async insert(table) {
      const { id, ...rest } = table;
      await insertOnce(tables, seal({ _id: id, ...rest }) as never);
    },
    async findById(orgId, id) {
      const doc = await tables.findOne(live(orgId, id));
      return doc ? fromDoc(doc) : null;
    },
    async list(orgId, page) {
      const result = await findPage(tables, { orgId, deletedAt: null }, page);
      return { items: result.items.map(fromDoc), nextCursor: result.nextCursor };
    },
    async rename(orgId, id, name, at) {
      const doc = await tables.findOneAndUpdate(live(orgId, id), { $set: { name, updatedAt: at } }, { returnDocument: 'after' });
      return doc ? fromDoc(doc) : null;
    },
    async softDelete(orgId, id, at) {
      const res = await tables.updateOne(live(orgId, id), { $set: { deletedAt: at, updatedAt: at } });
      return res.modifiedCount === 1;
    },
    async addColumn(orgId, tableId, column: ColumnRecord, at) {
      // The slug check and the push are one conditional write, so two concurrent adds of
      // one slug cannot both succeed.
      const res = await tables.updateOne(
        { ...live(orgId, tableId), 'columns.slug': { $ne: column.slug } },
        { $push: { columns: seal({ columns: [column] }).columns[0] }, $set: { updatedAt: at } },
      );
      return res.modifiedCount === 1;
    },
    async replaceColumns(orgId, tableId, expectedUpdatedAt, columns, at) {
      // Optimistic: the write applies only to the version the caller read.
      const res = await tables.updateOne(
        { ...live(orgId, tableId), updatedAt: expectedUpdatedAt },
        { $set: { columns: seal({ columns }).columns, updatedAt: at } },
      );
      return res.matchedCount === 1;
    },
    async removeColumn(orgId, tableId, columnId, at) {
      const res = await tables.updateOne(
        { ...live(orgId, tableId), 'columns.id': columnId },
        { $pull: { columns: { id: columnId } }, $set: { updatedAt: at } },
      );
      return res.modifiedCount === 1;
    },
    async removeEmptySequenceColumn(orgId, tableId, columnId, at) {
      // Rows and the table are separate documents, so "no value in it" and the removal are
      // two writes; what rules out a value written between them is the caller's: the only
      // writer of a sequence column is the campaign draft that added it, once its campaign
      // is stored, and the caller first closes that campaign's id for good (abandonDraft).
      // A value found (written before the close) keeps the column.
      const held = await db.collection(ROWS_COLLECTION).findOne({ tableId, orgId, [`cells.${columnId}`]: { $ne: null } }, { projection: { _id: 1 } });
      if (held) return false;
      const res = await tables.updateOne(
        { _id: tableId, orgId, columns: { $elemMatch: { id: columnId, kind: 'sequence' } } },
        { $pull: { columns: { id: columnId } }, $set: { updatedAt: at } },
      );
      return res.modifiedCount === 1;
    },
    async unmarkDraftColumn(orgId, tableId, columnId) {
      // updatedAt is left alone: the mark is bookkeeping, not an edit of the columns.
      await tables.updateOne(
        { _id: tableId, orgId, columns: { $elemMatch: { id: columnId, draftOf: { $exists: true } } } },
        { $unset: { 'columns.$[c].draftOf': '' } },
        { arrayFilters: [{ 'c.id': columnId }] },
      );
    },
    async draftColumnsBefore(before, limit) {
      const bound = { $gt: '', $lt: firstIdAt(before) };
      const docs = await tables
        .find({ 'columns.draftOf': bound }, { projection: { orgId: 1, columns: 1 } })
        .limit(limit)
        .toArray();
      return docs.flatMap((t) =>
        t.columns
          .filter((c) => c.draftOf && c.draftOf < bound.$lt)
          .map((c) => ({ orgId: t.orgId, campaignId: c.draftOf as string, tableId: t._id, columnId: c.id })),
      );
    },
    async incrementLeadCount(orgId, tableId, delta) {
      if (delta !== 0) await tables.updateOne({ _id: tableId, orgId }, { $inc: { leadCount: delta } });
    },
    async markLeadCountStale(orgId, tableId, at) {
      await tables.updateOne({ _id: tableId, orgId }, { $set: { leadCountStaleSince: at } });
    },
    async staleLeadCounts(before, limit) {
      const docs = await tables
        .find({ leadCountStaleSince: { $lte: before }, deletedAt: null }, { projection: { orgId: 1, leadCountStaleSince: 1 } })
        .limit(limit)
        .toArray();
      return docs.map((d) => ({ orgId: d.orgId, id: d._id, since: d.leadCountStaleSince as Date }));
    },
    async correctLeadCount(orgId, tableId, since, count) {
      const res = await tables.updateOne(
        { _id: tableId, orgId, leadCountStaleSince: since },
        { $set: { leadCount: count }, $unset: { leadCountStaleSince: '' } },
      );
      return res.matchedCount === 1;
    },
  };
}

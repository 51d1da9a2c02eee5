import { describe, expect, it } from 'vitest';
import { isApiError } from '../errors.ts';
import type { TableRecord } from '../tables/table-types.ts';
import { prepareUpsert } from './upsert-validation.ts';

const at = new Date('2026-01-01T00:00:00Z');
const table: TableRecord = {
  id: 't',
  orgId: 'o',
  name: 'T',
  leadCount: 0,
  deletedAt: null,
  createdAt: at,
  updatedAt: at,
  columns: [
    { id: 'c-email', name: 'Email', slug: 'email', kind: 'input', enrichment: null, createdAt: at },
    { id: 'c-name', name: 'Name', slug: 'name', kind: 'input', enrichment: null, createdAt: at },
    {
      id: 'c-score',
      name: 'Score',
      slug: 'score',
      kind: 'enrichment',
      enrichment: { url: 'https://x.test', timeoutMs: 1000, secret: 'whsec_x' },
      createdAt: at,
    },
  ],
};

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (isApiError(err)) return err.code;
    throw err;
  }
  return 'OK';
};

describe('prepareUpsert', () => {
  it.each([
    // When a request has several problems, the first in the published order is reported.
    ['score as match column', [{ email: 'a', nope: 1, score: 1 }], ['score'], 'UNKNOWN_COLUMN'],
    ['unknown key before non-input', [{ email: 'a', nope: 1, score: 1 }], ['email'], 'UNKNOWN_FIELDS'],
    ['non-input before missing value', [{ score: 1 }], ['email'], 'NON_INPUT_COLUMNS'],
    ['missing before duplicate', [{ email: 'a' }, { email: 'a' }, { name: 'x' }], ['email'], 'MISSING_MATCH_VALUE'],
    ['null match value', [{ email: null }], ['email'], 'MISSING_MATCH_VALUE'],
    ['duplicate by text', [{ email: 1 }, { email: '1' }], ['email'], 'DUPLICATE_MATCH_KEY'],
    [
      'same email, other name, two match columns',
      [
        { email: 'a', name: 'x' },
        { email: 'a', name: 'y' },
      ],
      ['email', 'name'],
      'OK',
    ],
  ])('%s → %s', (_name, rows, match, code) => {
    expect(codeOf(() => prepareUpsert(table, rows, match))).toBe(code);
  });

  it('translates slugs to column ids and keeps the input order', () => {
    const prep = prepareUpsert(table, [{ email: 'b', name: 'B' }, { email: 'a' }], ['email', 'email']);
    expect(prep.matchColumns.map((c) => c.id)).toEqual(['c-email']);
    expect(prep.rows).toEqual([
      { inputIndex: 0, cells: { 'c-email': 'b', 'c-name': 'B' }, matchValues: ['b'], key: '["b"]' },
      { inputIndex: 1, cells: { 'c-email': 'a' }, matchValues: ['a'], key: '["a"]' },
    ]);
  });
});

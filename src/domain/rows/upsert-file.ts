import { ApiError, validationError } from '../errors.ts';
import { CsvError, parseCsv } from './csv.ts';

export const MAX_UPSERT_ROWS = 100;

const bad = (message: string) => validationError(message, { in: 'body', issues: [{ path: 'content', message }] });

/**
 * Decodes the base64 CSV of `upsertRowsFromFile` into upsert rows keyed by the header's
 * slugs. Empty fields are absent values, so a CSV can leave a cell as it is.
 */
export function parseUpsertFile(content: string): Record<string, unknown>[] {
  const compact = content.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact) || compact.length % 4 === 1) throw bad('content is not valid base64');
  const bytes = Buffer.from(compact, compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw bad('content is not UTF-8 text');
  }
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvError) throw bad(`content is not valid CSV: ${err.message}`);
    throw err;
  }
  if (records.length < 2) throw bad('the CSV needs a header line and at least one data row');
  const header = records[0].map((h) => h.trim());
  if (header.some((h) => h === '')) throw bad('the CSV header has an empty column name');
  if (new Set(header).size !== header.length) throw bad('the CSV header names a column twice');
  const data = records.slice(1);
  if (data.length > MAX_UPSERT_ROWS) {
    throw new ApiError({
      status: 413,
      code: 'TOO_MANY_ROWS',
      message: `The CSV has ${data.length} data rows; at most ${MAX_UPSERT_ROWS} per call`,
      details: { rows: data.length, limit: MAX_UPSERT_ROWS },
    });
  }
  return data.map((record, i) => {
    if (record.length !== header.length) throw bad(`data row ${i + 1} has ${record.length} fields; the header has ${header.length}`);
    const row: Record<string, unknown> = {};
    header.forEach((slug, j) => {
      if (record[j] !== '') row[slug] = record[j];
    });
    return row;
  });
}

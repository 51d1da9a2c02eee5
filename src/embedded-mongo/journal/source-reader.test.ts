import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SourceReader } from './source-reader.ts';

const dir = mkdtempSync(join(tmpdir(), 'source-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 8 MB whose every byte says where it is (mod 251), so a copy from the wrong place shows.
const SIZE = 8 * 1024 * 1024;
const file = join(dir, 'journal-1.bson');
writeFileSync(file, Buffer.from(Array.from({ length: SIZE }, (_, i) => i % 251)));
const expected = (off: number, len: number) => Buffer.from(Array.from({ length: len }, (_, i) => (off + i) % 251));

async function copyAll(reader: SourceReader, spans: Array<[number, number]>): Promise<void> {
  for (const [off, len] of spans) {
    const target = Buffer.alloc(len + 3);
    await reader.copy(file, off, len, target, 3);
    expect(target.subarray(3).equals(expected(off, len))).toBe(true);
  }
}

describe('the reader a snapshot copies records with', () => {
  it('reads records that follow one another with gaps in a few large reads', async () => {
    const reader = new SourceReader();
    // 2 KB records, every third one current (the others stale versions), through 6 MB.
    const spans: Array<[number, number]> = [];
    for (let off = 0; off + 2048 <= 6 * 1024 * 1024; off += 3 * 2048) spans.push([off, 2048]);
    await copyAll(reader, spans);
    await reader.close();
    expect(spans.length).toBeGreaterThan(1000);
    expect(reader.reads).toBeLessThan(20);
  });

  it('keeps reading ahead when runs of records are longer than the window and gaps between them as long', async () => {
    const reader = new SourceReader();
    // 24 KB of current records (one update command's), then 24 KB of stale ones, through 6 MB.
    const spans: Array<[number, number]> = [];
    for (let off = 1000; off + 24_000 <= 6 * 1024 * 1024; off += 48_000) spans.push([off, 24_000]);
    await copyAll(reader, spans);
    await reader.close();
    expect(reader.reads).toBeLessThan(20);
  });

  it('copies the right bytes when reads jump about, reading little more than asked', async () => {
    const reader = new SourceReader();
    const spans: Array<[number, number]> = [];
    for (let i = 0; i < 300; i++) spans.push([((i * 7_919_993) % (SIZE - 40_000)) | 0, 100 + ((i * 37) % 3000)]);
    spans.push([SIZE - 10, 10], [5, 2 * 1024 * 1024]);
    await copyAll(reader, spans);
    await reader.close();
    expect(reader.reads).toBeLessThanOrEqual(spans.length + 2);
  });

  it('fails when a file is shorter than a record it should hold', async () => {
    const reader = new SourceReader();
    await expect(reader.copy(file, SIZE - 10, 20, Buffer.alloc(20), 0)).rejects.toThrow(/shorter than expected/);
    await expect(reader.copy(file, SIZE + 100, 5 * 1024 * 1024, Buffer.alloc(5 * 1024 * 1024), 0)).rejects.toThrow(/shorter than expected/);
    await reader.close();
  });
});

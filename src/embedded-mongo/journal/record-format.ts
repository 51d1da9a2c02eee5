import { crc32 } from 'node:zlib';
import { BSON } from 'bson';
import type { Doc } from '../storage/bson-values.ts';

// Record = [payload length u32][crc32(payload) u32][BSON payload]. The CRC lets replay
// tell a torn final write (power cut, kill -9 mid-write) from a complete record.
export const RECORD_HEADER = 8;

const DESERIALIZE: BSON.DeserializeOptions = { promoteLongs: true, promoteValues: true, promoteBuffers: false };

export function encodeRecord(record: Doc): Buffer {
  const payload = BSON.serialize(record, { ignoreUndefined: true });
  const out = Buffer.allocUnsafe(RECORD_HEADER + payload.length);
  out.writeUInt32LE(payload.length, 0);
  out.writeUInt32LE(crc32(payload), 4);
  out.set(payload, RECORD_HEADER);
  return out;
}

export interface DecodeResult {
  records: Doc[];
  // Bytes of complete, checksummed records from the start of the buffer.
  validBytes: number;
  torn: boolean;
}

/**
 * The end of the record starting at `offset` if it lies whole before `limit` and its
 * checksum matches, else -1 (a torn or damaged record).
 */
export function intactRecordEnd(buf: Buffer, offset: number, limit = buf.length): number {
  if (offset + RECORD_HEADER > limit) return -1;
  const len = buf.readUInt32LE(offset);
  const end = offset + RECORD_HEADER + len;
  if (len < 5 || end > limit) return -1;
  return crc32(buf.subarray(offset + RECORD_HEADER, end)) === buf.readUInt32LE(offset + 4) ? end : -1;
}

export function decodeRecords(buf: Buffer): DecodeResult {
  const records: Doc[] = [];
  let offset = 0;
  while (offset < buf.length) {
    const end = intactRecordEnd(buf, offset);
    if (end < 0) break;
    try {
      records.push(BSON.deserialize(buf.subarray(offset + RECORD_HEADER, end), DESERIALIZE));
    } catch {
      break;
    }
    offset = end;
  }
  return { records, validBytes: offset, torn: offset < buf.length };
}

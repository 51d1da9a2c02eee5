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

export function decodeRecords(buf: Buffer): DecodeResult {
  const records: Doc[] = [];
  let offset = 0;
  while (offset < buf.length) {
    if (offset + RECORD_HEADER > buf.length) break;
    const len = buf.readUInt32LE(offset);
    const end = offset + RECORD_HEADER + len;
    if (len < 5 || end > buf.length) break;
    const payload = buf.subarray(offset + RECORD_HEADER, end);
    if (crc32(payload) !== buf.readUInt32LE(offset + 4)) break;
    try {
      records.push(BSON.deserialize(payload, DESERIALIZE));
    } catch {
      break;
    }
    offset = end;
  }
  return { records, validBytes: offset, torn: offset < buf.length };
}

import { BSON, type Document } from 'bson';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;
export const HEADER_SIZE = 16;

const FLAG_CHECKSUM = 1;
export const FLAG_MORE_TO_COME = 2;

// Longs that fit a double come back as numbers; the rest stay Long and are normalised
// by the command layer. Buffers stay Binary so they round-trip with their subtype.
const DESERIALIZE: BSON.DeserializeOptions = { promoteLongs: true, promoteValues: true, promoteBuffers: false };

export class ProtocolError extends Error {}

export interface MessageHeader {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

export interface CommandRequest {
  command: Document;
  moreToCome: boolean;
  legacy: boolean;
}

export function readHeader(buf: Buffer): MessageHeader {
  return {
    length: buf.readInt32LE(0),
    requestId: buf.readInt32LE(4),
    responseTo: buf.readInt32LE(8),
    opCode: buf.readInt32LE(12),
  };
}

function readDocument(buf: Buffer, offset: number, end: number): { doc: Document; next: number } {
  if (offset + 5 > end) throw new ProtocolError('truncated BSON document');
  const size = buf.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new ProtocolError('BSON document length out of bounds');
  return { doc: BSON.deserialize(buf.subarray(offset, offset + size), DESERIALIZE), next: offset + size };
}

// OP_MSG: flag bits, then sections; kind 1 document sequences are folded into the
// command under their identifier, as mongod does. A trailing checksum is ignored.
export function parseOpMsg(msg: Buffer): CommandRequest {
  const flags = msg.readUInt32LE(HEADER_SIZE);
  const end = flags & FLAG_CHECKSUM ? msg.length - 4 : msg.length;
  let offset = HEADER_SIZE + 4;
  let command: Document | undefined;
  const sequences: Array<[string, Document[]]> = [];
  while (offset < end) {
    const kind = msg[offset++];
    if (kind === 0) {
      const { doc, next } = readDocument(msg, offset, end);
      command = doc;
      offset = next;
    } else if (kind === 1) {
      offset = readSequence(msg, offset, end, sequences);
    } else {
      throw new ProtocolError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!command) throw new ProtocolError('OP_MSG without a body section');
  for (const [id, docs] of sequences) command[id] = docs;
  return { command, moreToCome: (flags & FLAG_MORE_TO_COME) !== 0, legacy: false };
}

function readSequence(msg: Buffer, offset: number, end: number, out: Array<[string, Document[]]>): number {
  if (offset + 4 > end) throw new ProtocolError('truncated document sequence');
  const size = msg.readInt32LE(offset);
  const seqEnd = offset + size;
  if (size < 5 || seqEnd > end) throw new ProtocolError('document sequence length out of bounds');
  const nul = msg.indexOf(0, offset + 4);
  if (nul < 0 || nul >= seqEnd) throw new ProtocolError('bad document sequence identifier');
  const id = msg.toString('utf8', offset + 4, nul);
  const docs: Document[] = [];
  let pos = nul + 1;
  while (pos < seqEnd) {
    const { doc, next } = readDocument(msg, pos, seqEnd);
    docs.push(doc);
    pos = next;
  }
  out.push([id, docs]);
  return seqEnd;
}

// OP_QUERY is only used by drivers for the first handshake (`ismaster` on admin.$cmd).
export function parseOpQuery(msg: Buffer): CommandRequest {
  let offset = HEADER_SIZE + 4;
  const nul = msg.indexOf(0, offset);
  if (nul < 0) throw new ProtocolError('OP_QUERY without collection name');
  const ns = msg.toString('utf8', offset, nul);
  offset = nul + 1 + 8;
  const { doc } = readDocument(msg, offset, msg.length);
  const command = doc.$query && typeof doc.$query === 'object' ? (doc.$query as Document) : doc;
  if (!ns.endsWith('.$cmd')) throw new ProtocolError(`OP_QUERY on ${ns} is not supported`);
  if (command.$db === undefined) command.$db = ns.slice(0, -5);
  return { command, moreToCome: false, legacy: true };
}

const SERIALIZE: BSON.SerializeOptions = { ignoreUndefined: true };

export function encodeOpMsg(requestId: number, responseTo: number, body: Document): Buffer {
  const bson = BSON.serialize(body, SERIALIZE);
  const out = Buffer.allocUnsafe(HEADER_SIZE + 5 + bson.length);
  out.writeInt32LE(out.length, 0);
  out.writeInt32LE(requestId, 4);
  out.writeInt32LE(responseTo, 8);
  out.writeInt32LE(OP_MSG, 12);
  out.writeUInt32LE(0, 16);
  out[20] = 0;
  out.set(bson, 21);
  return out;
}

export function encodeOpReply(requestId: number, responseTo: number, body: Document): Buffer {
  const bson = BSON.serialize(body, SERIALIZE);
  const out = Buffer.alloc(HEADER_SIZE + 20 + bson.length);
  out.writeInt32LE(out.length, 0);
  out.writeInt32LE(requestId, 4);
  out.writeInt32LE(responseTo, 8);
  out.writeInt32LE(OP_REPLY, 12);
  // responseFlags 0, cursorID 0 (int64), startingFrom 0, numberReturned 1
  out.writeInt32LE(1, HEADER_SIZE + 16);
  out.set(bson, HEADER_SIZE + 20);
  return out;
}

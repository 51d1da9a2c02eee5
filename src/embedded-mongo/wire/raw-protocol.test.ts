import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BSON, Long, type Document } from 'bson';
import { startEmbeddedMongo, type EmbeddedMongo } from '../index.ts';

let server: EmbeddedMongo;
let dbPath: string;

beforeAll(async () => {
  dbPath = mkdtempSync(join(tmpdir(), 'og-raw-'));
  server = await startEmbeddedMongo({ dbPath, port: 0 });
});

afterAll(async () => {
  await server.close();
  rmSync(dbPath, { recursive: true, force: true });
});

function header(length: number, requestId: number, opCode: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeInt32LE(length, 0);
  b.writeInt32LE(requestId, 4);
  b.writeInt32LE(opCode, 12);
  return b;
}

function opMsg(requestId: number, body: Document, opts: { checksum?: boolean; moreToCome?: boolean; sequence?: [string, Document[]] } = {}): Buffer {
  const flags = Buffer.alloc(4);
  flags.writeUInt32LE((opts.checksum ? 1 : 0) | (opts.moreToCome ? 2 : 0));
  const parts: Buffer[] = [flags, Buffer.from([0]), Buffer.from(BSON.serialize(body))];
  if (opts.sequence) {
    const docs = Buffer.concat(opts.sequence[1].map((d) => Buffer.from(BSON.serialize(d))));
    const id = Buffer.from(opts.sequence[0] + '\0');
    const size = Buffer.alloc(4);
    size.writeInt32LE(4 + id.length + docs.length);
    parts.push(Buffer.from([1]), size, id, docs);
  }
  if (opts.checksum) parts.push(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
  const payload = Buffer.concat(parts);
  return Buffer.concat([header(16 + payload.length, requestId, 2013), payload]);
}

function opQuery(requestId: number, ns: string, query: Document): Buffer {
  const flags = Buffer.alloc(4);
  const skipReturn = Buffer.alloc(8);
  skipReturn.writeInt32LE(-1, 4);
  const payload = Buffer.concat([flags, Buffer.from(ns + '\0'), skipReturn, Buffer.from(BSON.serialize(query))]);
  return Buffer.concat([header(16 + payload.length, requestId, 2004), payload]);
}

class RawClient {
  private buf = Buffer.alloc(0);
  private waiters: Array<(b: Buffer) => void> = [];
  constructor(private readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      while (this.buf.length >= 4 && this.buf.length >= this.buf.readInt32LE(0) && this.waiters.length) {
        const len = this.buf.readInt32LE(0);
        const msg = this.buf.subarray(0, len);
        this.buf = this.buf.subarray(len);
        this.waiters.shift()!(msg);
      }
    });
  }
  static open(): Promise<RawClient> {
    return new Promise((resolve) => {
      const s = connect(server.port, '127.0.0.1', () => resolve(new RawClient(s)));
    });
  }
  send(b: Buffer): void {
    this.socket.write(b);
  }
  next(): Promise<Buffer> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.socket.emit('data', Buffer.alloc(0));
    });
  }
  close(): void {
    this.socket.destroy();
  }
}

function replyBody(msg: Buffer): { opCode: number; responseTo: number; flags: number; body: Document } {
  const opCode = msg.readInt32LE(12);
  const responseTo = msg.readInt32LE(8);
  if (opCode === 1) return { opCode, responseTo, flags: msg.readInt32LE(16), body: BSON.deserialize(msg.subarray(36)) };
  expect(msg[20]).toBe(0);
  return { opCode, responseTo, flags: msg.readUInt32LE(16), body: BSON.deserialize(msg.subarray(21), { promoteLongs: false }) };
}

describe('wire protocol', () => {
  it('answers the legacy ismaster handshake over OP_QUERY with OP_REPLY', async () => {
    const c = await RawClient.open();
    c.send(opQuery(7, 'admin.$cmd', { ismaster: 1, client: { driver: { name: 'raw' } } }));
    const reply = replyBody(await c.next());
    expect(reply.opCode).toBe(1);
    expect(reply.responseTo).toBe(7);
    expect(reply.body).toMatchObject({ ismaster: true, ok: 1, maxWireVersion: 21, logicalSessionTimeoutMinutes: 30 });
    expect(reply.body.topologyVersion).toBeUndefined();
    expect(reply.body.compression).toBeUndefined();
    c.close();
  });

  it('strips a checksum, folds document sequences, and never sets a reply checksum', async () => {
    const c = await RawClient.open();
    c.send(opMsg(8, { insert: 'seq', $db: 'raw' }, { checksum: true, sequence: ['documents', [{ _id: 1 }, { _id: 2 }, { _id: 3 }]] }));
    const ins = replyBody(await c.next());
    expect(ins).toMatchObject({ opCode: 2013, responseTo: 8, flags: 0, body: { n: 3, ok: 1 } });
    c.send(opMsg(9, { find: 'seq', batchSize: 1, $db: 'raw' }));
    const found = replyBody(await c.next());
    const id = found.body.cursor.id;
    expect(Long.isLong(id)).toBe(true);
    expect(id.isZero()).toBe(false);
    c.send(opMsg(10, { getMore: id, collection: 'seq', $db: 'raw' }));
    const more = replyBody(await c.next());
    expect(more.body.cursor.nextBatch).toHaveLength(2);
    expect(Long.isLong(more.body.cursor.id) && more.body.cursor.id.isZero()).toBe(true);
    c.close();
  });

  it('sends no reply for moreToCome and keeps the connection usable', async () => {
    const c = await RawClient.open();
    c.send(opMsg(11, { insert: 'w0', documents: [{ a: 1 }], $db: 'raw' }, { moreToCome: true }));
    c.send(opMsg(12, { endSessions: [], $db: 'admin' }, { moreToCome: true }));
    c.send(opMsg(13, { count: 'w0', $db: 'raw' }));
    const reply = replyBody(await c.next());
    expect(reply.responseTo).toBe(13);
    expect(reply.body.n).toBe(1);
    c.close();
  });

  it('rejects transactions but accepts retryable-write fields', async () => {
    const c = await RawClient.open();
    const lsid = { id: new BSON.UUID() };
    c.send(opMsg(14, { insert: 't', documents: [{ a: 1 }], lsid, txnNumber: Long.fromNumber(1), $db: 'raw' }));
    expect(replyBody(await c.next()).body).toMatchObject({ ok: 1, n: 1 });
    c.send(opMsg(15, { insert: 't', documents: [{ a: 2 }], lsid, txnNumber: Long.fromNumber(2), startTransaction: true, autocommit: false, $db: 'raw' }));
    expect(replyBody(await c.next()).body).toMatchObject({ ok: 0, code: 20, codeName: 'IllegalOperation' });
    c.close();
  });
});

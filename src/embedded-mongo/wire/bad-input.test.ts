import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../index.ts';

let server: EmbeddedMongo;
let dbPath: string;

beforeAll(async () => {
  dbPath = mkdtempSync(join(tmpdir(), 'og-wire-'));
  server = await startEmbeddedMongo({ dbPath, port: 0 });
});

afterAll(async () => {
  await server.close();
  rmSync(dbPath, { recursive: true, force: true });
});

function sendAndAwaitClose(bytes: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    const socket: Socket = connect(server.port, '127.0.0.1', () => socket.write(bytes));
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(false);
    }, 3000);
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function header(length: number, opCode: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeInt32LE(length, 0);
  b.writeInt32LE(1, 4);
  b.writeInt32LE(opCode, 12);
  return b;
}

describe('malformed wire input', () => {
  it('closes the connection on an oversized length', async () => {
    expect(await sendAndAwaitClose(header(64 * 1024 * 1024, 2013))).toBe(true);
  });

  it('closes the connection on an unknown opcode', async () => {
    expect(await sendAndAwaitClose(Buffer.concat([header(21, 9999), Buffer.alloc(5)]))).toBe(true);
  });

  it('closes the connection on a garbage OP_MSG body', async () => {
    const body = Buffer.from([0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3]);
    expect(await sendAndAwaitClose(Buffer.concat([header(16 + body.length, 2013), body]))).toBe(true);
  });

  it('closes the connection on a negative length', async () => {
    expect(await sendAndAwaitClose(header(-5, 2013))).toBe(true);
  });

  it('keeps serving other clients', async () => {
    const client = await new MongoClient(server.uri).connect();
    try {
      expect(await client.db('x').command({ ping: 1 })).toMatchObject({ ok: 1 });
      await expect(client.db('x').command({ noSuchCommand: 1 })).rejects.toMatchObject({ code: 59, codeName: 'CommandNotFound' });
    } finally {
      await client.close();
    }
  });
});

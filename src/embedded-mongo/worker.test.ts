import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongoWorker } from './index.ts';

const dbPath = mkdtempSync(join(tmpdir(), 'og-worker-'));
afterAll(() => rmSync(dbPath, { recursive: true, force: true }));

describe('worker-thread variant', () => {
  it('serves the driver from a worker and persists across restarts', async () => {
    const logs: string[] = [];
    const logger = { info: (_o: object, m?: string) => void logs.push(m ?? ''), warn() {}, error() {} };
    let server = await startEmbeddedMongoWorker({ dbPath, port: 0, logger });
    let client = await new MongoClient(server.uri).connect();
    await client
      .db('w')
      .collection('c')
      .insertOne({ _id: 1 as never, v: 'x' });
    await client.close();
    await server.close();
    expect(logs).toContain('embedded-mongo listening');
    expect(server.socketUri).toBeUndefined();
    // The second run also listens on a unix socket, and says how to reach it.
    server = await startEmbeddedMongoWorker({ dbPath, port: 0, socketPath: join(dbPath, 'w.sock') });
    expect(server.socketUri).toBe(`mongodb://${encodeURIComponent(join(dbPath, 'w.sock'))}/?directConnection=true`);
    client = await new MongoClient(server.socketUri!).connect();
    expect(await client.db('w').collection('c').findOne({})).toEqual({ _id: 1, v: 'x' });
    await client.close();
    await server.close();
  });

  it('reports start-up failures such as a locked dbPath', async () => {
    const server = await startEmbeddedMongoWorker({ dbPath, port: 0 });
    try {
      await expect(startEmbeddedMongoWorker({ dbPath, port: 0 })).rejects.toThrow(/in use by another embedded MongoDB server/);
    } finally {
      await server.close();
    }
  });
});

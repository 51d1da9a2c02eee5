import { afterEach, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { WireServer } from './server.ts';
import { StorageEngine } from './storage/engine.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('a journal write that fails', () => {
  it('answers nothing for its command, says why, and leaves the server serving', async () => {
    const errors: { obj: object; msg?: string }[] = [];
    const logger = { info() {}, warn() {}, error: (obj: object, msg?: string) => void errors.push({ obj, msg }) };
    let failing = false;
    const server = new WireServer({
      engine: new StorageEngine(),
      logger,
      afterCommand: () => {
        if (failing) throw new Error('ENOSPC: no space left on device, write');
      },
    });
    const listener = await server.listen({ host: '127.0.0.1', port: 0 });
    cleanups.push(() => server.close());
    const { port } = listener.address() as { port: number };
    const client = new MongoClient(`mongodb://127.0.0.1:${port}/?directConnection=true`, { retryWrites: false, serverSelectionTimeoutMS: 2_000 });
    cleanups.push(() => client.close());
    const col = client.db('d').collection<{ _id: number }>('c');
    await col.insertOne({ _id: 1 });

    failing = true;
    await expect(col.insertOne({ _id: 2 })).rejects.toThrow(/closed|network|socket/i);
    expect(errors).toEqual([
      {
        obj: { err: 'ENOSPC: no space left on device, write', command: 'insert' },
        msg: 'embedded-mongo journal write failed; closing the connection without a reply',
      },
    ]);

    failing = false;
    await col.insertOne({ _id: 3 });
    expect((await col.find().toArray()).map((d) => d._id)).toContain(3);
  });
});

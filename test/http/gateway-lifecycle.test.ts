import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agenda } from 'agenda';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { createGateway } from '../../src/gateway/create-gateway.ts';
import { connectStore } from '../../src/storage/connection.ts';
import { TEST_ENCRYPTION_KEY } from '../support/encryption-key.ts';
import { testMongoUri, uniqueDbName } from '../support/mongo-uri.ts';
import { startTestGateway } from '../support/test-gateway.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sourceFiles(path)));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the gateway lifecycle', () => {
  it('schedules no job while it is built, only in start()', async () => {
    const queued: string[] = [];
    for (const method of ['every', 'now', 'schedule', 'create'] as const) {
      const original = Agenda.prototype[method] as (...args: unknown[]) => unknown;
      vi.spyOn(Agenda.prototype, method).mockImplementation(function (this: Agenda, ...args: unknown[]) {
        queued.push(`${method} ${String(args[method === 'now' || method === 'create' ? 0 : 1])}`);
        return original.apply(this, args) as never;
      });
    }
    const store = await connectStore({ uri: testMongoUri(), dbName: uniqueDbName('lifecycle'), timeoutMs: 10_000 });
    const gateway = createGateway({
      config: loadConfig({ OG_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY }),
      db: store.db,
      logger: pino({ level: 'silent' }),
      schedulerProcessEveryMs: 200,
    });
    try {
      expect(queued).toEqual([]);
      await gateway.start();
      // The recurring jobs (sequence dispatch, trigger event recovery) are scheduled by start().
      expect(queued.length).toBeGreaterThan(0);
    } finally {
      await gateway.stop();
      await store.close();
    }
  });

  it('opens every outbound HTTP pool through one owner, and stop() closes all of them', async () => {
    const gw = await startTestGateway();
    const pools = gw.gateway.pools;
    // Webhook delivery, enrichment, agent workers and HTTP senders each have their pool.
    expect(pools.open().sort()).toEqual(['agent-workers', 'enrichment', 'http-senders', 'webhooks']);
    await gw.close();
    expect(pools.open()).toEqual([]);
    expect(() => pools.client('late')).toThrow(/closed/);
  });

  it('has no outbound pool made anywhere but in the owner', async () => {
    // The command line's own clients (`listen`, `trigger`) are not the gateway's.
    const files = (await sourceFiles(join(root, 'src'))).filter((f) => !f.startsWith('src/cli/'));
    const makers: string[] = [];
    for (const file of files) {
      const text = await readFile(join(root, file), 'utf8');
      if (/new (Agent|Pool|Client)\(/.test(text) && file !== 'src/outbound/http-client.ts') makers.push(file);
      if (/createOutboundClient\(/.test(text) && !['src/outbound/http-client.ts', 'src/outbound/outbound-pools.ts'].includes(file)) makers.push(file);
    }
    expect(makers).toEqual([]);
  });
});

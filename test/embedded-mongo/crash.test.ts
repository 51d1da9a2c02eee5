import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../../src/embedded-mongo/index.ts';
import { isEmbedded } from '../support/mongo-uri.ts';

const dbPath = mkdtempSync(join(tmpdir(), 'og-crash-'));
const fixture = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));

afterAll(() => rmSync(dbPath, { recursive: true, force: true }));

function runAndKill(afterReadyMs: number): Promise<Set<number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, dbPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked = new Set<number>();
    let buffered = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready' && !timer) timer = setTimeout(() => process.kill(child.pid!, 'SIGKILL'), afterReadyMs);
        else if (line.startsWith('ack ')) acked.add(Number(line.slice(4)));
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(guard);
      if (signal !== 'SIGKILL') reject(new Error(`writer exited unexpectedly (${signal}): ${stderr}`));
      else resolve(acked);
    });
  });
}

describe('crash safety', () => {
  it.skipIf(!isEmbedded())('keeps every acknowledged write after kill -9', async () => {
    const acked = await runAndKill(1000);
    expect(acked.size).toBeGreaterThan(50);
    const server = await startEmbeddedMongo({ dbPath, port: 0 });
    const client = await new MongoClient(server.uri).connect();
    try {
      const col = client.db('crash').collection<{ _id: number }>('acks');
      const present = new Set((await col.find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id));
      const missing = [...acked].filter((id) => !present.has(id));
      expect(missing).toEqual([]);
    } finally {
      await client.close();
      await server.close();
    }
  });
});

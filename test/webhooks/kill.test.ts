import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../src/domain/api-keys/key-format.ts';
import { startChildGateway, type ChildGateway } from '../support/child-gateway.ts';
import { startReceiver, type Receiver } from './support/receiver.ts';

const TOTAL = 2000;
const EMITTER = 'test/webhooks/support/emitter-child.ts';

const children: ChildGateway[] = [];
const receivers: Receiver[] = [];
let dataDir = '';
afterAll(async () => {
  for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
  await Promise.all(receivers.map((r) => r.close()));
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('kill -9 in the middle of a webhook stream', () => {
  it('delivers every recorded event to every endpoint at least once after a restart', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'og-kill-webhooks-'));
    const key = generateApiKey();
    const env = {
      OG_DATA_DIR: dataDir,
      OG_BOOTSTRAP_KEY: key,
      MONGODB_URI: '',
      LOG_LEVEL: 'warn',
      OG_ALLOW_PRIVATE_NETWORK: 'true',
      EMIT_TOTAL: String(TOTAL),
      // Short leases so the restarted process takes over a dead one's in-flight attempts quickly.
      OG_WEBHOOK_TIMEOUT_MS: '2000',
      OG_WEBHOOK_SWEEP_MS: '200',
    };
    for (let i = 0; i < 3; i++) receivers.push(await startReceiver());
    const first = await startChildGateway(env, 30_000, EMITTER);
    children.push(first);
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    for (const r of receivers) {
      const res = await fetch(`${first.url}/api/v2/webhooks`, { method: 'POST', headers, body: JSON.stringify({ url: r.url, events: ['trigger.*'] }) });
      expect(res.status).toBe(201);
      r.setSecrets([((await res.json()) as { secret: string }).secret]);
    }
    // Mid-stream: some events delivered, most not yet recorded.
    await receivers[0].until(() => receivers[0].received.length >= 300, 30_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const storedAtKill = Math.max(0, ...[...first.output().matchAll(/emitter: stored (\d+)/g)].map((m) => Number(m[1])));

    const second = await startChildGateway(env, 30_000, EMITTER);
    children.push(second);
    const distinct = (r: Receiver) => new Set(r.received.map((x) => x.id)).size;
    for (const r of receivers) await r.until(() => distinct(r) >= TOTAL, 45_000);
    await new Promise((r) => setTimeout(r, 500));

    const requests = receivers.reduce((n, r) => n + r.received.length, 0);
    const unique = receivers.reduce((n, r) => n + distinct(r), 0);
    const duplicateRate = (requests - unique) / unique;
    console.log(
      `kill test: killed after ~${storedAtKill} of ${TOTAL} events stored; ${unique} distinct deliveries to 3 endpoints, ` +
        `${requests} requests, duplicate rate ${(duplicateRate * 100).toFixed(2)} %`,
    );
    for (const r of receivers) {
      expect(distinct(r)).toBe(TOTAL);
      expect(r.received.every((x) => x.verifiedWith.length === 1)).toBe(true);
      expect(r.received.every((x) => x.payload.id === x.id)).toBe(true);
    }
    expect(second.output()).toMatch(/emitter: done 2000/);
    second.child.kill('SIGTERM');
    await second.exited;
  }, 120_000);
});

import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAgentWorker } from '../../examples/agent-worker/worker.ts';
import { generateApiKey } from '../../src/domain/api-keys/key-format.ts';
import { callChild as call, restartableEnv, startChildGateway } from '../support/child-gateway.ts';

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
});

/** A stable public URL in front of whichever gateway process is current (each restart gets a new port). */
async function startFrontDoor(target: () => string): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    try {
      const upstream = await fetch(`${target()}${req.url}`, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: req.method === 'GET' ? undefined : Buffer.concat(chunks),
      });
      res
        .writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' })
        .end(Buffer.from(await upstream.arrayBuffer()));
    } catch {
      res.writeHead(502).end('{"error":"gateway down"}');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('agent runs survive SIGKILL of the gateway', () => {
  it('completes a run whose worker reports back after the gateway restarted', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'og-agent-kill-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    let current = 'http://127.0.0.1:9';
    const front = await startFrontDoor(() => current);
    cleanup.push(() => new Promise((r) => front.server.close(r)));
    const worker = createAgentWorker({ secret: 'whsec_placeholder', mode: 'async' });
    const workerUrl = await worker.listen();
    cleanup.push(() => worker.close());

    const key = generateApiKey();
    const env = restartableEnv(dataDir, key, { OG_PUBLIC_URL: front.url });

    const first = await startChildGateway(env);
    cleanup.push(async () => first.child.kill('SIGKILL'));
    current = first.url;
    const registered = await call(first, key, 'POST', '/api/v2/agent-workers', { name: 'example', url: workerUrl });
    worker.setSecret(registered.body.secret);
    const created = await call(first, key, 'POST', '/api/v2/agents', { prompt: 'slow:1500 survive a crash' });
    expect(created.status).toBe(202);
    const { agent, run } = created.body;
    // Wait until the worker has the run, then kill the gateway while the worker is busy.
    while (!worker.requests.some((r) => r.run.id === run.id)) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await startChildGateway(env);
    cleanup.push(async () => second.child.kill('SIGKILL'));
    current = second.url;
    let status = 'running';
    const deadline = Date.now() + 20_000;
    let body: Record<string, any> = {};
    while (status === 'running' && Date.now() < deadline) {
      ({ body } = await call(second, key, 'GET', `/api/v2/agents/${agent.id}/runs/${run.id}`));
      status = body.status;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe('completed');
    expect(body.response.text).toBe('Echo: slow:1500 survive a crash (0 earlier messages)');
    // The restarted process released the agent: it takes a follow-up at once.
    expect((await call(second, key, 'POST', `/api/v2/agents/${agent.id}/runs`, { prompt: 'after' })).status).toBe(202);
  }, 60_000);
});

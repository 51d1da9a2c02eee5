import { createAgentWorker, type CancelMode, type WorkerMode } from './worker.ts';

// Usage: AGENT_WORKER_SECRET=whsec_… [PORT=9090] [MODE=sync|async] npx tsx examples/agent-worker/main.ts
// Register it first: POST /api/v2/agent-workers { name, url: "http://127.0.0.1:9090/" }
// (the response's `secret` is the AGENT_WORKER_SECRET; loopback needs OG_ALLOW_PRIVATE_NETWORK=true).
// It then also drafts campaigns for `POST /api/v2/tables/{id}/campaigns { instructions }` (see draft-campaign.ts)
// and edits them for `POST /api/v2/campaigns/{id}/edits { instructions }` (see edit-campaign.ts).
const secret = process.env.AGENT_WORKER_SECRET;
if (!secret?.startsWith('whsec_')) {
  console.error('AGENT_WORKER_SECRET must be the whsec_ secret the gateway returned when the worker was registered');
  process.exit(1);
}
const worker = createAgentWorker({
  secret,
  mode: (process.env.MODE as WorkerMode | undefined) ?? 'sync',
  cancelMode: (process.env.CANCEL_MODE as CancelMode | undefined) ?? 'sync',
});
const url = await worker.listen(Number(process.env.PORT ?? 9090), process.env.HOST ?? '127.0.0.1');
console.log(`agent worker listening on ${url}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void worker.close().then(() => process.exit(0)));

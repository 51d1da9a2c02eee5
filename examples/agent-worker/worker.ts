import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { draftCampaignFromInstructions, type CampaignDraftTask } from './draft-campaign.ts';
import { editCampaignFromInstructions, type CampaignEditTask } from './edit-campaign.ts';

// A small, real agent worker for og-gateway: it verifies the gateway's Standard Webhooks
// signature, answers prompts deterministically, and either answers synchronously (200
// with the result) or asynchronously (202, then signed POSTs to the callback URL).
//
// A request with `task.type: "campaign.draft"` (what the gateway sends for
// `POST /tables/{id}/campaigns { instructions }`) drafts that campaign through the v2 API
// with the run's key (draft-campaign.ts), whatever the prompt says; `task.type:
// "campaign.edit"` (from `POST /campaigns/{id}/edits`) edits its unsent steps
// (edit-campaign.ts).
//
// Prompt conventions (so tests and demos can steer it):
//   "question …"   → completes with a pending question (the gateway makes it needs_input)
//   "slow:<ms> …"  → takes <ms> before answering
//   "fail:<n> …"   → answers 500 to the first <n> deliveries of the run
//   "never …"      → never answers (sync: holds the request; async: never calls back)
//   "use-api …"    → reads its own agent through the v2 API with the run's short-lived key
//   anything else  → "Echo: <prompt>" with the number of earlier messages

export type WorkerMode = 'sync' | 'async';
export type CancelMode = 'sync' | 'callback' | 'ignore';

export interface RunRequest {
  type: 'agent.run.requested';
  run: { id: string; agentId: string; prompt: string; focusTableIds: string[] };
  history: { role: string; content: string }[];
  callbackUrl: string;
  apiBaseUrl: string;
  apiKey: string;
  task?: CampaignDraftTask | CampaignEditTask;
}

interface CancelRequest {
  type: 'agent.run.cancel_requested';
  run: { id: string; agentId: string };
  callbackUrl: string;
}

export interface WorkerOptions {
  secret: string;
  mode?: WorkerMode;
  cancelMode?: CancelMode;
  /** Clock skew tolerance for the gateway's webhook-timestamp, at most the library's own 300 s. */
  toleranceSeconds?: number;
}

// Signing and verification are the stock Standard Webhooks library's: the gateway signs
// its run requests exactly like webhook deliveries, and checks the callbacks the same way.
export function signBody(secret: string, id: string, timestamp: number, body: string): string {
  return new Webhook(secret).sign(id, new Date(timestamp * 1000), body);
}

function verified(secret: string, req: IncomingMessage, body: string, toleranceSeconds: number): boolean {
  const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : '');
  const headers = { 'webhook-id': header('webhook-id'), 'webhook-timestamp': header('webhook-timestamp'), 'webhook-signature': header('webhook-signature') };
  // The library allows 5 minutes of skew; a worker asking for less checks that on top.
  if (Math.abs(Date.now() / 1000 - Number(headers['webhook-timestamp'])) > toleranceSeconds) return false;
  try {
    new Webhook(secret).verify(body, headers);
    return true;
  } catch {
    return false;
  }
}

const CALLBACK_ATTEMPTS = 40;
const CALLBACK_RETRY_MS = 500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body?: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

export function createAgentWorker(opts: WorkerOptions) {
  const mode = opts.mode ?? 'sync';
  const cancelMode = opts.cancelMode ?? 'sync';
  const deliveries = new Map<string, number>();
  const cancelled = new Set<string>();
  const requests: RunRequest[] = [];
  const callbacks: { url: string; status: number; body: unknown }[] = [];
  const apiCalls: { url: string; status: number }[] = [];
  const sockets = new Set<import('node:net').Socket>();

  /** The deterministic "agent": what a run produces. */
  async function think(req: RunRequest): Promise<Record<string, unknown>> {
    const prompt = req.run.prompt;
    const slow = /slow:(\d+)/.exec(prompt);
    if (slow) await sleep(Number(slow[1]));
    if (cancelled.has(req.run.id)) return { status: 'cancelled', response: { text: 'Stopped on request.', actions: [] } };
    if (req.task?.type === 'campaign.draft') {
      return draftCampaignFromInstructions(req.task, {
        apiBaseUrl: req.apiBaseUrl,
        apiKey: req.apiKey,
        idempotencyKey: `campaign-draft:${req.run.id}`,
        record: (c) => apiCalls.push(c),
      });
    }
    if (req.task?.type === 'campaign.edit') {
      return editCampaignFromInstructions(req.task, {
        apiBaseUrl: req.apiBaseUrl,
        apiKey: req.apiKey,
        idempotencyKey: `campaign-edit:${req.run.id}`,
        record: (c) => apiCalls.push(c),
      });
    }
    if (/\bquestion\b/i.test(prompt)) {
      return {
        status: 'completed',
        response: { text: 'Before I start: which region should I target?', actions: [] },
        todo: { pendingQuestions: [{ type: 'single-choice', question: 'Which region should I target?', suggestedAnswers: ['EU', 'US'] }], nextActions: [] },
        steps: { completed: 1, max: 10 },
      };
    }
    let text = `Echo: ${prompt} (${req.history.length} earlier messages)`;
    if (/\buse-api\b/.test(prompt)) {
      const url = `${req.apiBaseUrl}/agents/${req.run.agentId}`;
      const res = await fetch(url, { headers: { authorization: `Bearer ${req.apiKey}` } });
      apiCalls.push({ url, status: res.status });
      const agent = (await res.json()) as { name?: string };
      text = `My agent is called ${agent.name}`;
    }
    const actions = req.run.focusTableIds.map((tableId) => ({ type: 'leads_added', tableId, leadCount: 0 }));
    return {
      status: 'completed',
      response: { text, actions },
      todo: { pendingQuestions: [], nextActions: [{ label: 'Export the list', type: 'export_csv' }] },
      steps: { completed: 2, max: 10 },
    };
  }

  /** Signed POST to the gateway; retried while the gateway is unreachable or answers 5xx (it may be restarting). */
  async function callback(url: string, payload: unknown): Promise<number> {
    const body = JSON.stringify(payload);
    const id = `msg_${randomUUID()}`;
    for (let attempt = 1; ; attempt++) {
      const ts = Math.floor(Date.now() / 1000);
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'webhook-id': id,
            'webhook-timestamp': String(ts),
            'webhook-signature': signBody(opts.secret, id, ts, body),
          },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        if (res.status < 500 || attempt >= CALLBACK_ATTEMPTS) {
          callbacks.push({ url, status: res.status, body: await res.json().catch(() => null) });
          return res.status;
        }
      } catch (err) {
        if (attempt >= CALLBACK_ATTEMPTS) throw err;
      }
      await sleep(CALLBACK_RETRY_MS);
    }
  }

  async function onRun(req: RunRequest, res: ServerResponse) {
    requests.push(req);
    const attempt = (deliveries.get(req.run.id) ?? 0) + 1;
    deliveries.set(req.run.id, attempt);
    const fail = /fail:(\d+)/.exec(req.run.prompt);
    if (fail && attempt <= Number(fail[1])) return send(res, 500, { error: 'temporarily unavailable' });
    if (/\bnever\b/.test(req.run.prompt)) {
      if (mode === 'async') return send(res, 202, { accepted: true });
      return; // hold the request open: the gateway's deadline ends the run
    }
    if (mode === 'sync') return send(res, 200, await think(req));
    send(res, 202, { accepted: true });
    await callback(req.callbackUrl, { status: 'running', steps: { completed: 1 } }).catch(() => undefined);
    await callback(req.callbackUrl, await think(req)).catch(() => undefined);
  }

  async function onCancel(req: CancelRequest, res: ServerResponse) {
    cancelled.add(req.run.id);
    if (cancelMode === 'sync') return send(res, 200, { status: 'cancelled' });
    send(res, 202, { accepted: true });
    if (cancelMode === 'callback')
      await callback(req.callbackUrl, { status: 'cancelled', response: { text: 'Stopped on request.', actions: [] } }).catch(() => undefined);
  }

  const server: Server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      if (req.method !== 'POST') return send(res, 405, { error: 'POST only' });
      if (!verified(opts.secret, req, body, opts.toleranceSeconds ?? 300)) return send(res, 401, { error: 'bad signature' });
      const payload = JSON.parse(body) as RunRequest | CancelRequest;
      if (payload.type === 'agent.run.requested') return await onRun(payload, res);
      if (payload.type === 'agent.run.cancel_requested') return await onCancel(payload, res);
      send(res, 400, { error: 'unknown type' });
    } catch {
      if (!res.headersSent) send(res, 500, { error: 'worker error' });
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  return {
    server,
    /** Registration answers with the secret, after the URL is known: set it then. */
    setSecret(secret: string) {
      opts.secret = secret;
    },
    requests,
    callbacks,
    apiCalls,
    async listen(port = 0, host = '127.0.0.1'): Promise<string> {
      await new Promise<void>((resolve) => server.listen(port, host, resolve));
      const addr = server.address() as AddressInfo;
      return `http://${host}:${addr.port}/`;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type AgentWorker = ReturnType<typeof createAgentWorker>;

// npm run demo — the sequence loop end to end on loopback: a gateway (started here, or the
// one at OG_DEMO_URL with OG_DEMO_KEY), a local SMTP sink and a webhook receiver that
// verifies every signature. Creates a table, upserts rows, drafts and launches a 2-step
// campaign with zero delays, answers one email through a trigger URL, and prints the
// events as they arrive, then reads everything back through the ids the events carry.
// Then (skip with OG_DEMO_AGENT=false; against OG_DEMO_URL only with OG_DEMO_AGENT=true, as
// that gateway must reach a loopback worker) registers the example agent worker and drafts
// a second campaign from `{ instructions }` through it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAgentWorker } from '../examples/agent-worker/worker.ts';
import { generateApiKey } from '../src/domain/api-keys/key-format.ts';
import { startChildGateway, type ChildGateway } from '../test/support/child-gateway.ts';
import { startSmtpSink } from '../test/sequences/support/smtp-sink.ts';
import { startReceiver, type Received } from '../test/webhooks/support/receiver.ts';

const log = (...parts: unknown[]) => console.log(...parts);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dataDir = process.env.OG_DEMO_URL ? null : await mkdtemp(join(tmpdir(), 'og-demo-'));
const key = process.env.OG_DEMO_KEY ?? generateApiKey();
const sink = await startSmtpSink();
const printed = new Set<string>();
const receiver = await startReceiver({
  respond: (r: Received) => {
    if (!printed.has(r.id)) {
      printed.add(r.id);
      const d = r.payload.data as Record<string, any>;
      const who = d.outreach_target?.email ?? d.outreach_target?.linkedin_slug;
      const extra = r.payload.type === 'sequence.reply.received' ? ` newly_stopped=${d.newly_stopped}` : ` step=${d.step_index} message_id=${d.message_id}`;
      log(`  ← ${r.payload.type.padEnd(24)} signature ${r.verifiedWith.length ? 'verified' : 'NOT VERIFIED'}  to=${who} sequence=${d.sequence_id}${extra}`);
    }
    return { status: 200 };
  },
});
let child: ChildGateway | null = null;
if (!process.env.OG_DEMO_URL) {
  log('starting a gateway (embedded database in a temp dir)…');
  child = await startChildGateway({
    OG_DATA_DIR: dataDir as string,
    OG_BOOTSTRAP_KEY: key,
    MONGODB_URI: '',
    LOG_LEVEL: 'warn',
    OG_ALLOW_PRIVATE_NETWORK: 'true',
  });
}
const base = process.env.OG_DEMO_URL ?? child!.url;

async function call(method: string, path: string, body?: unknown, auth = true) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(auth ? { authorization: `Bearer ${key}` } : {}), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, any>;
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}
const api = (method: string, path: string, body?: unknown) => call(method, `/api/v2${path}`, body);

async function waitFor(what: string, pred: () => boolean, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** A second campaign drafted from instructions by the example agent worker (examples/agent-worker/). */
async function draftThroughAgent(tableId: string) {
  const worker = createAgentWorker({ secret: 'whsec_placeholder' });
  try {
    const url = await worker.listen();
    const registered = await api('POST', '/agent-workers', { name: 'demo example worker', url });
    worker.setSecret(registered.secret);
    const started = await api('POST', `/tables/${tableId}/campaigns`, {
      instructions: 'Offer a 20-minute walkthrough of our analytics product. 2 emails, 3 days apart.',
    });
    log(`\nasked agent worker ${registered.id} to draft a campaign from instructions: run ${started.run.id}`);
    let run = await api('GET', `/agents/${started.agent.id}/runs/${started.run.id}`);
    for (const deadline = Date.now() + 20_000; run.status === 'running' && Date.now() < deadline;) {
      await sleep(100);
      run = await api('GET', `/agents/${started.agent.id}/runs/${started.run.id}`);
    }
    const campaignId = run.response?.actions?.find((a: { campaignId?: string }) => a.campaignId)?.campaignId;
    log(`  run ${run.status}: ${run.response?.text ?? '(no text)'}`);
    if (campaignId) log(`  drafted campaign ${campaignId} (status draft; launch it with POST /api/v2/campaigns/${campaignId}/launch)`);
    // Unregistered again, so a gateway given by OG_DEMO_URL keeps no default worker that is gone.
    await fetch(`${base}/api/v2/agent-workers/${registered.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${key}` } });
  } finally {
    await worker.close();
  }
}

try {
  log(`gateway ${base}; SMTP sink 127.0.0.1:${sink.port}; webhook receiver ${receiver.url}\n`);
  const hook = await api('POST', '/webhooks', { url: receiver.url, events: ['sequence.*'], description: 'demo' });
  receiver.setSecrets([hook.secret]);
  const sender = await api('POST', '/senders', {
    channel: 'email',
    name: 'demo',
    displayName: 'Demo Sales',
    email: 'sales@demo.example',
    smtp: { host: '127.0.0.1', port: sink.port, secure: false },
  });
  const table = await api('POST', '/tables', {
    name: 'Demo leads',
    columns: ['email', 'first_name', 'company'].map((slug) => ({ name: slug, slug, kind: 'input' })),
  });
  await api('POST', `/tables/${table.id}/rows/upsert`, {
    matchColumns: ['email'],
    enrich: false,
    rows: [
      { email: 'grace@navy.example', first_name: 'Grace', company: 'Navy' },
      { email: 'alan@bletchley.example', first_name: 'Alan', company: 'Bletchley' },
      { email: 'ada@engines.example', first_name: 'Ada', company: 'Engines' },
    ],
  });
  log(`table ${table.id}: 3 rows`);
  const draft = await api('POST', `/tables/${table.id}/campaigns`, {
    name: 'Demo campaign',
    senders: { email: sender.id },
    recipientColumn: 'email',
    steps: [
      { channel: 'email', subject: 'Hello {{first_name}}', body: 'Hi {{first_name}}, how is everything at {{company}}?', delaySeconds: 0 },
      { channel: 'email', body: 'Just following up, {{first_name}}.', delaySeconds: 0 },
    ],
  });
  log(`drafted campaign ${draft.campaign.id}: ${draft.sequences.created} sequences, column "${draft.column.slug}"\n`);
  log('launching; events as they arrive:');
  await api('POST', `/campaigns/${draft.campaign.id}/launch`);
  await waitFor('6 emails', () => sink.messages.length >= 6);
  await waitFor('6 sent events', () => receiver.received.filter((r) => r.payload.type === 'sequence.message.sent').length >= 6);

  const first = sink.messages.find((m) => m.parsed?.to && JSON.stringify(m.parsed.to).includes('grace@')) ?? sink.messages[0];
  const trigger = await api('POST', '/triggers', { name: 'demo inbox', action: 'sequence.reply' });
  log(`\nanswering ${first.envelopeTo[0]}'s first email (Message-ID ${first.messageId}) through trigger ${trigger.id}`);
  await call(
    'POST',
    new URL(trigger.url).pathname,
    { from: first.envelopeTo[0], to: 'sales@demo.example', subject: `Re: ${first.parsed?.subject}`, text: 'Thanks, all good!', inReplyTo: first.messageId },
    false,
  );
  await waitFor('the reply event', () => receiver.received.some((r) => r.payload.type === 'sequence.reply.received'));
  await sleep(200);

  log('\nreading the loop back through the correlation ids in each event:');
  for (const r of receiver.received) {
    const d = r.payload.data as Record<string, any>;
    const row = await api('GET', `/tables/${d.outreach_target.table_id}/rows/${d.outreach_target.row_id}`);
    const seq = await api('GET', `/sequences/${d.sequence_id}`);
    const email = row.cells.email?.value;
    if (r.payload.type === 'sequence.reply.received') {
      log(`  reply  row ${row.id} (${email}) → sequence ${seq.id} status=${seq.status} sendStatus=${seq.sendStatus} repliedAt=${seq.repliedAt}`);
      continue;
    }
    const step = seq.steps.find((s: { id: string }) => s.id === d.message_id);
    const mail = sink.messages.find((m) => m.messageId === step.rfcMessageId);
    log(
      `  sent   row ${row.id} (${email}) → sequence ${seq.id} step ${step.index} ${step.status} ${step.sentAt} Message-ID ${step.rfcMessageId} subject "${mail?.parsed?.subject}"`,
    );
  }
  const stats = await api('GET', `/campaigns/${draft.campaign.id}/stats`);
  log(`\ncampaign stats: found=${stats.found} contacted=${stats.contacted} sent=${stats.sent} replied=${stats.replied} stopped=${stats.stopped}`);
  log(
    `SMTP sink received ${sink.messages.length} emails; receiver ${receiver.received.length} signed events (${receiver.received.filter((r) => r.verifiedWith.length).length} verified)`,
  );
  if (process.env.OG_DEMO_AGENT === 'true' || (!process.env.OG_DEMO_URL && process.env.OG_DEMO_AGENT !== 'false')) await draftThroughAgent(table.id);
} finally {
  child?.child.kill('SIGTERM');
  await child?.exited;
  await sink.close();
  await receiver.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}

// bench:sequences — 5,000 recipients × 2 email steps with zero delay, sent by a real
// gateway process (embedded database) through a loopback SMTP sink, every
// `sequence.message.sent` delivered to a loopback webhook receiver. Reports messages/s
// (SMTP accepted) and the time from launch to the last event received. Target: >= 500 msg/s.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateApiKey } from '../src/domain/api-keys/key-format.ts';
import { startChildGateway } from '../test/support/child-gateway.ts';
import { startSmtpSink } from '../test/sequences/support/smtp-sink.ts';
import { startReceiver } from '../test/webhooks/support/receiver.ts';

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 5_000);
const STEPS = 2;
const TOTAL = RECIPIENTS * STEPS;
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 300_000);

const dataDir = await mkdtemp(join(tmpdir(), 'og-bench-seq-'));
const key = generateApiKey();
const sink = await startSmtpSink({ parse: false });
const receiver = await startReceiver();
// BENCH_GATEWAY_URL + BENCH_KEY drive an already running gateway (e.g. one started under --cpu-prof).
const external = process.env.BENCH_GATEWAY_URL ? { url: process.env.BENCH_GATEWAY_URL, key: process.env.BENCH_KEY as string } : null;
const gateway = external
  ? null
  : await startChildGateway({
      OG_DATA_DIR: dataDir,
      OG_BOOTSTRAP_KEY: key,
      MONGODB_URI: '',
      LOG_LEVEL: 'warn',
      OG_ALLOW_PRIVATE_NETWORK: 'true',
      OG_RATE_LIMIT_IP_PER_MINUTE: '100000000',
      OG_RATE_LIMIT_ORG_PER_MINUTE: '100000000',
    });
const baseUrl = external?.url ?? gateway!.url;
const apiKey = external?.key ?? key;

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${baseUrl}/api/v2${path}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, any>;
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 500)}`);
  return json;
}

const sentEvents = () => receiver.received.filter((r) => r.payload.type === 'sequence.message.sent').length;

try {
  if (process.env.BENCH_NO_WEBHOOK !== 'true') {
    const hook = await api('POST', '/webhooks', { url: receiver.url, events: ['sequence.message.sent'] });
    receiver.setSecrets([hook.secret]);
  }
  const sender = await api('POST', '/senders', {
    channel: 'email',
    name: 'bench',
    displayName: 'Bench',
    email: 'bench@bench.example',
    smtp: { host: '127.0.0.1', port: sink.port, secure: false },
  });
  const table = await api('POST', '/tables', {
    name: 'bench',
    columns: [
      { name: 'email', slug: 'email', kind: 'input' },
      { name: 'first_name', slug: 'first_name', kind: 'input' },
    ],
  });
  const t0 = performance.now();
  for (let i = 0; i < RECIPIENTS; i += 100) {
    const rows = Array.from({ length: Math.min(100, RECIPIENTS - i) }, (_, j) => ({ email: `r${i + j}@bench.example`, first_name: `R${i + j}` }));
    await api('POST', `/tables/${table.id}/rows/upsert`, { rows, matchColumns: ['email'], enrich: false });
  }
  const tRows = performance.now();
  const draft = await api('POST', `/tables/${table.id}/campaigns`, {
    name: 'bench',
    senders: { email: sender.id },
    recipientColumn: 'email',
    steps: [
      { channel: 'email', subject: 'Hello {{first_name}}', body: 'Hi {{first_name}}', delaySeconds: 0 },
      { channel: 'email', body: 'Following up, {{first_name}}', delaySeconds: 0 },
    ],
  });
  const tDraft = performance.now();
  const launchAt = performance.now();
  await api('POST', `/campaigns/${draft.campaign.id}/launch`);
  let lastSmtpAt = 0;
  let lastEventAt = 0;
  while (performance.now() - launchAt < TIMEOUT_MS) {
    if (!lastSmtpAt && sink.messages.length >= TOTAL) lastSmtpAt = performance.now();
    if (!lastEventAt && (sentEvents() >= TOTAL || process.env.BENCH_NO_WEBHOOK === 'true')) lastEventAt = performance.now();
    if (lastSmtpAt && lastEventAt) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  if (gateway && (!lastSmtpAt || !lastEventAt))
    console.log(
      gateway
        .output()
        .split('\n')
        .filter((l) => /"level":(40|50)/.test(l))
        .slice(-5)
        .join('\n'),
    );
  const unique = new Set(sink.messages.map((m) => m.messageId)).size;
  const smtpS = ((lastSmtpAt || performance.now()) - launchAt) / 1000;
  const eventS = ((lastEventAt || performance.now()) - launchAt) / 1000;
  const rate = sink.messages.length / smtpS;
  console.log(`bench:sequences  ${RECIPIENTS} recipients × ${STEPS} steps, zero delay, loopback SMTP sink + webhook receiver`);
  console.table({
    'upsert rows': { seconds: +((tRows - t0) / 1000).toFixed(2), count: RECIPIENTS },
    'draft campaign': { seconds: +((tDraft - tRows) / 1000).toFixed(2), count: draft.sequences.created },
    'launch → last SMTP 250': { seconds: +smtpS.toFixed(2), count: sink.messages.length },
    'launch → last sequence.message.sent received': { seconds: +eventS.toFixed(2), count: sentEvents() },
  });
  console.log(
    `messages/s ${rate.toFixed(0)} (target >= 500)  unique Message-IDs ${unique}/${sink.messages.length}  duplicates ${sink.messages.length - unique}  ` +
      `${sink.messages.length === TOTAL && sentEvents() === TOTAL && rate >= 500 ? 'MEETS TARGET' : 'BELOW TARGET'}`,
  );
} finally {
  gateway?.child.kill('SIGTERM');
  await gateway?.exited;
  await sink.close();
  await receiver.close();
  await rm(dataDir, { recursive: true, force: true });
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../src/domain/api-keys/key-format.ts';
import { apiClient } from '../support/api-client.ts';
import { startChildGateway, type ChildGateway } from '../support/child-gateway.ts';
import { eventually } from '../webhooks/support/receiver.ts';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.ts';

// A real gateway process is SIGKILLed after the SMTP server received the message but
// before it answered: nobody can know whether it was delivered. After a restart on the
// same data directory the step is never sent again (at most once for email): once its
// lease expires it ends `failed` as `delivery_unknown` and the sequence stops.

const children: ChildGateway[] = [];
let sink: SmtpSink | undefined;
let dataDir: string | undefined;

afterAll(async () => {
  for (const c of children) if (c.child.exitCode === null) (c.child.kill('SIGTERM'), await c.exited);
  sink?.dropClients();
  await sink?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('a gateway killed mid-send', () => {
  it('does not send the email again after the restart', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'og-seq-crash-'));
    sink = await startSmtpSink({ parse: false, hold: (nth) => nth === 1 });
    const key = generateApiKey();
    // The lease (4 × the send timeout, 20 s) outlasts the restart even on a busy machine.
    const env = {
      OG_DATA_DIR: dataDir,
      OG_BOOTSTRAP_KEY: key,
      MONGODB_URI: '',
      LOG_LEVEL: 'warn',
      OG_ALLOW_PRIVATE_NETWORK: 'true',
      OG_SEQUENCE_SEND_TIMEOUT_MS: '5000',
    };
    const first = await startChildGateway(env);
    children.push(first);
    const api = apiClient(first.url as never, key);
    const sender = await api.post('/api/v2/senders', {
      channel: 'email',
      name: 'mx',
      displayName: 'Mx',
      email: 'mx@corp.example',
      smtp: { host: '127.0.0.1', port: sink.port },
    });
    const table = await api.post('/api/v2/tables', { name: 't', columns: [{ name: 'email', kind: 'input' }] });
    await api.post(`/api/v2/tables/${table.body.id}/rows/upsert`, { rows: [{ email: 'once@example.org' }], matchColumns: ['email'], enrich: false });
    const draft = await api.post(`/api/v2/tables/${table.body.id}/campaigns`, {
      name: 'crash',
      senders: { email: sender.body.id },
      recipientColumn: 'email',
      steps: [
        { channel: 'email', subject: 'Once', body: 'Only once', delaySeconds: 0 },
        { channel: 'email', body: 'Later', delaySeconds: 0 },
      ],
    });
    expect(draft.status).toBe(201);
    await api.post(`/api/v2/campaigns/${draft.body.campaign.id}/launch`);
    await sink.until(() => sink!.held.length === 1);
    first.child.kill('SIGKILL');
    await first.exited;
    sink.dropClients();

    const second = await startChildGateway(env);
    children.push(second);
    const api2 = apiClient(second.url as never, key);
    const people = await api2.get(`/api/v2/campaigns/${draft.body.campaign.id}/people`);
    const sequenceId = people.body.items[0].sequenceId;
    expect((await api2.get(`/api/v2/sequences/${sequenceId}`)).body.steps[0].status).toBe('sending');
    const seq = await eventually(
      async () => {
        const s = await api2.get(`/api/v2/sequences/${sequenceId}`);
        return s.body.status === 'failed' ? s.body : null;
      },
      45_000,
      250,
    );
    expect(seq.steps[0]).toMatchObject({ status: 'failed', sentAt: null });
    expect(seq.steps[0].handedOverAt).not.toBeNull();
    expect(seq.steps[0].failureReason).toMatch(/^delivery_unknown/);
    expect(seq.steps[1].status).toBe('cancelled');
    expect(sink.held.length + sink.messages.length).toBe(1);
  }, 120_000);
});

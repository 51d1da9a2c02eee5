import { startTestGateway, type TestGateway } from '../../support/test-gateway.ts';
import { startReceiver, type Receiver } from '../../webhooks/support/receiver.ts';
import { startProviderStub } from './provider-stub.ts';
import { startSmtpSink } from './smtp-sink.ts';

export interface PersonRow {
  email: string;
  first_name: string | null;
  company: string;
  linkedin: string;
  notes: string;
}

export const person = (i: number, extra: Partial<PersonRow> = {}): PersonRow => ({
  email: `person${i}@example.org`,
  first_name: `First${i}`,
  company: `Company ${i}`,
  linkedin: `https://www.linkedin.com/in/person-${i}`,
  notes: `PRIVATE-NOTE-${i}-do-not-leak`,
  ...extra,
});

/** A gateway with an SMTP sink, a LinkedIn provider stub, a verifying webhook receiver and a people table. */
export async function startSequenceHarness(opts: { env?: Record<string, string>; parse?: boolean; webhooks?: boolean } = {}) {
  const gw: TestGateway = await startTestGateway({ env: opts.env });
  const sink = await startSmtpSink({ parse: opts.parse });
  const linkedin = await startProviderStub();
  let receiver: Receiver | null = null;
  if (opts.webhooks !== false) {
    receiver = await startReceiver();
    const hook = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['sequence.*'] });
    if (hook.status !== 201) throw new Error(`webhook endpoint: ${hook.status} ${JSON.stringify(hook.body)}`);
    receiver.setSecrets([hook.body.secret]);
  }
  const email = await gw.api.post('/api/v2/senders', {
    channel: 'email',
    name: 'Sales mailbox',
    displayName: 'Ada Sales',
    email: 'ada@sales.example.com',
    smtp: { host: '127.0.0.1', port: sink.port, secure: false, auth: { user: 'ada', pass: 'smtp-password-123' } },
  });
  if (email.status !== 201) throw new Error(`email sender: ${email.status} ${JSON.stringify(email.body)}`);
  const li = await gw.api.post('/api/v2/senders', {
    channel: 'linkedin',
    name: 'Ada on LinkedIn',
    displayName: 'Ada Sales',
    linkedinSlug: 'ada-sales',
    http: { url: linkedin.url },
  });
  if (li.status !== 201) throw new Error(`linkedin sender: ${li.status} ${JSON.stringify(li.body)}`);
  linkedin.setSecret(li.body.secret);
  const table = await gw.api.post('/api/v2/tables', {
    name: 'People',
    columns: ['email', 'first_name', 'company', 'linkedin', 'notes'].map((slug) => ({ name: slug, slug, kind: 'input' })),
  });
  if (table.status !== 201) throw new Error(`table: ${table.status} ${JSON.stringify(table.body)}`);
  const tableId: string = table.body.id;

  async function addRows(rows: PersonRow[]) {
    for (let i = 0; i < rows.length; i += 100) {
      const res = await gw.api.post(`/api/v2/tables/${tableId}/rows/upsert`, { rows: rows.slice(i, i + 100), matchColumns: ['email'], enrich: false });
      if (res.status >= 300) throw new Error(`upsert: ${res.status} ${JSON.stringify(res.body)}`);
    }
    const ids: Record<string, string> = {};
    let cursor: string | null = null;
    do {
      const page = await gw.api.get(`/api/v2/tables/${tableId}/rows?cells=flat&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      for (const r of page.body.items) ids[r.email] = r.id;
      cursor = page.body.nextCursor;
    } while (cursor);
    return ids;
  }

  return {
    gw,
    sink,
    linkedin,
    receiver,
    tableId,
    addRows,
    senders: { email: email.body.id as string, linkedin: li.body.id as string },
    async close() {
      await gw.gateway.services.sequenceSendLoop.close();
      await gw.close();
      await Promise.all([sink.close(), linkedin.close(), receiver?.close()]);
    },
  };
}

export type SequenceHarness = Awaited<ReturnType<typeof startSequenceHarness>>;

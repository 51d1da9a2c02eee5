import { ApiRefusal, NotProducible, type TriggerApi } from './trigger-api.ts';
import type { Produced } from './trigger-scenarios.ts';

// The sequence events: a one-row table, a campaign sent through sink senders (which accept
// every message and send nothing), and the reply or acceptance posted to an inbound trigger
// of the organization, exactly as a mail provider or LinkedIn tool would post it.

const SINK_EMAIL = 'sink@og-gateway-trigger.invalid';
const SINK_SLUG = 'og-gateway-trigger-sink';

async function sinkSender(api: TriggerApi, channel: 'email' | 'linkedin'): Promise<string> {
  const name = `og-gateway trigger sink (${channel})`;
  let cursor: string | null = null;
  for (let page = 0; page < 20; page++) {
    const list: { items: { id: string; name: string; transport: string; channel: string }[]; nextCursor: string | null } = await api.must(
      'GET',
      `/api/v2/senders?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    const found = list.items.find((s) => s.name === name && s.transport === 'sink' && s.channel === channel);
    if (found) return found.id;
    cursor = list.nextCursor;
    if (!cursor) break;
  }
  const identity = channel === 'email' ? { email: SINK_EMAIL } : { linkedinSlug: SINK_SLUG };
  try {
    const created = await api.must('POST', '/api/v2/senders', { channel, name, displayName: 'og-gateway trigger', ...identity, sink: {} });
    return created.id as string;
  } catch (err) {
    if (err instanceof ApiRefusal && err.answer.status === 400) {
      throw new NotProducible(
        `the gateway refused a sink sender (${err.message}); set OG_SINK_SENDERS=true on a development gateway, or keep it listening on loopback where sink senders are allowed by default`,
      );
    }
    throw err;
  }
}

export interface SentSequence {
  ids: Record<string, string>;
  email: string;
  linkedin: string;
  sequenceId: string;
}

/** A table with one person and a launched one-step campaign; resolves once the step is sent. */
export async function sendOneStep(api: TriggerApi, tag: string, step: 'email' | 'connect_request'): Promise<SentSequence> {
  const senders = { email: await sinkSender(api, 'email'), linkedin: await sinkSender(api, 'linkedin') };
  const table = await api.must('POST', '/api/v2/tables', {
    name: `og-gateway trigger ${tag}`,
    columns: ['email', 'first_name', 'company', 'linkedin'].map((slug) => ({ name: slug, slug, kind: 'input' })),
  });
  const email = `ada.${tag}@example.com`;
  const linkedin = `https://www.linkedin.com/in/ada-${tag}`;
  await api.must('POST', `/api/v2/tables/${table.id}/rows/upsert`, {
    rows: [{ email, first_name: 'Ada', company: 'Analytical Engines', linkedin }],
    matchColumns: ['email'],
    enrich: false,
  });
  const steps =
    step === 'email'
      ? [{ channel: 'email', subject: 'Hello {{first_name}}', body: 'Hi {{first_name}}, a note for {{company}}.', delaySeconds: 0 }]
      : [{ channel: 'linkedin', kind: 'connect_request', body: 'Hi {{first_name}}, let us connect.', delaySeconds: 0 }];
  const campaign = await api.must('POST', `/api/v2/tables/${table.id}/campaigns`, {
    name: `og-gateway trigger ${tag}`,
    senders,
    recipientColumn: 'email',
    recipientColumns: { linkedin: 'linkedin' },
    steps,
  });
  const campaignId = (campaign.campaign?.id ?? campaign.id) as string;
  await api.must('POST', `/api/v2/campaigns/${campaignId}/launch`);
  const seqs = await api.must('GET', `/api/v2/tables/${table.id}/sequences?limit=10`);
  const sequenceId = seqs.items?.[0]?.id as string | undefined;
  if (!sequenceId) throw new Error('the campaign drafted no sequence');
  return { ids: { table: table.id, campaign: campaignId, sequence: sequenceId }, email, linkedin, sequenceId };
}

export async function waitForSent(api: TriggerApi, sequenceId: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const seq = await api.must('GET', `/api/v2/sequences/${sequenceId}`);
    const s = seq.steps?.[0];
    if (s?.status === 'sent') return;
    if (s?.status === 'failed' || s?.status === 'cancelled') throw new Error(`the step ended ${s.status}${s.failureReason ? `: ${s.failureReason}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the step was not sent in time');
}

type OnExit = (undo: () => Promise<unknown>) => void;

/** A new inbound trigger; disabled on the way out (its URL would otherwise stay live). */
async function inboundTrigger(api: TriggerApi, action: string, tag: string, onExit: OnExit) {
  const created = await api.must('POST', '/api/v2/triggers', { name: `og-gateway trigger ${action} ${tag}`, action });
  onExit(() => api.call('PATCH', `/api/v2/triggers/${created.id}`, { enabled: false }));
  return { id: created.id as string, url: created.url as string };
}

async function postToTrigger(api: TriggerApi, trigger: { id: string; url: string }, body: unknown): Promise<string> {
  const answer = await api.postHook(trigger.url, body);
  if (answer.status !== 202) throw new Error(`the trigger URL answered ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.id as string;
}

export async function messageSent(api: TriggerApi, tag: string): Promise<Produced> {
  const sent = await sendOneStep(api, tag, 'email');
  return { ids: sent.ids, note: 'one email sent through a sink sender', match: (d) => d.sequence_id === sent.sequenceId };
}

export async function connectionRequested(api: TriggerApi, tag: string): Promise<Produced> {
  const sent = await sendOneStep(api, tag, 'connect_request');
  return { ids: sent.ids, note: 'one LinkedIn invitation sent through a sink sender', match: (d) => d.sequence_id === sent.sequenceId };
}

export async function replyReceived(api: TriggerApi, tag: string, deadline: number, onExit: OnExit): Promise<Produced> {
  const sent = await sendOneStep(api, tag, 'email');
  await waitForSent(api, sent.sequenceId, deadline);
  const trigger = await inboundTrigger(api, 'sequence.reply', tag, onExit);
  const eventId = await postToTrigger(api, trigger, {
    from: `Ada <${sent.email}>`,
    to: SINK_EMAIL,
    subject: 'Re: Hello Ada',
    text: 'Sounds good, let us talk on Tuesday.',
    receivedAt: new Date().toISOString(),
  });
  return {
    ids: { ...sent.ids, trigger: trigger.id, triggerEvent: eventId },
    note: 'an email sent through a sink sender, answered through a sequence.reply trigger',
    match: (d) => d.sequence_id === sent.sequenceId,
  };
}

export async function connectionAccepted(api: TriggerApi, tag: string, deadline: number, onExit: OnExit): Promise<Produced> {
  const sent = await sendOneStep(api, tag, 'connect_request');
  await waitForSent(api, sent.sequenceId, deadline);
  const trigger = await inboundTrigger(api, 'sequence.connection.accepted', tag, onExit);
  const eventId = await postToTrigger(api, trigger, { from: sent.linkedin, sequenceId: sent.sequenceId, acceptedAt: new Date().toISOString() });
  return {
    ids: { ...sent.ids, trigger: trigger.id, triggerEvent: eventId },
    note: 'a LinkedIn invitation sent through a sink sender, accepted through a sequence.connection.accepted trigger',
    match: (d) => d.sequence_id === sent.sequenceId,
  };
}

export { inboundTrigger, postToTrigger };

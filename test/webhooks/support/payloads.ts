import { randomUUID } from 'node:crypto';
import type { EventType } from '../../../src/events/event-types.ts';

// Example `data` for each event type, shaped like the published webhooks document.
const target = () => ({
  table_id: randomUUID(),
  row_id: randomUUID(),
  column_id: randomUUID(),
  email: 'ada@example.com',
  linkedin_urn: null,
  linkedin_slug: null,
});
const sender = { email: 'sales@example.com', linkedin_slug: null, display_name: 'Sales' };
const now = () => new Date().toISOString();

export const exampleData: Record<EventType, () => Record<string, unknown>> = {
  'sequence.message.sent': () => ({
    channel: 'email',
    sequence_id: randomUUID(),
    step_index: 0,
    message_id: randomUUID(),
    outreach_target: target(),
    sender,
    message: { subject: 'Hi', body: 'Hello', body_truncated: false, provider_id: 'p1', thread_id: null, rfc_message_id: null },
    sent_at: now(),
  }),
  'sequence.reply.received': () => ({
    channel: 'email',
    sequence_id: randomUUID(),
    newly_stopped: true,
    outreach_target: target(),
    sender,
    reply_message: { subject: 'Re: Hi', body: 'Thanks', body_truncated: false, received_at: now(), thread_id: null, provider_id: null },
  }),
  'sequence.connection.requested': () => ({
    channel: 'linkedin',
    sequence_id: randomUUID(),
    step_index: 0,
    message_id: randomUUID(),
    outreach_target: target(),
    sender,
    message: { subject: null, body: '', body_truncated: false, provider_id: null, thread_id: null, rfc_message_id: null },
    sent_at: now(),
  }),
  'sequence.connection.accepted': () => ({
    channel: 'linkedin',
    sequence_id: randomUUID(),
    step_index: 1,
    original_message_id: randomUUID(),
    outreach_target: target(),
    sender,
    requested_at: now(),
    connected_at: now(),
  }),
  'table.run.completed': () => ({
    run_id: randomUUID(),
    table_id: randomUUID(),
    workspace_id: randomUUID(),
    organization_id: randomUUID(),
    source: 'api',
    status: 'complete',
    failure_reason: null,
    created_at: now(),
    completed_at: now(),
    counts: { complete: 3, errored: 0, cancelled: 0 },
  }),
  'agent.run.completed': () => ({ agent_id: randomUUID(), run_id: `v2_run-${randomUUID()}`, status: 'completed', completed_at: now() }),
  'trigger.received': () => ({ object: 'trigger_event', id: randomUUID(), triggerId: randomUUID(), triggerName: 't', receivedAt: now(), body: { a: 1 } }),
  'webhook.test': () => ({ triggered_by: 'dashboard', triggered_at: now(), message: 'hi' }),
  'webhook.endpoint.disabled': () => ({ endpoint_id: randomUUID(), reason: 'gone', message: 'the endpoint answered 410 Gone', disabled_at: now() }),
};

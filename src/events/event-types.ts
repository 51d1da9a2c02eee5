// The outbound event catalog. openapi.yaml's `webhooks:` section has one
// entry per name here; a test keeps the two in step.
export const EVENT_TYPES = [
  'sequence.message.sent',
  'sequence.reply.received',
  'sequence.connection.requested',
  'sequence.connection.accepted',
  'table.run.completed',
  'agent.run.completed',
  'trigger.received',
  'webhook.test',
  // Operational: the gateway disabled an endpoint (410 Gone, or too many failures).
  'webhook.endpoint.disabled',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export const EVENT_WILDCARDS = ['*', 'sequence.*', 'sequence.connection.*', 'table.*', 'agent.*', 'trigger.*', 'webhook.*'] as const;

/**
 * Whether a subscription (exact names and wildcards) covers an event type. An empty list
 * subscribes to every event, like `["*"]` (the convention receivers coming from other
 * webhook providers expect).
 */
export function subscriptionMatches(subscribed: readonly string[], type: string): boolean {
  if (subscribed.length === 0) return true;
  return subscribed.some((s) => s === type || s === '*' || (s.endsWith('.*') && type.startsWith(s.slice(0, -1))));
}

// The outbound event catalog (contract §3). openapi.yaml's `webhooks:` section has one
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
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export const EVENT_WILDCARDS = ['*', 'sequence.*', 'sequence.connection.*', 'table.*', 'agent.*', 'trigger.*'] as const;

/** Whether a subscription (exact names and wildcards) covers an event type. */
export function subscriptionMatches(subscribed: readonly string[], type: string): boolean {
  // An empty list subscribes to every event, like ['*'] (what other providers' clients send).
  if (subscribed.length === 0) return true;
  return subscribed.some((s) => s === type || s === '*' || (s.endsWith('.*') && type.startsWith(s.slice(0, -1))));
}

import { describe, expect, it } from 'vitest';
import { subscriptionMatches } from './event-types.ts';

describe('subscriptionMatches', () => {
  it('treats an empty subscription as every event, like ["*"]', () => {
    for (const type of ['table.run.completed', 'sequence.message.sent', 'trigger.received']) {
      expect(subscriptionMatches([], type)).toBe(true);
      expect(subscriptionMatches(['*'], type)).toBe(true);
    }
  });

  it('matches exact names and prefix wildcards only', () => {
    expect(subscriptionMatches(['table.*'], 'table.run.completed')).toBe(true);
    expect(subscriptionMatches(['table.*'], 'sequence.message.sent')).toBe(false);
    expect(subscriptionMatches(['sequence.connection.*'], 'sequence.message.sent')).toBe(false);
    expect(subscriptionMatches(['sequence.reply.received'], 'sequence.reply.received')).toBe(true);
  });
});

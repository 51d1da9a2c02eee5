import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createIdGenerator } from '../../src/domain/shared/ids.ts';
import type { DeliveryRecord } from '../../src/domain/webhooks/types.ts';
import { waitingDelivery } from '../../src/webhooks/memory-ports.ts';
import { createWebhookDeliveriesRepo } from '../../src/storage/repositories/webhook-deliveries-repo.ts';
import { startTestGateway } from '../support/test-gateway.ts';
import { defaultOrgId } from './support/emit.ts';
import { startReceiver } from './support/receiver.ts';

const CHAIN = 20;
const ids = createIdGenerator();

describe('an ordered chain a dead process left', () => {
  it('moves at the receiver’s pace once one kick claims its head, not one delivery per recovery pass', async () => {
    const receiver = await startReceiver();
    // Recovery passes far apart: only the kick below and the deliveries' own wake-ups move the chain.
    const gw = await startTestGateway({ env: { OG_WEBHOOK_SWEEP_MS: '600000' } });
    try {
      const { body: endpoint } = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'] });
      const orgId = await defaultOrgId(gw);
      const orderingKey = `trigger:${randomUUID()}`;
      // What a process that linked its chain in memory leaves when it dies: waiters, none of
      // them flagged (a link stood in for the flag), their predecessor already delivered.
      const now = new Date();
      const eventIds = Array.from({ length: CHAIN }, () => ids.uuid()).sort();
      const waiters: DeliveryRecord[] = eventIds.map((eventId) =>
        waitingDelivery(
          eventId,
          {
            id: ids.uuid(),
            orgId,
            endpointId: endpoint.id,
            orderingKey,
            body: JSON.stringify({ type: 'trigger.received', timestamp: now.toISOString(), data: { eventId } }),
          },
          now,
        ),
      );
      await createWebhookDeliveriesRepo(gw.db).insertMany(waiters);

      // One recovery pass's kick of the chain.
      await gw.gateway.services.webhooks.dispatcher.kickNext(orgId, endpoint.id, orderingKey);
      await receiver.until(() => receiver.received.length >= CHAIN, 15_000);
      expect(receiver.received.map((r) => r.id)).toEqual(eventIds);
    } finally {
      await gw.close();
      await receiver.close();
    }
  });
});

import { randomUUID } from 'node:crypto';
import type { TestGateway } from '../../support/test-gateway.ts';

/** Records a `trigger.received` event the way an `event` trigger does (valid against the spec). */
export function emitTriggerEvent(gw: TestGateway, orgId: string, orderingKey = `trigger:${randomUUID()}`, body: unknown = { hello: 'world' }) {
  return gw.gateway.services.outbox.record({
    type: 'trigger.received',
    orgId,
    orderingKey,
    data: { object: 'trigger_event', id: randomUUID(), triggerId: randomUUID(), triggerName: 'test', receivedAt: new Date().toISOString(), body },
  });
}

export async function defaultOrgId(gw: TestGateway): Promise<string> {
  return (await gw.gateway.services.organizations.ensure('default')).id;
}

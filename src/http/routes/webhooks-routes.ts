import type { DeliveryService } from '../../domain/webhooks/delivery-service.ts';
import type { EndpointService } from '../../domain/webhooks/endpoint-service.ts';
import { accepted, created, listEnvelope, ok, type HandlerMap } from '../handler-types.ts';

export function webhookRoutes(deps: { endpoints: EndpointService; deliveries: DeliveryService }): HandlerMap {
  const { endpoints, deliveries } = deps;
  return {
    listWebhookEndpoints: async ({ auth, query, path }) =>
      ok(listEnvelope(path, await endpoints.list(auth.orgId, { limit: query.limit ?? 50, cursor: query.cursor }))),
    createWebhookEndpoint: async ({ auth, body }) => created(await endpoints.create(auth.orgId, body)),
    getWebhookEndpoint: async ({ auth, params }) => ok(await endpoints.get(auth.orgId, params.webhookId)),
    updateWebhookEndpoint: async ({ auth, params, body }) => ok(await endpoints.update(auth.orgId, params.webhookId, body)),
    deleteWebhookEndpoint: async ({ auth, params }) => ok(await endpoints.remove(auth.orgId, params.webhookId)),
    rotateWebhookSecret: async ({ auth, params, body }) => ok(await endpoints.rotateSecret(auth.orgId, params.webhookId, body ?? undefined)),
    testWebhookEndpoint: async ({ auth, params }) => accepted(await endpoints.sendTest(auth.orgId, params.webhookId)),
    listWebhookEndpointDeliveries: async ({ auth, params, query, path }) =>
      ok(
        listEnvelope(
          path,
          await deliveries.list(
            auth.orgId,
            params.webhookId,
            { eventType: query.eventType, status: query.status, createdAfter: query.createdAfter, createdBefore: query.createdBefore },
            { limit: query.limit ?? 50, cursor: query.cursor },
          ),
        ),
      ),
    listWebhookDeliveries: async ({ auth, query, path }) =>
      ok(
        listEnvelope(
          path,
          await deliveries.listAll(
            auth.orgId,
            {
              endpointId: query.endpointId,
              eventId: query.eventId,
              eventType: query.eventType,
              status: query.status,
              createdAfter: query.createdAfter,
              createdBefore: query.createdBefore,
            },
            { limit: query.limit ?? 50, cursor: query.cursor },
          ),
        ),
      ),
    getWebhookDelivery: async ({ auth, params }) => ok(await deliveries.get(auth.orgId, params.deliveryId)),
    redeliverWebhookDelivery: async ({ auth, params }) => accepted(await deliveries.redeliver(auth.orgId, params.deliveryId)),
    recoverWebhookDeliveries: async ({ auth, params, body }) => accepted(await deliveries.recover(auth.orgId, params.webhookId, body)),
    getWebhookRecovery: async ({ auth, params }) => ok(await deliveries.getRecovery(auth.orgId, params.webhookId, params.recoveryId)),
  };
}

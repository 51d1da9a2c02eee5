import type { HandlerMap } from '../handler-types.ts';
import type { GatewayServices } from '../../gateway/composition-root.ts';
import { apiKeyRoutes } from './api-keys-routes.ts';
import { agentWorkerRoutes } from './agent-workers-routes.ts';
import { agentRoutes } from './agents-routes.ts';
import { enrichmentRunRoutes } from './enrichment-runs-routes.ts';
import { operationsRoutes } from './operations-routes.ts';
import { rowRoutes } from './rows-routes.ts';
import { campaignRoutes } from './campaigns-routes.ts';
import { senderRoutes } from './senders-routes.ts';
import { sequenceRoutes } from './sequences-routes.ts';
import { tableRoutes } from './tables-routes.ts';
import { tableRunRoutes } from './table-runs-routes.ts';
import { triggerRoutes } from './triggers-routes.ts';
import { webhookRoutes } from './webhooks-routes.ts';
import { eventRoutes } from './events-routes.ts';
import { consoleRoutes } from './console-routes.ts';

/** The one place where every resource's routes are merged. */
export function allRoutes(services: GatewayServices): HandlerMap {
  return {
    ...operationsRoutes({ readiness: services.readiness, metrics: services.metrics }),
    ...apiKeyRoutes({ apiKeys: services.apiKeys }),
    ...triggerRoutes({ triggers: services.triggers }),
    ...webhookRoutes({ endpoints: services.webhooks.endpoints, deliveries: services.webhooks.deliveries }),
    ...agentRoutes({ agents: services.agents, agentCallbacks: services.agentCallbacks }),
    ...agentWorkerRoutes({ agentWorkers: services.agentWorkers }),
    ...tableRoutes({ tables: services.tables, agents: services.agents }),
    ...rowRoutes({ rows: services.rows, upsertRows: services.upsertRows, cellRunCancellation: services.cellRunCancellation }),
    ...enrichmentRunRoutes({ enrichmentRuns: services.enrichmentRuns }),
    ...tableRunRoutes({ tableRunReads: services.tableRunReads }),
    ...senderRoutes({ senders: services.senders }),
    ...sequenceRoutes({ sequences: services.sequences, campaigns: services.campaigns }),
    ...campaignRoutes({ campaigns: services.campaigns }),
    ...eventRoutes({ events: services.events, streams: services.eventStreams }),
    ...consoleRoutes({ organizations: services.organizations, portalSessions: services.portalSessions, deliveryStats: services.deliveryStats }),
  };
}

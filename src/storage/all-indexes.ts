import { eventIndexes } from '../events/events-repo.ts';
import { eventSequenceIndexes } from '../events/event-sequence.ts';
import type { CollectionIndexes } from './indexes.ts';
import { apiKeyIndexes } from './repositories/api-keys-repo.ts';
import { agentRunIndexes } from './repositories/agent-runs-repo.ts';
import { agentRunSlotIndexes, agentWorkerIndexes } from './repositories/agent-workers-repo.ts';
import { agentIndexes } from './repositories/agents-repo.ts';
import { idempotencyIndexes } from './repositories/idempotency-repo.ts';
import { organizationIndexes } from './repositories/organizations-repo.ts';
import { portalSessionIndexes } from './repositories/portal-sessions-repo.ts';
import { rateLimitIndexes } from './repositories/rate-limit-repo.ts';
import { webhookDeliveryIndexes } from './repositories/webhook-deliveries-repo.ts';
import { webhookEndpointIndexes } from './repositories/webhook-endpoints-repo.ts';
import { webhookRecoveryIndexes } from './repositories/webhook-recoveries-repo.ts';
import { triggerEventIndexes } from './repositories/trigger-events-repo.ts';
import { triggerIndexes } from './repositories/triggers-repo.ts';
import { cellRunIndexes } from './repositories/cell-runs-repo.ts';
import { enrichmentRunIndexes } from './repositories/enrichment-runs-repo.ts';
import { rowIndexes } from './repositories/rows-repo.ts';
import { tableRunIndexes } from './repositories/table-runs-repo.ts';
import { tableIndexes } from './repositories/tables-repo.ts';
import { campaignIndexes } from './repositories/campaigns-repo.ts';
import { replyIndexes } from './repositories/replies-repo.ts';
import { senderIndexes } from './repositories/senders-repo.ts';
import { sequenceIndexes } from './repositories/sequences-repo.ts';

/** Every collection's indexes, created (idempotently) at boot by each process. */
export const allIndexes: CollectionIndexes[] = [
  organizationIndexes,
  apiKeyIndexes,
  idempotencyIndexes,
  rateLimitIndexes,
  eventIndexes,
  webhookEndpointIndexes,
  webhookDeliveryIndexes,
  webhookRecoveryIndexes,
  agentWorkerIndexes,
  agentRunSlotIndexes,
  agentIndexes,
  agentRunIndexes,
  triggerIndexes,
  triggerEventIndexes,
  tableIndexes,
  rowIndexes,
  enrichmentRunIndexes,
  tableRunIndexes,
  cellRunIndexes,
  senderIndexes,
  campaignIndexes,
  sequenceIndexes,
  replyIndexes,
  eventSequenceIndexes,
  portalSessionIndexes,
];

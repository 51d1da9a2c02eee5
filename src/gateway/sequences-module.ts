import type { ModuleDeps } from './module-deps.ts';
import type { AgentService } from '../domain/agents/agent-service.ts';
import { createAbandonedDraftSweep } from '../domain/campaigns/abandoned-drafts.ts';
import { createAgentDrafting } from '../domain/campaigns/agent-drafting.ts';
import { createCampaignTableAccess } from '../domain/campaigns/campaign-table-access.ts';
import { createCampaignService } from '../domain/campaigns/campaign-service.ts';
import { createSenderService, type SenderService } from '../domain/senders/sender-service.ts';
import type { Logger } from 'pino';
import { createHttpProvider } from '../domain/sequences/providers/http-provider.ts';
import { createSinkProvider } from '../domain/sequences/providers/sink-provider.ts';
import { createSmtpProvider } from '../domain/sequences/providers/smtp-provider.ts';
import { createSendLoop } from '../domain/sequences/send-loop.ts';
import { createSequenceService } from '../domain/sequences/sequence-service.ts';
import { createReplyMatching } from '../domain/sequences/reply-handler.ts';
import { defineAbandonedDraftsJob } from '../jobs/abandoned-drafts-job.ts';
import { defineSequenceDispatchJob } from '../jobs/sequence-dispatch-job.ts';
import { createCampaignsRepo } from '../storage/repositories/campaigns-repo.ts';
import { createRepliesRepo } from '../storage/repositories/replies-repo.ts';
import { createRowsRepo } from '../storage/repositories/rows-repo.ts';
import { createSendersRepo } from '../storage/repositories/senders-repo.ts';
import { createSequencesRepo } from '../storage/repositories/sequences-repo.ts';
import { createTablesRepo } from '../storage/repositories/tables-repo.ts';
import type { OutboundClient } from '../outbound/http-client.ts';

// Retry delays of a failed send when OG_RETRY_SCHEDULE is unset.
const DEFAULT_SEND_RETRY_SECONDS = [60, 300, 1800, 7200];
// How often drafts that failed and were never retried are swept (they wait 25 h first).
const ABANDONED_DRAFTS_EVERY_MS = 60 * 60_000;

/** The sending pipeline: due steps go out through the sender's provider (SMTP, HTTP or the sink). */
function createSendingPipeline(
  deps: ModuleDeps & { outbound: OutboundClient },
  own: { store: ReturnType<typeof createSequencesRepo>; senders: SenderService; logger: Logger },
) {
  const SEND_TIMEOUT_MS = deps.config.sequenceSendTimeoutMs;
  const { store, senders, logger } = own;
  return createSendLoop({
    store,
    findSender: senders.findActive,
    providers: {
      smtp: createSmtpProvider({
        allowPrivateNetwork: deps.config.allowPrivateNetwork,
        timeoutMs: SEND_TIMEOUT_MS,
        maxConnectionsPerSender: 32,
        lookup: deps.hostLookup,
      }),
      http: createHttpProvider({
        client: deps.outbound,
        clock: deps.clock,
        timeoutMs: SEND_TIMEOUT_MS,
      }),
      sink: createSinkProvider(),
    },
    outbox: deps.outbox,
    clock: deps.clock,
    logger,
    // OG_RETRY_SCHEDULE's first slot is the immediate attempt; the rest are retry delays.
    retryScheduleSeconds: deps.config.retryScheduleSeconds?.slice(1) ?? DEFAULT_SEND_RETRY_SECONDS,
    leaseMs: 4 * SEND_TIMEOUT_MS,
    concurrency: 128,
  });
}

/** Senders, campaigns, sequences, the sending pipeline (started and stopped here) and reply matching. */
/** The hourly sweep of campaign drafts that failed and were never retried. */
function abandonedDraftsJob(deps: ModuleDeps, stores: Omit<Parameters<typeof createAbandonedDraftSweep>[0], 'clock'>, logger: Logger) {
  const abandonedDrafts = createAbandonedDraftSweep({ ...stores, clock: deps.clock }, { storeTimeoutMs: deps.config.storeTimeoutMs });
  return defineAbandonedDraftsJob(deps.scheduler.agenda, { sweep: abandonedDrafts.sweep, logger, intervalMs: ABANDONED_DRAFTS_EVERY_MS });
}

/** Replies matched to the sequences they answer (the triggers' `sequence.reply` action). */
function replyMatching(deps: ModuleDeps, store: ReturnType<typeof createSequencesRepo>, findSender: ReturnType<typeof createSenderService>['findActive']) {
  return createReplyMatching({
    sequences: store,
    replies: createRepliesRepo(deps.db, deps.outbox),
    findSender,
    outbox: deps.outbox,
    ids: deps.ids,
    clock: deps.clock,
  });
}

export function createSequencesModule(
  deps: ModuleDeps & {
    /** Campaign drafting from `{ instructions }` runs as an agent run; workspaces are the agents module's. */
    agents: Pick<AgentService, 'createAgentAndRun' | 'sendRun' | 'get' | 'tableIdsInWorkspace'>;
    /** HTTP senders call out through it. */
    outbound: OutboundClient;
  },
) {
  const logger = deps.logger.child({ area: 'sequences' });
  const senders = createSenderService({
    store: createSendersRepo(deps.db, { secrets: deps.secrets }),
    ids: deps.ids,
    clock: deps.clock,
    allowPrivateNetwork: deps.config.allowPrivateNetwork,
    allowSinkSenders: deps.config.sinkSenders,
  });
  const store = createSequencesRepo(deps.db, deps.outbox);
  const campaignsStore = createCampaignsRepo(deps.db);
  const tablesStore = createTablesRepo(deps.db, { secrets: deps.secrets });
  const tables = createCampaignTableAccess({
    tables: tablesStore,
    rows: createRowsRepo(deps.db),
    ids: deps.ids,
    clock: deps.clock,
  });

  const sendLoop = createSendingPipeline(deps, { store, senders, logger });
  // The job and launch kicks share one in-process pass, so a process never races itself.
  const job = defineSequenceDispatchJob(deps.scheduler.agenda, () => sendLoop.kick(), 1_000);

  const campaigns = createCampaignService({
    campaigns: campaignsStore,
    sequences: store,
    tables,
    findSender: senders.findActive,
    ids: deps.ids,
    clock: deps.clock,
    agentDrafting: createAgentDrafting({ agents: deps.agents, senders }),
    onActivated() {
      job.ensureScheduled().catch((err) => logger.error({ err }, 'could not schedule the sequence dispatch job'));
      void sendLoop.kick();
    },
  });
  const sweepJob = abandonedDraftsJob(deps, { sequences: store, campaigns: campaignsStore, tables: tablesStore, linkSequences: tables.linkSequences }, logger);
  const sequences = createSequenceService({
    store,
    clock: deps.clock,
    baseUrl: deps.config.publicUrl,
    tableExists: async (orgId, tableId) => !!(await tables.getTable(orgId, tableId)),
    workspaceTables: (orgId, workspaceId) => deps.agents.tableIdsInWorkspace(orgId, workspaceId),
  });
  // For the triggers' `sequence.reply` action and any other inbound path.
  const replies = replyMatching(deps, store, senders.findActive);
  return {
    services: { senders, campaigns, sequences, sequenceSendLoop: sendLoop, ...replies },
    /** The recurring jobs: dispatch (due steps and expired leases are found after a restart) and the abandoned-draft sweep. */
    start: async () => {
      await job.ensureScheduled();
      await sweepJob.ensureScheduled();
    },
    stop: () => sendLoop.close(),
  };
}

export type SequenceServices = ReturnType<typeof createSequencesModule>['services'];

import type { AgentDrafting } from '../domain/campaigns/campaign-model.ts';
import type { ModuleDeps } from './module-deps.ts';
import { createCampaignService } from '../domain/campaigns/campaign-service.ts';
import { createSenderService } from '../domain/senders/sender-service.ts';
import { matchConnectionAccepted, matchReply, referencedSequences, type InboundReply, type ReplyDeps } from '../domain/sequences/match-reply.ts';
import { createHttpProvider } from '../domain/sequences/providers/http-provider.ts';
import { createSinkProvider } from '../domain/sequences/providers/sink-provider.ts';
import { createSmtpProvider } from '../domain/sequences/providers/smtp-provider.ts';
import { createSequenceDispatcher } from '../domain/sequences/sequence-dispatcher.ts';
import { createSequenceService } from '../domain/sequences/sequence-service.ts';
import { defineSequenceDispatchJob } from '../jobs/sequence-dispatch-job.ts';
import { createOutboundClient } from '../outbound/http-client.ts';
import { createCampaignsRepo } from '../storage/repositories/campaigns-repo.ts';
import { createRepliesRepo, REPLIES_COLLECTION } from '../storage/repositories/replies-repo.ts';
import { createRowsRepo } from '../storage/repositories/rows-repo.ts';
import { createSendersRepo } from '../storage/repositories/senders-repo.ts';
import { createSequencesRepo, SEQUENCES_COLLECTION } from '../storage/repositories/sequences-repo.ts';
import { createTablesRepo } from '../storage/repositories/tables-repo.ts';
import { createCampaignTableAccess } from './campaign-table-access.ts';

// Issue #6: senders, campaigns, sequences, the sending pipeline and reply matching.
const DEFAULT_SEND_RETRY_SECONDS = [60, 300, 1800, 7200];

export function createSequenceServices(
  deps: ModuleDeps & {
    /** Late-bound: the `{ instructions }` campaign form hands drafting to an agent run. */
    agentDrafting?: () => AgentDrafting | null;
    /** The table ids of the container a `workspaceId` names (the agents area owns them). */
    workspaceTables?: (orgId: string, workspaceId: string) => Promise<string[]>;
  },
) {
  const logger = deps.logger.child({ area: 'sequences' });
  const SEND_TIMEOUT_MS = deps.config.sequenceSendTimeoutMs;
  const senderStore = createSendersRepo(deps.db, { secrets: deps.secrets });
  const senders = createSenderService({
    store: senderStore,
    ids: deps.ids,
    clock: deps.clock,
    allowPrivateNetwork: deps.config.allowPrivateNetwork,
    allowSinkSenders: deps.config.sinkSenders,
  });
  const store = createSequencesRepo(deps.db, deps.outbox);
  const campaignsStore = createCampaignsRepo(deps.db);
  const tables = createCampaignTableAccess({
    tables: createTablesRepo(deps.db, { secrets: deps.secrets }),
    rows: createRowsRepo(deps.db),
    ids: deps.ids,
    clock: deps.clock,
  });
  deps.outbox.registerSource(SEQUENCES_COLLECTION);
  deps.outbox.registerSource(REPLIES_COLLECTION);

  const dispatcher = createSequenceDispatcher({
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
        client: createOutboundClient({ allowPrivateNetwork: deps.config.allowPrivateNetwork, lookup: deps.hostLookup }),
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
  // The job and launch kicks share one in-process pass, so a process never races itself.
  const job = defineSequenceDispatchJob(deps.scheduler.agenda, () => dispatcher.kick(), 1_000);

  const campaigns = createCampaignService({
    campaigns: campaignsStore,
    sequences: store,
    tables,
    findSender: senders.findActive,
    ids: deps.ids,
    clock: deps.clock,
    agentDrafting: deps.agentDrafting,
    onActivated() {
      job.ensureScheduled().catch((err) => logger.error({ err }, 'could not schedule the sequence dispatch job'));
      void dispatcher.kick();
    },
  });
  const sequences = createSequenceService({
    store,
    clock: deps.clock,
    baseUrl: deps.config.publicUrl,
    tableExists: async (orgId, tableId) => !!(await tables.getTable(orgId, tableId)),
    workspaceTables: deps.workspaceTables,
  });
  const replyDeps: ReplyDeps = {
    sequences: store,
    replies: createRepliesRepo(deps.db, deps.outbox),
    findSender: senders.findActive,
    outbox: deps.outbox,
    ids: deps.ids,
    clock: deps.clock,
  };

  return {
    senders,
    campaigns,
    sequences,
    sequenceDispatcher: dispatcher,
    /** Makes sure the recurring dispatch job exists (boot): due steps and expired leases are found after a restart. */
    ensureSequenceDispatch: () => job.ensureScheduled(),
    /** For the triggers' `sequence.reply` action and any other inbound path. */
    matchReply: (orgId: string, reply: InboundReply, opts?: { dedupeKey?: string }) => matchReply(replyDeps, orgId, reply, opts),
    matchConnectionAccepted: (orgId: string, input: Parameters<typeof matchConnectionAccepted>[2]) => matchConnectionAccepted(replyDeps, orgId, input),
    /** The shape the trigger module asks for (its `ReplyHandler`). */
    replyHandler: {
      referencedSequences: async (orgId: string, reply: InboundReply) =>
        ((await referencedSequences(replyDeps, orgId, reply))?.found ?? []).map((seq) => ({ id: seq.id, recipient: seq.recipient })),
      recordReply: async (orgId: string, reply: InboundReply, ctx: { sourceKey: string }) =>
        ({ ...(await matchReply(replyDeps, orgId, reply, { dedupeKey: ctx.sourceKey })) }) as Record<string, unknown>,
      recordConnectionAccepted: async (orgId: string, input: Record<string, unknown>) => {
        const str = (v: unknown) => (typeof v === 'string' ? v : null);
        return {
          ...(await matchConnectionAccepted(replyDeps, orgId, {
            from: str(input.from) ?? str(input.linkedinSlug) ?? str(input.linkedinUrn),
            sequenceId: str(input.sequenceId),
            messageId: str(input.messageId),
            acceptedAt: str(input.acceptedAt),
          })),
        } as Record<string, unknown>;
      },
    },
  };
}

export type SequenceServices = ReturnType<typeof createSequenceServices>;

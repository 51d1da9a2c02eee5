import type { CampaignService } from '../../domain/campaigns/campaign-service.ts';
import type { SequenceService } from '../../domain/sequences/sequence-service.ts';
import { listEnvelope, ok, type HandlerMap } from '../handler-types.ts';

export function sequenceRoutes(deps: { sequences: SequenceService; campaigns: CampaignService }): HandlerMap {
  return {
    listSequences: async ({ auth, query, path }) => ok(listEnvelope(path, await deps.sequences.list(auth.orgId, { ...query, limit: query.limit ?? 50 }))),
    listTableSequences: async ({ auth, params, query, path }) =>
      ok(listEnvelope(path, await deps.sequences.listForTable(auth.orgId, params.tableId, { ...query, limit: query.limit ?? 50 }))),
    // Deprecated alias of createTableCampaign: same bodies, same answers.
    createTableSequence: async ({ auth, params, body }) => deps.campaigns.create(auth.orgId, params.tableId, body),
    getSequence: async ({ auth, params }) => ok(await deps.sequences.get(auth.orgId, params.sequenceId)),
    stopSequence: async ({ auth, params, query }) => ok(await deps.sequences.stop(auth.orgId, params.sequenceId, { dryRun: query.dryRun ?? false })),
    deleteSequenceRest: async ({ auth, params, query }) =>
      ok(await deps.sequences.remove(auth.orgId, params.sequenceId, { force: query.force ?? false, dryRun: query.dryRun ?? false })),
    deleteSequence: async ({ auth, params, body }) =>
      ok(await deps.sequences.remove(auth.orgId, params.sequenceId, { force: body?.forceDeletionOfSentMessages ?? false, dryRun: body?.dryRun ?? false })),
  };
}

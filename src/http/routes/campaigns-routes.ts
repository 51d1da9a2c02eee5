import type { CampaignService } from '../../domain/campaigns/campaign-service.ts';
import { accepted, listEnvelope, ok, type HandlerMap } from '../handler-types.ts';

export function campaignRoutes(deps: { campaigns: CampaignService }): HandlerMap {
  const { campaigns } = deps;
  return {
    listTableCampaigns: async ({ auth, params, path }) => ok(listEnvelope(path, await campaigns.listForTable(auth.orgId, params.tableId))),
    createTableCampaign: async ({ auth, params, body }) => campaigns.create(auth.orgId, params.tableId, body),
    getCampaignById: async ({ auth, params }) => ok(await campaigns.get(auth.orgId, params.campaignId)),
    deleteCampaign: async ({ auth, params, query }) =>
      ok(await campaigns.remove(auth.orgId, params.campaignId, { confirm: query.confirm ?? false, dryRun: query.dryRun ?? false })),
    listCampaignPeople: async ({ auth, params, query, path }) => {
      const page = await campaigns.people(auth.orgId, params.campaignId, { ...query, limit: query.limit ?? 50 });
      return ok(listEnvelope(path, page, { total: page.total }));
    },
    listCampaignSequences: async ({ auth, params, query, path }) => {
      const page = await campaigns.people(auth.orgId, params.campaignId, { ...query, limit: query.limit ?? 50 });
      return ok(listEnvelope(path, page, { total: page.total }));
    },
    getCampaignStats: async ({ auth, params }) => ok(await campaigns.stats(auth.orgId, params.campaignId)),
    editCampaign: async ({ auth, params, body }) => accepted(await campaigns.requestEdit(auth.orgId, params.campaignId, body.instructions)),
    editCampaignSteps: async ({ auth, params, body }) => ok(await campaigns.editSteps(auth.orgId, params.campaignId, body.steps)),
    launchCampaign: async ({ auth, params, query }) => ok(await campaigns.launch(auth.orgId, params.campaignId, { dryRun: query.dryRun ?? false })),
    sendCampaign: async ({ auth, params, query }) => ok(await campaigns.launch(auth.orgId, params.campaignId, { dryRun: query.dryRun ?? false })),
    pauseCampaignById: async ({ auth, params, query }) => ok(await campaigns.pause(auth.orgId, params.campaignId, { dryRun: query.dryRun ?? false })),
    resumeCampaignById: async ({ auth, params, query }) => ok(await campaigns.resume(auth.orgId, params.campaignId, { dryRun: query.dryRun ?? false })),
  };
}

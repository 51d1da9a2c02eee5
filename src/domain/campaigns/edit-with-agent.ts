import { agentBusy, isApiError, noAgentWorker } from '../errors.ts';
import type { Clock } from '../shared/clock.ts';
import type { IdGenerator } from '../shared/ids.ts';
import type { SequenceStore } from '../sequences/sequence-model.ts';
import type { AgentDrafting, CampaignEditTaskInput, CampaignRecord, CampaignStore } from './campaign-model.ts';
import { stepStates } from './edit-steps.ts';

// The published `editCampaign`: the change request goes to the organization's agent
// worker as a `campaign.edit` run. Every campaign has one edit agent, created by its
// first edit, so a second request while a run is in flight is that agent's 409
// AGENT_BUSY rather than two workers rewriting the same copy at once.

export interface EditWithAgentDeps {
  campaigns: CampaignStore;
  sequences: SequenceStore;
  /** Absent when no agent can draft: the `{ instructions }` forms then answer that no worker is set up. */
  agentDrafting?: AgentDrafting;
  ids: IdGenerator;
  clock: Clock;
}

export async function requestEdit(deps: EditWithAgentDeps, c: CampaignRecord, instructions: string) {
  const agent = deps.agentDrafting ?? null;
  if (!agent) throw noAgentWorker();
  const seqs = await deps.sequences.listByCampaign(c.orgId, c.id);
  const task: CampaignEditTaskInput = {
    type: 'campaign.edit',
    campaignId: c.id,
    tableId: c.tableId,
    instructions,
    campaign: { name: c.name, status: c.status },
    steps: stepStates(c, seqs),
  };
  const prompt = `Edit the copy of campaign "${c.name}" (${c.id}) on table ${c.tableId}; only steps marked editable can change. ${instructions}`;
  const current = c.editAgentId ?? null;
  if (current) {
    try {
      return await agent.editWithAgent(c.orgId, { agentId: current, existing: true, task, prompt });
    } catch (err) {
      // Its agent was archived: the next edit starts a new one.
      if (!isApiError(err) || err.code !== 'AGENT_NOT_FOUND') throw err;
    }
  }
  const fresh = deps.ids.uuid();
  // Another request took the slot first: its run is the one in flight.
  if (!(await deps.campaigns.swapEditAgent(c.orgId, c.id, current, fresh))) throw agentBusy({ id: '', startedAt: deps.clock.now().toISOString() });
  try {
    return await agent.editWithAgent(c.orgId, { agentId: fresh, existing: false, task, prompt });
  } catch (err) {
    await deps.campaigns.swapEditAgent(c.orgId, c.id, fresh, current).catch(() => undefined);
    throw err;
  }
}

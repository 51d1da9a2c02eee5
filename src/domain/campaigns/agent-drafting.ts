import type { AgentService } from '../agents/agent-service.ts';
import type { SenderService } from '../senders/sender-service.ts';
import type { AgentDrafting } from './campaign-model.ts';

/**
 * Campaign drafting handed to an agent run: the `{ instructions }` form of a draft or an
 * edit starts a run whose task carries what the worker needs to answer it.
 */
export function createAgentDrafting(deps: {
  agents: Pick<AgentService, 'createAgentAndRun' | 'sendRun' | 'get'>;
  senders: Pick<SenderService, 'list'>;
}): AgentDrafting {
  return {
    async draftWithAgent(orgId, table, instructions) {
      const prompt = `Draft an outreach campaign on table "${table.name}" (${table.id}). ${instructions}`;
      // The run's key has read/write only and listing senders needs admin: the task carries them.
      const senders = (await deps.senders.list(orgId, { limit: 100 })).items.map((s) => ({
        id: s.id,
        channel: s.channel,
        name: s.name,
        displayName: s.displayName,
        email: s.email,
        linkedinSlug: s.linkedinSlug,
      }));
      const task = { type: 'campaign.draft' as const, tableId: table.id, instructions, senders };
      const started = await deps.agents.createAgentAndRun(orgId, { prompt, focusTableIds: [table.id], task });
      return { agent: started.agent, run: started.run, table: { object: 'table', id: table.id, name: table.name } };
    },
    async editWithAgent(orgId, { agentId, existing, task, prompt }) {
      const input = { prompt, focusTableIds: [task.tableId], task };
      if (!existing) {
        const started = await deps.agents.createAgentAndRun(orgId, { ...input, agentId, name: `Edits of ${task.campaign.name}`.slice(0, 60) });
        return { agent: started.agent, run: started.run };
      }
      const { run } = await deps.agents.sendRun(orgId, agentId, input);
      const { object, id, name, workspaceId, createdAt } = await deps.agents.get(orgId, agentId);
      return { agent: { object, id, name, workspaceId, createdAt }, run };
    },
  };
}

import { noAgentWorker, noSendingAccount, notFound } from '../errors.ts';
import type { Clock } from '../shared/clock.ts';
import type { SequenceRecord, SequenceStore } from '../sequences/sequence-model.ts';
import { isFinished, mutateSequence, stopSet } from '../sequences/sequence-mutations.ts';
import type { AgentDrafting, CampaignRecord, CampaignStore, CampaignTableAccess } from './campaign-model.ts';
import { toCampaignPerson, toCampaignSummary, toCampaignView } from './campaign-serializer.ts';
import { draftCampaign, type DraftDeps, type DraftInput } from './draft-campaign.ts';
import { editSteps, type StepEdit } from './edit-steps.ts';
import { requestEdit } from './edit-with-agent.ts';

export interface CampaignServiceDeps extends DraftDeps {
  campaigns: CampaignStore;
  sequences: SequenceStore;
  tables: CampaignTableAccess;
  clock: Clock;
  /** Wakes the sending pipeline after a launch or resume. */
  onActivated(): void;
  /** Absent when no agent can draft: the `{ instructions }` forms then answer that no worker is set up. */
  agentDrafting?: AgentDrafting;
}

/** The published CampaignTransition, or a dryRun report. */
export type Transition = Record<string, unknown>;

const campaignNotFound = () => notFound('CAMPAIGN_NOT_FOUND', 'No such campaign');

export function createCampaignService(deps: CampaignServiceDeps) {
  async function load(orgId: string, id: string) {
    const c = await deps.campaigns.findById(orgId, id);
    if (!c) throw campaignNotFound();
    return c;
  }

  async function missingChannels(orgId: string, c: CampaignRecord): Promise<string[]> {
    const missing: string[] = [];
    for (const channel of [...new Set(c.steps.map((s) => s.channel))]) {
      const id = c.senders[channel];
      if (!id || !(await deps.findSender(orgId, id))) missing.push(channel);
    }
    return missing;
  }

  async function gate(orgId: string, c: CampaignRecord) {
    const missing = await missingChannels(orgId, c);
    if (missing.length) {
      throw noSendingAccount(missing);
    }
  }

  /** draft → active: every draft sequence gets its first step scheduled. */
  async function activateDrafts(c: CampaignRecord, now: Date) {
    // A draft that stopped between storing the campaign and showing its sequences ends here.
    await deps.sequences.revealPending(c.orgId, c.id);
    const first = new Date(now.getTime() + c.steps[0].delaySeconds * 1000);
    const steps = c.steps.map((_, index) => ({ index, status: 'scheduled' as const, ...(index === 0 ? { scheduledAt: first } : {}) }));
    const scheduled = await deps.sequences.updateCampaignSequences(c.orgId, c.id, 'draft', {
      set: { status: 'active', nextDueAt: first, updatedAt: now },
      steps,
    });
    return { scheduled, firstScheduledAt: scheduled ? first.toISOString() : null };
  }

  async function launch(orgId: string, id: string, opts: { dryRun: boolean }): Promise<Transition> {
    const c = await load(orgId, id);
    await gate(orgId, c);
    if (opts.dryRun) return { dryRun: true as const, campaignId: id, wouldLaunch: true as const };
    const now = deps.clock.now();
    if (c.status === 'paused') return resume(orgId, id, opts);
    await deps.campaigns.transition(orgId, id, ['draft'], { status: 'active', launchedAt: now, updatedAt: now });
    // Idempotent: re-launching an active campaign schedules only drafts still waiting.
    const { scheduled, firstScheduledAt } = await activateDrafts(c, now);
    if (scheduled) deps.onActivated();
    return {
      object: 'campaign' as const,
      id,
      status: 'active' as const,
      launched: scheduled,
      launch: { scheduled, firstScheduledAt, missingRecipientCount: 0, duplicateActiveCancelledCount: 0, duplicatePriorCancelledCount: 0 },
    };
  }

  async function resume(orgId: string, id: string, opts: { dryRun: boolean }): Promise<Transition> {
    const c = await load(orgId, id);
    const missing = await missingChannels(orgId, c);
    if (opts.dryRun) return { dryRun: true as const, campaignId: id, wouldResume: c.status === 'paused' && missing.length === 0 };
    if (missing.length) await gate(orgId, c);
    if (c.status === 'draft') return launch(orgId, id, opts);
    const now = deps.clock.now();
    await deps.campaigns.transition(orgId, id, ['paused'], { status: 'active', pausedAt: null, updatedAt: now, ...(c.launchedAt ? {} : { launchedAt: now }) });
    const resumed = await deps.sequences.updateCampaignSequences(orgId, id, 'paused', { set: { status: 'active', updatedAt: now } });
    // A campaign paused before it was ever launched still has drafts: resuming launches them.
    const { scheduled } = await activateDrafts(c, now);
    if (resumed || scheduled) deps.onActivated();
    return {
      object: 'campaign' as const,
      id,
      status: 'active' as const,
      launched: resumed + scheduled,
      resume: { resumedSequences: resumed, noAccountSequences: 0, missingChannels: [] as string[] },
    };
  }

  async function pause(orgId: string, id: string, opts: { dryRun: boolean }) {
    const c = await load(orgId, id);
    if (opts.dryRun) return { dryRun: true as const, campaignId: id, wouldPause: c.status === 'active' };
    const now = deps.clock.now();
    const alreadyPaused = c.status === 'paused';
    if (!alreadyPaused) await deps.campaigns.transition(orgId, id, ['active', 'draft'], { status: 'paused', pausedAt: now, updatedAt: now });
    // Counted before the flip: what this pause holds back, and what is already on the wire.
    const live = (await deps.sequences.listByCampaign(orgId, id)).filter((s) => s.status === 'active');
    const stopped = await deps.sequences.updateCampaignSequences(orgId, id, 'active', { set: { status: 'paused', updatedAt: now } });
    const haltedSteps = live.reduce((n, s) => n + s.steps.filter((x) => x.status === 'scheduled').length, 0);
    const inFlightSending = live.filter((s) => s.steps.some((x) => x.status === 'sending')).length;
    return {
      object: 'campaign' as const,
      id,
      status: 'paused' as const,
      launched: 0,
      pause: { stoppedSequences: stopped, haltedSteps, inFlightSending, alreadyPaused },
    };
  }

  async function people(orgId: string, id: string, q: { limit: number; cursor?: string; search?: string; status?: string }) {
    await load(orgId, id);
    // `status` here is the published CSV of send-status buckets (draft, scheduled, sent, replied, …).
    const filter = {
      campaignId: id,
      search: q.search,
      sendStatus: q.status
        ? q.status
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : undefined,
    };
    const [page, total] = await Promise.all([deps.sequences.list(orgId, filter, q), deps.sequences.count(orgId, filter)]);
    return { items: page.items.map(toCampaignPerson), nextCursor: page.nextCursor, total };
  }

  async function stats(orgId: string, id: string) {
    const c = await load(orgId, id);
    const seqs = await deps.sequences.listByCampaign(orgId, id);
    const sent = (s: SequenceRecord) => s.steps.some((x) => x.status === 'sent');
    const connectSent = seqs.filter((s) => s.steps.some((x) => x.kind === 'connect_request' && x.status === 'sent')).length;
    const connectAccepted = seqs.filter((s) => s.steps.some((x) => x.kind === 'connect_request' && x.acceptedAt)).length;
    const contacted = seqs.filter(sent).length;
    const replied = seqs.filter((s) => s.repliedAt).length;
    return {
      object: 'campaign_stats' as const,
      found: seqs.length,
      contacted,
      hasEmail: c.steps.some((s) => s.channel === 'email'),
      hasLinkedin: c.steps.some((s) => s.channel === 'linkedin'),
      connectAccepted,
      connectSent,
      connectionRate: connectSent ? connectAccepted / connectSent : 0,
      replied,
      replyRate: contacted ? replied / contacted : 0,
      sent: seqs.reduce((n, s) => n + s.steps.filter((x) => x.status === 'sent').length, 0),
      stopped: seqs.filter((s) => s.status === 'stopped').length,
      failed: seqs.filter((s) => s.status === 'failed').length,
    };
  }

  async function remove(orgId: string, id: string, opts: { confirm: boolean; dryRun: boolean }) {
    const c = await load(orgId, id);
    if (!opts.confirm || opts.dryRun) return { id, name: c.name, confirmationRequired: true as const, status: c.status };
    const now = deps.clock.now();
    await deps.campaigns.markDeleted(orgId, id, now);
    for (const seq of await deps.sequences.listByCampaign(orgId, id)) {
      if (isFinished(seq)) continue;
      await mutateSequence(
        deps.sequences,
        orgId,
        seq.id,
        (cur) => (isFinished(cur) ? { noChange: false } : { ...stopSet(cur, 'campaign_deleted', now), result: true }),
        seq,
      );
    }
    return { id, name: c.name, deleted: true as const };
  }

  return {
    async create(orgId: string, tableId: string, body: DraftInput | { instructions: string }) {
      if ('instructions' in body) {
        const table = await deps.tables.getTable(orgId, tableId);
        if (!table) throw notFound('TABLE_NOT_FOUND', 'No such table');
        const agent = deps.agentDrafting ?? null;
        if (!agent) {
          throw noAgentWorker();
        }
        return { status: 202 as const, body: await agent.draftWithAgent(orgId, table, body.instructions) };
      }
      const out = await draftCampaign(deps, orgId, tableId, body);
      return {
        status: 201 as const,
        body: {
          campaign: toCampaignView(out.campaign),
          column: { object: 'column' as const, ...out.column },
          sequences: { created: out.created.length, skipped: out.skipped },
        },
      };
    },
    async get(orgId: string, id: string) {
      return toCampaignView(await load(orgId, id));
    },
    async listForTable(orgId: string, tableId: string) {
      if (!(await deps.tables.getTable(orgId, tableId))) throw notFound('TABLE_NOT_FOUND', 'No such table');
      const campaigns = await deps.campaigns.listByTable(orgId, tableId);
      const items = [];
      for (const c of campaigns) {
        const count = await deps.sequences.count(orgId, { campaignId: c.id, status: ['draft', 'active', 'paused', 'completed', 'stopped', 'failed'] });
        items.push(toCampaignSummary(c, count));
      }
      return { items, nextCursor: null };
    },
    /** The published agentic edit: `202 { agent, run, campaign }`. */
    async requestEdit(orgId: string, id: string, instructions: string) {
      const c = await load(orgId, id);
      const started = await requestEdit(deps, c, instructions);
      return { agent: started.agent, run: started.run, campaign: { object: 'campaign' as const, id: c.id, name: c.name } };
    },
    /** The explicit step edit (gateway extension): what the edit run's worker calls. */
    async editSteps(orgId: string, id: string, edits: StepEdit[]) {
      const out = await editSteps(deps, await load(orgId, id), edits);
      return {
        object: 'campaign_edit' as const,
        campaign: toCampaignView(out.campaign),
        changedSteps: out.changedSteps,
        sequences: { updated: out.updated, skipped: out.skipped },
      };
    },
    launch,
    pause,
    resume,
    people,
    stats,
    remove,
  };
}

export type CampaignService = ReturnType<typeof createCampaignService>;

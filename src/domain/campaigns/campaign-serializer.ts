import type { SequenceRecord } from '../sequences/sequence-model.ts';
import { recipientFor, sendStatus } from '../sequences/sequence-serializers.ts';
import type { CampaignRecord } from './campaign-model.ts';

export function toCampaignView(c: CampaignRecord) {
  const channels = new Set(c.steps.map((s) => s.channel));
  return {
    object: 'campaign' as const,
    id: c.id,
    slug: c.slug,
    name: c.name,
    status: c.status,
    workspaceId: null,
    tableId: c.tableId,
    columnId: c.columnId,
    channels: { email: channels.has('email'), linkedin: channels.has('linkedin') },
    settings: { blockActiveDuplicates: false, blockPriorContacts: false, autoTopUpEnabled: false },
    brief: null,
    outOfLeads: false,
    senders: { ...c.senders },
    recipientColumns: { ...c.recipientColumns },
    steps: c.steps.map((s, index) => ({ index, ...s })),
    stopOnReply: c.stopOnReply,
    launchedAt: c.launchedAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export const toCampaignSummary = (c: CampaignRecord, peopleCount: number) => ({
  object: 'campaign' as const,
  id: c.id,
  slug: c.slug,
  name: c.name,
  status: c.status,
  peopleCount,
  tableId: c.tableId,
  createdAt: c.createdAt.toISOString(),
});

export function toCampaignPerson(seq: SequenceRecord) {
  const channel = seq.steps[0]?.channel ?? 'email';
  return {
    object: 'campaign_person' as const,
    sequenceId: seq.id,
    rowId: seq.rowId,
    recipient: recipientFor(seq, channel),
    sendStatus: sendStatus(seq),
    stopReason: seq.stopReason,
    profile: null,
    fitExplanation: null,
    fitScore: null,
    addedAt: seq.createdAt.toISOString(),
  };
}

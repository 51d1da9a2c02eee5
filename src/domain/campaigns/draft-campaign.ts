import { ApiError, notFound, validationError } from '../errors.ts';
import { insertOrFind } from '../shared/already-stored.ts';
import type { Clock } from '../shared/clock.ts';
import type { IdGenerator } from '../shared/ids.ts';
import type { SenderRecord } from '../senders/sender-model.ts';
import type { Channel, SequenceRecord, StepKind, StepRecord } from '../sequences/sequence-model.ts';
import type { SequenceStore } from '../sequences/sequence-model.ts';
import { placeholders, render } from '../sequences/templates.ts';
import type { CampaignRecord, CampaignStepTemplate, CampaignStore, CampaignTableAccess, TargetRow } from './campaign-model.ts';
import { parseEmail, parseLinkedin, recipientKeys } from './recipients.ts';
import { matchesFilters, type RowFilter } from './row-filters.ts';

export const MAX_CAMPAIGN_ROWS = 10_000;

export interface DraftInput {
  name: string;
  senders?: { email?: string; linkedin?: string };
  recipientColumn: string;
  recipientColumns?: { email?: string; linkedin?: string };
  steps: { channel: Channel; kind?: StepKind; subject?: string | null; body: string; delaySeconds?: number }[];
  rows?: { ids: string[] } | { filters: RowFilter[] };
  stopOnReply?: boolean;
  columnName?: string;
}

export interface DraftDeps {
  campaigns: CampaignStore;
  sequences: SequenceStore;
  tables: CampaignTableAccess;
  findSender(orgId: string, id: string): Promise<SenderRecord | null>;
  ids: IdGenerator;
  clock: Clock;
}

const slugify = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'campaign';

function checkSteps(steps: DraftInput['steps']): CampaignStepTemplate[] {
  const firstEmail = steps.find((s) => s.channel === 'email');
  if (firstEmail && !firstEmail.subject) throw validationError('The first email step needs a subject', { field: 'steps' });
  return steps.map((s, i) => {
    const kind = s.kind ?? 'message';
    if (kind === 'connect_request' && s.channel !== 'linkedin')
      throw validationError(`steps[${i}]: connect_request is a linkedin step`, { field: `steps[${i}].kind` });
    // Follow-ups without a subject stay in the first email's thread.
    const subject = s.channel === 'email' ? s.subject || `Re: ${firstEmail?.subject}` : null;
    return { channel: s.channel, kind, subject, body: s.body, delaySeconds: s.delaySeconds ?? 0 };
  });
}

async function checkSenders(deps: DraftDeps, orgId: string, input: DraftInput) {
  const senders = { email: input.senders?.email ?? null, linkedin: input.senders?.linkedin ?? null };
  const found: Partial<Record<Channel, SenderRecord>> = {};
  for (const channel of ['email', 'linkedin'] as const) {
    const id = senders[channel];
    if (!id) continue;
    const sender = await deps.findSender(orgId, id);
    if (!sender) throw validationError(`senders.${channel} names no sender of this organization`, { field: `senders.${channel}` });
    if (sender.channel !== channel) throw validationError(`senders.${channel} is a ${sender.channel} sender`, { field: `senders.${channel}` });
    found[channel] = sender;
  }
  return { senders, found };
}

export function checkColumns(
  table: { columns: { slug: string; kind: string }[] },
  steps: CampaignStepTemplate[],
  recipientColumns: Record<string, string | null>,
) {
  const bySlug = new Map(table.columns.map((c) => [c.slug, c]));
  const used = new Set([
    ...steps.flatMap((s) => [...placeholders(s.subject), ...placeholders(s.body)]),
    ...Object.values(recipientColumns).filter((v): v is string => !!v),
  ]);
  const unknown = [...used].filter((slug) => !bySlug.has(slug));
  if (unknown.length)
    throw new ApiError({ status: 400, code: 'UNKNOWN_COLUMN', message: `Unknown column(s): ${unknown.join(', ')}`, details: { columns: unknown } });
  const nonInput = [...used].filter((slug) => bySlug.get(slug)?.kind !== 'input');
  if (nonInput.length)
    throw new ApiError({
      status: 400,
      code: 'NON_INPUT_COLUMNS',
      message: `Templates and recipients read input columns only: ${nonInput.join(', ')}`,
      details: { columns: nonInput },
    });
}

async function targetRows(deps: DraftDeps, orgId: string, tableId: string, rows: DraftInput['rows']): Promise<{ rows: TargetRow[]; missing: string[] }> {
  if (rows && 'ids' in rows) {
    if (rows.ids.length > MAX_CAMPAIGN_ROWS)
      throw new ApiError({ status: 400, code: 'TOO_MANY_ROWS', message: `At most ${MAX_CAMPAIGN_ROWS} rows per campaign` });
    const unique = [...new Set(rows.ids)];
    const found = await deps.tables.listTargetRows(orgId, tableId, { ids: unique }, MAX_CAMPAIGN_ROWS);
    const have = new Set(found.map((r) => r.id));
    return { rows: found, missing: unique.filter((id) => !have.has(id)) };
  }
  const all = await deps.tables.listTargetRows(orgId, tableId, null, MAX_CAMPAIGN_ROWS + 1);
  const picked = rows && 'filters' in rows ? all.filter((r) => matchesFilters(r.values, rows.filters)) : all;
  if (picked.length > MAX_CAMPAIGN_ROWS)
    throw new ApiError({ status: 400, code: 'TOO_MANY_ROWS', message: `At most ${MAX_CAMPAIGN_ROWS} rows per campaign; narrow rows.filters` });
  return { rows: picked, missing: [] };
}

/** Builds one row's sequence, or the reason the row cannot be enrolled. */
export function sequenceForRow(
  ctx: { deps: Pick<DraftDeps, 'ids' | 'clock'>; campaign: CampaignRecord; messageDomain: string },
  row: TargetRow,
): SequenceRecord | { reason: string } {
  const { campaign } = ctx;
  const channels = new Set(campaign.steps.map((s) => s.channel));
  const email = channels.has('email') ? parseEmail(row.values[campaign.recipientColumns.email as string]) : null;
  if (channels.has('email') && !email) return { reason: `no email address in column ${campaign.recipientColumns.email}` };
  const linkedin = channels.has('linkedin') ? parseLinkedin(row.values[campaign.recipientColumns.linkedin as string]) : null;
  if (channels.has('linkedin') && !linkedin) return { reason: `no LinkedIn profile in column ${campaign.recipientColumns.linkedin}` };
  const now = ctx.deps.clock.now();
  const steps: StepRecord[] = [];
  for (const [index, t] of campaign.steps.entries()) {
    const body = render(t.body, row.values);
    const subject = t.subject === null ? null : render(t.subject, row.values);
    const missing = [...(body.ok ? [] : body.missing), ...(subject && !subject.ok ? subject.missing : [])];
    if (missing.length) return { reason: `missing value for ${[...new Set(missing)].map((m) => `{{${m}}}`).join(', ')}` };
    const id = ctx.deps.ids.uuid();
    steps.push({
      id,
      index,
      channel: t.channel,
      kind: t.kind,
      delaySeconds: t.delaySeconds,
      subject: subject && subject.ok ? subject.text : null,
      body: body.ok ? body.text : '',
      status: 'draft',
      scheduledAt: null,
      sentAt: null,
      rfcMessageId: t.channel === 'email' ? `<${id}@${ctx.messageDomain}>` : null,
      providerId: null,
      threadId: null,
      attempts: 0,
      leaseUntil: null,
      handedOverAt: null,
      failureReason: null,
      acceptedAt: null,
    });
  }
  const recipient = { email, linkedinSlug: linkedin?.slug ?? null, linkedinUrn: linkedin?.urn ?? null, displayName: null };
  return {
    id: ctx.deps.ids.uuid(),
    orgId: campaign.orgId,
    campaignId: campaign.id,
    tableId: campaign.tableId,
    columnId: campaign.columnId,
    rowId: row.id,
    status: 'draft',
    stopReason: null,
    stoppedAt: null,
    stoppedByReplyId: null,
    stopOnReply: campaign.stopOnReply,
    recipient,
    recipientKeys: recipientKeys(recipient),
    senders: { ...campaign.senders },
    steps,
    nextDueAt: null,
    repliedAt: null,
    version: 0,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
}

/** The answer to a draft: the campaign, its column, the sequences made and the rows skipped. */
export interface DraftResult {
  campaign: CampaignRecord;
  column: { id: string; name: string; slug: string; kind: 'sequence' };
  created: SequenceRecord[];
  skipped: { rowId: string; reason: string }[];
}

/** One sequence per usable row, and the reason for each row skipped. */
function sequencesFor(deps: DraftDeps, campaign: CampaignRecord, messageDomain: string, rows: TargetRow[], missing: string[]) {
  const created: SequenceRecord[] = [];
  const skipped = missing.map((rowId) => ({ rowId, reason: 'row not found in this table' }));
  for (const row of rows) {
    const result = sequenceForRow({ deps, campaign, messageDomain }, row);
    if ('reason' in result) skipped.push({ rowId: row.id, reason: result.reason });
    else created.push(result);
  }
  return { created, skipped };
}

/**
 * Ends a draft whose campaign is stored (its sequences were stored, pending, before it):
 * shows the sequences and links them to their rows. Safe to repeat, and what a retry of
 * the same draft does when the campaign came into being but its answer was lost.
 */
async function completeDraft(deps: DraftDeps, campaign: CampaignRecord, skipped: DraftResult['skipped']): Promise<DraftResult> {
  const { orgId, tableId } = campaign;
  await deps.sequences.revealPending(orgId, campaign.id);
  const created = await deps.sequences.listByCampaign(orgId, campaign.id);
  await deps.tables.linkSequences?.(
    orgId,
    tableId,
    campaign.columnId,
    created.map((s) => ({ rowId: s.rowId, sequenceId: s.id })),
  );
  await deps.tables.commitSequenceColumn?.(orgId, tableId, campaign.columnId);
  const table = await deps.tables.getTable(orgId, tableId);
  const col = table?.columns.find((c) => c.id === campaign.columnId);
  const column = { id: campaign.columnId, name: col?.name ?? campaign.name, slug: col?.slug ?? '', kind: 'sequence' as const };
  return { campaign, column, created, skipped };
}

/**
 * The explicit campaign draft: campaign, its sequence column, one sequence per usable
 * row. The campaign is the commit point: its sequences are stored pending first and are
 * shown only once it is stored, so a draft that fails part-way leaves no sequence
 * anyone can see; the column it adds is marked as the draft's until then, so what a
 * draft never retried leaves is swept (abandoned-drafts.ts). Its id is minted first, so
 * a retry of the request under its Idempotency-Key finds the campaign of a first attempt
 * that took effect and completes it.
 */
export async function draftCampaign(deps: DraftDeps, orgId: string, tableId: string, input: DraftInput): Promise<DraftResult> {
  const campaignId = deps.ids.uuid();
  const table = await deps.tables.getTable(orgId, tableId);
  if (!table) throw notFound('TABLE_NOT_FOUND', 'No such table');
  const steps = checkSteps(input.steps);
  const channels = new Set(steps.map((s) => s.channel));
  const recipientColumns = {
    email: channels.has('email') ? (input.recipientColumns?.email ?? input.recipientColumn) : null,
    linkedin: channels.has('linkedin') ? (input.recipientColumns?.linkedin ?? input.recipientColumn) : null,
  };
  checkColumns(table, steps, recipientColumns);
  const { senders, found } = await checkSenders(deps, orgId, input);
  const { rows, missing } = await targetRows(deps, orgId, tableId, input.rows);
  const messageDomain = found.email?.email?.split('@')[1] ?? 'og-gateway.local';
  const earlier = await deps.campaigns.findById(orgId, campaignId);
  if (earlier) return completeDraft(deps, earlier, sequencesFor(deps, earlier, messageDomain, rows, missing).skipped);
  const column = await deps.tables.addSequenceColumn(orgId, tableId, { name: input.columnName ?? input.name, draftOf: campaignId });
  const now = deps.clock.now();
  const campaign: CampaignRecord = {
    id: campaignId,
    orgId,
    name: input.name,
    slug: slugify(input.name),
    status: 'draft',
    tableId,
    columnId: column.id,
    senders,
    recipientColumns,
    steps,
    stopOnReply: input.stopOnReply ?? true,
    launchedAt: null,
    pausedAt: null,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
  const { created, skipped } = sequencesFor(deps, campaign, messageDomain, rows, missing);
  await deps.sequences.insertMany(created, { pending: true });
  const stored = await insertOrFind(
    () => deps.campaigns.insert(campaign),
    () => deps.campaigns.findById(orgId, campaign.id),
  );
  if (stored) return completeDraft(deps, stored, skipped);
  await deps.sequences.revealPending(orgId, campaign.id);
  await deps.tables.linkSequences?.(
    orgId,
    tableId,
    column.id,
    created.map((s) => ({ rowId: s.rowId, sequenceId: s.id })),
  );
  await deps.tables.commitSequenceColumn?.(orgId, tableId, column.id);
  return { campaign, column, created, skipped };
}

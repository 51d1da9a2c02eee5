import { ApiError, conflict, notFound, validationError } from '../errors.ts';
import type { Clock } from '../shared/clock.ts';
import type { SequenceChange, SequenceRecord, SequenceStore, StepPatch, StepStatus } from '../sequences/sequence-model.ts';
import { mutateSequence } from '../sequences/sequence-mutations.ts';
import { render } from '../sequences/templates.ts';
import type { CampaignRecord, CampaignStepTemplate, CampaignStore, CampaignTableAccess } from './campaign-model.ts';
import { checkColumns, MAX_CAMPAIGN_ROWS } from './draft-campaign.ts';

// The explicit step edit: new subject/body templates for the steps no sequence has sent
// yet, re-rendered into every sequence whose copy of that step is still waiting. A step
// any recipient already received (or is receiving) keeps its copy for everyone, so a
// campaign never tells two people different things at the same step.

export interface StepEdit {
  index: number;
  subject?: string | null;
  body?: string;
}

export interface EditStepsDeps {
  campaigns: CampaignStore;
  sequences: SequenceStore;
  tables: CampaignTableAccess;
  clock: Clock;
}

/** Statuses after which a step's copy has left (or may be leaving) the gateway. */
const DELIVERED: StepStatus[] = ['sending', 'sent'];
/** Statuses whose copy may still change. */
const WAITING: StepStatus[] = ['draft', 'scheduled'];

/** Each template step with how many sequences sent it and whether it may still change. */
export function stepStates(c: CampaignRecord, seqs: SequenceRecord[]) {
  return c.steps.map((t, index) => {
    const sent = seqs.filter((s) => DELIVERED.includes(s.steps[index]?.status)).length;
    return { index, ...t, sent, editable: sent === 0 };
  });
}

const firstEmailIndex = (steps: CampaignStepTemplate[]) => steps.findIndex((s) => s.channel === 'email');

/** The templates after the edits, validated like a draft's steps, and the indexes that change. */
export function mergeEdits(current: CampaignStepTemplate[], edits: StepEdit[], editable: boolean[]) {
  const seen = new Set<number>();
  const subjectGiven = new Set<number>();
  const next = current.map((s) => ({ ...s }));
  const first = firstEmailIndex(current);
  edits.forEach((e, i) => {
    const field = `steps[${i}]`;
    if (e.index >= current.length) throw validationError(`${field}.index: the campaign has ${current.length} step(s)`, { field: `${field}.index` });
    if (seen.has(e.index)) throw validationError(`${field}.index: step ${e.index} is edited twice`, { field: `${field}.index` });
    seen.add(e.index);
    if (e.subject === undefined && e.body === undefined) throw validationError(`${field}: give a subject, a body or both`, { field });
    const step = next[e.index];
    if (e.body !== undefined) step.body = e.body;
    if (e.subject === undefined) return;
    subjectGiven.add(e.index);
    if (step.channel !== 'email') {
      if (e.subject !== null && e.subject !== '')
        throw validationError(`${field}.subject: step ${e.index} is a ${step.channel} step and has no subject`, { field: `${field}.subject` });
      return;
    }
    if (e.index === first && !e.subject) throw validationError('The first email step needs a subject', { field: `${field}.subject` });
    // Follow-ups without a subject stay in the first email's thread.
    step.subject = e.subject || `Re: ${next[first].subject}`;
  });
  // Follow-ups that only echoed the first subject follow it when it changes (if still unsent).
  if (first >= 0 && next[first].subject !== current[first].subject) {
    current.forEach((s, i) => {
      if (i !== first && !subjectGiven.has(i) && s.channel === 'email' && editable[i] && s.subject === `Re: ${current[first].subject}`)
        next[i].subject = `Re: ${next[first].subject}`;
    });
  }
  const changed = next.flatMap((s, i) => (s.subject !== current[i].subject || s.body !== current[i].body ? [i] : []));
  return { next, changed, explicit: [...seen] };
}

function stepAlreadySent(steps: { index: number; sent: number }[]): ApiError {
  const names = steps.map((s) => `step ${s.index} (sent to ${s.sent})`).join(', ');
  return new ApiError({
    status: 409,
    code: 'STEP_ALREADY_SENT',
    message: `Already sent, so its copy can no longer change: ${names}`,
    details: { steps: steps.map((s) => ({ index: s.index, sent: s.sent })) },
  });
}

type Rendered = Map<number, { subject: string | null; body: string }>;

/** Each sequence's new copy of the changed steps, or why its row cannot fill the templates. */
async function renderAll(deps: EditStepsDeps, c: CampaignRecord, seqs: SequenceRecord[], next: CampaignStepTemplate[], changed: number[]) {
  const rows = await deps.tables.listTargetRows(c.orgId, c.tableId, { ids: [...new Set(seqs.map((s) => s.rowId))] }, MAX_CAMPAIGN_ROWS);
  const values = new Map(rows.map((r) => [r.id, r.values]));
  const out = new Map<string, Rendered | { reason: string }>();
  for (const seq of seqs) {
    const row = values.get(seq.rowId);
    if (!row) {
      out.set(seq.id, { reason: 'row not found in this table' });
      continue;
    }
    const copy: Rendered = new Map();
    const missing: string[] = [];
    for (const i of changed) {
      const body = render(next[i].body, row);
      const subject = next[i].subject === null ? null : render(next[i].subject as string, row);
      if (!body.ok) missing.push(...body.missing);
      if (subject && !subject.ok) missing.push(...subject.missing);
      if (body.ok && (!subject || subject.ok)) copy.set(i, { subject: subject && subject.ok ? subject.text : null, body: body.text });
    }
    out.set(seq.id, missing.length ? { reason: `missing value for ${[...new Set(missing)].map((m) => `{{${m}}}`).join(', ')}` } : copy);
  }
  return out;
}

/** The change for one sequence: only steps still waiting take the new copy. */
function copyWrite(seq: SequenceRecord, copy: Rendered, now: Date): SequenceChange | null {
  const steps: StepPatch[] = [];
  for (const [i, text] of copy) {
    const step = seq.steps[i];
    if (!WAITING.includes(step?.status) || (step.subject === text.subject && step.body === text.body)) continue;
    steps.push({ index: i, subject: text.subject, body: text.body });
  }
  return steps.length ? { set: { updatedAt: now }, steps } : null;
}

/** Writes the new copy into the sequences; one round trip for those unchanged since they were read. */
async function applyCopies(deps: EditStepsDeps, seqs: SequenceRecord[], copies: Map<string, Rendered>, now: Date) {
  const writes = seqs.flatMap((s) => {
    const change = copies.has(s.id) ? copyWrite(s, copies.get(s.id) as Rendered, now) : null;
    return change ? [{ orgId: s.orgId, id: s.id, version: s.version, ...change }] : [];
  });
  const applied = await deps.sequences.compareAndSetMany(writes);
  let updated = applied.size;
  // A sequence that moved meanwhile (a step claimed, a reply) is recomputed on its fresh document.
  for (const w of writes.filter((x) => !applied.has(x.id))) {
    const copy = copies.get(w.id) as Rendered;
    const out = await mutateSequence(deps.sequences, w.orgId, w.id, (cur) => {
      const change = copyWrite(cur, copy, now);
      return change ? { ...change, result: true } : { noChange: false };
    });
    if (out?.result) updated += 1;
  }
  return updated;
}

/** Applies explicit step edits to a loaded campaign; answers the campaign after the edit and what changed. */
export async function editSteps(deps: EditStepsDeps, c: CampaignRecord, edits: StepEdit[]) {
  const seqs = await deps.sequences.listByCampaign(c.orgId, c.id);
  const states = stepStates(c, seqs);
  const { next, changed, explicit } = mergeEdits(
    c.steps,
    edits,
    states.map((s) => s.editable),
  );
  const locked = states.filter((s) => !s.editable && explicit.includes(s.index) && changed.includes(s.index));
  if (locked.length) throw stepAlreadySent(locked);
  // Unchanged templates named by the edit are rendered again too: repeating an edit that
  // was interrupted after the campaign was written finishes its sequences.
  const apply = [...new Set([...changed, ...explicit.filter((i) => states[i].editable)])].sort((x, y) => x - y);
  const table = await deps.tables.getTable(c.orgId, c.tableId);
  if (!table) throw notFound('TABLE_NOT_FOUND', "The campaign's table no longer exists");
  checkColumns(
    table,
    apply.map((i) => next[i]),
    {},
  );
  // Only sequences still waiting on one of those steps take new copy (finished ones keep theirs).
  const targets = seqs.filter((s) => apply.some((i) => WAITING.includes(s.steps[i]?.status)));
  const rendered = await renderAll(deps, c, targets, next, apply);
  const now = deps.clock.now();
  if (changed.length > 0 && !(await deps.campaigns.replaceSteps(c.orgId, c.id, c.updatedAt, next, now))) {
    throw conflict('CAMPAIGN_BUSY', 'The campaign changed while this edit was applied; read it again and retry');
  }
  const copies = new Map<string, Rendered>();
  const skipped: { sequenceId: string; rowId: string; reason: string }[] = [];
  for (const seq of targets) {
    const r = rendered.get(seq.id) as Rendered | { reason: string };
    if ('reason' in r) skipped.push({ sequenceId: seq.id, rowId: seq.rowId, reason: r.reason });
    else copies.set(seq.id, r);
  }
  const updated = await applyCopies(deps, targets, copies, now);
  return { campaign: changed.length > 0 ? { ...c, steps: next, updatedAt: now } : c, changedSteps: changed, updated, skipped };
}

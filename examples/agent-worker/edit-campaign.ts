import { call, type ApiAccess } from './draft-campaign.ts';

// The example worker's campaign edits: what it does with a run request whose `task` is
// `campaign.edit` (the gateway sends one for `POST /campaigns/{id}/edits { instructions }`).
// Deterministic on purpose, so tests and the demo can check the result; a real worker
// would put a model here and keep the same API call (`PATCH /campaigns/{id}/steps`).
//
// Understood instructions (quotes required, several may be combined):
//   add "X" to the subject(s)   → appends " X" to every editable email subject
//   replace "A" with "B"        → in the subjects and bodies of every editable step
// Only steps the task marks `editable` are touched: sent copy never changes.

export interface EditableStep {
  index: number;
  channel: 'email' | 'linkedin';
  kind: string;
  subject: string | null;
  body: string;
  delaySeconds: number;
  sent: number;
  editable: boolean;
}

export interface CampaignEditTask {
  type: 'campaign.edit';
  campaignId: string;
  tableId: string;
  instructions: string;
  campaign: { name: string; status: string };
  steps: EditableStep[];
}

type StepEdit = { index: number; subject?: string; body?: string };

/** The explicit edits the instructions ask for, on editable steps only; empty when none apply. */
export function planEdits(task: CampaignEditTask): StepEdit[] | null {
  const suffix = /add\s+"([^"]+)"\s+to\s+the\s+subjects?/i.exec(task.instructions)?.[1];
  const replace = /replace\s+"([^"]+)"\s+with\s+"([^"]*)"/i.exec(task.instructions);
  if (!suffix && !replace) return null;
  const swap = (text: string) => (replace ? text.split(replace[1]).join(replace[2]) : text);
  const edits: StepEdit[] = [];
  for (const step of task.steps.filter((s) => s.editable)) {
    let subject = step.subject === null ? null : swap(step.subject);
    // Idempotent: a subject that already ends with the suffix keeps it once.
    if (suffix && subject !== null && !subject.endsWith(` ${suffix}`)) subject = `${subject} ${suffix}`;
    const body = swap(step.body);
    const edit: StepEdit = { index: step.index };
    if (subject !== null && subject !== step.subject) edit.subject = subject;
    if (body !== step.body) edit.body = body;
    if (edit.subject !== undefined || edit.body !== undefined) edits.push(edit);
  }
  return edits;
}

const done = (text: string, actions: unknown[] = []) => ({
  status: 'completed',
  response: { text, actions },
  todo: { pendingQuestions: [], nextActions: [] },
  steps: { completed: 2, max: 10 },
});

/** Plans the edit, applies it with the run's key, and reports it as the run's result. */
export async function editCampaignFromInstructions(task: CampaignEditTask, api: ApiAccess): Promise<Record<string, unknown>> {
  const planned = planEdits(task);
  if (planned === null) {
    return {
      status: 'completed',
      response: { text: 'I did not understand which change to make.', actions: [] },
      todo: { pendingQuestions: [{ type: 'confirm', question: 'Say e.g. add "(2026)" to the subjects, or replace "old" with "new".' }], nextActions: [] },
      steps: { completed: 1, max: 10 },
    };
  }
  let edits = planned;
  for (let attempt = 0; attempt < 2 && edits.length > 0; attempt++) {
    const res = await call(api, 'PATCH', `/campaigns/${task.campaignId}/steps`, { steps: edits });
    if (res.status === 200) {
      const { changedSteps, sequences } = res.body;
      return done(`Edited campaign "${task.campaign.name}": steps ${changedSteps.join(', ') || 'none'} changed in ${sequences.updated} sequences.`, [
        { type: 'columns_updated', tableId: task.tableId, campaignId: task.campaignId, changedSteps, sequencesUpdated: sequences.updated },
      ]);
    }
    // A step was sent since the task was written: leave it as it is and edit the rest.
    if (res.status === 409 && res.body?.code === 'STEP_ALREADY_SENT') {
      const sent = new Set<number>(res.body.details.steps.map((s: { index: number }) => s.index));
      edits = edits.filter((e) => !sent.has(e.index));
      continue;
    }
    return { status: 'errored', response: { text: `The gateway refused the edit (${res.status} ${res.body?.code ?? ''}).`, actions: [] } };
  }
  return done(`Nothing to change in campaign "${task.campaign.name}": the steps it asks about were already sent.`);
}

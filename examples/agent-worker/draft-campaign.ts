// The example worker's campaign drafting: what it does with a run request whose `task` is
// `campaign.draft` (the gateway sends one for `POST /tables/{id}/campaigns { instructions }`).
// Deterministic on purpose: the same table, senders and instructions always give the same
// draft, so tests and the demo can check what was sent. A real worker would put a model
// here; the API calls around it would stay the same.

export interface SenderChoice {
  id: string;
  channel: 'email' | 'linkedin';
  name: string;
  displayName: string;
  email: string | null;
  linkedinSlug: string | null;
}

export interface CampaignDraftTask {
  type: 'campaign.draft';
  tableId: string;
  instructions: string;
  senders: SenderChoice[];
}

interface Column {
  id: string;
  name: string;
  slug: string;
  kind?: string;
}

export interface ApiAccess {
  apiBaseUrl: string;
  apiKey: string;
  /** Sent as Idempotency-Key on the create, so a re-delivered run never drafts twice. */
  idempotencyKey: string;
  record?: (call: { url: string; status: number }) => void;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DAY = 86_400;

export async function call(api: ApiAccess, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const url = `${api.apiBaseUrl}${path}`;
  const res = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${api.apiKey}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json', 'idempotency-key': api.idempotencyKey }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  api.record?.({ url, status: res.status });
  return { status: res.status, body: await res.json().catch(() => null) };
}

const named = (columns: Column[], pattern: RegExp) => columns.find((c) => pattern.test(c.slug) || pattern.test(c.name));

/** The recipient: an input column named like an email, else the first whose sampled values all look like addresses. */
async function recipientColumn(api: ApiAccess, tableId: string, inputs: Column[]): Promise<Column | null> {
  const byName = named(inputs, /e-?mail/i);
  if (byName) return byName;
  const rows = await call(api, 'GET', `/tables/${tableId}/rows?cells=flat&limit=20`);
  if (rows.status !== 200 || rows.body.items.length === 0) return null;
  return inputs.find((c) => rows.body.items.every((r: Record<string, unknown>) => typeof r[c.slug] === 'string' && EMAIL.test(r[c.slug] as string))) ?? null;
}

/** Step count and spacing from the instructions ("3 emails", "2 days apart", "no delay"); defaults 2 steps, 3 days. */
export function planFromInstructions(instructions: string): { steps: number; delaySeconds: number } {
  const count = /(\d+)\s*(?:-\s*)?(?:steps?|emails?|messages?|touch(?:es)?)\b/i.exec(instructions);
  const steps = Math.min(5, Math.max(1, count ? Number(count[1]) : 2));
  if (/\b(?:no delay|immediately|right away|back[- ]to[- ]back)\b/i.test(instructions)) return { steps, delaySeconds: 0 };
  const days = /(\d+)\s*days?\b/i.exec(instructions);
  return { steps, delaySeconds: (days ? Number(days[1]) : 3) * DAY };
}

/** Email steps whose placeholders name only columns the table has (a missing one would fail every row). */
export function draftSteps(instructions: string, columns: Column[], sender: SenderChoice) {
  const first = named(columns, /^(first[-_ ]?name|given[-_ ]?name|name)$/i);
  const company = named(columns, /^(company|company[-_ ]?name|organi[sz]ation|account)$/i);
  const hello = first ? `Hi {{${first.slug}}},` : 'Hi there,';
  // The instructions become the pitch; braces are dropped so they cannot smuggle in placeholders.
  const pitch = instructions.replace(/[{}]/g, '').replace(/\s+/g, ' ').trim();
  const plan = planFromInstructions(instructions);
  const about = company ? ` about {{${company.slug}}}` : '';
  const steps: { channel: 'email'; subject?: string; body: string; delaySeconds: number }[] = [
    {
      channel: 'email',
      subject: company ? `An idea for {{${company.slug}}}` : 'A quick idea',
      body: `${hello}\n\n${pitch}\n\nWould a short call next week work?\n\n${sender.displayName}`,
      delaySeconds: 0,
    },
  ];
  // Follow-ups carry no subject: the gateway sends them as "Re: <first subject>" in the same thread.
  for (let i = 2; i <= plan.steps; i++) {
    const opener = i === plan.steps && i > 2 ? 'One last note' : 'Following up on my note';
    steps.push({
      channel: 'email',
      body: `${hello}\n\n${opener}${about}. Happy to share more if it is useful.\n\n${sender.displayName}`,
      delaySeconds: plan.delaySeconds,
    });
  }
  return steps;
}

/** The instructions' first sentence, cut at a word boundary: a readable campaign name. */
export function campaignTitle(instructions: string, max = 60): string {
  const sentence = instructions
    .replace(/\s+/g, ' ')
    .trim()
    .split(/(?<=[.!?])\s/)[0]
    .replace(/[.!?]$/, '');
  if (sentence.length <= max) return sentence;
  const cut = sentence.slice(0, max);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 20 ? cut.lastIndexOf(' ') : max)}…`;
}

const needsInput = (question: string, text: string) => ({
  status: 'completed',
  response: { text, actions: [] },
  todo: { pendingQuestions: [{ type: 'confirm', question }], nextActions: [] },
  steps: { completed: 1, max: 10 },
});

/** Reads the table, chooses recipient column and sender, posts the explicit draft, and reports it as the run's result. */
export async function draftCampaignFromInstructions(task: CampaignDraftTask, api: ApiAccess): Promise<Record<string, unknown>> {
  const table = await call(api, 'GET', `/tables/${task.tableId}`);
  if (table.status !== 200) return { status: 'errored', response: { text: `Could not read table ${task.tableId} (${table.status}).`, actions: [] } };
  const inputs = (table.body.columns as Column[]).filter((c) => c.kind === 'input');
  const recipient = await recipientColumn(api, task.tableId, inputs);
  if (!recipient) return needsInput('Which column holds the email addresses?', `Table "${table.body.name}" has no column that looks like email addresses.`);
  const sender = task.senders.find((s) => s.channel === 'email');
  if (!sender) return needsInput('Add an email sender (POST /senders), then ask again?', 'This organization has no email sender to send the campaign from.');
  const name = `${table.body.name}: ${campaignTitle(task.instructions)}`.slice(0, 200);
  const created = await call(api, 'POST', `/tables/${task.tableId}/campaigns`, {
    name,
    senders: { email: sender.id },
    recipientColumn: recipient.slug,
    steps: draftSteps(task.instructions, inputs, sender),
  });
  if (created.status !== 201) {
    return { status: 'errored', response: { text: `The gateway refused the draft (${created.status} ${created.body?.code ?? ''}).`, actions: [] } };
  }
  const { campaign, column, sequences } = created.body;
  return {
    status: 'completed',
    response: {
      text: `Drafted campaign "${campaign.name}" (${campaign.id}) from ${sender.email ?? sender.name} to column ${recipient.slug}: ${sequences.created} sequences, ${sequences.skipped.length} rows skipped. Launch it with POST /campaigns/${campaign.id}/launch.`,
      actions: [
        {
          type: 'column_added',
          tableId: task.tableId,
          columnId: column.id,
          columnName: column.name,
          campaignId: campaign.id,
          sequencesCreated: sequences.created,
        },
      ],
    },
    todo: { pendingQuestions: [], nextActions: [{ label: 'Launch the campaign', type: 'send_messages' }] },
    steps: { completed: 3, max: 10 },
  };
}

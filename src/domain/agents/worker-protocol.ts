import { createHmac, timingSafeEqual } from 'node:crypto';
import { RUN_STATUSES, type AgentRunRecord, type NextAction, type PendingQuestion, type RunAction, type RunResult, type RunStatus } from './agent-types.ts';

// The gateway ↔ worker wire format (README "Agent workers"; openapi.yaml
// AgentRunRequest / AgentRunResult). Worker answers are untrusted input: anything
// that does not parse ends the run `errored` instead of being stored half-valid.

export const RUN_REQUESTED = 'agent.run.requested';
export const RUN_CANCEL_REQUESTED = 'agent.run.cancel_requested';

const ACTION_TYPES = new Set([
  'table_created',
  'column_added',
  'columns_updated',
  'columns_deleted',
  'leads_added',
  'leads_deleted',
  'leads_restored',
  'columns_restored',
  'table_restored',
]);
const NEXT_ACTION_TYPES = new Set(['upload_csv', 'find_more_leads', 'export_csv', 'input_required', 'send_messages', 'schedule_play']);

export interface HistoryMessage {
  role: 'user' | 'assistant';
  runId: string;
  content: string;
}

export function buildRunRequest(input: { run: AgentRunRecord; history: AgentRunRecord[]; callbackUrl: string; apiBaseUrl: string; apiKey: string }) {
  const history: HistoryMessage[] = [];
  for (const past of input.history) {
    history.push({ role: 'user', runId: past.id, content: past.prompt });
    if (past.response?.text) history.push({ role: 'assistant', runId: past.id, content: past.response.text });
  }
  return {
    type: RUN_REQUESTED,
    run: { id: input.run.id, agentId: input.run.agentId, prompt: input.run.prompt, model: input.run.model, focusTableIds: input.run.focusTableIds },
    history,
    callbackUrl: input.callbackUrl,
    apiBaseUrl: input.apiBaseUrl,
    apiKey: input.apiKey,
    deadlineAt: input.run.deadlineAt.toISOString(),
    ...(input.run.task ? { task: input.run.task } : {}),
  };
}

export class InvalidResult extends Error {}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(message: string): never {
  throw new InvalidResult(message);
}

function parseAction(v: unknown): RunAction {
  if (!isObj(v) || typeof v.type !== 'string' || !ACTION_TYPES.has(v.type) || typeof v.tableId !== 'string')
    fail('response.actions[] needs a known type and a tableId');
  return v as RunAction;
}

function parseQuestion(v: unknown): PendingQuestion {
  if (!isObj(v) || typeof v.question !== 'string') fail('todo.pendingQuestions[] needs a question');
  const answers = Array.isArray(v.suggestedAnswers) ? v.suggestedAnswers.filter((a): a is string => typeof a === 'string') : [];
  return {
    type: v.type === 'confirm' ? 'confirm' : 'single-choice',
    question: v.question,
    suggestedAnswers: v.type === 'confirm' && answers.length === 0 ? ['Confirm'] : answers,
    freeformOption: 'Or something else',
  };
}

function parseNextAction(v: unknown): NextAction {
  if (!isObj(v) || typeof v.label !== 'string') fail('todo.nextActions[] needs a label');
  const out: NextAction = { label: v.label };
  if (typeof v.type === 'string' && NEXT_ACTION_TYPES.has(v.type)) out.type = v.type;
  if (typeof v.tableSlug === 'string') out.tableSlug = v.tableSlug;
  return out;
}

/** Parses a worker's result (sync answer or callback body). */
export function parseRunResult(body: unknown): RunResult {
  if (!isObj(body)) fail('the result must be a JSON object');
  if (typeof body.status !== 'string' || !(RUN_STATUSES as readonly string[]).includes(body.status)) fail(`status must be one of ${RUN_STATUSES.join(', ')}`);
  const result: RunResult = { status: body.status as RunStatus };
  if (body.response !== undefined && body.response !== null) {
    if (!isObj(body.response)) fail('response must be an object');
    const text = body.response.text;
    if (text !== undefined && text !== null && typeof text !== 'string') fail('response.text must be a string');
    const actions = body.response.actions ?? [];
    if (!Array.isArray(actions) || actions.length > 500) fail('response.actions must be an array of at most 500');
    result.response = { text: (text as string | null | undefined) ?? null, actions: actions.map(parseAction) };
  }
  if (body.todo !== undefined && body.todo !== null) {
    if (!isObj(body.todo)) fail('todo must be an object');
    const questions = body.todo.pendingQuestions ?? [];
    const next = body.todo.nextActions ?? [];
    if (!Array.isArray(questions) || !Array.isArray(next)) fail('todo.pendingQuestions and todo.nextActions must be arrays');
    result.todo = { pendingQuestions: questions.slice(0, 50).map(parseQuestion), nextActions: next.slice(0, 50).map(parseNextAction) };
  }
  if (body.steps !== undefined && body.steps !== null) {
    const steps = body.steps;
    if (!isObj(steps) || !Number.isInteger(steps.completed) || (steps.completed as number) < 0) fail('steps.completed must be a non-negative integer');
    if (steps.max !== undefined && (!Number.isInteger(steps.max) || (steps.max as number) < 1)) fail('steps.max must be a positive integer');
    result.steps = { completed: steps.completed as number, max: steps.max as number | undefined };
  }
  // Published rule: a clean finish that leaves questions open is `needs_input`.
  if (result.status === 'completed' && (result.todo?.pendingQuestions.length ?? 0) > 0) result.status = 'needs_input';
  return result;
}

// Callback tokens: `<runId>.<MAC>`, the MAC keyed with the run's worker secret, so
// nothing extra is stored and a token is valid for one run of one worker only.
export function callbackToken(workerSecret: string, runId: string): string {
  return `${runId}.${mac(workerSecret, runId)}`;
}

const mac = (workerSecret: string, runId: string) => createHmac('sha256', workerSecret).update(`agent-callback:${runId}`).digest('base64url');

export function splitCallbackToken(token: string): { runId: string; mac: string } | null {
  const dot = token.lastIndexOf('.');
  if (dot <= 0 || dot === token.length - 1) return null;
  return { runId: token.slice(0, dot), mac: token.slice(dot + 1) };
}

export function callbackTokenMatches(token: string, workerSecret: string): boolean {
  const parts = splitCallbackToken(token);
  if (!parts) return false;
  const given = Buffer.from(parts.mac);
  const expected = Buffer.from(mac(workerSecret, parts.runId));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

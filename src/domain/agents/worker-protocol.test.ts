import { describe, expect, it } from 'vitest';
import { callbackToken, callbackTokenMatches, parseRunResult } from './worker-protocol.ts';

describe('parseRunResult', () => {
  it('promotes a clean finish with open questions to needs_input and fills the published question fields', () => {
    const result = parseRunResult({ status: 'completed', todo: { pendingQuestions: [{ type: 'confirm', question: 'Send now?' }] } });
    expect(result.status).toBe('needs_input');
    expect(result.todo?.pendingQuestions).toEqual([
      { type: 'confirm', question: 'Send now?', suggestedAnswers: ['Confirm'], freeformOption: 'Or something else' },
    ]);
    expect(result.todo?.nextActions).toEqual([]);
  });

  it('keeps progress results running and drops unknown next-action types', () => {
    const result = parseRunResult({ status: 'running', steps: { completed: 3 }, todo: { nextActions: [{ label: 'x', type: 'teleport' }] } });
    expect(result).toEqual({ status: 'running', steps: { completed: 3, max: undefined }, todo: { pendingQuestions: [], nextActions: [{ label: 'x' }] } });
  });

  it.each([
    ['not an object', 'done'],
    ['an unknown status', { status: 'superseded' }],
    ['a non-string text', { status: 'completed', response: { text: 42 } }],
    ['an action without a table', { status: 'completed', response: { text: 'ok', actions: [{ type: 'leads_added' }] } }],
    ['an unknown action type', { status: 'completed', response: { text: 'ok', actions: [{ type: 'rows_eaten', tableId: 't' }] } }],
    ['negative steps', { status: 'completed', steps: { completed: -1 } }],
    ['a question without text', { status: 'completed', todo: { pendingQuestions: [{ type: 'confirm' }] } }],
  ])('refuses %s', (_label, body) => {
    expect(() => parseRunResult(body)).toThrow();
  });
});

describe('callback tokens', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  it('match only their own run and worker secret', () => {
    const token = callbackToken(secret, 'v2_run-a');
    expect(callbackTokenMatches(token, secret)).toBe(true);
    expect(callbackTokenMatches(token.replace('v2_run-a', 'v2_run-b'), secret)).toBe(false);
    expect(callbackTokenMatches(token, 'whsec_other')).toBe(false);
    expect(callbackTokenMatches(`${token}x`, secret)).toBe(false);
    expect(callbackTokenMatches('no-dot', secret)).toBe(false);
  });
});

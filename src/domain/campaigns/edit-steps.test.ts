import { describe, expect, it } from 'vitest';
import type { CampaignStepTemplate } from './campaign-model.ts';
import { mergeEdits } from './edit-steps.ts';

const email = (subject: string | null, body = 'b'): CampaignStepTemplate => ({ channel: 'email', kind: 'message', subject, body, delaySeconds: 0 });
const linkedin = (body = 'hi'): CampaignStepTemplate => ({ channel: 'linkedin', kind: 'message', subject: null, body, delaySeconds: 0 });
const STEPS = [email('Hello {{company}}'), linkedin(), email('Re: Hello {{company}}'), email('Custom subject')];
const ALL = [true, true, true, true];

describe('mergeEdits', () => {
  it('changes only what is given and reports the changed indexes', () => {
    const out = mergeEdits(
      STEPS,
      [
        { index: 1, body: 'new' },
        { index: 3, body: 'b' },
      ],
      ALL,
    );
    expect(out.changed).toEqual([1]);
    expect(out.next[1].body).toBe('new');
    expect(out.next[0]).toEqual(STEPS[0]);
  });

  it('moves follow-ups that echoed the first subject, unless sent or given their own', () => {
    expect(mergeEdits(STEPS, [{ index: 0, subject: 'Hi {{company}}' }], ALL).next.map((s) => s.subject)).toEqual([
      'Hi {{company}}',
      null,
      'Re: Hi {{company}}',
      'Custom subject',
    ]);
    expect(mergeEdits(STEPS, [{ index: 0, subject: 'Hi' }], [true, true, false, true]).next[2].subject).toBe('Re: Hello {{company}}');
    expect(
      mergeEdits(
        STEPS,
        [
          { index: 0, subject: 'Hi' },
          { index: 2, subject: 'Own' },
        ],
        ALL,
      ).next[2].subject,
    ).toBe('Own');
  });

  it('threads a follow-up given an empty or null subject', () => {
    expect(mergeEdits(STEPS, [{ index: 3, subject: null }], ALL).next[3].subject).toBe('Re: Hello {{company}}');
    expect(mergeEdits(STEPS, [{ index: 3, subject: '' }], ALL).next[3].subject).toBe('Re: Hello {{company}}');
  });

  it.each([
    [[{ index: 1, subject: 'x' }], /linkedin step and has no subject/],
    [[{ index: 0, subject: '' }], /first email step needs a subject/],
    [[{ index: 4, body: 'x' }], /4 step/],
    [
      [
        { index: 2, body: 'x' },
        { index: 2, subject: 'y' },
      ],
      /twice/,
    ],
    [[{ index: 2 }], /subject, a body or both/],
  ])('refuses %j', (edits, message) => {
    expect(() => mergeEdits(STEPS, edits, ALL)).toThrow(message);
  });

  it('accepts an empty subject on a linkedin step as no subject', () => {
    expect(mergeEdits(STEPS, [{ index: 1, subject: null, body: 'x' }], ALL).next[1]).toMatchObject({ subject: null, body: 'x' });
  });
});

import { describe, expect, it } from 'vitest';
import { campaignTitle, draftSteps, planFromInstructions } from '../../examples/agent-worker/draft-campaign.ts';
import { placeholders } from '../../src/domain/sequences/templates.ts';

// The example worker's deterministic drafting rules (README "Drafting a campaign from instructions").

const sender = { id: 's', channel: 'email' as const, name: 'Sales', displayName: 'Ada Sales', email: 'ada@sales.example', linkedinSlug: null };
const col = (slug: string) => ({ id: slug, name: slug, slug, kind: 'input' });

describe('example worker drafting', () => {
  it.each([
    ['Introduce our product.', { steps: 2, delaySeconds: 3 * 86_400 }],
    ['3 emails, 2 days apart', { steps: 3, delaySeconds: 2 * 86_400 }],
    ['A 4-step sequence with no delay', { steps: 4, delaySeconds: 0 }],
    ['Send 1 message immediately', { steps: 1, delaySeconds: 0 }],
    ['12 emails please', { steps: 5, delaySeconds: 3 * 86_400 }],
  ])('plans %j', (instructions, plan) => {
    expect(planFromInstructions(instructions)).toEqual(plan);
  });

  it.each([
    [
      ['email', 'first_name', 'company'],
      ['company', 'first_name'],
    ],
    [['email', 'company'], ['company']],
    [['email'], []],
  ])('uses placeholders only for columns %j has', (slugs, expected) => {
    const steps = draftSteps('Meet {{secret}} at 3. 2 emails', slugs.map(col), sender);
    expect(steps).toHaveLength(2);
    const used = new Set(steps.flatMap((s) => [...placeholders(s.subject), ...placeholders(s.body)]));
    expect([...used].sort()).toEqual(expected);
    expect(steps[0].subject).toBeTruthy();
    expect(steps[1]).not.toHaveProperty('subject');
  });

  it('names the campaign after the first sentence, cut at a word', () => {
    expect(campaignTitle('Offer a walkthrough. 2 emails, 3 days apart.')).toBe('Offer a walkthrough');
    const long = campaignTitle('Offer a twenty minute walkthrough of our analytics product to every data lead we know');
    expect(long.length).toBeLessThanOrEqual(61);
    expect(long).toMatch(/ product…$|\w…$/);
  });
});

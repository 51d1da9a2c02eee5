import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { person, startSequenceHarness, type SequenceHarness } from './support/harness.ts';

// Concurrent drafts with one name race for one column slug: each gets its own column,
// none answers a 5xx.

let h: SequenceHarness;
beforeAll(async () => {
  h = await startSequenceHarness({ webhooks: false });
  await h.addRows([person(1), person(2)]);
}, 60_000);
afterAll(() => h?.close());

describe('concurrent campaign drafts with one name on one table', () => {
  it('all succeed, each with its own sequence column and slug', async () => {
    const drafts = 14;
    const body = {
      name: 'Spring outreach',
      senders: { email: h.senders.email },
      recipientColumn: 'email',
      steps: [{ channel: 'email', subject: 'Hi', body: 'Hello', delaySeconds: 0 }],
    };
    const results = await Promise.all(Array.from({ length: drafts }, () => h.gw.api.post(`/api/v2/tables/${h.tableId}/campaigns`, body)));
    const statuses = results.map((r) => r.status);
    expect(
      statuses.filter((s) => s >= 500),
      JSON.stringify(results.map((r) => r.body)),
    ).toEqual([]);
    expect(statuses).toEqual(Array(drafts).fill(201));
    const slugs = results.map((r) => r.body.column.slug as string);
    expect(new Set(slugs).size).toBe(drafts);
    expect(slugs).toContain('spring_outreach');
    const columns = (await h.gw.api.get(`/api/v2/tables/${h.tableId}/columns`)).body.items as { slug: string; kind: string }[];
    expect(
      columns
        .filter((c) => c.kind === 'sequence')
        .map((c) => c.slug)
        .sort(),
    ).toEqual([...slugs].sort());
    for (const r of results) expect(r.body.sequences.created).toBe(2);
  });
});

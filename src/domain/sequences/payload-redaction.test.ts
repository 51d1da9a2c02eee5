import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CampaignRecord } from '../campaigns/campaign-model.ts';
import { sequenceForRow } from '../campaigns/draft-campaign.ts';
import { manualClock } from '../shared/clock.ts';
import { createIdGenerator } from '../shared/ids.ts';
import type { SenderRecord } from '../senders/sender-model.ts';
import type { SequenceRecord } from './sequence-model.ts';
import { connectionAcceptedData, messageSentData, replyReceivedData } from './sequence-serializers.ts';

// Whatever else a row holds, a webhook payload carries only the recipient identity
// (email, LinkedIn slug/urn), the sender identity and the text the templates produced.

const clock = manualClock();
const ids = createIdGenerator({ clock });
const campaign: CampaignRecord = {
  id: ids.uuid(),
  orgId: ids.uuid(),
  name: 'c',
  slug: 'c',
  status: 'active',
  tableId: ids.uuid(),
  columnId: ids.uuid(),
  senders: { email: ids.uuid(), linkedin: ids.uuid() },
  recipientColumns: { email: 'email', linkedin: 'linkedin' },
  steps: [
    { channel: 'email', kind: 'message', subject: 'Hi {{first_name}}', body: 'Hello {{first_name}}', delaySeconds: 0 },
    { channel: 'linkedin', kind: 'connect_request', subject: null, body: 'Connect, {{first_name}}?', delaySeconds: 0 },
  ],
  stopOnReply: true,
  launchedAt: null,
  pausedAt: null,
  createdAt: clock.now(),
  updatedAt: clock.now(),
  deletedAt: null,
};
const sender = { email: 'me@corp.example', linkedinSlug: 'me', displayName: 'Me' } as SenderRecord;

const slug = fc.stringMatching(/^[a-z][a-z0-9_]{0,15}$/).filter((s) => !['email', 'linkedin', 'first_name'].includes(s));
const secret = fc.string({ minLength: 1, maxLength: 40 }).map((s) => `XSECRET${s}`);
const sensitive = fc.oneof(secret, fc.constantFrom('XSECRET-123-45-6789', 'XSECRETpassword=hunter2', 'XSECRET4111111111111111'));

const ALLOWED_TARGET = ['table_id', 'row_id', 'column_id', 'email', 'linkedin_urn', 'linkedin_slug'];

describe('webhook payloads', () => {
  it('never carry row cells beyond the identity fields and the rendered templates', () => {
    fc.assert(
      fc.property(fc.dictionary(slug, sensitive, { maxKeys: 8 }), fc.stringMatching(/^[A-Z][a-z]{1,10}$/), (extra, firstName) => {
        const values = { ...extra, email: 'p@example.org', linkedin: 'https://linkedin.com/in/p-1', first_name: firstName };
        const seq = sequenceForRow({ deps: { ids, clock }, campaign, messageDomain: 'corp.example' }, { id: ids.uuid(), values }) as SequenceRecord;
        expect(seq.id).toBeDefined();
        const sent = seq.steps.map((s) => ({ ...s, status: 'sent' as const, sentAt: clock.now() }));
        const payloads = [
          messageSentData(seq, sent[0], sender),
          messageSentData(seq, sent[1], sender),
          replyReceivedData(seq, 'email', true, { matched: [], newlyStopped: [] }, sender, {
            subject: 'Re',
            text: 'no',
            receivedAt: clock.now(),
            threadId: null,
            providerId: null,
          }),
          connectionAcceptedData(seq, sent[1], sender, clock.now()),
        ];
        for (const p of payloads) {
          const json = JSON.stringify(p);
          expect(json).not.toContain('XSECRET');
          expect(Object.keys(p.outreach_target).sort()).toEqual([...ALLOWED_TARGET].sort());
          expect(Object.keys(p.sender).sort()).toEqual(['display_name', 'email', 'linkedin_slug']);
        }
      }),
      { numRuns: 200 },
    );
  });
});

import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { composePlainMessage, type PlainMessage } from './smtp-message.ts';

const base: PlainMessage = {
  from: { name: 'Ada Sales', address: 'ada@sales.example' },
  to: 'lead@corp.example',
  subject: 'Hello',
  text: 'Hi there',
  messageId: '<m1@og.example>',
  inReplyTo: null,
  references: [],
  date: new Date('2026-12-02T10:00:00Z'),
};

const parse = (m: PlainMessage) => simpleParser(composePlainMessage(m));

describe('composePlainMessage', () => {
  it.each([
    ['plain ASCII', {}, '7bit'],
    ['a non-ASCII subject and name', { subject: 'Olá, José — café', from: { name: 'Zoë Núñez', address: 'z@sales.example' } }, '7bit'],
    ['a display name with specials', { from: { name: 'Sales, "EMEA" \\ team', address: 'a@sales.example' } }, '7bit'],
    ['a non-ASCII body', { text: 'Línea uno\nLínea dos — ✓' }, 'quoted-printable'],
    ['a line over 76 characters', { text: `${'word '.repeat(40)}\nshort` }, 'quoted-printable'],
    ['a long subject', { subject: `A subject ${'that keeps going '.repeat(12)}to the end` }, '7bit'],
    ['lines starting with dots', { text: '.\n..two\n.three' }, '7bit'],
    ['CRLF, CR and LF line ends', { text: 'one\r\ntwo\rthree\nfour' }, '7bit'],
  ] as [string, Partial<PlainMessage>, string][])('round-trips %s through a MIME parser', async (_, change, encoding) => {
    const m = { ...base, ...change };
    const raw = composePlainMessage(m);
    expect(raw).toContain(`Content-Transfer-Encoding: ${encoding}\r\n`);
    for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const parsed = await parse(m);
    expect(parsed.subject).toBe(m.subject);
    expect(parsed.from?.value).toEqual([{ name: m.from.name, address: m.from.address }]);
    expect((parsed.to as { value: unknown[] }).value).toEqual([{ name: '', address: m.to }]);
    expect(parsed.text?.replace(/\n$/, '')).toBe(m.text.replace(/\r\n|\r/g, '\n'));
    expect(parsed.messageId).toBe(m.messageId);
    expect(parsed.date?.toISOString()).toBe(m.date.toISOString());
  });

  it('threads a follow-up with In-Reply-To and References', async () => {
    const parsed = await parse({ ...base, inReplyTo: '<m1@og.example>', references: ['<m0@og.example>', '<m1@og.example>'] });
    expect(parsed.inReplyTo).toBe('<m1@og.example>');
    expect(parsed.references).toEqual(['<m0@og.example>', '<m1@og.example>']);
  });

  it('never lets a value start a header of its own', async () => {
    const parsed = await parse({
      ...base,
      subject: 'Hi\r\nBcc: victim@evil.example',
      from: { name: 'Ada\nX-Injected: yes', address: 'ada@sales.example' },
      to: 'lead@corp.example\r\nCc: other@evil.example',
    });
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(parsed.headers.has('cc')).toBe(false);
    expect(parsed.headers.has('x-injected')).toBe(false);
    expect(parsed.subject).toBe('Hi Bcc: victim@evil.example');
  });

  it('ends the text with a line break so the terminating dot stands alone', () => {
    expect(composePlainMessage({ ...base, text: 'no newline' }).endsWith('no newline\r\n')).toBe(true);
    expect(composePlainMessage({ ...base, text: 'newline\n' }).endsWith('newline\r\n')).toBe(true);
  });
});

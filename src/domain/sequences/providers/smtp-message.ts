import { encodeWord, encodeWords, foldLines, quoteString } from 'nodemailer/lib/mime-funcs';
import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp';

// One plain-text message, composed directly instead of through nodemailer's MIME tree
// (its composer and stream pipeline cost more than the SMTP exchange itself at campaign
// rates). The encoding rules are nodemailer's: RFC 2047 words for non-ASCII headers, a
// quoted string for a display name with specials, 7bit for short ASCII text and
// quoted-printable otherwise. Dot-stuffing is the SMTP connection's job, not ours.

export interface PlainMessage {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  date: Date;
}

const CONTROL = /[\x00-\x1f\x7f]+/g;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Header text on one logical line: a line break in a value must never start a header of its own. */
function oneLine(value: string): string {
  return value.replace(/\s*[\r\n]+\s*/g, ' ').replace(CONTROL, ' ');
}

function displayName(name: string): string {
  const clean = oneLine(name).trim();
  if (/^[\w ]*$/.test(clean)) return clean;
  return PRINTABLE_ASCII.test(clean) ? quoteString(clean) : encodeWord(clean, 'Q', 52);
}

/** An address in a header or envelope: the characters that could end it or the line are dropped. */
export function cleanAddress(address: string): string {
  return address.replace(/[\x00-\x20\x7f<>,;"()]+/g, '').trim();
}

function mailbox(from: PlainMessage['from']): string {
  const name = displayName(from.name);
  const address = cleanAddress(from.address);
  return name ? `${name} <${address}>` : address;
}

function unstructured(value: string): string {
  const clean = oneLine(value);
  return PRINTABLE_ASCII.test(clean) ? clean : encodeWords(clean, 'Q', 52, true);
}

const idList = (ids: string[]) =>
  ids
    .map((id) => cleanAddress(id))
    .filter(Boolean)
    .map((id) => (id.startsWith('<') ? id : `<${id}>`));

function body(text: string): { encoding: string; content: string } {
  const crlf = text.replace(/\r\n|\r|\n/g, '\r\n');
  const lines = crlf.split('\r\n');
  // Plain 7bit only for ASCII without control characters and with lines of at most 76.
  const plain = /^[\x09\x20-\x7e\r\n]*$/.test(crlf) && lines.every((line) => line.length <= 76);
  const content = plain ? crlf : qpWrap(qpEncode(Buffer.from(crlf, 'utf8')), 76);
  return { encoding: plain ? '7bit' : 'quoted-printable', content: content.endsWith('\r\n') ? content : `${content}\r\n` };
}

/** The whole message as it goes after DATA (before dot-stuffing). */
export function composePlainMessage(m: PlainMessage): string {
  const { encoding, content } = body(m.text);
  const headers: [string, string][] = [
    ['From', mailbox(m.from)],
    ['To', cleanAddress(m.to)],
  ];
  if (m.inReplyTo) headers.push(['In-Reply-To', idList([m.inReplyTo])[0] ?? '']);
  const references = idList(m.references);
  if (references.length) headers.push(['References', references.join(' ')]);
  headers.push(
    ['Subject', unstructured(m.subject)],
    ['Message-ID', idList([m.messageId])[0] ?? ''],
    ['Content-Transfer-Encoding', encoding],
    ['Date', m.date.toUTCString().replace(/GMT/, '+0000')],
    ['MIME-Version', '1.0'],
    ['Content-Type', 'text/plain; charset=utf-8'],
  );
  const block = headers
    .filter(([, v]) => v !== '')
    .map(([k, v]) => foldLines(`${k}: ${v}`, 76))
    .join('\r\n');
  return `${block}\r\n\r\n${content}`;
}

// Text a client sends must be well formed: invalid UTF-8 decoded leniently, or a lone
// surrogate a JSON escape (`"\ud800"`) produces, would be stored as U+FFFD — another
// value than the one sent, which the client could then never match again.

/**
 * The offset of the first byte that does not begin or continue a valid UTF-8 sequence
 * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), or -1.
 */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // overlong
      if (b === 0xed) hi = 0x9f; // U+D800..U+DFFF
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; // overlong
      if (b === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

export const hasLoneSurrogate = (text: string): boolean => LONE_SURROGATE.test(text);

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The JSON pointer of the first string (value or member name) in `value` holding a lone
 * surrogate, or null when every string is well formed. A bad member name is reported
 * at the member, with its name made well formed so the pointer itself can be sent.
 */
export function illFormedStringPointer(value: unknown, at = ''): string | null {
  if (typeof value === 'string') return hasLoneSurrogate(value) ? at : null;
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = illFormedStringPointer(value[i], `${at}/${i}`);
      if (found !== null) return found;
    }
    return null;
  }
  for (const [key, child] of Object.entries(value)) {
    const here = `${at}/${escapePointer(key.replace(LONE_SURROGATES, '\uFFFD'))}`;
    if (hasLoneSurrogate(key)) return here;
    const found = illFormedStringPointer(child, here);
    if (found !== null) return found;
  }
  return null;
}

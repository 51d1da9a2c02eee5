import { cellText } from '../sequences/templates.ts';
import type { Recipient } from '../sequences/sequence-model.ts';

const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

export function parseEmail(value: unknown): string | null {
  const text = cellText(value)?.trim();
  return text && EMAIL.test(text) ? text.toLowerCase() : null;
}

/** A LinkedIn profile as a slug or urn, from a slug, a profile URL or an urn. */
export function parseLinkedin(value: unknown): { slug: string | null; urn: string | null } | null {
  const text = cellText(value)?.trim();
  if (!text) return null;
  if (/^urn:li:[a-zA-Z]+:[\w-]+$/.test(text)) return { slug: null, urn: text };
  const fromUrl = text.match(/linkedin\.com\/in\/([^/?#\s]+)/i);
  if (fromUrl) return { slug: decodeURIComponent(fromUrl[1]).toLowerCase(), urn: null };
  if (/^[\w-]{2,100}$/.test(text)) return { slug: text.toLowerCase(), urn: null };
  return null;
}

export function recipientKeys(r: Recipient): string[] {
  return [r.email, r.linkedinSlug, r.linkedinUrn].filter((v): v is string => !!v).map((v) => v.toLowerCase());
}

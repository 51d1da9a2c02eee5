// `{{slug}}` placeholders are filled from the row's input cells. A placeholder whose
// cell is empty makes the row unusable for the campaign (a skipped row with a reason)
// rather than a message that greets nobody.

const PLACEHOLDER = /\{\{\s*([a-zA-Z0-9_-]+)\s*\}\}/g;

export function placeholders(template: string | null | undefined): string[] {
  if (!template) return [];
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

export function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length ? value.map((v) => cellText(v) ?? '').join(', ') : null;
  return JSON.stringify(value);
}

export type RenderResult = { ok: true; text: string } | { ok: false; missing: string[] };

export function render(template: string, values: Record<string, unknown>): RenderResult {
  const missing = placeholders(template).filter((slug) => cellText(values[slug]) === null);
  if (missing.length > 0) return { ok: false, missing: [...new Set(missing)] };
  return { ok: true, text: template.replace(PLACEHOLDER, (_, slug: string) => cellText(values[slug]) as string) };
}

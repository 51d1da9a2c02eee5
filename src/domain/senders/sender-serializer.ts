import type { SenderRecord } from './sender-model.ts';

export interface SenderView {
  object: 'sender';
  id: string;
  channel: SenderRecord['channel'];
  transport: SenderRecord['transport'];
  name: string;
  displayName: string;
  email: string | null;
  linkedinSlug: string | null;
  smtp: { host: string; port: number; secure: boolean; auth: { user: string } | null } | null;
  http: { url: string } | null;
  secretLast4: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The API view: the SMTP password and the provider secret never appear here. */
export function toSenderView(r: SenderRecord): SenderView {
  return {
    object: 'sender',
    id: r.id,
    channel: r.channel,
    transport: r.transport,
    name: r.name,
    displayName: r.displayName,
    email: r.email,
    linkedinSlug: r.linkedinSlug,
    smtp: r.smtp ? { host: r.smtp.host, port: r.smtp.port, secure: r.smtp.secure, auth: r.smtp.auth ? { user: r.smtp.auth.user } : null } : null,
    http: r.http ? { url: r.http.url } : null,
    secretLast4: r.http ? r.http.secret.slice(-4) : null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The identity a webhook payload may carry about the sending account (published `Sender`). */
export function toSenderIdentity(r: Pick<SenderRecord, 'email' | 'linkedinSlug' | 'displayName'> | null) {
  return { email: r?.email ?? null, linkedin_slug: r?.linkedinSlug ?? null, display_name: r?.displayName ?? null };
}

// A sender is the account a sequence step goes out through: an SMTP mailbox, or an HTTP
// provider (any email API or a LinkedIn automation service) that the gateway calls with a
// signed request. Credentials are write-only: stored to be used, never serialized. A
// `sink` sender accepts every message and sends nothing: it exists so a development
// gateway can run a campaign end to end (`og-gateway trigger`) with no mailbox or provider,
// and is refused unless OG_SINK_SENDERS allows it.

export type SenderChannel = 'email' | 'linkedin';
export type SenderTransport = 'smtp' | 'http' | 'sink';

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  auth: { user: string; pass: string } | null;
}

export interface HttpSettings {
  url: string;
  /** `whsec_…`: the provider verifies the gateway's calls with it. */
  secret: string;
}

export interface SenderRecord {
  id: string;
  orgId: string;
  channel: SenderChannel;
  transport: SenderTransport;
  name: string;
  displayName: string;
  email: string | null;
  linkedinSlug: string | null;
  smtp: SmtpSettings | null;
  http: HttpSettings | null;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

export interface SenderStore {
  insert(record: SenderRecord): Promise<void>;
  findById(orgId: string, id: string): Promise<SenderRecord | null>;
  list(orgId: string, page: { limit: number; cursor?: string }): Promise<{ items: SenderRecord[]; nextCursor: string | null }>;
  markDeleted(orgId: string, id: string, at: Date): Promise<SenderRecord | null>;
}

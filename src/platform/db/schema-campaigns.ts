import type { Generated } from 'kysely';
import type { Created, Id, Instant, Sector } from './schema.js';

// The campaigns' tables (issue 8): contacts, imports, unsubscribes, campaigns and recipients. Part of `DB` in schema.ts.
/** A business contact of the territory (issue 8); unique by e-mail within the territory. */
export interface ContactTable {
  id: Id;
  territory_id: number;
  email: string; // lower case
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  siret: string | null; // 14 digits
  sector: Sector | null;
  commune_code: string | null;
  phone: string | null; // E.164
  lawful_basis: 'consentement' | 'interet_legitime';
  source: string; // the imported file's name, or 'inscription' for a participant who consented
  participant_id: number | null;
  import_id: number | null;
  created_at: Created;
  updated_at: Instant | null;
  last_contact_at: Generated<Instant>;
}

export interface ContactImportTable {
  id: Id;
  territory_id: number;
  file_name: string;
  status: Generated<'preview' | 'imported' | 'cancelled'>;
  content: string | null;
  mapping: string | null; // JSON: column index by field
  lawful_basis: string | null;
  source: string | null;
  report: string | null; // JSON
  created_by: number | null;
  created_at: Created;
  imported_at: Instant | null;
}

/** A permanent unsubscribe: the SHA-256 of the lower-cased address, kept when the contact is forgotten. */
export interface UnsubscribeTable {
  id: Id;
  territory_id: number;
  email_hash: string;
  campaign_id: number | null;
  at: Generated<Instant>;
}

export interface CampaignTable {
  id: Id;
  territory_id: number;
  cycle_id: number | null;
  name: string;
  ref: string;
  subject: string;
  body: string; // Markdown
  segment: string; // JSON
  status: Generated<'draft' | 'scheduled' | 'sending' | 'sent' | 'cancelled'>;
  scheduled_at: Instant | null;
  per_minute: Generated<number>;
  created_by: number | null;
  created_at: Created;
  started_at: Instant | null;
  finished_at: Instant | null;
}

/** One row per contact of a campaign: `queued` once its e-mail is in the outbox (so never twice). */
export interface CampaignRecipientTable {
  campaign_id: number;
  contact_id: number;
  status: Generated<'pending' | 'queued' | 'skipped'>;
  queued_at: Instant | null;
}

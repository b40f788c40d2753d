import type { Generated } from 'kysely';
import type { Created, Flag, Id, Instant } from './schema.js';

// The partners' and referrals' tables (issue 9). Part of `DB` in schema.ts.
export type PartnerKind = 'cci' | 'cma' | 'chambre_agriculture' | 'other';
export type ReferralStatus = 'sent' | 'contacted' | 'training_started' | 'training_completed' | 'no_follow_up';
/** What a leader may agree to hand to a partner. */
export type SharedField = 'name' | 'email' | 'phone' | 'company' | 'sector' | 'commune' | 'workshops' | 'note';

/** A chamber (or another partner) of the territory, with its contact. */
export interface PartnerTable {
  id: Id;
  territory_id: number;
  kind: PartnerKind;
  name: string;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  website: string | null;
  created_at: Created;
  updated_at: Instant | null;
}

/** A partner's training offer; `themes` holds the workshops' theme values as ',web,vente,'. */
export interface PartnerOfferTable {
  id: Id;
  partner_id: number;
  title: string;
  url: string | null;
  themes: Generated<string>;
  level: 'debutant' | 'intermediaire' | 'avance';
  active: Generated<Flag>;
  created_at: Created;
}

/** A consented hand-over of a leader to a partner; `shared_fields` is a JSON array of SharedField. */
export interface ReferralTable {
  id: Id;
  territory_id: number;
  participant_id: number;
  partner_id: number;
  offer_id: number | null;
  session_id: number | null;
  /** the session's cycle, or the cycle running on the day it was made */
  cycle_id: number | null;
  requested_by: 'staff' | 'participant';
  made_by: number | null;
  consent_text: string;
  consent_text_version: string;
  consent_at: Instant;
  shared_fields: string;
  note: string | null;
  status: Generated<ReferralStatus>;
  status_at: Instant;
  created_at: Created;
}

/** One outcome of a referral, as its partner recorded it (or 'sent' at creation). */
export interface ReferralEventTable {
  id: Id;
  referral_id: number;
  status: ReferralStatus;
  happened_on: string; // YYYY-MM-DD
  actor: string;
  at: Created;
}

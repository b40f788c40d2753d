import type { Generated } from 'kysely';
import type { Created, Id, Instant } from './schema.js';

// Workshops on demand: requests, polls and their answers (issue 6). Part of `DB` in schema.ts.
export type DemandDay = 'lun' | 'mar' | 'mer' | 'jeu' | 'ven' | 'sam';
export type DemandTime = 'matin' | 'apres-midi' | 'soir';

export interface DemandRequestTable {
  id: Id;
  territory_id: number;
  /** A workshop of the catalogue, or null with a free-text topic (the coordinator may attach it later). */
  workshop_id: number | null;
  topic: string | null;
  venue_id: number | null;
  commune_code: string | null;
  days: string; // comma-separated DemandDay
  times: string; // comma-separated DemandTime
  people: Generated<number>;
  comment: string | null;
  email: string;
  first_name: string;
  last_name: string;
  company: string | null;
  participant_id: number | null;
  source: Generated<string>;
  status: Generated<'open' | 'withdrawn' | 'scheduled'>;
  poll_id: number | null;
  session_id: number | null;
  created_at: Created;
  withdrawn_at: Instant | null;
  scheduled_at: Instant | null;
}

export interface DemandPollTable {
  id: Id;
  territory_id: number;
  workshop_id: number;
  venue_id: number;
  status: Generated<'open' | 'closed'>;
  created_by: number | null;
  created_at: Created;
  closes_at: Instant;
  closed_at: Instant | null;
  session_id: number | null;
}

export interface DemandPollOptionTable {
  id: Id;
  poll_id: number;
  starts_at: Instant;
  ends_at: Instant;
}

export interface DemandPollAnswerTable {
  option_id: number;
  request_id: number;
  answer: 'yes' | 'maybe' | 'no';
  answered_at: Instant;
}

import type { Created, Flag, Id, Instant } from './schema.js';

// The results' tables (issue 7): survey invitations and answers, the territory's contours. Part of `DB` in schema.ts.
/** Who is asked a survey, with the hashed link (see migration 0007); the answers are kept apart. */
export interface SurveyInvitationTable {
  id: Id;
  territory_id: number;
  kind: SurveyKind;
  participant_id: number;
  session_id: number;
  cycle_id: number | null;
  token_hash: string;
  due_at: Instant;
  expires_at: Instant;
  answered_on: string | null; // YYYY-MM-DD, the day only
  created_at: Created;
}

export type SurveyKind = 'satisfaction' | 'follow_up';
export type Pace = 'trop_lent' | 'adapte' | 'trop_rapide';

/** A satisfaction answer: no person, no instant (only the day), tied to the session for the aggregates. */
export interface SatisfactionAnswerTable {
  id: Id;
  territory_id: number;
  session_id: number;
  usefulness: number; // 1..5
  clarity: number; // 1..5
  pace: Pace;
  recommend: Flag;
  next_practice: Flag;
  next_workshop: Flag;
  next_chamber: Flag;
  next_provider: Flag;
  next_nothing: Flag;
  comment: string | null;
  answered_on: string;
}

/** A follow-up answer three months on: what the leader put in place. No person, only the day. */
export interface FollowUpAnswerTable {
  id: Id;
  territory_id: number;
  session_id: number;
  website: Flag;
  online_sales: Flag;
  social_page: Flag;
  tool_adopted: Flag;
  chamber_training: Flag;
  nothing_yet: Flag;
  comment: string | null;
  answered_on: string;
}

/** The communes' contours loaded by the coordinator (the territory map), one row per territory. */
export interface TerritoryContourTable {
  territory_id: number;
  file_name: string;
  geojson: string; // JSON: FeatureCollection, one feature per matched commune, properties { code, name }
  report: string; // JSON: what matched (src/results/map/contours.ts, ContourReport)
  uploaded_at: Instant;
  uploaded_by: number | null;
}

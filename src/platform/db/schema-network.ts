import type { Generated } from 'kysely';
import type { Created, Flag, Id, Instant } from './schema.js';

// The networking tables (issue 10): the directory, conversations relayed by Boutic, blocks, reports, projects. Part of `DB` in schema.ts.

/** A leader's opt-in to the directory: each field shown only if its box was ticked. */
export interface DirectoryProfileTable {
  id: Id;
  territory_id: number;
  participant_id: number;
  show_name: Generated<Flag>;
  show_company: Generated<Flag>;
  show_sector: Generated<Flag>;
  show_commune: Generated<Flag>;
  show_website: Generated<Flag>;
  show_looking_for: Generated<Flag>;
  show_offering: Generated<Flag>;
  website: string | null;
  looking_for: string | null;
  offering: string | null;
  interests: Generated<string>; // JSON array of workshop themes
  joined_at: Generated<Instant>;
  updated_at: Instant | null;
  left_at: Instant | null;
  hidden_at: Instant | null;
  hidden_by: number | null;
}

export interface NetworkProjectTable {
  id: Id;
  territory_id: number;
  proposer_id: number;
  title: string;
  description: string;
  sectors: Generated<string>; // JSON
  commune_code: string | null;
  created_at: Created;
  closed_at: Instant | null;
  hidden_at: Instant | null;
  hidden_by: number | null;
  supported_at: Instant | null;
  supported_by: number | null;
  support_note: string | null;
}

export interface NetworkInterestTable {
  project_id: number;
  participant_id: number;
  created_at: Created;
  withdrawn_at: Instant | null;
}

export interface NetworkConversationTable {
  id: Id;
  territory_id: number;
  project_id: number | null;
  created_by: number;
  created_at: Created;
}

export interface NetworkMemberTable {
  conversation_id: number;
  participant_id: number;
  joined_at: Created;
  revealed_at: Instant | null;
  left_at: Instant | null;
}

export interface NetworkMessageTable {
  id: Id;
  conversation_id: number;
  sender_id: number;
  body: string;
  created_at: Created;
  hidden_at: Instant | null;
  hidden_by: number | null;
}

export interface NetworkBlockTable {
  blocker_id: number;
  blocked_id: number;
  created_at: Created;
}

export interface NetworkReportTable {
  id: Id;
  territory_id: number;
  reporter_id: number;
  target_kind: 'profile' | 'message' | 'project';
  target_id: number;
  reason: string;
  created_at: Created;
  handled_at: Instant | null;
  handled_by: number | null;
  outcome: string | null;
}

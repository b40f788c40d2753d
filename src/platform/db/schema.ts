import type { ColumnType, Generated } from 'kysely';

/**
 * The database as the code sees it, on SQLite and PostgreSQL alike.
 * Instants are ISO-8601 UTC strings ('2026-11-28T16:00:00.000Z'): `text` on SQLite,
 * `timestamptz` on PostgreSQL (read back as the same ISO string). Flags are 0/1 integers on both.
 * See docs/decisions/0003-one-schema-two-databases.md.
 */
export type Instant = string;
export type Flag = 0 | 1;
export type Id = Generated<number>;
export type Created = ColumnType<Instant, Instant | undefined, never>;

export interface TerritoryTable {
  id: Id;
  slug: string;
  name: string;
  epci_code: string | null;
  /** the EPCI's official name, from the official list at creation (null for older territories) */
  epci_name: Generated<string | null>;
  /** Bumped in the same transaction as any write that changes a public page (see DESIGN.md, cache). */
  content_version: Generated<number>;
  /** The host name this territory is served on (lower-case, no port); null: reached as the instance's default. */
  host: Generated<string | null>;
  created_at: Created;
}

export interface CommuneTable {
  insee_code: string;
  territory_id: number;
  name: string;
  postcodes: string; // comma-separated, from the official list
  population: number | null;
  epci_code: string | null;
  department_code: string;
  former_codes: string | null; // comma-separated INSEE codes merged into this commune
}

export interface ProgrammeTable {
  id: Id;
  territory_id: number;
  name: string;
  funder: string;
  tagline: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  accessibility_status: 'non_conforme' | 'partiellement_conforme' | 'totalement_conforme';
  publisher: string; // legal notice: who publishes the site
}

export interface VenueTable {
  id: Id;
  territory_id: number;
  commune_code: string;
  slug: string;
  name: string;
  address: string;
  workstations: number;
  accessible_prm: Flag;
  equipment: string | null;
  opening_hours: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  pivot: string | null;
  latitude: number | null;
  longitude: number | null;
  website: string | null;
  created_at: Created;
  updated_at: Instant | null;
}

export interface WorkshopTable {
  id: Id;
  territory_id: number;
  slug: string;
  title: string;
  summary: string;
  description: string | null;
  objectives: string | null;
  level: 'debutant' | 'intermediaire';
  duration_minutes: number;
  prerequisites: string | null;
  theme: string;
  published: Flag;
  follow_on_partner: string | null; // e.g. 'CCI', 'CMA', "Chambre d'agriculture"
  follow_on_title: string | null;
  follow_on_url: string | null;
  /** How many people asking make a group ready to schedule (on demand). */
  demand_threshold: Generated<number>;
  created_at: Created;
  updated_at: Instant | null;
}

export interface CycleTable {
  id: Id;
  territory_id: number;
  number: number;
  name: string;
  starts_on: string; // calendar date YYYY-MM-DD (Europe/Paris)
  ends_on: string;
  registration_opens_at: Instant;
  created_at: Created;
}

/** `elected`: elected officials and funders, who read the results and change nothing. */
export type Role = 'administrator' | 'coordinator' | 'facilitator' | 'partner' | 'elected';

export interface StaffUserTable {
  id: Id;
  territory_id: number | null; // null: every territory (a national administrator)
  email: string;
  display_name: string;
  role: Role;
  password_hash: string;
  active: Generated<Flag>;
  created_at: Created;
  last_login_at: Instant | null;
  /** A partner account's chamber (issue 9); null for every other role. */
  partner_id: Generated<number | null>;
}

export interface StaffSessionTable {
  id_hash: string; // sha256 of the cookie value; the cookie value itself is never stored
  staff_user_id: number;
  created_at: Created;
  expires_at: Instant;
  last_seen_at: Instant;
  user_agent: string | null;
}

export interface FacilitatorWorkshopTable {
  staff_user_id: number;
  workshop_id: number;
}

export interface SessionTable {
  id: Id;
  /** The territory of its workshop, cycle and venue (a foreign key on each; migration 0023), for the reports' filters. */
  territory_id: number;
  workshop_id: number;
  cycle_id: number;
  venue_id: number;
  facilitator_id: number | null;
  starts_at: Instant;
  ends_at: Instant;
  seats: number;
  seats_taken: Generated<number>;
  min_seats: Generated<number>;
  beginner: Generated<Flag>;
  origin: Generated<'catalogue' | 'on_demand'>;
  status: Generated<'scheduled' | 'cancelled' | 'held'>;
  /** iCalendar SEQUENCE: raised at each change a participant should see (time, venue, status). */
  sequence: Generated<number>;
  created_at: Created;
  updated_at: Instant | null;
  cancelled_at: Instant | null;
  cancellation_reason: string | null;
  /** Set when the facilitator (or the coordinator) closes the session: status becomes 'held'. */
  closed_at: Instant | null;
  closed_by: number | null;
  /** The facilitator's notes after the session (staff only). */
  report_notes: string | null;
  /** A session made from requests: until then only the invited requesters may register. */
  public_from: Instant | null;
  /** Go / no-go: the coordinator chose to keep this session although it is under its minimum. */
  kept_at: Instant | null;
  kept_by: number | null;
}

export type Sector = 'agriculture' | 'commerce' | 'tourisme' | 'artisanat' | 'services' | 'industrie' | 'autre';

export type SizeBand = '0' | '1-2' | '3-5' | '6-9' | '10-19' | '20-49' | '50+';
export const SIZE_BANDS: readonly SizeBand[] = ['0', '1-2', '3-5', '6-9', '10-19', '20-49', '50+'];

export interface CompanyTable {
  id: Id;
  territory_id: number;
  name: string;
  siret: string | null;
  naf_code: string | null;
  naf_version: string | null;
  sector: Sector;
  crafts: Generated<Flag>;
  commune_code: string | null;
  /** INSEE's band of salaried staff, as declared (optional). */
  size_band: SizeBand | null;
  created_at: Created;
}

export interface ParticipantTable {
  id: Id;
  territory_id: number;
  email: string;
  first_name: string;
  last_name: string;
  phone: string | null; // E.164
  company_id: number | null;
  commune_code: string | null;
  outside_territory: Generated<Flag>;
  role_in_company: string | null;
  digital_level: 'debutant' | 'intermediaire' | 'avance' | null;
  heard_from: string | null;
  created_at: Created;
  anonymised_at: Instant | null;
}

export interface ConsentTable {
  id: Id;
  participant_id: number;
  purpose: 'programme_news' | 'directory';
  text_version: string;
  given_at: Instant;
  withdrawn_at: Instant | null;
}

export interface RegistrationTable {
  id: Id;
  session_id: number;
  participant_id: number;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  waitlist_position: number | null;
  source: string | null;
  campaign_id: number | null;
  walk_in: Generated<Flag>;
  attendance: 'present' | 'absent' | 'excused' | null;
  attendance_at: Instant | null;
  /** What the person wrote at registration for the facilitator (expectations, a need). */
  notes: string | null;
  created_at: Created;
  cancelled_at: Instant | null;
}

export interface TokenTable {
  id: Id;
  purpose: string;
  hash: string;
  subject: string;
  expires_at: Instant;
  used_at: Instant | null;
  created_at: Created;
}

export interface OutboxTable {
  id: Id;
  kind: string;
  recipient: string;
  payload: string; // JSON: subject, text, html, attachments, headers (src/platform/mail/outbox.ts)
  /** pending → sending (claimed; next_attempt_at is then the lease's end) → sent | pending (retry) | failed | skipped */
  status: Generated<'pending' | 'sending' | 'sent' | 'failed' | 'skipped'>;
  attempts: Generated<number>;
  next_attempt_at: Instant;
  sent_at: Instant | null;
  last_error: string | null;
  idempotency_key: string;
  created_at: Created;
  /** JSON {name, data}: a check run just before sending; false marks the message skipped (stale). */
  guard: string | null;
  skipped_at: Instant | null;
}

export interface CertificateTable {
  id: Id;
  registration_id: number;
  /** Printed on the PDF and checked by the public verification page (src/facilitation/certificates.ts). */
  code: string;
  issued_at: Instant;
  /** Set when the attendance is corrected to absent after the certificate was issued. */
  revoked_at: Instant | null;
}

export interface SessionQuestionTable {
  id: Id;
  session_id: number;
  workshop_id: number;
  question: string;
  answer: string | null;
  created_by: number | null;
  created_at: Created;
  updated_at: Instant | null;
  /** Set by the coordinator: the question and answer then appear in the workshop's public FAQ. */
  published_at: Instant | null;
  published_by: number | null;
}

export interface AuditLogTable {
  id: Id;
  territory_id: number | null;
  actor: string; // 'staff:12', 'participant:40', 'system'
  action: string; // dotted name: 'staff.login', 'setup.completed'
  subject: string | null;
  at: Instant;
  details: string | null; // JSON
}

import type { FollowUpAnswerTable, SatisfactionAnswerTable, SurveyInvitationTable, TerritoryContourTable } from './schema-results.js';
import type { CampaignRecipientTable, CampaignTable, ContactImportTable, ContactTable, UnsubscribeTable } from './schema-campaigns.js';
import type { DemandPollAnswerTable, DemandPollOptionTable, DemandPollTable, DemandRequestTable } from './schema-on-demand.js';
export type * from './schema-on-demand.js';
export type * from './schema-results.js';
export type * from './schema-campaigns.js';
import type { DirectoryProfileTable, NetworkBlockTable, NetworkConversationTable, NetworkInterestTable, NetworkMemberTable, NetworkMessageTable, NetworkProjectTable, NetworkReportTable } from './schema-network.js';
export type * from './schema-network.js';
import type { PartnerOfferTable, PartnerTable, ReferralEventTable, ReferralTable } from './schema-referrals.js';
export type * from './schema-referrals.js';
import type { DiagnosticQuestionnaireTable, DiagnosticResultTable } from './schema-pathway.js';
export type * from './schema-pathway.js';
import type { StaffLoginThrottleTable, StaffRecoveryCodeTable, StaffSecondFactorTable } from './schema-security.js';
export type * from './schema-security.js';

export interface DB {
  territories: TerritoryTable;
  communes: CommuneTable;
  programmes: ProgrammeTable;
  venues: VenueTable;
  workshops: WorkshopTable;
  cycles: CycleTable;
  staff_users: StaffUserTable;
  staff_sessions: StaffSessionTable;
  facilitator_workshops: FacilitatorWorkshopTable;
  sessions: SessionTable;
  companies: CompanyTable;
  participants: ParticipantTable;
  consents: ConsentTable;
  registrations: RegistrationTable;
  tokens: TokenTable;
  outbox: OutboxTable;
  audit_log: AuditLogTable;
  certificates: CertificateTable;
  session_questions: SessionQuestionTable;
  demand_requests: DemandRequestTable;
  demand_polls: DemandPollTable;
  demand_poll_options: DemandPollOptionTable;
  demand_poll_answers: DemandPollAnswerTable;
  survey_invitations: SurveyInvitationTable;
  satisfaction_answers: SatisfactionAnswerTable;
  follow_up_answers: FollowUpAnswerTable;
  territory_contours: TerritoryContourTable;
  contacts: ContactTable;
  contact_imports: ContactImportTable;
  unsubscribes: UnsubscribeTable;
  campaigns: CampaignTable;
  campaign_recipients: CampaignRecipientTable;
  directory_profiles: DirectoryProfileTable;
  network_projects: NetworkProjectTable;
  network_interests: NetworkInterestTable;
  network_conversations: NetworkConversationTable;
  network_members: NetworkMemberTable;
  network_messages: NetworkMessageTable;
  network_blocks: NetworkBlockTable;
  network_reports: NetworkReportTable;
  partners: PartnerTable;
  partner_offers: PartnerOfferTable;
  referrals: ReferralTable;
  referral_events: ReferralEventTable;
  diagnostic_questionnaires: DiagnosticQuestionnaireTable;
  diagnostic_results: DiagnosticResultTable;
  staff_second_factors: StaffSecondFactorTable;
  staff_recovery_codes: StaffRecoveryCodeTable;
  staff_login_throttles: StaffLoginThrottleTable;
}

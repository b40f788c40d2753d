/**
 * The reviewed columns: for every table that holds a column about a person (a participant's id, an
 * address, a name, a phone, a free text…), what export and erasure do with it. The guard test
 * (review.test.ts) reads the live schema and fails on a table or column that matches
 * SENSITIVE_COLUMN and is not listed here: a new table cannot be forgotten.
 *
 * - `person: true` tables are about a participant: exportPersonData answers them under the same
 *   key, erasePerson handles each listed column as its decision says.
 * - `person: false` tables were reviewed and hold nobody's data that a participant could ask for
 *   (staff, partners' contacts, the catalogue…), or hold it apart from any person (survey answers).
 */
export type Decision =
  | { do: 'erase'; how: string } // replaced by a placeholder or emptied
  | { do: 'keep'; why: string } // kept: feeds a statistic, or identifies nobody
  | { do: 'delete'; why: string } // the row goes
  | { do: 'other'; why: string }; // not a participant's data

export interface TableReview {
  person: boolean;
  columns: Record<string, Decision>;
}

const erase = (how: string): Decision => ({ do: 'erase', how });
const keep = (why: string): Decision => ({ do: 'keep', why });
const del = (why: string): Decision => ({ do: 'delete', why });
const other = (why: string): Decision => ({ do: 'other', why });

/** Column names that may hold a person or what they wrote. */
export const SENSITIVE_COLUMN =
  /(^|_)(participant_id|proposer_id|sender_id|reporter_id|blocker_id|blocked_id|email|name|phone|siret|comment|notes?|body|description|reason|text|topic|answers?|payload|recipient|subject|details|website|looking_for|offering|company|title|question|content|address|role|heard_from|last_error|user_agent|outcome|report|mapping|geojson|scores|interests|hash)($|_)/;

export const REVIEW: Record<string, TableReview> = {
  participants: {
    person: true,
    columns: {
      email: erase('a unique, non-deliverable placeholder: efface-<id>@anonyme.invalid'),
      first_name: erase('« Personne »'),
      last_name: erase('« anonymisée »'),
      phone: erase('null'),
      role_in_company: erase('null (free text)'),
      heard_from: erase('null (free text)'),
      company_id: keep('companies reached are counted'),
    },
  },
  companies: {
    person: true,
    columns: {
      name: erase('« Entreprise anonymisée », when no other person still in the programme belongs to it'),
      siret: erase('null, on the same condition'),
    },
  },
  consents: { person: true, columns: { participant_id: keep('the history of consents, withdrawn at erasure'), text_version: keep('a version label') } },
  registrations: {
    person: true,
    columns: { participant_id: keep('registrations and attendance feed every figure'), notes: erase('null (free text)') },
  },
  certificates: { person: true, columns: {} },
  survey_invitations: { person: true, columns: { participant_id: keep('response rates'), token_hash: keep('a hash of a random link') } },
  demand_requests: {
    person: true,
    columns: {
      participant_id: keep('demand indicators'),
      email: erase('placeholder; matched by participant or by address'),
      first_name: erase('« Personne »'),
      last_name: erase('« anonymisée »'),
      company: erase('null'),
      comment: erase('null (free text)'),
      topic: erase('null, or « Sujet effacé » when no workshop was chosen'),
    },
  },
  demand_poll_answers: { person: true, columns: { answer: keep('yes / maybe / no, tied to the request') } },
  diagnostic_results: {
    person: true,
    columns: {
      participant_id: erase('null: the result stays as an anonymous diagnostic'),
      answers: keep('choice keys of the questionnaire, not free text'),
      scores: keep('numbers per theme'),
      token_hash: erase('replaced by the hash of a fresh random value: the link is dead'),
    },
  },
  referrals: {
    person: true,
    columns: {
      participant_id: keep('referral outcomes are reported'),
      consent_text: keep('the text the person agreed to (the same for everybody)'),
      consent_text_version: keep('a version label'),
      note: erase('null (free text)'),
    },
  },
  referral_events: { person: true, columns: {} },
  directory_profiles: {
    person: true,
    columns: {
      participant_id: keep('the profile row, left and emptied'),
      website: erase('null'),
      looking_for: erase('null'),
      offering: erase('null'),
      interests: erase('[]'),
      show_name: erase('0, as every show_* box'),
      show_company: erase('0'),
      show_website: erase('0'),
      show_looking_for: erase('0'),
      show_offering: erase('0'),
    },
  },
  network_projects: {
    person: true,
    columns: {
      proposer_id: keep('the row, closed'),
      title: erase('« Projet effacé »'),
      description: erase('emptied'),
      support_note: erase('null'),
    },
  },
  network_interests: { person: true, columns: { participant_id: keep('withdrawn at erasure') } },
  network_conversations: { person: true, columns: {} },
  network_members: { person: true, columns: { participant_id: keep('left at erasure') } },
  network_messages: { person: true, columns: { sender_id: keep('the other members keep the thread'), body: erase('emptied') } },
  network_blocks: { person: true, columns: { blocker_id: del('blocks the person made go'), blocked_id: keep('another member’s choice') } },
  network_reports: {
    person: true,
    columns: { reporter_id: keep('the moderation history'), reason: erase('emptied (free text)'), outcome: other('written by the coordination') },
  },
  contacts: {
    person: true,
    columns: {
      email: del('the campaign contact with the same address (or linked) is deleted with its recipient rows'),
      first_name: del('same row'),
      last_name: del('same row'),
      company: del('same row'),
      siret: del('same row'),
      phone: del('same row'),
      participant_id: del('same row'),
    },
  },
  campaign_recipients: { person: true, columns: {} },
  unsubscribes: { person: true, columns: { email_hash: keep('the SHA-256 of the address: an unsubscribe is honoured for ever') } },
  outbox: {
    person: true,
    columns: {
      recipient: erase('placeholder when it was the person'),
      payload: erase('emptied (subject, text, html) for every message to or about the person; pending ones cancelled'),
      last_error: erase('null on the same rows (an SMTP error may quote the address)'),
    },
  },
  tokens: {
    person: true,
    columns: {
      subject: del('access links, sessions, diagnostic keep links and invitations of the person are deleted'),
      hash: del('same rows'),
    },
  },
  audit_log: {
    person: true,
    columns: {
      subject: erase('the address replaced by the placeholder (subjects are ids)'),
      details: erase('the address replaced by the placeholder; entries never hold names'),
    },
  },
  contact_imports: {
    person: true,
    columns: {
      content: erase('the address replaced in a preview not yet imported (an import empties it)'),
      file_name: other('the file’s name'),
      mapping: other('column indexes'),
      report: other('counts; the preview is emptied at import'),
    },
  },

  // reviewed: nobody's data a participant could ask for, or data kept apart from any person
  satisfaction_answers: { person: false, columns: { comment: other('anonymous by design: no person, only the day (migration 0007); cannot be tied back') } },
  follow_up_answers: {
    person: false,
    columns: { comment: other('anonymous by design, as satisfaction answers'), website: other('a yes/no flag') },
  },
  staff_users: { person: false, columns: { email: other('staff'), display_name: other('staff'), password_hash: other('staff'), role: other('staff') } },
  staff_sessions: { person: false, columns: { id_hash: other('staff'), user_agent: other('staff') } },
  staff_recovery_codes: { person: false, columns: { code_hash: other('staff: a keyed hash of a recovery code') } },
  staff_login_throttles: { person: false, columns: { email_key: other('a keyed hash of an address typed at the staff sign-in (staff, or nobody)') } },
  territories: { person: false, columns: { name: other('a place'), epci_name: other('a place'), content_version: other('a counter') } },
  communes: { person: false, columns: { name: other('a place') } },
  programmes: {
    person: false,
    columns: { name: other('the programme'), contact_email: other('the programme’s contact'), contact_phone: other('the programme’s contact') },
  },
  venues: {
    person: false,
    columns: { name: other('a place'), address: other('a place'), contact_phone: other('a place'), contact_email: other('a place'), website: other('a place') },
  },
  workshops: { person: false, columns: { title: other('the catalogue'), description: other('the catalogue'), follow_on_title: other('the catalogue') } },
  cycles: { person: false, columns: { name: other('a cycle') } },
  sessions: { person: false, columns: { cancellation_reason: other('written by staff about a session'), report_notes: other('the facilitator’s notes on the session') } },
  session_questions: { person: false, columns: { question: other('written by staff, with no author among participants'), answer: other('idem') } },
  campaigns: { person: false, columns: { name: other('staff'), subject: other('staff'), body: other('staff') } },
  partners: {
    person: false,
    columns: { name: other('a chamber'), contact_name: other('the chamber’s contact'), contact_email: other('idem'), contact_phone: other('idem'), website: other('idem') },
  },
  partner_offers: { person: false, columns: { title: other('an offer') } },
  diagnostic_questionnaires: { person: false, columns: { content: other('the questionnaire') } },
  territory_contours: { person: false, columns: { file_name: other('a map'), geojson: other('a map'), report: other('a map') } },
  demand_polls: { person: false, columns: {} },
  demand_poll_options: { person: false, columns: {} },
  facilitator_workshops: { person: false, columns: {} },
  kysely_migration: { person: false, columns: { name: other('a migration') } },
  kysely_migration_lock: { person: false, columns: {} },
};

/** The tables that exportPersonData answers (one key each). */
export const PERSON_TABLES = Object.entries(REVIEW)
  .filter(([, r]) => r.person)
  .map(([name]) => name);

import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import { emailHash } from '../campaigns/unsubscribe.js';
import { PERSON_TABLES } from './review.js';

/** LIKE '%value%' with the wildcards of the value escaped (an address may hold `_`). */
export const containing = (value: string) => `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
export const likeContains = (column: string, value: string) => sql<boolean>`${sql.ref(column)} like ${containing(value)} escape '\\'`;

export type Row = Record<string, unknown>;

/** Everything Boutic holds about a participant, one key per table (review.ts), for the JSON download. */
export interface PersonExport {
  format: 'boutic-donnees-personnelles/1';
  generated_at: string;
  participant_id: number;
  tables: Record<string, Row[]>;
}

/**
 * Every row about the participant across the database: their own rows by id, the rows that name
 * their address (demand requests, contacts, mails), and what they wrote. Hashes of links and
 * passwords are left out (they are keys, not data about the person). Null when unknown.
 */
export async function exportPersonData(db: Executor, participantId: number, at = new Date()): Promise<PersonExport | null> {
  const person = await db.selectFrom('participants').selectAll().where('id', '=', participantId).executeTakeFirst();
  if (!person) return null;
  const email = person.email;
  const territory = person.territory_id;
  const ids = <T extends { id: number }>(rows: T[]) => (rows.length ? rows.map((r) => r.id) : [-1]);

  const registrations = await db
    .selectFrom('registrations as r')
    .innerJoin('sessions as s', 's.id', 'r.session_id')
    .innerJoin('workshops as w', 'w.id', 's.workshop_id')
    .innerJoin('venues as v', 'v.id', 's.venue_id')
    .selectAll('r')
    .select(['w.title as workshop_title', 's.starts_at as session_starts_at', 's.ends_at as session_ends_at', 's.status as session_status', 'v.name as venue_name'])
    .where('r.participant_id', '=', participantId)
    .orderBy('s.starts_at')
    .execute();
  const demandRequests = await db
    .selectFrom('demand_requests as d')
    .leftJoin('workshops as w', 'w.id', 'd.workshop_id')
    .selectAll('d')
    .select('w.title as workshop_title')
    .where((eb) => eb.or([eb('d.participant_id', '=', participantId), eb.and([eb('d.territory_id', '=', territory), eb('d.email', '=', email)])]))
    .orderBy('d.id')
    .execute();
  const referrals = await db
    .selectFrom('referrals as r')
    .innerJoin('partners as p', 'p.id', 'r.partner_id')
    .leftJoin('partner_offers as o', 'o.id', 'r.offer_id')
    .selectAll('r')
    .select(['p.name as partner_name', 'o.title as offer_title'])
    .where('r.participant_id', '=', participantId)
    .orderBy('r.id')
    .execute();
  const contacts = await db
    .selectFrom('contacts')
    .selectAll()
    .where((eb) => eb.or([eb('participant_id', '=', participantId), eb.and([eb('territory_id', '=', territory), eb('email', '=', email)])]))
    .execute();
  const projects = await db.selectFrom('network_projects').selectAll().where('proposer_id', '=', participantId).orderBy('id').execute();
  const members = await db.selectFrom('network_members').selectAll().where('participant_id', '=', participantId).execute();
  const conversationIds = members.length ? members.map((m) => m.conversation_id) : [-1];

  const [
    companies,
    consents,
    certificates,
    surveyInvitations,
    pollAnswers,
    diagnostics,
    referralEvents,
    profiles,
    interests,
    conversations,
    messages,
    blocks,
    reports,
    recipients,
    unsubscribes,
    mails,
    tokens,
    auditEntries,
  ] = await Promise.all([
    db.selectFrom('companies').selectAll().where('id', '=', person.company_id ?? -1).execute(),
    db.selectFrom('consents').selectAll().where('participant_id', '=', participantId).orderBy('given_at').execute(),
    db.selectFrom('certificates').selectAll().where('registration_id', 'in', ids(registrations)).execute(),
    db.selectFrom('survey_invitations').select(['id', 'kind', 'session_id', 'cycle_id', 'due_at', 'expires_at', 'answered_on', 'created_at']).where('participant_id', '=', participantId).execute(),
    db.selectFrom('demand_poll_answers').selectAll().where('request_id', 'in', ids(demandRequests)).execute(),
    db.selectFrom('diagnostic_results').select(['id', 'questionnaire_id', 'answers', 'scores', 'commune_code', 'created_at']).where('participant_id', '=', participantId).execute(),
    db.selectFrom('referral_events').selectAll().where('referral_id', 'in', ids(referrals)).orderBy('at').execute(),
    db.selectFrom('directory_profiles').selectAll().where('participant_id', '=', participantId).execute(),
    db.selectFrom('network_interests').selectAll().where('participant_id', '=', participantId).execute(),
    db.selectFrom('network_conversations').selectAll().where('id', 'in', conversationIds).execute(),
    // what they wrote; the other members' messages are theirs
    db.selectFrom('network_messages').selectAll().where('sender_id', '=', participantId).orderBy('created_at').execute(),
    db.selectFrom('network_blocks').selectAll().where('blocker_id', '=', participantId).execute(),
    db.selectFrom('network_reports').select(['id', 'target_kind', 'target_id', 'reason', 'created_at', 'handled_at']).where('reporter_id', '=', participantId).execute(),
    db.selectFrom('campaign_recipients').selectAll().where('contact_id', 'in', ids(contacts)).execute(),
    db.selectFrom('unsubscribes').select(['id', 'campaign_id', 'at']).where('territory_id', '=', territory).where('email_hash', '=', emailHash(email)).execute(),
    db.selectFrom('outbox').select(['id', 'kind', 'recipient', 'payload', 'status', 'created_at', 'sent_at', 'skipped_at']).where('recipient', '=', email).orderBy('created_at').execute(),
    db
      .selectFrom('tokens')
      .select(['id', 'purpose', 'expires_at', 'used_at', 'created_at'])
      .where((eb) => eb.or([eb('subject', '=', `participant:${participantId}`), eb.and([eb('purpose', '=', 'diagnostic_keep'), likeContains('subject', `"participant":${participantId}}`)]), eb.and([eb('purpose', '=', 'session_invitation'), likeContains('subject', JSON.stringify(email))])]))
      .execute(),
    db
      .selectFrom('audit_log')
      .select(['id', 'actor', 'action', 'subject', 'at'])
      .where((eb) => eb.or([eb('actor', '=', `participant:${participantId}`), eb('subject', '=', `participant:${participantId}`)]))
      .orderBy('at')
      .execute(),
  ]);
  const imports = contacts.length
    ? await db.selectFrom('contact_imports').select(['id', 'file_name', 'lawful_basis', 'source', 'created_at', 'imported_at']).where('id', 'in', contacts.map((c) => c.import_id ?? -1)).execute()
    : [];

  const tables: Record<string, Row[]> = {
    participants: [person],
    companies,
    consents,
    registrations,
    certificates,
    survey_invitations: surveyInvitations,
    demand_requests: demandRequests,
    demand_poll_answers: pollAnswers,
    diagnostic_results: diagnostics,
    referrals,
    referral_events: referralEvents,
    directory_profiles: profiles,
    network_projects: projects,
    network_interests: interests,
    network_conversations: conversations,
    network_members: members,
    network_messages: messages,
    network_blocks: blocks,
    network_reports: reports,
    contacts,
    contact_imports: imports,
    campaign_recipients: recipients,
    unsubscribes,
    // the mails sent to them: what was said (subject and text), not the HTML copy
    outbox: mails.map(({ payload, ...m }) => {
      const p = safeJson(payload);
      return { ...m, subject: p?.subject ?? null, text: p?.text ?? null };
    }),
    tokens,
    audit_log: auditEntries,
  };
  for (const name of PERSON_TABLES) tables[name] ??= [];
  return { format: 'boutic-donnees-personnelles/1', generated_at: at.toISOString(), participant_id: participantId, tables };
}

function safeJson(text: string): { subject?: string; text?: string } | null {
  try {
    return JSON.parse(text) as { subject?: string; text?: string };
  } catch {
    return null;
  }
}

// kept for callers that need the count of rows per table (the « Mes données » page)
export const rowCounts = (data: PersonExport) => Object.entries(data.tables).map(([table, rows]) => ({ table, count: rows.length }));

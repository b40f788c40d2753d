import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../platform/db/database.js';
import { dialectOf, now } from '../platform/db/database.js';
import { audit } from '../platform/audit.js';
import { likeContains } from './export.js';
import { emailHash } from '../campaigns/unsubscribe.js';

/** The address an erased person gets: unique per person, and `.invalid` never delivers (RFC 2606). */
export const erasedEmail = (participantId: number) => `efface-${participantId}@anonyme.invalid`;
export const ERASED_FIRST_NAME = 'Personne';
export const ERASED_LAST_NAME = 'anonymisée';
const ERASED_PAYLOAD = JSON.stringify({ subject: '', text: '', html: '' });

export type ErasureReason = { kind: 'own_request' } | { kind: 'staff_request'; requestedOn: string; channel: string } | { kind: 'retention'; years: number };

export type ErasureResult = { ok: true; already: boolean } | { ok: false };

/**
 * Anonymises a participant, in the caller's transaction (one transaction: all or nothing). The
 * person goes — name, address, phone, company name and SIRET, every free text they wrote — while
 * the rows that feed the statistics stay (registrations, attendance, referral outcomes, sector,
 * commune, size): the results and the funder's report are the same before and after. Pending mails
 * to or about them are cancelled, their links and sessions deleted, their consents withdrawn, the
 * campaign contact with their address deleted. The audit entry holds no personal data. Erasing an
 * erased person changes nothing (`already`). See docs/personal-data.md and review.ts.
 */
export async function erasePerson(tx: Tx, participantId: number, actor: string, reason: ErasureReason, at = new Date()): Promise<ErasureResult> {
  // the person's row locked (PostgreSQL): two erasures at once (the retention job of two processes,
  // or a staff request meanwhile) run one after the other, and the second finds `already`
  const person = await tx
    .selectFrom('participants')
    .selectAll()
    .where('id', '=', participantId)
    .$if(dialectOf(tx) === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
  if (!person) return { ok: false };
  if (person.anonymised_at) return { ok: true, already: true };
  const stamp = at.toISOString();
  const email = person.email;
  const placeholder = erasedEmail(participantId);
  const fullName = `${person.first_name} ${person.last_name}`;

  // the campaign contact with the same address (or linked), with its recipient rows
  const contacts = await tx
    .selectFrom('contacts')
    .select('id')
    .where((eb) => eb.or([eb('participant_id', '=', participantId), eb.and([eb('territory_id', '=', person.territory_id), eb('email', '=', email)])]))
    .execute();
  if (contacts.length) {
    const contactIds = contacts.map((c) => c.id);
    await tx.deleteFrom('campaign_recipients').where('contact_id', 'in', contactIds).execute();
    await tx.deleteFrom('contacts').where('id', 'in', contactIds).execute();
  }

  // mails to them or about them (a relay, a referral to a chamber): pending ones cancelled, all emptied
  const aboutThem = (eb: any) =>
    eb.or([
      eb('recipient', '=', email),
      likeContains('payload', email),
      likeContains('payload', fullName),
      ...(person.phone ? [likeContains('payload', person.phone)] : []),
    ]);
  await tx.updateTable('outbox').set({ status: 'skipped', skipped_at: stamp }).where(aboutThem).where('status', 'in', ['pending', 'sending']).execute();
  await tx.updateTable('outbox').set({ payload: ERASED_PAYLOAD, last_error: null }).where(aboutThem).execute();
  await tx.updateTable('outbox').set({ recipient: placeholder }).where('recipient', '=', email).execute();

  // links and sessions: access, participant sessions, diagnostic keep links, invitations to register
  await tx
    .deleteFrom('tokens')
    .where((eb) =>
      eb.or([
        eb('subject', '=', `participant:${participantId}`),
        eb.and([eb('purpose', '=', 'diagnostic_keep'), likeContains('subject', `"participant":${participantId}}`)]),
        eb.and([eb('purpose', '=', 'session_invitation'), likeContains('subject', JSON.stringify(email))]),
      ]),
    )
    .execute();

  await tx
    .updateTable('participants')
    .set({ email: placeholder, first_name: ERASED_FIRST_NAME, last_name: ERASED_LAST_NAME, phone: null, role_in_company: null, heard_from: null, anonymised_at: stamp })
    .where('id', '=', participantId)
    .execute();

  // the company: anonymised unless someone still in the programme belongs to it (then it is theirs too)
  if (person.company_id !== null) {
    const others = await tx.selectFrom('participants').select('id').where('company_id', '=', person.company_id).where('id', '<>', participantId).where('anonymised_at', 'is', null).executeTakeFirst();
    if (!others) await tx.updateTable('companies').set({ name: 'Entreprise anonymisée', siret: null }).where('id', '=', person.company_id).execute();
  }

  await tx.updateTable('consents').set({ withdrawn_at: stamp }).where('participant_id', '=', participantId).where('withdrawn_at', 'is', null).execute();
  await tx.updateTable('registrations').set({ notes: null }).where('participant_id', '=', participantId).execute();

  const mine = (eb: any) => eb.or([eb('participant_id', '=', participantId), eb.and([eb('territory_id', '=', person.territory_id), eb('email', '=', email)])]);
  await tx.updateTable('demand_requests').set({ status: 'withdrawn', withdrawn_at: stamp }).where(mine).where('status', '=', 'open').execute();
  await tx
    .updateTable('demand_requests')
    .set({
      email: placeholder,
      first_name: ERASED_FIRST_NAME,
      last_name: ERASED_LAST_NAME,
      company: null,
      comment: null,
      topic: sql<string | null>`case when workshop_id is null and topic is not null then 'Sujet effacé' else null end`,
    })
    .where(mine)
    .execute();

  // a kept diagnostic stays as an anonymous one; its link dies
  const results = await tx.selectFrom('diagnostic_results').select('id').where('participant_id', '=', participantId).execute();
  for (const r of results) {
    await tx.updateTable('diagnostic_results').set({ participant_id: null, token_hash: crypto.createHash('sha256').update(crypto.randomBytes(32)).digest('hex') }).where('id', '=', r.id).execute();
  }

  await tx.updateTable('referrals').set({ note: null }).where('participant_id', '=', participantId).execute();

  // networking: the profile left and emptied, projects closed and emptied, messages emptied
  await tx
    .updateTable('directory_profiles')
    .set({ website: null, looking_for: null, offering: null, interests: '[]', show_name: 0, show_company: 0, show_sector: 0, show_commune: 0, show_website: 0, show_looking_for: 0, show_offering: 0 })
    .where('participant_id', '=', participantId)
    .execute();
  await tx.updateTable('directory_profiles').set({ left_at: stamp }).where('participant_id', '=', participantId).where('left_at', 'is', null).execute();
  await tx.updateTable('network_projects').set({ title: 'Projet effacé', description: '', support_note: null }).where('proposer_id', '=', participantId).execute();
  await tx.updateTable('network_projects').set({ closed_at: stamp }).where('proposer_id', '=', participantId).where('closed_at', 'is', null).execute();
  await tx.updateTable('network_interests').set({ withdrawn_at: stamp }).where('participant_id', '=', participantId).where('withdrawn_at', 'is', null).execute();
  await tx.updateTable('network_members').set({ left_at: stamp }).where('participant_id', '=', participantId).where('left_at', 'is', null).execute();
  await tx.updateTable('network_messages').set({ body: '' }).where('sender_id', '=', participantId).execute();
  await tx.deleteFrom('network_blocks').where('blocker_id', '=', participantId).execute();
  await tx.updateTable('network_reports').set({ reason: '' }).where('reporter_id', '=', participantId).execute();

  // where the address was written down as text: audit details, a contact file's preview
  await tx.updateTable('audit_log').set({ details: sql`replace(details, ${email}, ${placeholder})`, subject: sql`replace(subject, ${email}, ${placeholder})` }).where('territory_id', '=', person.territory_id).where((eb) => eb.or([likeContains('details', email), likeContains('subject', email)])).execute();
  await tx.updateTable('contact_imports').set({ content: sql`replace(content, ${email}, ${placeholder})` }).where('territory_id', '=', person.territory_id).where(likeContains('content', email)).execute();

  await audit(tx, {
    territoryId: person.territory_id,
    actor,
    action: 'participant.erased',
    subject: `participant:${participantId}`,
    details: reason.kind === 'staff_request' ? { reason: reason.kind, requestedOn: reason.requestedOn, channel: reason.channel } : { reason: reason.kind, ...(reason.kind === 'retention' ? { years: reason.years } : {}) },
  });
  return { ok: true, already: false };
}

/** Withdraws one of the person's consents (idempotent); answers false when it is not theirs. */
export async function withdrawConsent(tx: Tx, participantId: number, consentId: number, at = now()): Promise<boolean> {
  const consent = await tx.selectFrom('consents as c').innerJoin('participants as p', 'p.id', 'c.participant_id').select(['c.id', 'c.purpose', 'c.withdrawn_at', 'p.territory_id', 'p.email']).where('c.id', '=', consentId).where('c.participant_id', '=', participantId).executeTakeFirst();
  if (!consent) return false;
  if (consent.withdrawn_at) return true;
  await tx.updateTable('consents').set({ withdrawn_at: at }).where('id', '=', consentId).execute();
  // the news: campaigns honour the unsubscribe list (src/campaigns/messages/segment.ts), so the address goes on it
  if (consent.purpose === 'programme_news') {
    await tx.insertInto('unsubscribes').values({ territory_id: consent.territory_id, email_hash: emailHash(consent.email) }).onConflict((oc) => oc.columns(['territory_id', 'email_hash']).doNothing()).execute();
  }
  // withdrawing the directory's consent is leaving it (as src/network/profile.ts leaveDirectory does)
  if (consent.purpose === 'directory') {
    await tx
      .updateTable('directory_profiles')
      .set({ left_at: at, website: null, looking_for: null, offering: null, show_name: 0, show_company: 0, show_sector: 0, show_commune: 0, show_website: 0, show_looking_for: 0, show_offering: 0 })
      .where('participant_id', '=', participantId)
      .where('left_at', 'is', null)
      .execute();
  }
  await audit(tx, { territoryId: consent.territory_id, actor: `participant:${participantId}`, action: 'consent.withdrawn', subject: `consent:${consentId}`, details: { purpose: consent.purpose } });
  return true;
}

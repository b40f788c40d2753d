import type { Db } from '../platform/db/database.js';
import { audit } from '../platform/audit.js';
import { emailHash } from '../campaigns/unsubscribe.js';
import { DEFAULT_QUESTIONNAIRE } from '../pathway/diagnostic/default-questionnaire.js';
import { buildCycle, buildSession, buildTerritory, buildVenue, buildWorkshop } from '../../test/factories.js';

/** What the erasure tests look for afterwards, anywhere in the database. */
export const SECRETS = {
  first: 'Zéphyrine',
  last: 'Quillebœuf',
  email: 'zephyrine.quilleboeuf@ferme-exemple.fr',
  phone: '+33611223344',
  company: 'Ferme des Trois Quillebœuf',
  siret: '73282932000074',
  texts: [
    'Besoin d’un poste près de la fenêtre XQZNOTE',
    'Je voudrais apprendre la vente en ligne XQZCOMMENT',
    'Partage de matériel de maraîchage XQZPROJECT',
    'Je cherche un graphiste XQZLOOKING',
    'Bonjour, on se voit au marché XQZMESSAGE',
    'Message déplacé XQZREPORT',
    'A besoin d’un accompagnement export XQZREFERRAL',
    'Vente directe à la ferme XQZTOPIC',
    'gérante XQZROLE',
    'par le bouche-à-oreille XQZHEARD',
    'Je propose des paniers XQZOFFER',
    'https://quilleboeuf-xqz.example',
  ],
};

const ago = (days: number) => new Date(Date.now() - days * 86400_000);

/**
 * A territory where one leader (SECRETS) has data in every area — registrations, attendance,
 * certificate, survey, demand and poll, diagnostic, referral, directory, project, messages, block,
 * report, campaign contact, mails, links, audit — beside another leader who must stay untouched.
 */
export async function buildPersonEverywhere(db: Db) {
  const territory = await buildTerritory(db);
  const territoryId = territory.id;
  const cycle = await buildCycle(db, { territoryId });
  const workshop = await buildWorkshop(db, { territoryId });
  const venue = await buildVenue(db, { territoryId });
  const held = await buildSession(db, { territoryId, workshopId: workshop.id, venueId: venue.id, cycleId: cycle.id, startsAt: ago(30), status: 'held', seatsTaken: 2 });
  const coming = await buildSession(db, { territoryId, workshopId: workshop.id, venueId: venue.id, cycleId: cycle.id, startsAt: new Date(Date.now() + 10 * 86400_000), seatsTaken: 1 });

  const company = await db.insertInto('companies').values({ territory_id: territoryId, name: SECRETS.company, siret: SECRETS.siret, sector: 'agriculture', commune_code: '62767', size_band: '1-2' }).returning('id').executeTakeFirstOrThrow();
  const otherCompany = await db.insertInto('companies').values({ territory_id: territoryId, name: 'Garage Martin', sector: 'artisanat', commune_code: '62767' }).returning('id').executeTakeFirstOrThrow();
  const person = await db
    .insertInto('participants')
    .values({
      territory_id: territoryId,
      email: SECRETS.email,
      first_name: SECRETS.first,
      last_name: SECRETS.last,
      phone: SECRETS.phone,
      company_id: company.id,
      commune_code: '62767',
      role_in_company: SECRETS.texts[8]!,
      heard_from: SECRETS.texts[9]!,
      digital_level: 'debutant',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const other = await db.insertInto('participants').values({ territory_id: territoryId, email: 'paul.martin@garage-exemple.fr', first_name: 'Paul', last_name: 'Martin', company_id: otherCompany.id, commune_code: '62767' }).returning('id').executeTakeFirstOrThrow();
  const id = person.id;

  await db.insertInto('consents').values([
    { participant_id: id, purpose: 'programme_news', text_version: 'news-v1', given_at: ago(40).toISOString() },
    { participant_id: id, purpose: 'directory', text_version: 'directory-v1', given_at: ago(20).toISOString() },
    { participant_id: other.id, purpose: 'directory', text_version: 'directory-v1', given_at: ago(20).toISOString() },
  ]).execute();
  const reg = await db.insertInto('registrations').values({ session_id: held.id, participant_id: id, status: 'confirmed', attendance: 'present', notes: SECRETS.texts[0]!, created_at: ago(35).toISOString() }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('registrations').values({ session_id: held.id, participant_id: other.id, status: 'confirmed', attendance: 'absent', created_at: ago(35).toISOString() }).execute();
  await db.insertInto('registrations').values({ session_id: coming.id, participant_id: id, status: 'confirmed', created_at: ago(2).toISOString() }).execute();
  await db.insertInto('certificates').values({ registration_id: reg.id, code: 'ATT-XQZ-0001', issued_at: ago(29).toISOString() }).execute();
  await db.insertInto('survey_invitations').values({ territory_id: territoryId, kind: 'satisfaction', participant_id: id, session_id: held.id, cycle_id: cycle.id, token_hash: 'a'.repeat(64), due_at: ago(29).toISOString(), expires_at: ago(1).toISOString(), answered_on: ago(28).toISOString().slice(0, 10) }).execute();
  // the answer itself is anonymous by design (no participant): it must stay as it is
  await db.insertInto('satisfaction_answers').values({ territory_id: territoryId, session_id: held.id, usefulness: 5, clarity: 4, pace: 'adapte', recommend: 1, next_practice: 1, next_workshop: 0, next_chamber: 0, next_provider: 0, next_nothing: 0, comment: 'Très bien', answered_on: ago(28).toISOString().slice(0, 10) }).execute();

  const request = await db
    .insertInto('demand_requests')
    .values({ territory_id: territoryId, workshop_id: null, topic: SECRETS.texts[7]!, venue_id: venue.id, days: 'lun', times: 'matin', comment: SECRETS.texts[1]!, email: SECRETS.email, first_name: SECRETS.first, last_name: SECRETS.last, company: SECRETS.company, participant_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const poll = await db.insertInto('demand_polls').values({ territory_id: territoryId, workshop_id: workshop.id, venue_id: venue.id, closes_at: new Date(Date.now() + 86400_000).toISOString() }).returning('id').executeTakeFirstOrThrow();
  const option = await db.insertInto('demand_poll_options').values({ poll_id: poll.id, starts_at: coming.starts_at, ends_at: new Date(Date.parse(coming.starts_at) + 3600_000).toISOString() }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('demand_poll_answers').values({ option_id: option.id, request_id: request.id, answer: 'yes', answered_at: ago(3).toISOString() }).execute();

  const questionnaire = await db.insertInto('diagnostic_questionnaires').values({ territory_id: territoryId, version: 1, content: JSON.stringify(DEFAULT_QUESTIONNAIRE) }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('diagnostic_results').values({ territory_id: territoryId, questionnaire_id: questionnaire.id, answers: '{"site":"non"}', scores: '{"web":20}', commune_code: '62767', participant_id: id, token_hash: 'b'.repeat(64) }).execute();
  await db.insertInto('tokens').values({ purpose: 'diagnostic_keep', hash: 'c'.repeat(64), subject: JSON.stringify({ result: 1, participant: id }), expires_at: new Date(Date.now() + 86400_000).toISOString() }).execute();

  const partner = await db.insertInto('partners').values({ territory_id: territoryId, kind: 'chambre_agriculture', name: 'Chambre d’agriculture', contact_email: 'conseil@chambre-exemple.fr' }).returning('id').executeTakeFirstOrThrow();
  const referral = await db
    .insertInto('referrals')
    .values({ territory_id: territoryId, participant_id: id, partner_id: partner.id, cycle_id: cycle.id, requested_by: 'participant', consent_text: 'J’accepte que mes coordonnées soient transmises.', consent_text_version: 'referral-v1', consent_at: ago(20).toISOString(), shared_fields: '["name","email"]', note: SECRETS.texts[6]!, status: 'training_started', status_at: ago(10).toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('referral_events').values([{ referral_id: referral.id, status: 'sent', happened_on: ago(20).toISOString().slice(0, 10), actor: `participant:${id}` }, { referral_id: referral.id, status: 'training_started', happened_on: ago(10).toISOString().slice(0, 10), actor: 'staff:1' }]).execute();

  await db.insertInto('directory_profiles').values({ territory_id: territoryId, participant_id: id, show_name: 1, show_company: 1, website: SECRETS.texts[11]!, looking_for: SECRETS.texts[3]!, offering: SECRETS.texts[10]!, interests: '["web"]' }).execute();
  await db.insertInto('directory_profiles').values({ territory_id: territoryId, participant_id: other.id, show_name: 1, looking_for: 'Un associé' }).execute();
  const project = await db.insertInto('network_projects').values({ territory_id: territoryId, proposer_id: id, title: SECRETS.texts[2]!, description: SECRETS.texts[2]!, support_note: 'Soutenu' }).returning('id').executeTakeFirstOrThrow();
  const othersProject = await db.insertInto('network_projects').values({ territory_id: territoryId, proposer_id: other.id, title: 'Achats groupés', description: 'Groupons nos achats' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('network_interests').values([{ project_id: othersProject.id, participant_id: id }, { project_id: project.id, participant_id: other.id }]).execute();
  const conversation = await db.insertInto('network_conversations').values({ territory_id: territoryId, created_by: id }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('network_members').values([{ conversation_id: conversation.id, participant_id: id }, { conversation_id: conversation.id, participant_id: other.id }]).execute();
  await db.insertInto('network_messages').values([{ conversation_id: conversation.id, sender_id: id, body: SECRETS.texts[4]! }, { conversation_id: conversation.id, sender_id: other.id, body: 'Avec plaisir' }]).execute();
  await db.insertInto('network_blocks').values({ blocker_id: id, blocked_id: other.id }).execute();
  await db.insertInto('network_reports').values({ territory_id: territoryId, reporter_id: id, target_kind: 'project', target_id: othersProject.id, reason: SECRETS.texts[5]! }).execute();

  const campaign = await db.insertInto('campaigns').values({ territory_id: territoryId, name: 'Rentrée', ref: 'rentree', subject: 'Les ateliers', body: 'Bonjour', segment: '{}' }).returning('id').executeTakeFirstOrThrow();
  const contact = await db.insertInto('contacts').values({ territory_id: territoryId, email: SECRETS.email, first_name: SECRETS.first, last_name: SECRETS.last, company: SECRETS.company, siret: SECRETS.siret, phone: SECRETS.phone, lawful_basis: 'consentement', source: 'inscription', participant_id: id }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('unsubscribes').values({ territory_id: territoryId, email_hash: emailHash(SECRETS.email), campaign_id: campaign.id }).execute();
  await db.insertInto('campaign_recipients').values({ campaign_id: campaign.id, contact_id: contact.id, status: 'queued' }).execute();

  const mail = (recipient: string, subject: string, text: string, status: 'pending' | 'sent', key: string) => ({
    kind: 'test',
    recipient,
    payload: JSON.stringify({ subject, text, html: `<p>${text}</p>` }),
    status,
    next_attempt_at: new Date().toISOString(),
    idempotency_key: key,
    ...(status === 'sent' ? { sent_at: ago(5).toISOString() } : {}),
  });
  await db.insertInto('outbox').values([
    mail(SECRETS.email, 'Votre inscription', `Bonjour ${SECRETS.first} ${SECRETS.last}`, 'sent', `x-${id}-1`),
    mail(SECRETS.email, 'Rappel', `Bonjour ${SECRETS.first}, à demain`, 'pending', `x-${id}-2`),
    mail('conseil@chambre-exemple.fr', 'Nouvelle orientation', `${SECRETS.first} ${SECRETS.last}, ${SECRETS.phone}`, 'pending', `x-${id}-3`),
    mail('paul.martin@garage-exemple.fr', 'Votre inscription', 'Bonjour Paul Martin', 'pending', `x-${other.id}-1`),
  ]).execute();
  await db.insertInto('tokens').values([
    { purpose: 'participant_access', hash: 'd'.repeat(64), subject: `participant:${id}`, expires_at: new Date(Date.now() + 86400_000).toISOString() },
    { purpose: 'session_invitation', hash: 'e'.repeat(64), subject: JSON.stringify({ session: coming.id, email: SECRETS.email, first_name: SECRETS.first, last_name: SECRETS.last, company: SECRETS.company }), expires_at: new Date(Date.now() + 86400_000).toISOString() },
    { purpose: 'participant_access', hash: 'f'.repeat(64), subject: `participant:${other.id}`, expires_at: new Date(Date.now() + 86400_000).toISOString() },
  ]).execute();
  await audit(db, { territoryId, actor: 'staff:1', action: 'test.note', subject: `participant:${id}`, details: { email: SECRETS.email } });

  return { territoryId, cycleId: cycle.id, participantId: id, otherId: other.id, heldSessionId: held.id, comingSessionId: coming.id };
}

import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { TestApp } from '../app.js';
import { buildStaff } from '../factories.js';
import { seedDemo, type DemoCopy } from '../../src/demo/seed.js';
import { issueRequestToken } from '../../src/on-demand/requests/tokens.js';
import { createPoll } from '../../src/on-demand/polls/commands.js';
import { createContactImport } from '../../src/campaigns/contacts/commands.js';
import { currentQuestionnaire, recordDiagnostic } from '../../src/pathway/diagnostic/commands.js';
import { unsubscribeToken } from '../../src/campaigns/unsubscribe.js';
import { CONSENT_VERSION, consentText } from '../../src/pathway/referrals/commands.js';
import { parisDay } from '../../src/pathway/referrals/queries.js';
import { issueAccessToken } from '../../src/registration/tokens.js';
import { proposeProject } from '../../src/network/projects.js';

/** The roles every route is tried with: the 9 of the issue, and the elected officials (read-only results). */
export const ROLES = ['anonymous', 'participant', 'otherParticipant', 'facilitator', 'otherFacilitator', 'partner', 'otherPartner', 'coordinator', 'administrator', 'elected'] as const;
export type RoleName = (typeof ROLES)[number];

/**
 * The world the matrix is played in: the demo of the Pays du Ternois (real programme, staff, two
 * cycles, attendance, certificates, surveys, referrals, directory), and around participant P the
 * objects each route is about — every id below is one P, facilitator A or partner X may reach, so
 * that an allowed role reaches a real page and a refused one is refused for who it is, not for a
 * missing id.
 */
export interface World {
  territoryId: number;
  staff: { facilitator: number; otherFacilitator: number; partner: number; otherPartner: number; coordinator: number; administrator: number; elected: number };
  participant: number;
  otherParticipant: number;
  /** A's session still to come (P registered in it) and A's held session (P present, with a certificate); B's session. */
  session: number;
  pastSession: number;
  otherSession: number;
  /** A session of A's that the coordination may cancel without spoiling the rest of the run. */
  spareSession: number;
  registration: number;
  pastRegistration: number;
  otherRegistration: number;
  workshop: { id: number; slug: string };
  venue: { id: number; slug: string };
  cycle: { id: number; number: number };
  question: number;
  demandRequest: number;
  poll: number;
  campaign: number;
  contactImport: number;
  partnerOrg: number;
  offer: number;
  referral: number;
  otherReferral: number;
  conversation: number;
  project: number;
  report: number;
  outbox: number;
  tokens: { demand: string; survey: string; diagnostic: string; unsubscribe: string };
  /** Another member of the directory (M, in P's conversation), and M's project. */
  member: number;
  memberProject: number;
  /** P's consent to the programme's news (withdrawn by its row, played late). */
  consent: number;
  /** A campaign still in draft (the demo's first one is sent). */
  draftCampaign: number;
  /** Fresh objects for the rows whose allowed roles each consume one (delete, hide, dismiss). */
  newQuestion(): Promise<number>;
  newReport(): Promise<number>;
  newProject(): Promise<number>;
  /** A fresh link to P's « Mes inscriptions » (each is used once). */
  accessLink(): Promise<string>;
}

const one = async <T>(q: Promise<T | undefined>, what: string): Promise<T> => {
  const row = await q;
  if (row === undefined) throw new Error(`fixture world: no ${what}`);
  return row;
};

/**
 * `copy`: a second territory in the same database (the demo again, under another slug, its staff under
 * another domain, drawn from another seed), for the tests of several territories; every object below is
 * then that territory's.
 */
export async function buildWorld(t: TestApp, options: { copy?: DemoCopy; seed?: number } = {}): Promise<World> {
  const db = t.database.db;
  const now = new Date();
  const demo = await seedDemo(db, { now, baseUrl: t.config.baseUrl, secret: t.config.sessionSecret, ...(options.copy ? { copy: options.copy, seed: options.seed ?? 2013 } : {}) });
  const territoryId = demo.territoryId;
  const staffId = async (email: string) => (await one(db.selectFrom('staff_users').select('id').where('email', '=', email).executeTakeFirst(), email)).id;
  const byRole = (role: string) => demo.staff.find((s) => s.role === role)!.email;

  // P: a member of the directory who wrote in a conversation and was present at a held session
  const conversation = await one(db.selectFrom('network_conversations').select(['id', 'created_by']).where('territory_id', '=', territoryId).orderBy('id').executeTakeFirst(), 'conversation');
  const participant = conversation.created_by;
  const past = await one(
    db
      .selectFrom('registrations as r')
      .innerJoin('sessions as s', 's.id', 'r.session_id')
      .innerJoin('certificates as c', 'c.registration_id', 'r.id')
      .select(['r.id', 's.id as session_id', 's.facilitator_id'])
      .where('r.participant_id', '=', participant)
      .where('r.attendance', '=', 'present')
      .where('s.facilitator_id', 'is not', null)
      .orderBy('r.id')
      .executeTakeFirst(),
    'past attendance of P',
  );
  const facilitator = past.facilitator_id!;
  const otherFacilitator = await one(db.selectFrom('staff_users').select('id').where('territory_id', '=', territoryId).where('role', '=', 'facilitator').where('id', '<>', facilitator).orderBy('id').executeTakeFirst(), 'facilitator B');

  const future = (facilitatorId: number) =>
    db
      .selectFrom('sessions')
      .select(['id', 'workshop_id', 'venue_id', 'cycle_id'])
      .where('facilitator_id', '=', facilitatorId)
      .where('status', '=', 'scheduled')
      .where('starts_at', '>', now.toISOString())
      .where(sql<boolean>`seats_taken < seats`)
      .orderBy('starts_at')
      .execute();
  const [session, spare] = await future(facilitator);
  const [otherSession] = await future(otherFacilitator.id);
  if (!session || !spare || !otherSession) throw new Error('fixture world: sessions of A and B');

  // P registered in A's coming session (as the registration command leaves it: a seat claimed)
  let registration = (await db.selectFrom('registrations').select('id').where('session_id', '=', session.id).where('participant_id', '=', participant).where('status', '<>', 'cancelled').executeTakeFirst())?.id;
  if (registration === undefined) {
    registration = (await db.insertInto('registrations').values({ session_id: session.id, participant_id: participant, status: 'confirmed', source: 'web' }).returning('id').executeTakeFirstOrThrow()).id;
    await sql`update sessions set seats_taken = seats_taken + 1 where id = ${session.id}`.execute(db);
  }

  // Q: a leader outside the directory, with a registration of their own
  const other = await one(
    db
      .selectFrom('registrations as r')
      .innerJoin('sessions as s', 's.id', 'r.session_id')
      .innerJoin('participants as q', 'q.id', 'r.participant_id')
      .select(['r.id', 'r.participant_id'])
      .where('q.territory_id', '=', territoryId)
      .where('r.status', '=', 'confirmed')
      .where('s.starts_at', '>', now.toISOString())
      .where('r.participant_id', '<>', participant)
      .where('r.participant_id', 'not in', db.selectFrom('directory_profiles').select('participant_id'))
      .orderBy('r.id')
      .executeTakeFirst(),
    'participant Q',
  );

  // partners: X is the demo's CCI account; Y a CMA account
  const partner = await staffId(byRole('partner'));
  const cci = await one(db.selectFrom('partners').select('id').where('territory_id', '=', territoryId).where('kind', '=', 'cci').executeTakeFirst(), 'CCI');
  const cma = await one(db.selectFrom('partners').select('id').where('territory_id', '=', territoryId).where('kind', '=', 'cma').executeTakeFirst(), 'CMA');
  const y = await buildStaff(db, { territoryId, role: 'partner', email: `cma@${options.copy?.staffDomain ?? 'boutic.localhost'}` });
  await db.updateTable('staff_users').set({ partner_id: cma.id }).where('id', '=', y.id).execute();
  const offer = await one(db.selectFrom('partner_offers').select('id').where('partner_id', '=', cci.id).orderBy('id').executeTakeFirst(), 'CCI offer');

  // P's referral to the CCI (X's), and one to the CMA (Y's), as the demo writes them
  const referralTo = async (partnerId: number) => {
    const at = new Date(now.getTime() - 86400_000);
    const { id } = await db
      .insertInto('referrals')
      .values({ territory_id: territoryId, participant_id: participant, partner_id: partnerId, offer_id: null, session_id: past.session_id, cycle_id: past.session_id ? (await db.selectFrom('sessions').select('cycle_id').where('id', '=', past.session_id).executeTakeFirstOrThrow()).cycle_id : null, requested_by: 'participant', made_by: null, consent_text: consentText('participant'), consent_text_version: CONSENT_VERSION, consent_at: at.toISOString(), shared_fields: JSON.stringify(['name', 'email']), note: null, status: 'sent', status_at: at.toISOString(), created_at: at.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('referral_events').values({ referral_id: id, status: 'sent', happened_on: parisDay(at), actor: 'system', at: at.toISOString() }).execute();
    return id;
  };
  const referral = await referralTo(cci.id);
  const otherReferral = await referralTo(cma.id);

  const coordinator = await staffId(byRole('coordinator'));
  const ctx = { territoryId, staffId: coordinator, baseUrl: t.config.baseUrl, programmeName: 'Boutic' };

  // a demand request (and its link), in a poll
  const demand = await one(db.selectFrom('demand_requests').select(['id', 'workshop_id', 'venue_id']).where('territory_id', '=', territoryId).where('status', '=', 'open').where('workshop_id', 'is not', null).orderBy('id').executeTakeFirst(), 'open demand request');
  const day = (d: number, h: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + d, h));
  const poll = await createPoll(db, ctx, { workshopId: demand.workshop_id!, groupVenueId: demand.venue_id, venueId: demand.venue_id ?? session.venue_id, options: [{ startsAt: day(40, 8), endsAt: day(40, 11) }, { startsAt: day(41, 8), endsAt: day(41, 11) }], closesAt: day(20, 8) });
  if (!poll.ok) throw new Error(`fixture world: poll ${JSON.stringify(poll.errors)}`);
  const demandToken = await issueRequestToken(db, demand.id);

  // a question noted at A's held session
  const question = (await db.insertInto('session_questions').values({ session_id: past.session_id, workshop_id: (await db.selectFrom('sessions').select('workshop_id').where('id', '=', past.session_id).executeTakeFirstOrThrow()).workshop_id, question: 'Comment sauvegarder ?', answer: 'Sur un disque externe.', created_by: facilitator, created_at: now.toISOString() }).returning('id').executeTakeFirstOrThrow()).id;

  // a survey link of A's held session, still open
  const surveyToken = crypto.randomBytes(32).toString('base64url');
  const invitation = await one(db.selectFrom('survey_invitations as si').innerJoin('participants as sp', 'sp.id', 'si.participant_id').select('si.id').where('sp.territory_id', '=', territoryId).where('si.answered_on', 'is', null).orderBy('si.id').executeTakeFirst(), 'survey invitation');
  await db.updateTable('survey_invitations').set({ token_hash: crypto.createHash('sha256').update(surveyToken).digest('hex'), expires_at: new Date(now.getTime() + 30 * 86400_000).toISOString() }).where('id', '=', invitation.id).execute();

  // P's diagnostic, kept in their space
  const diagnostic = await recordDiagnostic(db, { territoryId, version: await currentQuestionnaire(db, territoryId), answers: {}, communeCode: null, participantId: participant });

  // P's project in the directory
  const project = await proposeProject(db, participant, { title: 'Un marché de Noël en ligne', description: 'Les commerçants du bourg ensemble.', sectors: [], communeCode: null });
  if (project === null) throw new Error('fixture world: project');

  const contactImport = await createContactImport(db, { staffId: coordinator, territoryId }, { fileName: 'contacts.csv', table: { headers: ['email', 'prenom'], rows: [['nouveau@exemple.fr', 'Nina']], encoding: 'utf-8', delimiter: ',' }, lawfulBasis: 'consentement', source: 'salon' });
  const contact = await one(db.selectFrom('contacts').select('email').where('territory_id', '=', territoryId).orderBy('id').executeTakeFirst(), 'contact');

  const member = await one(db.selectFrom('network_members').select('participant_id').where('conversation_id', '=', conversation.id).where('participant_id', '<>', participant).executeTakeFirst(), 'member M');
  const memberProject = await one(db.selectFrom('network_projects').select('id').where('proposer_id', '=', member.participant_id).executeTakeFirst(), 'project of M');
  const sent = await one(db.selectFrom('campaigns').selectAll().where('territory_id', '=', territoryId).orderBy('id').executeTakeFirst(), 'campaign');
  const draft = await db.insertInto('campaigns').values({ territory_id: territoryId, cycle_id: sent.cycle_id, name: 'Relance de printemps', ref: 'relance-printemps', subject: sent.subject, body: sent.body, segment: sent.segment, created_by: coordinator }).returning('id').executeTakeFirstOrThrow();
  const newQuestion = async () => (await db.insertInto('session_questions').values({ session_id: past.session_id, workshop_id: (await db.selectFrom('sessions').select('workshop_id').where('id', '=', past.session_id).executeTakeFirstOrThrow()).workshop_id, question: 'Une question de plus ?', answer: null, created_by: facilitator, created_at: new Date().toISOString() }).returning('id').executeTakeFirstOrThrow()).id;
  const newProject = async () => {
    const id = await proposeProject(db, member.participant_id, { title: 'Un projet à modérer', description: 'Pour la matrice.', sectors: [], communeCode: null });
    if (id === null) throw new Error('fixture world: project of M');
    return id;
  };
  const newReport = async () => (await db.insertInto('network_reports').values({ territory_id: territoryId, reporter_id: participant, target_kind: 'project', target_id: memberProject.id, reason: 'Hors sujet.', created_at: new Date().toISOString() }).returning('id').executeTakeFirstOrThrow()).id;

  const workshop = await one(db.selectFrom('workshops').select(['id', 'slug']).where('id', '=', session.workshop_id).executeTakeFirst(), 'workshop');
  const venue = await one(db.selectFrom('venues').select(['id', 'slug']).where('id', '=', session.venue_id).executeTakeFirst(), 'venue');
  const cycle = await one(db.selectFrom('cycles').select(['id', 'number']).where('id', '=', session.cycle_id).executeTakeFirst(), 'cycle');
  const consent = (await db.insertInto('consents').values({ participant_id: participant, purpose: 'programme_news', text_version: 'matrice', given_at: new Date().toISOString(), withdrawn_at: null }).returning('id').executeTakeFirstOrThrow()).id;
  return {
    consent,
    territoryId,
    staff: { facilitator, otherFacilitator: otherFacilitator.id, partner, otherPartner: y.id, coordinator, administrator: await staffId(byRole('administrator')), elected: await staffId(byRole('elected')) },
    participant,
    otherParticipant: other.participant_id,
    session: session.id,
    pastSession: past.session_id,
    otherSession: otherSession.id,
    spareSession: spare.id,
    registration,
    pastRegistration: past.id,
    otherRegistration: other.id,
    workshop,
    venue,
    cycle,
    question,
    demandRequest: demand.id,
    poll: poll.pollId,
    campaign: (await one(db.selectFrom('campaigns').select('id').where('territory_id', '=', territoryId).orderBy('id').executeTakeFirst(), 'campaign')).id,
    contactImport: contactImport.id,
    partnerOrg: cci.id,
    offer: offer.id,
    referral,
    otherReferral,
    conversation: conversation.id,
    project,
    report: (await one(db.selectFrom('network_reports').select('id').where('territory_id', '=', territoryId).orderBy('id').executeTakeFirst(), 'report')).id,
    outbox: (await one(db.selectFrom('outbox').select('id').orderBy('id', options.copy ? 'desc' : 'asc') /* no territory column: the copy's are the last written */.executeTakeFirst(), 'outbox message')).id,
    member: member.participant_id,
    memberProject: memberProject.id,
    draftCampaign: draft.id,
    newQuestion,
    newReport,
    newProject,
    accessLink: () => issueAccessToken(db, participant),
    tokens: { demand: demandToken, survey: surveyToken, diagnostic: diagnostic.token, unsubscribe: unsubscribeToken(t.config.sessionSecret, territoryId, contact.email) },
  };
}

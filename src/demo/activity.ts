import crypto from 'node:crypto';
import { sql, type Insertable } from 'kysely';
import type { DB } from '../platform/db/schema.js';
import { parisParts } from '../platform/time.js';
import { sha256, surveyDueDates } from '../results/surveys/schedule.js';
import { createRandom } from './random.js';
import type { Tx } from '../platform/db/database.js';
import { certificateCodeFrom } from '../facilitation/certificates.js';
import { insertAll } from './batch.js';
import { QUESTIONS, REGISTRATION_NOTES } from './content.js';
import type { Person } from './people.js';
import type { Random } from './random.js';

// The demo's activity once the calendar is planned: closed sessions with their certificates and
// questions, and requests on demand.
const DAY = 86_400_000;

/**
 * The past cycle as its facilitators left it: each session closed by its facilitator at its end,
 * a certificate for every person present, and the questions asked (most published in the FAQ).
 */
export async function seedFacilitation(tx: Tx, rng: Random, input: { pastCycleId: number; workshopIds: Record<string, number> }) {
  await sql`update sessions set closed_at = ends_at, closed_by = facilitator_id where cycle_id = ${input.pastCycleId} and status = 'held'`.execute(tx);
  const present = await tx
    .selectFrom('registrations as r')
    .innerJoin('sessions as s', 's.id', 'r.session_id')
    .select(['r.id', 's.ends_at'])
    .where('s.cycle_id', '=', input.pastCycleId)
    .where('r.status', '=', 'confirmed')
    .where('r.attendance', '=', 'present')
    .orderBy('r.id')
    .execute();
  await insertAll(
    present.map((r) => ({ registration_id: r.id, code: certificateCodeFrom(() => rng.int(0, 31)), issued_at: r.ends_at })),
    (chunk) => tx.insertInto('certificates').values(chunk).execute(),
  );
  for (const q of QUESTIONS) {
    const workshopId = input.workshopIds[q.workshop];
    const session = workshopId === undefined ? undefined : await tx.selectFrom('sessions').select(['id', 'ends_at', 'facilitator_id']).where('cycle_id', '=', input.pastCycleId).where('workshop_id', '=', workshopId).orderBy('starts_at').executeTakeFirst();
    if (!session) continue;
    await tx
      .insertInto('session_questions')
      .values({ session_id: session.id, workshop_id: workshopId!, question: q.question, answer: q.answer, created_by: session.facilitator_id, created_at: session.ends_at, published_at: q.published ? session.ends_at : null })
      .execute();
  }
  // a few people wrote what they expect when registering for the current cycle
  // (the territory's other cycle: a second demo in the same database leaves the first one's alone)
  const { territory_id } = await tx.selectFrom('cycles').select('territory_id').where('id', '=', input.pastCycleId).executeTakeFirstOrThrow();
  const current = await tx
    .selectFrom('registrations as r')
    .innerJoin('sessions as s', 's.id', 'r.session_id')
    .innerJoin('cycles as c', 'c.id', 's.cycle_id')
    .select('r.id')
    .where('c.territory_id', '=', territory_id)
    .where('s.cycle_id', '<>', input.pastCycleId)
    .where('r.status', '=', 'confirmed')
    .orderBy('r.id')
    .execute();
  for (const [i, r] of current.entries()) {
    if (i % 5 === 0) await tx.updateTable('registrations').set({ notes: REGISTRATION_NOTES[(i / 5) % REGISTRATION_NOTES.length]! }).where('id', '=', r.id).execute();
  }
}

/**
 * Requests for workshops on demand, as the board shows them after a few weeks: « Vendre en ligne »
 * at Frévent is ready to schedule (five people), « Lire le devis d’une agence web » anywhere is
 * close, a free-text topic waits to be attached, one request was withdrawn.
 */
export async function seedDemand(tx: Tx, rng: Random, input: { territoryId: number; now: Date; people: Person[]; workshopIds: Record<string, number>; venueIds: Record<string, number> }) {
  const plan: Array<{ workshop: string | null; topic?: string; venue: string | null; days: string; times: string; people: number; daysAgo: number; status?: 'withdrawn' }> = [
    { workshop: 'e-commerce', venue: 'frevent', days: 'mar,jeu', times: 'apres-midi', people: 2, daysAgo: 40 },
    { workshop: 'e-commerce', venue: 'frevent', days: 'mar', times: 'apres-midi,soir', people: 1, daysAgo: 31 },
    { workshop: 'e-commerce', venue: 'frevent', days: 'jeu', times: 'apres-midi', people: 1, daysAgo: 18 },
    { workshop: 'e-commerce', venue: 'frevent', days: 'lun,mar', times: 'matin,apres-midi', people: 1, daysAgo: 6 },
    { workshop: 'lire-un-devis-agence-web', venue: null, days: 'ven', times: 'matin', people: 1, daysAgo: 25 },
    { workshop: 'lire-un-devis-agence-web', venue: null, days: 'jeu,ven', times: 'matin', people: 2, daysAgo: 12 },
    { workshop: 'facturation-electronique', venue: 'pernes', days: 'mer', times: 'soir', people: 1, daysAgo: 9 },
    { workshop: null, topic: 'Utiliser l’intelligence artificielle pour ses devis', venue: null, days: 'mar,mer', times: 'soir', people: 1, daysAgo: 4 },
    { workshop: 'reseaux-sociaux', venue: 'auxi-le-chateau', days: 'lun', times: 'matin', people: 1, daysAgo: 20, status: 'withdrawn' },
  ];
  const who = rng.sample(input.people, plan.length);
  await tx
    .insertInto('demand_requests')
    .values(
      plan.map((r, i) => {
        const p = who[i]!;
        const at = new Date(input.now.getTime() - r.daysAgo * DAY).toISOString();
        return {
          territory_id: input.territoryId,
          workshop_id: r.workshop ? input.workshopIds[r.workshop]! : null,
          topic: r.topic ?? null,
          venue_id: r.venue ? input.venueIds[r.venue]! : null,
          days: r.days,
          times: r.times,
          people: r.people,
          email: p.email,
          first_name: p.firstName,
          last_name: p.lastName,
          company: p.company,
          participant_id: p.id,
          created_at: at,
          status: r.status ?? ('open' as const),
          withdrawn_at: r.status ? new Date(Date.parse(at) + 3 * DAY).toISOString() : null,
        };
      }),
    )
    .execute();
}


/**
 * What the past cycle's participants answered: a satisfaction survey for each presence (about two
 * in three answered), and the follow-up three months after each person's first session (when that
 * date has come; about half answered). Drawn from their own seeded generator, so the rest of the
 * demo stays the same. The links are random and unknown (no demo survey can be opened by URL).
 */
export async function seedSurveys(tx: Tx, input: { territoryId: number; pastCycleId: number; now: Date; seed: number }) {
  const rng = createRandom(input.seed ^ 0x5eed);
  const presences = await tx
    .selectFrom('registrations as r')
    .innerJoin('sessions as s', 's.id', 'r.session_id')
    .select(['r.participant_id', 's.id as session_id', 's.starts_at'])
    .where('s.cycle_id', '=', input.pastCycleId)
    .where('s.status', '=', 'held')
    .where('r.status', '=', 'confirmed')
    .where('r.attendance', '=', 'present')
    .orderBy('s.starts_at')
    .orderBy('r.id')
    .execute();
  const invitations: Array<Insertable<DB['survey_invitations']>> = [];
  const satisfaction: Array<Insertable<DB['satisfaction_answers']>> = [];
  const followUps: Array<Insertable<DB['follow_up_answers']>> = [];
  const followed = new Set<number>();
  const day = (d: Date) => parisParts(d).date;
  for (const p of presences) {
    const due = surveyDueDates(p.starts_at);
    for (const kind of ['satisfaction', 'follow_up'] as const) {
      if (kind === 'follow_up' && followed.has(p.participant_id)) continue;
      if (kind === 'follow_up') followed.add(p.participant_id);
      const dueAt = kind === 'satisfaction' ? due.satisfaction : due.followUp;
      if (dueAt > input.now) continue; // not yet sent
      const answered = rng.chance(kind === 'satisfaction' ? 0.65 : 0.5);
      const answeredAt = new Date(dueAt.getTime() + rng.int(1, 96) * 3600_000);
      invitations.push({
        territory_id: input.territoryId,
        kind,
        participant_id: p.participant_id,
        session_id: p.session_id,
        cycle_id: input.pastCycleId,
        token_hash: sha256(crypto.randomBytes(32).toString('base64url')),
        due_at: dueAt.toISOString(),
        expires_at: new Date(dueAt.getTime() + 30 * DAY).toISOString(),
        answered_on: answered && answeredAt < input.now ? day(answeredAt) : null,
      });
      if (!answered || answeredAt >= input.now) continue;
      const flag = (p: number) => (rng.chance(p) ? 1 : 0) as 0 | 1;
      if (kind === 'satisfaction') {
        const usefulness = rng.weighted([2, 3, 4, 5], (s) => [1, 3, 9, 10][s - 2]!);
        const nothing = flag(0.06);
        satisfaction.push({
          territory_id: input.territoryId,
          session_id: p.session_id,
          usefulness,
          clarity: rng.weighted([2, 3, 4, 5], (s) => [1, 2, 8, 12][s - 2]!),
          pace: rng.weighted(['trop_lent', 'adapte', 'trop_rapide'] as const, (x) => (x === 'adapte' ? 14 : x === 'trop_rapide' ? 5 : 1)),
          recommend: (usefulness >= 4 || rng.chance(0.4) ? 1 : 0) as 0 | 1,
          next_practice: nothing ? 0 : flag(0.8),
          next_workshop: nothing ? 0 : flag(0.55),
          next_chamber: nothing ? 0 : flag(0.18),
          next_provider: nothing ? 0 : flag(0.12),
          next_nothing: nothing,
          comment: null,
          answered_on: day(answeredAt),
        });
      } else {
        const nothing = flag(0.15);
        followUps.push({
          territory_id: input.territoryId,
          session_id: p.session_id,
          website: nothing ? 0 : flag(0.22),
          online_sales: nothing ? 0 : flag(0.12),
          social_page: nothing ? 0 : flag(0.45),
          tool_adopted: nothing ? 0 : flag(0.35),
          chamber_training: nothing ? 0 : flag(0.1),
          nothing_yet: nothing,
          comment: null,
          answered_on: day(answeredAt),
        });
      }
    }
  }
  // the answers are written in a shuffled order, so their ids say nothing of who answered when
  await insertAll(invitations, (chunk) => tx.insertInto('survey_invitations').values(chunk).execute());
  await insertAll(rng.shuffle(satisfaction), (chunk) => tx.insertInto('satisfaction_answers').values(chunk).execute());
  await insertAll(rng.shuffle(followUps), (chunk) => tx.insertInto('follow_up_answers').values(chunk).execute());
  return { invitations: invitations.length, satisfaction: satisfaction.length, followUps: followUps.length };
}

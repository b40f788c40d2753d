import { sql } from 'kysely';
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
  const current = await tx.selectFrom('registrations as r').innerJoin('sessions as s', 's.id', 'r.session_id').select('r.id').where('s.cycle_id', '<>', input.pastCycleId).where('r.status', '=', 'confirmed').orderBy('r.id').execute();
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


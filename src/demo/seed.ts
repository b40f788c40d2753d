import { sql } from 'kysely';
import type { Db, Tx } from '../platform/db/database.js';
import type { Role, Sector } from '../platform/db/schema.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { audit } from '../platform/audit.js';
import { createTerritoryFromEpci } from '../territory/commands.js';
import { addDays, parisParts } from './calendar.js';
import { createRandom, type Random } from './random.js';
import { planSessions, type PlannedSession } from './schedule.js';
import {
  CURRENT_SECTOR_WEIGHTS,
  FOLLOW_ON,
  FIRST_NAMES,
  HEARD_FROM,
  LAST_NAMES,
  PAST_SECTOR_WEIGHTS,
  PROGRAMME,
  ROLES,
  STAFF,
  TRADES,
  VENUES,
  WORKSHOPS,
} from './content.js';

export const DEMO_SLUG = 'ternois';
const TERNOIS_EPCI = '200069672';

export interface DemoResult {
  territoryId: number;
  created: boolean;
  staff: Array<{ email: string; password: string; role: Role; name: string }>;
  counts: { communes: number; venues: number; workshops: number; cycles: number; sessions: number; participants: number; registrations: number };
}

const staffList = () => STAFF.map(({ email, password, role, name }) => ({ email, password, role, name }));

async function countsOf(db: Db | Tx, territoryId: number): Promise<DemoResult['counts']> {
  const count = async (table: 'communes' | 'venues' | 'workshops' | 'cycles' | 'participants') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('territory_id', '=', territoryId).executeTakeFirstOrThrow()).n);
  const sessions = await db
    .selectFrom('sessions')
    .innerJoin('cycles', 'cycles.id', 'sessions.cycle_id')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('cycles.territory_id', '=', territoryId)
    .executeTakeFirstOrThrow();
  const registrations = await db
    .selectFrom('registrations')
    .innerJoin('participants', 'participants.id', 'registrations.participant_id')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('participants.territory_id', '=', territoryId)
    .executeTakeFirstOrThrow();
  return {
    communes: await count('communes'),
    venues: await count('venues'),
    workshops: await count('workshops'),
    cycles: await count('cycles'),
    participants: await count('participants'),
    sessions: Number(sessions.n),
    registrations: Number(registrations.n),
  };
}

function seasonName(number: number, fromDate: string, toDate: string): string {
  const month = Number(fromDate.slice(5, 7));
  const season = month >= 8 || month <= 1 ? 'automne-hiver' : 'printemps-été';
  const y1 = fromDate.slice(0, 4);
  const y2 = toDate.slice(0, 4);
  return `${number}e session, ${season} ${y1 === y2 ? y1 : `${y1}-${y2}`}`;
}

function slugPart(text: string) {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]+/g, '');
}

/**
 * Loads the demo of the Pays du Ternois: programme, four cybercentres, fifteen workshops, staff,
 * a past cycle with attendance, a current cycle of fifty dates, a hundred participants.
 * Generated from a fixed seed, all in one transaction; does nothing if the demo is already there.
 */
export async function seedDemo(db: Db, options: { now?: Date; seed?: number } = {}): Promise<DemoResult> {
  const existing = await db.selectFrom('territories').select('id').where('slug', '=', DEMO_SLUG).executeTakeFirst();
  if (existing) return { territoryId: existing.id, created: false, staff: staffList(), counts: await countsOf(db, existing.id) };

  const now = options.now ?? new Date();
  const rng = createRandom(options.seed ?? 2012);
  const hashes = new Map<string, string>();
  for (const s of STAFF) if (!hashes.has(s.password)) hashes.set(s.password, await hashPassword(s.password));

  const territoryId = await db.transaction().execute(async (tx) => {
    const territory = await createTerritoryFromEpci(tx, { epciCode: TERNOIS_EPCI, slug: DEMO_SLUG, name: 'Pays du Ternois' });
    await tx.insertInto('programmes').values({ territory_id: territory.id, accessibility_status: 'non_conforme', ...PROGRAMME }).execute();

    const venueIds: number[] = [];
    for (const v of VENUES) {
      const row = await tx
        .insertInto('venues')
        .values({
          territory_id: territory.id,
          commune_code: v.commune,
          slug: v.slug,
          name: v.name,
          address: v.address,
          workstations: v.workstations,
          accessible_prm: v.accessible,
          equipment: `${v.workstations} postes, vidéoprojecteur, imprimante, accès Internet haut débit`,
          opening_hours: v.hours,
          contact_phone: PROGRAMME.contact_phone,
          contact_email: `${v.slug}@ternois.localhost`,
          pivot: territory.epciCode, // the SIREN of the intercommunality that runs the cybercentres
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      venueIds.push(row.id);
    }

    const workshopIds: number[] = [];
    for (const w of WORKSHOPS) {
      const row = await tx
        .insertInto('workshops')
        .values({
          territory_id: territory.id,
          slug: w.slug,
          title: w.title,
          summary: w.summary,
          description: `${w.summary} Atelier en petit groupe, un poste par personne, animé par un animateur du cybercentre.`,
          objectives: w.objectives,
          level: w.level,
          duration_minutes: w.minutes,
          prerequisites: w.prerequisites ?? null,
          theme: w.theme,
          published: 1,
          follow_on_partner: FOLLOW_ON[w.slug]?.partner ?? null,
          follow_on_title: FOLLOW_ON[w.slug]?.title ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      workshopIds.push(row.id);
    }

    const staffIds = new Map<string, number>();
    for (const s of STAFF) {
      const row = await tx
        .insertInto('staff_users')
        .values({ territory_id: territory.id, email: s.email, display_name: s.name, role: s.role, password_hash: hashes.get(s.password)! })
        .returning('id')
        .executeTakeFirstOrThrow();
      staffIds.set(s.key, row.id);
    }
    const facilitatorIds = STAFF.filter((s) => s.role === 'facilitator').map((s) => staffIds.get(s.key)!);
    // each workshop can be led by two of the three facilitators
    const canLead = (f: number, w: number) => w % facilitatorIds.length !== f;
    await tx
      .insertInto('facilitator_workshops')
      .values(facilitatorIds.flatMap((fid, f) => workshopIds.filter((_, w) => canLead(f, w)).map((wid) => ({ staff_user_id: fid, workshop_id: wid }))))
      .execute();

    const today = parisParts(now).date;
    const pastFrom = addDays(today, -185);
    const pastTo = addDays(today, -20);
    const currentFrom = addDays(today, 3);
    const currentTo = addDays(today, 155);
    const pastCycle = await tx
      .insertInto('cycles')
      .values({ territory_id: territory.id, number: 3, name: seasonName(3, pastFrom, pastTo), starts_on: pastFrom, ends_on: pastTo, registration_opens_at: new Date(now.getTime() - 200 * 86400_000).toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const currentCycle = await tx
      .insertInto('cycles')
      .values({ territory_id: territory.id, number: 4, name: seasonName(4, currentFrom, currentTo), starts_on: addDays(today, -7), ends_on: currentTo, registration_opens_at: new Date(now.getTime() - 14 * 86400_000).toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();

    const plan = (fromDate: string, spanDays: number, count: number) =>
      planSessions(rng, {
        fromDate,
        spanDays,
        count,
        venues: VENUES.length,
        workshopMinutes: WORKSHOPS.map((w) => w.minutes),
        beginnerLevel: WORKSHOPS.map((w) => w.level === 'debutant'),
        canLead,
        facilitators: facilitatorIds.length,
      });
    const pastPlan = plan(pastFrom, 160, 40);
    const currentPlan = plan(currentFrom, 150, 50);

    const communes = await tx.selectFrom('communes').select(['insee_code', 'population']).where('territory_id', '=', territory.id).execute();
    const people = await createParticipants(tx, rng, territory.id, communes, now);

    const insertSessions = async (planned: PlannedSession[], cycleId: number, status: 'held' | 'scheduled') => {
      const ids: Array<{ id: number; seats: number; beginner: boolean }> = [];
      for (const p of planned) {
        const seats = VENUES[p.venue]!.workstations;
        const row = await tx
          .insertInto('sessions')
          .values({
            workshop_id: workshopIds[p.workshop]!,
            cycle_id: cycleId,
            venue_id: venueIds[p.venue]!,
            facilitator_id: facilitatorIds[p.facilitator]!,
            starts_at: p.startsAt.toISOString(),
            ends_at: p.endsAt.toISOString(),
            seats,
            min_seats: 3,
            beginner: p.beginner ? 1 : 0,
            status,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        ids.push({ id: row.id, seats, beginner: p.beginner });
      }
      return ids;
    };
    const pastSessions = await insertSessions(pastPlan, pastCycle.id, 'held');
    const currentSessions = await insertSessions(currentPlan, currentCycle.id, 'scheduled');

    const registrations: Array<{ session_id: number; participant_id: number; status: 'confirmed' | 'waitlisted'; waitlist_position: number | null; attendance: 'present' | 'absent' | 'excused' | null; source: string; created_at: string }> = [];
    const registrationTime = (base: Date, daysBefore: number) => new Date(base.getTime() - daysBefore * 86400_000).toISOString();
    // Past cycle: the first participants (mostly farmers), with attendance.
    pastSessions.forEach((s, i) => {
      const n = rng.int(Math.max(3, s.seats - 6), s.seats);
      const attendees = rng.shuffle(people.past).slice(0, n);
      for (const pid of attendees) {
        const r = rng.next();
        registrations.push({
          session_id: s.id,
          participant_id: pid,
          status: 'confirmed',
          waitlist_position: null,
          attendance: r < 0.8 ? 'present' : r < 0.92 ? 'absent' : 'excused',
          source: rng.pick(['web', 'web', 'telephone']),
          created_at: registrationTime(pastPlan[i]!.startsAt, rng.int(3, 30)),
        });
      }
    });
    // Current cycle: registrations on the coming weeks; the first beginner slot is full with a waitlist.
    const fullIndex = Math.max(0, currentSessions.findIndex((s) => s.beginner));
    currentSessions.forEach((s, i) => {
      const daysAhead = (currentPlan[i]!.startsAt.getTime() - now.getTime()) / 86400_000;
      const full = i === fullIndex;
      if (!full && daysAhead > 45) return;
      const n = full ? s.seats + 2 : rng.int(1, s.seats - 1);
      rng.shuffle(people.all).slice(0, n).forEach((pid, k) => {
        registrations.push({
          session_id: s.id,
          participant_id: pid,
          status: k < s.seats ? 'confirmed' : 'waitlisted',
          waitlist_position: k < s.seats ? null : k - s.seats + 1,
          attendance: null,
          source: 'web',
          created_at: registrationTime(now, rng.int(1, 12) - k / 100),
        });
      });
    });
    for (let i = 0; i < registrations.length; i += 200) await tx.insertInto('registrations').values(registrations.slice(i, i + 200)).execute();
    // seats_taken is the count of confirmed registrations, computed from the facts just written
    await sql`update sessions set seats_taken = (select count(*) from registrations r where r.session_id = sessions.id and r.status = 'confirmed')
      where cycle_id in (${pastCycle.id}, ${currentCycle.id})`.execute(tx);

    await tx.updateTable('territories').set((eb) => ({ content_version: eb('content_version', '+', 1) })).where('id', '=', territory.id).execute();
    await audit(tx, { territoryId: territory.id, actor: 'system', action: 'demo.seeded', subject: `territory:${territory.id}`, details: { seed: options.seed ?? 2012 } });
    return territory.id;
  });
  return { territoryId, created: true, staff: staffList(), counts: await countsOf(db, territoryId) };
}

async function createParticipants(tx: Tx, rng: Random, territoryId: number, communes: Array<{ insee_code: string; population: number | null }>, now: Date) {
  const past: number[] = [];
  const all: number[] = [];
  const used = new Set<string>();
  const sectors = Object.keys(PAST_SECTOR_WEIGHTS) as Sector[];
  for (let i = 0; i < 100; i++) {
    const early = i < 60; // came during the first cycles
    const sector = rng.weighted(sectors, (s) => (early ? PAST_SECTOR_WEIGHTS : CURRENT_SECTOR_WEIGHTS)[s]);
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    let email = `${slugPart(first)}.${slugPart(last)}@example.fr`;
    for (let k = 2; used.has(email); k++) email = `${slugPart(first)}.${slugPart(last)}${k}@example.fr`;
    used.add(email);
    const commune = rng.weighted(communes, (c) => Math.sqrt(c.population ?? 100)).insee_code;
    const company = await tx
      .insertInto('companies')
      .values({ territory_id: territoryId, name: `${rng.pick(TRADES[sector])} ${last}`, sector, crafts: sector === 'artisanat' ? 1 : 0, commune_code: commune })
      .returning('id')
      .executeTakeFirstOrThrow();
    const participant = await tx
      .insertInto('participants')
      .values({
        territory_id: territoryId,
        email,
        first_name: first,
        last_name: last,
        phone: `+33${rng.pick(['3', '6', '7'])}${String(rng.int(0, 99999999)).padStart(8, '0')}`,
        company_id: company.id,
        commune_code: commune,
        role_in_company: rng.pick(ROLES),
        digital_level: rng.weighted(['debutant', 'intermediaire', 'avance'] as const, (l) => (l === 'debutant' ? (early ? 6 : 4) : l === 'intermediaire' ? 4 : 1)),
        heard_from: rng.pick(HEARD_FROM),
        created_at: new Date(now.getTime() - (early ? rng.int(200, 500) : rng.int(5, 150)) * 86400_000).toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (early) past.push(participant.id);
    all.push(participant.id);
    if (rng.chance(0.4)) {
      await tx.insertInto('consents').values({ participant_id: participant.id, purpose: 'programme_news', text_version: 'news-v1', given_at: now.toISOString() }).execute();
    }
  }
  return { past, all };
}

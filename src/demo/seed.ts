import { sql } from 'kysely';
import type { Db, Executor, Tx } from '../platform/db/database.js';
import type { Role } from '../platform/db/schema.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { audit } from '../platform/audit.js';
import { createTerritoryFromEpci } from '../territory/commands.js';
import { insertAll, insertChunks } from './batch.js';
import { addDays, parisParts, parisTime } from './calendar.js';
import { CURRENT_SECTOR_WEIGHTS, PROGRAMME, STAFF, VENUES, WORKSHOPS } from './content.js';
import { seedDemand, seedFacilitation, seedSurveys } from './activity.js';
import { insertPeople, planPeople, type Person } from './people.js';
import { createRandom, type Random } from './random.js';
import { seedCampaigns } from './campaigns.js';
import { seedNetwork } from './network.js';
import { seedReferrals } from './referrals.js';
import { planSessions, type PlannedSession } from './schedule.js';

export const DEMO_SLUG = 'ternois';
export const DEMO_SEED = 2012;
const TERNOIS_EPCI = '200069672';
const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface DemoResult {
  territoryId: number;
  /** false when the demo was already there and nothing was written. */
  created: boolean;
  staff: Array<{ email: string; password: string; role: Role; name: string }>;
  counts: { communes: number; venues: number; workshops: number; cycles: number; sessions: number; participants: number; registrations: number };
}

/**
 * A second copy of the demo in the same database, for the tests of several territories: its own slug,
 * and its staff's addresses under another domain (addresses are unique across the instance).
 */
export interface DemoCopy {
  slug: string;
  staffDomain: string;
}

const staffEmail = (email: string, copy?: DemoCopy) => (copy ? email.replace(/@.*$/, `@${copy.staffDomain}`) : email);
const staffList = (copy?: DemoCopy): DemoResult['staff'] => STAFF.map(({ email, password, role, name }) => ({ email: staffEmail(email, copy), password, role, name }));

async function findDemo(db: Executor, copy?: DemoCopy): Promise<number | undefined> {
  return (await db.selectFrom('territories').select('id').where('slug', '=', copy?.slug ?? DEMO_SLUG).executeTakeFirst())?.id;
}

async function countsOf(db: Executor, territoryId: number): Promise<DemoResult['counts']> {
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
    sessions: Number(sessions.n),
    participants: await count('participants'),
    registrations: Number(registrations.n),
  };
}

/** « 4e session, automne–hiver 2026-2027 »: the season of the cycle's first month, and its year(s). */
export function cycleName(number: number, fromDate: string, toDate: string): string {
  const month = Number(fromDate.slice(5, 7));
  const season = month >= 8 || month <= 1 ? 'automne–hiver' : 'printemps–été';
  const y1 = fromDate.slice(0, 4);
  const y2 = toDate.slice(0, 4);
  return `${number}e session, ${season} ${y1 === y2 ? y1 : `${y1}-${y2}`}`;
}

/**
 * Loads the demo of the Pays du Ternois: programme, four cybercentres, fifteen workshops, staff,
 * a past cycle (3e session) with attendance, a current cycle (4e session) of about fifty dates in the
 * coming five months, a hundred business leaders and their registrations. Generated from a seed, so
 * the same seed and the same `now` give the same data; written in one transaction; does nothing
 * (and says so with `created: false`) when the territory `ternois` is already there.
 */
/** `baseUrl` and `secret`: the site's address and secret, for the links of the messages already sent (main passes its settings). */
export async function seedDemo(db: Db, options: { now?: Date; seed?: number; baseUrl?: string; secret?: string; copy?: DemoCopy } = {}): Promise<DemoResult> {
  const copy = options.copy;
  const existing = await findDemo(db, copy);
  if (existing !== undefined) return { territoryId: existing, created: false, staff: staffList(copy), counts: await countsOf(db, existing) };

  // hashed before the transaction (argon2id, ~50 ms each), once per distinct password
  const hashes = new Map<string, string>();
  for (const s of STAFF) if (!hashes.has(s.password)) hashes.set(s.password, await hashPassword(s.password));

  let territoryId: number | undefined;
  try {
    territoryId = await db.transaction().execute(async (tx) => {
      if ((await findDemo(tx, copy)) !== undefined) return undefined; // another process got there first
      return writeDemo(tx, { now: options.now ?? new Date(), seed: options.seed ?? DEMO_SEED, hashes, baseUrl: options.baseUrl ?? 'http://localhost:3000', secret: options.secret ?? 'demo-secret-for-the-links-of-sent-messages', copy });
    });
  } catch (error) {
    // two processes seeding at once: the slower one meets the unique slug, and the demo is there all the same
    const other = await findDemo(db, copy);
    if (other === undefined) throw error;
  }
  if (territoryId === undefined) {
    const other = (await findDemo(db, copy))!;
    return { territoryId: other, created: false, staff: staffList(copy), counts: await countsOf(db, other) };
  }
  return { territoryId, created: true, staff: staffList(copy), counts: await countsOf(db, territoryId) };
}

async function writeDemo(tx: Tx, input: { now: Date; seed: number; hashes: Map<string, string>; baseUrl: string; secret: string; copy?: DemoCopy | undefined }): Promise<number> {
  const { now } = input;
  const rng = createRandom(input.seed);
  const territory = await createTerritoryFromEpci(tx, { epciCode: TERNOIS_EPCI, slug: input.copy?.slug ?? DEMO_SLUG, name: 'Pays du Ternois' });
  const territoryId = territory.id;
  await tx.insertInto('programmes').values({ territory_id: territoryId, accessibility_status: 'non_conforme', ...PROGRAMME }).execute();

  const venueIds = await insertChunks(VENUES, (chunk) =>
    tx
      .insertInto('venues')
      .values(
        chunk.map((v) => ({
          territory_id: territoryId,
          commune_code: v.commune,
          slug: v.slug,
          name: v.name,
          address: v.address,
          workstations: v.workstations,
          accessible_prm: v.accessible,
          equipment: v.equipment,
          opening_hours: v.hours,
          contact_phone: v.phone,
          contact_email: `${v.slug}@ternois.localhost`,
        })),
      )
      .returning('id')
      .execute(),
  );

  const workshopIds = await insertChunks(WORKSHOPS, (chunk) =>
    tx
      .insertInto('workshops')
      .values(
        chunk.map((w) => ({
          territory_id: territoryId,
          slug: w.slug,
          title: w.title,
          summary: w.summary,
          description: w.description,
          objectives: w.objectives,
          level: w.level,
          duration_minutes: w.minutes,
          prerequisites: w.prerequisites ?? null,
          theme: w.theme,
          published: 1 as const,
        })),
      )
      .returning('id')
      .execute(),
  );

  const staffIds = await insertChunks(STAFF, (chunk) =>
    tx
      .insertInto('staff_users')
      .values(chunk.map((s) => ({ territory_id: territoryId, email: staffEmail(s.email, input.copy), display_name: s.name, role: s.role, password_hash: input.hashes.get(s.password)!, last_login_at: null })))
      .returning('id')
      .execute(),
  );
  const facilitatorIds = STAFF.flatMap((s, i) => (s.role === 'facilitator' ? [staffIds[i]!] : []));
  // each workshop can be led by two of the three facilitators
  const canLead = (f: number, w: number) => w % facilitatorIds.length !== f;
  await tx
    .insertInto('facilitator_workshops')
    .values(facilitatorIds.flatMap((fid, f) => workshopIds.filter((_, w) => canLead(f, w)).map((wid) => ({ staff_user_id: fid, workshop_id: wid }))))
    .execute();

  // Calendar: the past cycle over the previous six months, the current one over the coming five.
  const today = parisParts(now).date;
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
      homeFacilitator: [0, 1, 1, 2], // Saint-Pol, Frévent (and Auxi, next door), Pernes
    });
  const pastFrom = addDays(today, -185);
  const pastPlan = plan(pastFrom, 160, 40);
  const currentFrom = addDays(today, 3);
  const currentPlan = plan(currentFrom, 150, 50);
  const lastDate = (p: PlannedSession[], fallback: string) => (p.length ? parisParts(p[p.length - 1]!.startsAt).date : fallback);
  const pastTo = lastDate(pastPlan, addDays(today, -20));
  const currentTo = lastDate(currentPlan, addDays(today, 155));

  // the current cycle is under way: campaign out two weeks ago, first dates in a few days
  const currentOpensAt = parisTime(addDays(today, -14), 9);
  const [pastCycleId, currentCycleId] = await insertChunks(
    [
      { number: 3, name: cycleName(3, pastFrom, pastTo), starts_on: pastFrom, ends_on: pastTo, registration_opens_at: parisTime(addDays(pastFrom, -35), 9).toISOString() },
      { number: 4, name: cycleName(4, currentFrom, currentTo), starts_on: addDays(today, -7), ends_on: currentTo, registration_opens_at: currentOpensAt.toISOString() },
    ],
    (chunk) => tx.insertInto('cycles').values(chunk.map((c) => ({ territory_id: territoryId, ...c }))).returning('id').execute(),
  );

  const communes = await tx.selectFrom('communes').select(['insee_code', 'population']).where('territory_id', '=', territoryId).orderBy('insee_code').execute();
  const people = await insertPeople(tx, territoryId, planPeople(rng, { communes, now, count: 100, earlyShare: 0.55 }));

  const sessionRows = [
    ...pastPlan.map((p) => ({ p, cycleId: pastCycleId!, status: 'held' as const })),
    ...currentPlan.map((p) => ({ p, cycleId: currentCycleId!, status: 'scheduled' as const })),
  ];
  const sessionIds = await insertChunks(sessionRows, (chunk) =>
    tx
      .insertInto('sessions')
      .values(
        chunk.map(({ p, cycleId, status }) => ({
          territory_id: territoryId,
          workshop_id: workshopIds[p.workshop]!,
          cycle_id: cycleId,
          venue_id: venueIds[p.venue]!,
          facilitator_id: facilitatorIds[p.facilitator]!,
          starts_at: p.startsAt.toISOString(),
          ends_at: p.endsAt.toISOString(),
          seats: VENUES[p.venue]!.workstations,
          min_seats: 3,
          beginner: p.beginner ? (1 as const) : (0 as const),
          origin: 'catalogue' as const,
          status,
        })),
      )
      .returning('id')
      .execute(),
  );
  const sessions = sessionRows.map((s, i) => ({ ...s.p, id: sessionIds[i]!, seats: VENUES[s.p.venue]!.workstations, past: s.status === 'held' }));

  const registrations = planRegistrations(rng, { now, opensAt: currentOpensAt, people, sessions });
  await insertAll(registrations, (chunk) => tx.insertInto('registrations').values(chunk).execute());
  // seats_taken is the count of confirmed registrations, computed from the rows just written
  await sql`update sessions set seats_taken = (select count(*) from registrations r where r.session_id = sessions.id and r.status = 'confirmed')
    where cycle_id in (${pastCycleId!}, ${currentCycleId!})`.execute(tx);

  const bySlug = Object.fromEntries(WORKSHOPS.map((w, i) => [w.slug, workshopIds[i]!]));
  await seedFacilitation(tx, rng, { pastCycleId: pastCycleId!, workshopIds: bySlug });
  await seedDemand(tx, rng, { territoryId, now, people, workshopIds: bySlug, venueIds: Object.fromEntries(VENUES.map((v, i) => [v.slug, venueIds[i]!])) });
  await seedSurveys(tx, { territoryId, pastCycleId: pastCycleId!, now, seed: input.seed });
  const coordinatorId = staffIds[STAFF.findIndex((s) => s.role === 'coordinator')]!;
  await seedCampaigns(tx, createRandom(input.seed ^ 0xca3), { territoryId, now, coordinatorId, currentCycleId: currentCycleId!, opensAt: currentOpensAt, communes, baseUrl: input.baseUrl, secret: input.secret, programmeName: PROGRAMME.name, publisher: PROGRAMME.publisher });
  const partnerIdx = STAFF.findIndex((s) => s.role === 'partner');
  await seedReferrals(tx, createRandom(input.seed ^ 0x0e1), { territoryId, now, pastCycleId: pastCycleId!, partnerStaffId: partnerIdx >= 0 ? staffIds[partnerIdx]! : null });
  await seedNetwork(tx, createRandom(input.seed ^ 0x4e7), { territoryId, now, pastCycleId: pastCycleId!, coordinatorId });

  await tx.updateTable('territories').set((eb) => ({ content_version: eb('content_version', '+', 1) })).where('id', '=', territoryId).execute();
  await audit(tx, { territoryId, actor: 'system', action: 'demo.seeded', subject: `territory:${territoryId}`, details: { seed: input.seed, now: now.toISOString() } });
  return territoryId;
}

type RegistrationRow = {
  session_id: number;
  participant_id: number;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  waitlist_position: number | null;
  source: string;
  walk_in: 0 | 1;
  attendance: 'present' | 'absent' | 'excused' | null;
  created_at: string;
  cancelled_at: string | null;
};

/**
 * Who registered where. Past cycle: the early, farming-heavy cohort, with attendance and a few
 * walk-ins. Current cycle: a balanced mix on the dates of the coming six weeks, a few cancellations,
 * and the first beginners' slot full with two people on its waiting list. Never more confirmed than seats.
 */
function planRegistrations(
  rng: Random,
  input: { now: Date; opensAt: Date; people: Person[]; sessions: Array<PlannedSession & { id: number; seats: number; past: boolean }> },
): RegistrationRow[] {
  const { now, people, sessions } = input;
  const rows: RegistrationRow[] = [];
  const early = people.filter((p) => p.early);
  const perSector = new Map<string, number>();
  for (const p of people) perSector.set(p.sector, (perSector.get(p.sector) ?? 0) + 1);
  // drawn so that the current cycle's mix follows CURRENT_SECTOR_WEIGHTS, whoever came before
  const currentWeight = (p: Person) => CURRENT_SECTOR_WEIGHTS[p.sector] / perSector.get(p.sector)!;
  // sorted instants between `from` and `to`, one per registration, so that first come is first served
  const times = (n: number, from: number, to: number) =>
    Array.from({ length: n }, () => from + rng.next() * (to - from))
      .sort((a, b) => a - b)
      .map((t) => new Date(Math.floor(t / 1000) * 1000).toISOString());
  const row = (session: number, participant: number, fields: Partial<RegistrationRow> & { created_at: string }): RegistrationRow => ({
    session_id: session,
    participant_id: participant,
    status: 'confirmed',
    waitlist_position: null,
    source: 'web',
    walk_in: 0,
    attendance: null,
    cancelled_at: null,
    ...fields,
  });

  for (const s of sessions.filter((x) => x.past)) {
    const start = s.startsAt.getTime();
    const booked = rng.int(Math.max(3, s.seats - 6), s.seats - 1);
    const attendees = rng.sample(early, booked);
    const at = times(booked, start - 30 * DAY, start - 2 * HOUR);
    attendees.forEach((p, k) => {
      const r = rng.next();
      const attendance = r < 0.8 ? 'present' : r < 0.92 ? 'absent' : 'excused';
      rows.push(row(s.id, p.id, { source: rng.pick(['web', 'web', 'web', 'telephone']), attendance, created_at: at[k]! }));
    });
    if (rng.chance(0.2)) {
      // someone who saw the poster came in on the day: a walk-in, present, on a free seat
      const walkIn = rng.pick(early.filter((p) => !attendees.includes(p)));
      rows.push(row(s.id, walkIn.id, { source: 'sur place', walk_in: 1, attendance: 'present', created_at: s.startsAt.toISOString() }));
    }
  }

  const current = sessions.filter((x) => !x.past);
  const fullIndex = Math.max(0, current.findIndex((s) => s.beginner));
  const opened = input.opensAt.getTime(); // the current cycle's registrations opened then
  current.forEach((s, i) => {
    const full = i === fullIndex;
    const daysAhead = (s.startsAt.getTime() - now.getTime()) / DAY;
    if (!full && daysAhead > 45) return; // the later dates have not filled yet
    const n = full ? s.seats + 2 : Math.max(1, Math.round((s.seats - 1) * (1 - daysAhead / 60) * (0.5 + rng.next() / 2)));
    const chosen = rng.sample(people, n, currentWeight);
    const at = times(n, opened, now.getTime() - HOUR);
    chosen.forEach((p, k) => {
      const waiting = k >= s.seats;
      rows.push(row(s.id, p.id, { status: waiting ? 'waitlisted' : 'confirmed', waitlist_position: waiting ? k - s.seats + 1 : null, created_at: at[k]! }));
    });
    if (!full && rng.chance(0.3)) {
      // changed their mind: a cancelled place, freed for others
      const who = rng.pick(people.filter((p) => !chosen.includes(p)));
      const [made, cancelled] = times(2, opened, now.getTime() - HOUR);
      rows.push(row(s.id, who.id, { status: 'cancelled', created_at: made!, cancelled_at: cancelled! }));
    }
  });
  return rows;
}

import { hashPassword } from '../src/platform/auth/passwords.js';
import type { Executor } from '../src/platform/db/database.js';
import type { Role } from '../src/platform/db/schema.js';
import { createTerritoryFromEpci } from '../src/territory/commands.js';

/** Test data builders: each creates the parents it needs, with overridable defaults. */
let counter = 0;
const next = () => ++counter;

export const TERNOIS = '200069672';

export async function buildTerritory(db: Executor, overrides: { funder?: string; programmeName?: string } = {}) {
  const territory = await createTerritoryFromEpci(db, { epciCode: TERNOIS, slug: `ternois-${next()}`, name: 'Pays du Ternois' });
  await db
    .insertInto('programmes')
    .values({
      territory_id: territory.id,
      name: overrides.programmeName ?? 'Boutic',
      funder: overrides.funder ?? 'Région Hauts-de-France',
      publisher: 'Pays du Ternois',
      accessibility_status: 'partiellement_conforme',
      contact_email: 'contact@boutic.localhost',
    })
    .execute();
  return territory;
}

const passwordHashes = new Map<string, Promise<string>>();
export async function buildStaff(db: Executor, input: { territoryId: number; role?: Role; email?: string; password?: string; name?: string }) {
  const password = input.password ?? 'mot-de-passe-de-test';
  if (!passwordHashes.has(password)) passwordHashes.set(password, hashPassword(password));
  const n = next();
  const row = await db
    .insertInto('staff_users')
    .values({
      territory_id: input.territoryId,
      email: input.email ?? `agent${n}@boutic.localhost`,
      display_name: input.name ?? `Agent ${n}`,
      role: input.role ?? 'coordinator',
      password_hash: await passwordHashes.get(password)!,
    })
    .returning(['id', 'email', 'display_name', 'role'])
    .executeTakeFirstOrThrow();
  return { ...row, password };
}

export async function buildVenue(db: Executor, input: { territoryId: number; communeCode?: string; name?: string; workstations?: number }) {
  const n = next();
  return db
    .insertInto('venues')
    .values({
      territory_id: input.territoryId,
      commune_code: input.communeCode ?? '62767',
      slug: `lieu-${n}`,
      name: input.name ?? `Cybercentre ${n}`,
      address: `${n} rue de la Gare`,
      workstations: input.workstations ?? 10,
      accessible_prm: 1,
    })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
}

export async function buildWorkshop(db: Executor, input: { territoryId: number; title?: string; published?: 0 | 1 }) {
  const n = next();
  return db
    .insertInto('workshops')
    .values({
      territory_id: input.territoryId,
      slug: `atelier-${n}`,
      title: input.title ?? `Atelier ${n}`,
      summary: 'Un atelier de découverte.',
      level: 'debutant',
      duration_minutes: 150,
      theme: 'internet',
      published: input.published ?? 1,
    })
    .returning(['id', 'title'])
    .executeTakeFirstOrThrow();
}

export async function buildCycle(db: Executor, input: { territoryId: number; number?: number }) {
  const n = input.number ?? next();
  return db
    .insertInto('cycles')
    .values({
      territory_id: input.territoryId,
      number: n,
      name: `${n}e session`,
      starts_on: '2026-09-01',
      ends_on: '2027-02-28',
      registration_opens_at: '2026-08-15T08:00:00.000Z',
    })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow();
}

/** A session with its workshop, cycle and venue (created unless given). */
export async function buildSession(
  db: Executor,
  input: { territoryId: number; startsAt?: Date; seats?: number; seatsTaken?: number; workshopId?: number; venueId?: number; cycleId?: number; status?: 'scheduled' | 'cancelled' | 'held'; beginner?: 0 | 1 },
) {
  const workshopId = input.workshopId ?? (await buildWorkshop(db, { territoryId: input.territoryId })).id;
  const venueId = input.venueId ?? (await buildVenue(db, { territoryId: input.territoryId })).id;
  const cycleId = input.cycleId ?? (await buildCycle(db, { territoryId: input.territoryId })).id;
  const startsAt = input.startsAt ?? new Date(Date.now() + 7 * 86400_000);
  return db
    .insertInto('sessions')
    .values({
      workshop_id: workshopId,
      venue_id: venueId,
      cycle_id: cycleId,
      starts_at: startsAt.toISOString(),
      ends_at: new Date(startsAt.getTime() + 150 * 60_000).toISOString(),
      seats: input.seats ?? 10,
      seats_taken: input.seatsTaken ?? 0,
      status: input.status ?? 'scheduled',
      beginner: input.beginner ?? 0,
    })
    .returning(['id', 'workshop_id', 'venue_id', 'cycle_id', 'starts_at'])
    .executeTakeFirstOrThrow();
}

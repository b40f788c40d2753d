import { hashPassword } from '../src/platform/auth/passwords.js';
import type { Executor } from '../src/platform/db/database.js';
import type { Role } from '../src/platform/db/schema.js';
import { createTerritoryFromEpci } from '../src/territory/commands.js';

/** Test data builders: each creates the parents it needs, with overridable defaults. */
let counter = 0;
const next = () => ++counter;

export const TERNOIS = '200069672';

/** A territory of the Ternois's communes; `host`: the host name it is served on (several territories on one instance). */
export async function buildTerritory(db: Executor, overrides: { funder?: string; programmeName?: string; slug?: string; host?: string } = {}) {
  const territory = await createTerritoryFromEpci(db, { epciCode: TERNOIS, slug: overrides.slug ?? `ternois-${next()}`, name: 'Pays du Ternois' });
  if (overrides.host) await db.updateTable('territories').set({ host: overrides.host }).where('id', '=', territory.id).execute();
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
      territory_id: input.territoryId,
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

// Types for the builders below, imported inline so that these additions stay at the end of the file.
type Insertable<T> = import('kysely').Insertable<T>;
type Updateable<T> = import('kysely').Updateable<T>;
type Tables = import('../src/platform/db/schema.js').DB;

/** A venue with any of its columns set (open-data fields: pivot, coordinates, phone, hours…); returns its slug too. */
export async function buildVenueWith(db: Executor, input: { territoryId: number } & Partial<Omit<Insertable<Tables['venues']>, 'territory_id'>>) {
  const n = next();
  const { territoryId, ...columns } = input;
  return db
    .insertInto('venues')
    .values({
      territory_id: territoryId,
      commune_code: '62767',
      slug: `lieu-${n}`,
      name: `Cybercentre ${n}`,
      address: `${n} rue de la Gare`,
      workstations: 10,
      accessible_prm: 1,
      ...columns,
    })
    .returning(['id', 'name', 'slug'])
    .executeTakeFirstOrThrow();
}

/** A workshop with any of its columns set; returns its slug too. */
export async function buildWorkshopWith(db: Executor, input: { territoryId: number } & Partial<Omit<Insertable<Tables['workshops']>, 'territory_id'>>) {
  const n = next();
  const { territoryId, ...columns } = input;
  return db
    .insertInto('workshops')
    .values({
      territory_id: territoryId,
      slug: `atelier-${n}`,
      title: `Atelier ${n}`,
      summary: 'Un atelier de découverte.',
      level: 'debutant',
      duration_minutes: 150,
      theme: 'internet',
      published: 1,
      ...columns,
    })
    .returning(['id', 'title', 'slug'])
    .executeTakeFirstOrThrow();
}

/** A session as buildSession makes it, then with the given columns changed (sequence, updated_at, ends_at…). */
export async function buildSessionWith(db: Executor, input: Parameters<typeof buildSession>[1] & { set?: Updateable<Tables['sessions']> }) {
  const { set, ...base } = input;
  const session = await buildSession(db, base);
  if (set && Object.keys(set).length) await db.updateTable('sessions').set(set).where('id', '=', session.id).execute();
  return session;
}

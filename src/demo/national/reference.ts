/**
 * The national programme's small tables, written from Node with the application's own commands
 * where there is one (territories and their communes come from createTerritoryFromEpci, as at
 * set-up): territories, programmes, workshops, venues, staff, cycles, partners. The bulk tables
 * (people, sessions, registrations…) are generated in SQL afterwards (bulk.ts) from the ids
 * answered here.
 */
import type { Executor } from '../../platform/db/database.js';
import { parisTime, addDays } from '../../platform/time.js';
import { officialCommunesOfEpci, officialDepartments, officialEpcisOfDepartment, type OfficialEpci } from '../../territory/official.js';
import { createTerritoryFromEpci } from '../../territory/commands.js';
import { insertChunks } from '../batch.js';
import { WORKSHOPS } from '../content.js';
import { cycleName } from '../seed.js';
import type { CyclePlan, NationalPlan } from './plan.js';

export interface ReferenceIds {
  territories: Array<{ id: number; ord: number; slug: string; communes: string[] }>;
  /** Per territory (by ord): workshop ids and their lengths in minutes, in WORKSHOPS order. */
  workshops: Array<Array<{ id: number; minutes: number; beginner: boolean }>>;
  /** Per territory: venue id, its facilitator (one per venue, so that nobody is booked twice at once), its commune. */
  venues: Array<Array<{ id: number; facilitatorId: number; commune: string }>>;
  /** Per territory: cycle ids, oldest first. */
  cycles: number[][];
  /** Per territory: the chambers [cci, cma, chambre_agriculture]. */
  partners: number[][];
  coordinators: number[];
}

/** The most populous EPCI first (the metropolis), then `count - 1` others spread over the list of codes. */
export function chooseEpcis(count: number): OfficialEpci[] {
  const all = new Map<string, OfficialEpci>();
  for (const d of officialDepartments()) for (const e of officialEpcisOfDepartment(d.code)) all.set(e.code, e);
  const byPopulation = [...all.values()].sort((a, b) => (b.population ?? 0) - (a.population ?? 0) || a.code.localeCompare(b.code));
  const big = byPopulation[0]!;
  const others = [...all.values()].filter((e) => e.code !== big.code && officialCommunesOfEpci(e.code).length > 0).sort((a, b) => a.code.localeCompare(b.code));
  if (count - 1 > others.length) throw new Error(`only ${others.length + 1} EPCIs in the official list`);
  const step = others.length / Math.max(1, count - 1);
  return [big, ...Array.from({ length: count - 1 }, (_, i) => others[Math.floor(i * step)]!)];
}

const slugOf = (name: string) =>
  name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 50);

export async function writeReference(tx: Executor, plan: NationalPlan, cycles: CyclePlan[], passwordHash: string): Promise<ReferenceIds> {
  const epcis = chooseEpcis(plan.territories.length);
  const out: ReferenceIds = { territories: [], workshops: [], venues: [], cycles: [], partners: [], coordinators: [] };
  for (const [ord, epci] of epcis.entries()) {
    const slug = `${slugOf(epci.name)}-${epci.code.slice(-4)}`;
    const territory = await createTerritoryFromEpci(tx, { epciCode: epci.code, slug });
    // the territory's communes, most populated first (venues and people are drawn towards them)
    const communes = officialCommunesOfEpci(epci.code)
      .sort((a, b) => (b.population ?? 0) - (a.population ?? 0) || a.code.localeCompare(b.code))
      .map((c) => c.code);
    out.territories.push({ id: territory.id, ord, slug, communes });
    await tx
      .insertInto('programmes')
      .values({ territory_id: territory.id, name: 'Boutic', funder: 'Programme national « Boutic » (données de démonstration)', publisher: epci.name, accessibility_status: 'partiellement_conforme', contact_email: `contact@${slug}.boutic.example` })
      .execute();

    const workshopIds = await insertChunks(WORKSHOPS, (chunk) =>
      tx
        .insertInto('workshops')
        .values(chunk.map((w) => ({ territory_id: territory.id, slug: w.slug, title: w.title, summary: w.summary, description: w.description, objectives: w.objectives, level: w.level, duration_minutes: w.minutes, prerequisites: w.prerequisites ?? null, theme: w.theme, published: 1 as const })))
        .returning('id')
        .execute(),
    );
    out.workshops.push(WORKSHOPS.map((w, i) => ({ id: workshopIds[i]!, minutes: w.minutes, beginner: w.level === 'debutant' })));

    const venueCount = plan.territories[ord]!.venues;
    const venueRows = Array.from({ length: venueCount }, (_, i) => ({ i, commune: communes[i % communes.length]! }));
    const names = new Map(officialCommunesOfEpci(epci.code).map((c) => [c.code, c.name]));
    const venueIds = await insertChunks(venueRows, (chunk) =>
      tx
        .insertInto('venues')
        .values(chunk.map((v) => ({ territory_id: territory.id, commune_code: v.commune, slug: `espace-${v.i + 1}`, name: `Espace numérique ${v.i + 1} — ${names.get(v.commune)}`, address: `${1 + (v.i % 40)} place de la Mairie`, workstations: 24, accessible_prm: (v.i % 3 === 0 ? 0 : 1) as 0 | 1 })))
        .returning('id')
        .execute(),
    );
    const staffRows = [
      { email: `coordination@${slug}.boutic.example`, display_name: `Coordination ${epci.name}`.slice(0, 120), role: 'coordinator' as const },
      { email: `elus@${slug}.boutic.example`, display_name: `Élus ${epci.name}`.slice(0, 120), role: 'elected' as const },
      ...venueRows.map((v) => ({ email: `animation-${v.i + 1}@${slug}.boutic.example`, display_name: `Animateur·rice ${v.i + 1}`, role: 'facilitator' as const })),
    ];
    const staffIds = await insertChunks(staffRows, (chunk) =>
      tx
        .insertInto('staff_users')
        .values(chunk.map((s) => ({ territory_id: territory.id, password_hash: passwordHash, ...s })))
        .returning('id')
        .execute(),
    );
    out.coordinators.push(staffIds[0]!);
    const facilitators = staffIds.slice(2);
    out.venues.push(venueRows.map((v, i) => ({ id: venueIds[i]!, facilitatorId: facilitators[i]!, commune: v.commune })));
    const links = facilitators.flatMap((f) => workshopIds.map((w) => ({ staff_user_id: f, workshop_id: w })));
    for (let i = 0; i < links.length; i += 500) await tx.insertInto('facilitator_workshops').values(links.slice(i, i + 500)).execute();

    const cycleIds = await insertChunks(cycles, (chunk) =>
      tx
        .insertInto('cycles')
        .values(chunk.map((c) => ({ territory_id: territory.id, number: c.number, name: cycleName(c.number, c.startsOn, c.endsOn), starts_on: c.startsOn, ends_on: c.endsOn, registration_opens_at: opensAt(c).toISOString() })))
        .returning('id')
        .execute(),
    );
    out.cycles.push(cycleIds);

    const partnerIds = await insertChunks(
      [
        { kind: 'cci' as const, name: `CCI — ${epci.name}`.slice(0, 120) },
        { kind: 'cma' as const, name: `Chambre de métiers — ${epci.name}`.slice(0, 120) },
        { kind: 'chambre_agriculture' as const, name: `Chambre d’agriculture — ${epci.name}`.slice(0, 120) },
      ],
      (chunk) => tx.insertInto('partners').values(chunk.map((p) => ({ territory_id: territory.id, ...p }))).returning('id').execute(),
    );
    out.partners.push(partnerIds);
  }
  return out;
}

/** Registrations open three weeks before the cycle, at 9:00 Paris time. */
export const opensAt = (c: CyclePlan) => parisTime(addDays(c.startsOn, -21), 9);

/** Test data for the funder's report (used by report.test.ts): a cycle with known figures, and a CSV reader. */
import { buildSessionWith, buildStaff, buildTerritory, buildVenue, buildWorkshop } from '../../../test/factories.js';
import type { Executor } from '../../platform/db/database.js';
import type { Sector, SizeBand } from '../../platform/db/schema.js';

export const SAINT_POL = '62767';
export const FREVENT = '62361';
export const TERNOIS = '200069672';
export const HYPERLINK = '=HYPERLINK("https://exemple.fr/x";"Lire un devis")';

/** A CSV read back by code that shares nothing with csv-stringify: `;` between fields, "quoted" fields with "" for a quote. */
export function parseSemicolonCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    record.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ';') endField();
    else if (ch === '\r' && text[i + 1] === '\n') {
      endField();
      records.push(record);
      record = [];
      i++;
    } else field += ch;
  }
  if (field || record.length) {
    endField();
    records.push(record);
  }
  return records;
}

/**
 * Data built for the report, with known figures. The reported cycle « 4e session »:
 * - s1, held, « Créer son site web » at Frévent, 2026-10-06 14 h to 16 h 30 (2.5 h), Jeanne Martin:
 *   ann, bob, eve, fay present; gus absent; jo waitlisted (not counted);
 * - s2, held, a workshop titled like a formula, 2026-11-17 14 h to 17 h (3 h), « @Paul Leroy »:
 *   ann (again), cid, dan present; gus excused; ida's registration cancelled;
 * - s3, cancelled: hal ticked present there by mistake (never counted);
 * - s4, scheduled: hal registered.
 * The « 3e session » (ida and ann present) and another territory's held session must not count.
 * So: 6 leaders (ann, bob, cid, dan, eve, fay), 4 companies (cid and dan share one, fay has none),
 * 7 presences, 1 absence, 1 excused, 10 registrations, 19 participant-hours (4 × 2.5 + 3 × 3).
 */
export async function buildReportData(db: Executor) {
  const territoryId = (await buildTerritory(db, { programmeName: 'Boutic', funder: 'Région Hauts-de-France' })).id;
  const other = (await buildTerritory(db)).id;
  const cycle = async (territory: number, number: number, name: string) =>
    (await db.insertInto('cycles').values({ territory_id: territory, number, name, starts_on: '2026-09-01', ends_on: '2027-02-28', registration_opens_at: '2026-08-15T08:00:00.000Z' }).returning('id').executeTakeFirstOrThrow()).id;
  const previous = await cycle(territoryId, 3, '3e session');
  const reported = await cycle(territoryId, 4, '4e session');
  const foreignCycle = await cycle(other, 4, '4e session');

  const frevent = await buildVenue(db, { territoryId, communeCode: FREVENT, name: 'Cybercentre de Frévent' });
  const site = await buildWorkshop(db, { territoryId, title: 'Créer son site web' });
  const devis = await buildWorkshop(db, { territoryId, title: HYPERLINK });
  const jeanne = await buildStaff(db, { territoryId, role: 'facilitator', name: 'Jeanne Martin' });
  const paul = await buildStaff(db, { territoryId, role: 'facilitator', name: '@Paul Leroy' });
  const session = async (cycleId: number, workshopId: number, startsAt: string, endsAt: string, seats: number, seatsTaken: number, status: 'held' | 'scheduled' | 'cancelled', facilitator: number | null = null) =>
    (await buildSessionWith(db, { territoryId, cycleId, workshopId, venueId: frevent.id, seats, seatsTaken, status, startsAt: new Date(startsAt), set: { ends_at: new Date(endsAt).toISOString(), facilitator_id: facilitator } })).id;
  const s1 = await session(reported, site.id, '2026-10-06T12:00:00Z', '2026-10-06T14:30:00Z', 10, 5, 'held', jeanne.id);
  const s2 = await session(reported, devis.id, '2026-11-17T13:00:00Z', '2026-11-17T16:00:00Z', 8, 4, 'held', paul.id);
  const s3 = await session(reported, site.id, '2026-11-20T13:00:00Z', '2026-11-20T15:30:00Z', 10, 0, 'cancelled');
  const s4 = await session(reported, site.id, '2027-01-12T13:00:00Z', '2027-01-12T15:30:00Z', 6, 1, 'scheduled');
  const s5 = await session(previous, site.id, '2026-03-10T13:00:00Z', '2026-03-10T15:30:00Z', 10, 2, 'held');

  const company = async (sector: Sector, size: SizeBand | null, commune: string | null, territory = territoryId) =>
    (await db.insertInto('companies').values({ territory_id: territory, name: `Entreprise ${sector}`, sector, size_band: size, commune_code: commune }).returning('id').executeTakeFirstOrThrow()).id;
  const person = async (name: string, companyId: number | null, commune: string | null, over: { outside?: 0 | 1; territory?: number } = {}) =>
    (
      await db
        .insertInto('participants')
        .values({ territory_id: over.territory ?? territoryId, email: `${name}@example.fr`, first_name: name, last_name: 'Test', company_id: companyId, commune_code: commune, outside_territory: over.outside ?? 0 })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const shared = await company('commerce', '3-5', FREVENT);
  const p = {
    ann: await person('ann', await company('agriculture', '0', SAINT_POL), SAINT_POL),
    bob: await person('bob', await company('agriculture', '1-2', FREVENT), null), // the company's commune
    cid: await person('cid', shared, FREVENT),
    dan: await person('dan', shared, SAINT_POL), // their own commune before the company's
    eve: await person('eve', await company('tourisme', null, null), null, { outside: 1 }),
    fay: await person('fay', null, null),
    gus: await person('gus', await company('artisanat', '10-19', FREVENT), FREVENT),
    hal: await person('hal', await company('services', '50+', SAINT_POL), SAINT_POL),
    ida: await person('ida', await company('industrie', '6-9', SAINT_POL), SAINT_POL),
    jo: await person('jo', null, SAINT_POL),
  };
  const reg = (sessionId: number, participant: number, attendance: 'present' | 'absent' | 'excused' | null, status: 'confirmed' | 'waitlisted' | 'cancelled' = 'confirmed') =>
    db.insertInto('registrations').values({ session_id: sessionId, participant_id: participant, status, attendance, source: 'web' }).execute();
  for (const who of [p.ann, p.bob, p.eve, p.fay]) await reg(s1, who, 'present');
  await reg(s1, p.gus, 'absent');
  await reg(s1, p.jo, null, 'waitlisted');
  for (const who of [p.ann, p.cid, p.dan]) await reg(s2, who, 'present');
  await reg(s2, p.gus, 'excused');
  await reg(s2, p.ida, null, 'cancelled');
  await reg(s3, p.hal, 'present');
  await reg(s4, p.hal, null);
  await reg(s5, p.ida, 'present');
  await reg(s5, p.ann, 'present');
  // another territory: its own held session and its own person present
  const away = await buildSessionWith(db, { territoryId: other, cycleId: foreignCycle, status: 'held', startsAt: new Date('2026-10-07T12:00:00Z') });
  await reg(away.id, await person('zed', await company('industrie', '50+', null, other), null, { territory: other }), 'present');
  return { territoryId, other, reported, previous, foreignCycle, sessions: { s1, s2 } };
}

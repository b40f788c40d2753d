/**
 * Facilitation figures for `npm run bench`: how long the PDFs take and weigh, and how long closing a
 * session takes when it renders and queues a certificate for each person present (in the closing
 * transaction, see docs/decisions/0012), against the same closing with nobody present.
 */
import { databaseTiers } from '../test/databases.js';
import { buildCycle, buildSessionWith, buildStaff, buildTerritory, buildVenue, buildWorkshop } from '../test/factories.js';
import { renderCertificate } from '../src/facilitation/documents/certificate.js';
import { renderSignInSheet } from '../src/facilitation/documents/sign-in-sheet.js';
import { closeSession } from '../src/facilitation/attendance/commands.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function timed(n: number, f: () => Promise<unknown>): Promise<{ ms: number; last: unknown }> {
  const times: number[] = [];
  let last: unknown;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    last = await f();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), last };
}

const place = { venueName: 'Cybercentre de Saint-Pol-sur-Ternoise', venueAddress: '1 place de l’Hôtel de Ville', communeName: 'Saint-Pol-sur-Ternoise', postcode: '62130' };
const people = (n: number) => Array.from({ length: n }, (_, i) => ({ firstName: `Prénom${i}`, lastName: `Nom${i}`, companyName: `Entreprise ${i}`, walkIn: false }));
const sheet = (n: number) => ({ ...place, programmeName: 'Boutic', funder: 'Région Hauts-de-France', territoryName: 'Pays du Ternois', workshopTitle: 'Créer son site web', startsAt: '2026-12-03T13:00:00.000Z', endsAt: '2026-12-03T16:00:00.000Z', facilitatorName: 'Camille', participants: people(n) });
const certificate = { ...place, code: '7KQ2-M9XD-4TPA', verifyUrl: 'https://ateliers.example.fr/attestations/verifier?code=7KQ2-M9XD-4TPA', firstName: 'Éloïse', lastName: 'Dupré', companyName: 'Ferme de l’Abbaye', workshopTitle: 'Créer son site web', startsAt: '2026-12-03T13:00:00.000Z', endsAt: '2026-12-03T16:00:00.000Z', durationMinutes: 180, programmeName: 'Boutic', funder: 'Région Hauts-de-France', territoryName: 'Pays du Ternois', publisher: 'Pays du Ternois', facilitatorName: 'Camille', issuedAt: '2026-12-03T16:10:00.000Z' };

export async function facilitationFigures(): Promise<string[][]> {
  const rows: string[][] = [];
  for (const [label, f] of [
    ['sign-in sheet, 12 people', () => renderSignInSheet(sheet(12))],
    ['sign-in sheet, 40 people', () => renderSignInSheet(sheet(40))],
    ['certificate', () => renderCertificate(certificate)],
  ] as const) {
    await f(); // warm-up
    const { ms, last } = await timed(20, f);
    rows.push([label, `${(last as Buffer).length} B`, `${ms.toFixed(1)} ms`]);
  }
  // closing a 12-person session: all present (12 certificates rendered and queued) vs all absent
  const tier = databaseTiers()[0]!;
  const { database, cleanup } = await tier.create();
  const db = database.db;
  const territoryId = (await buildTerritory(db)).id;
  const staff = await buildStaff(db, { territoryId, role: 'coordinator' });
  const base = { territoryId, cycleId: (await buildCycle(db, { territoryId })).id, venueId: (await buildVenue(db, { territoryId, workstations: 12 })).id, workshopId: (await buildWorkshop(db, { territoryId })).id };
  const ctx = { territoryId, staffId: staff.id, coordinator: true, programme: { baseUrl: 'https://ateliers.example.fr', programmeName: 'Boutic', funder: 'Région', territoryName: 'Pays du Ternois', publisher: 'Pays du Ternois' } };
  const closing = async (attendance: 'present' | 'absent') => {
    const times: number[] = [];
    for (let run = 0; run < 5; run++) {
      const s = await buildSessionWith(db, { ...base, seats: 12, seatsTaken: 12, startsAt: new Date(Date.now() - 3_600_000 - run * 86400_000 * 2) });
      for (let i = 0; i < 12; i++) {
        const c = await db.insertInto('companies').values({ territory_id: territoryId, name: `E${i}`, sector: 'commerce' }).returning('id').executeTakeFirstOrThrow();
        const p = await db.insertInto('participants').values({ territory_id: territoryId, email: `${attendance}${run}-${i}@example.fr`, first_name: `P${i}`, last_name: `N${i}`, company_id: c.id }).returning('id').executeTakeFirstOrThrow();
        await db.insertInto('registrations').values({ session_id: s.id, participant_id: p.id, status: 'confirmed', attendance, source: 'web' }).execute();
      }
      const t0 = performance.now();
      const r = await closeSession(db, ctx, { sessionId: s.id });
      times.push(performance.now() - t0);
      if (!r.ok) throw new Error(`closing failed: ${r.code}`);
    }
    return median(times);
  };
  const absent = await closing('absent');
  const present = await closing('present');
  rows.push(['close a 12-person session, nobody present (SQLite)', '—', `${absent.toFixed(1)} ms`]);
  rows.push(['close a 12-person session, 12 certificates (SQLite)', '—', `${present.toFixed(1)} ms (×${(present / absent).toFixed(1)})`]);
  await cleanup();
  return rows;
}

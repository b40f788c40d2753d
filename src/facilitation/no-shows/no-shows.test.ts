import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../../test/databases.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { buildCycle, buildSessionWith, buildStaff, buildTerritory, buildVenue, buildWorkshop } from '../../../test/factories.js';
import { StaffClient } from '../../../test/staff-session.js';
import { registerParticipant } from '../../registration/commands.js';
import type { RegistrationInput } from '../../registration/form.js';
import { flaggedParticipants, noShowCounts, workshopNoShows } from './queries.js';
import { rate } from './views.js';

const DAY = 86400_000;

test('no-show rates in French format', () => {
  const plain = (s: string) => s.replace(/[\u00A0\u202F]/g, ' '); // a no-break space before %, whichever ICU gives
  assert.equal(plain(rate(1, 8)), '12,5 %');
  assert.equal(plain(rate(1, 3)), '33,3 %');
  assert.equal(plain(rate(0, 4)), '0 %');
  assert.doesNotMatch(rate(1, 8), / %/, 'never a breakable space before %');
  assert.equal(rate(0, 0), '—');
});

for (const tier of databaseTiers()) {
  describe(`no-shows on ${tier.name}`, () => {
    let t: TestApp;
    let territoryId: number;
    let people: Record<string, number>;
    let workshops: Record<string, number>;
    let coordinator: StaffClient;
    let facilitator: StaffClient;
    let partner: StaffClient;
    let future: number;

    before(async () => {
      t = await createTestApp(tier, { NO_SHOW_THRESHOLD: '3' });
      const db = t.database.db;
      territoryId = (await buildTerritory(db)).id;
      const cycle = await buildCycle(db, { territoryId });
      const venue = await buildVenue(db, { territoryId });
      const site = await buildWorkshop(db, { territoryId, title: 'Créer son site web' });
      const devis = await buildWorkshop(db, { territoryId, title: 'Lire un devis' });
      workshops = { site: site.id, devis: devis.id };
      const person = async (name: string, territory = territoryId) => {
        const company = await db.insertInto('companies').values({ territory_id: territory, name: `Entreprise ${name}`, sector: 'commerce' }).returning('id').executeTakeFirstOrThrow();
        return (await db.insertInto('participants').values({ territory_id: territory, email: `${name.toLowerCase()}@example.fr`, first_name: name, last_name: 'Test', company_id: company.id, commune_code: '62767' }).returning('id').executeTakeFirstOrThrow()).id;
      };
      people = { Alice: await person('Alice'), Bruno: await person('Bruno'), Chloe: await person('Chloe') };
      const elsewhere = (await buildTerritory(db)).id;
      const stranger = await person('Stranger', elsewhere);
      // six held sessions (three per workshop) and one still scheduled
      const held: number[] = [];
      for (let i = 0; i < 6; i++) {
        held.push((await buildSessionWith(db, { territoryId, cycleId: cycle.id, venueId: venue.id, workshopId: i < 3 ? site.id : devis.id, startsAt: new Date(Date.now() - (10 + i) * DAY), status: 'held' })).id);
      }
      const scheduled = (await buildSessionWith(db, { territoryId, cycleId: cycle.id, venueId: venue.id, workshopId: site.id, startsAt: new Date(Date.now() - 2 * 3600_000) })).id;
      future = (await buildSessionWith(db, { territoryId, cycleId: cycle.id, venueId: venue.id, workshopId: devis.id, startsAt: new Date(Date.now() + 10 * DAY) })).id;
      const reg = (session: number, participant: number, attendance: 'present' | 'absent' | 'excused' | null, over: { status?: 'confirmed' | 'cancelled'; walk_in?: 0 | 1 } = {}) =>
        db.insertInto('registrations').values({ session_id: session, participant_id: participant, status: over.status ?? 'confirmed', attendance, walk_in: over.walk_in ?? 0, source: 'web' }).execute();
      // Alice: absent three times (flagged at 3), once excused
      await reg(held[0]!, people.Alice!, 'absent');
      await reg(held[1]!, people.Alice!, 'absent');
      await reg(held[3]!, people.Alice!, 'absent');
      await reg(held[4]!, people.Alice!, 'excused');
      // Bruno: absent twice, and a cancelled registration marked absent by mistake, and an absent tick at a session not closed yet
      await reg(held[0]!, people.Bruno!, 'absent');
      await reg(held[3]!, people.Bruno!, 'absent');
      await reg(held[5]!, people.Bruno!, 'absent', { status: 'cancelled' });
      await reg(scheduled, people.Bruno!, 'absent');
      // Chloé: present everywhere, once as a walk-in; excused once
      await reg(held[0]!, people.Chloe!, 'present');
      await reg(held[1]!, people.Chloe!, 'present', { walk_in: 1 });
      await reg(held[2]!, people.Chloe!, 'excused');
      // another territory's person, absent at this territory's sessions, is not counted here
      await reg(held[1]!, stranger, 'absent');
      await reg(held[2]!, stranger, 'absent');
      await reg(held[4]!, stranger, 'absent');
      const coord = await buildStaff(db, { territoryId, role: 'coordinator' });
      const fac = await buildStaff(db, { territoryId, role: 'facilitator' });
      const par = await buildStaff(db, { territoryId, role: 'partner' });
      coordinator = await new StaffClient(t.app).logIn(coord.email, coord.password);
      facilitator = await new StaffClient(t.app).logIn(fac.email, fac.password);
      partner = await new StaffClient(t.app).logIn(par.email, par.password);
    });
    after(() => t.close());

    test('counted per participant: absent at a held session only, never excused or cancelled, within the territory', async () => {
      const counts = await noShowCounts(t.database.db, territoryId, Object.values(people));
      assert.equal(counts.get(people.Alice!), 3);
      assert.equal(counts.get(people.Bruno!), 2);
      assert.equal(counts.get(people.Chloe!), undefined);
      assert.deepEqual(await noShowCounts(t.database.db, territoryId, []), new Map());
      const flagged = await flaggedParticipants(t.database.db, territoryId, { threshold: 2, cycleId: null, page: 1, perPage: 10 });
      assert.deepEqual(
        flagged.map((f) => [f.first_name, Number(f.absent), Number(f.excused), Number(f.present), Number(f.total)]),
        [['Alice', 3, 1, 0, 2], ['Bruno', 2, 0, 0, 2]],
      );
    });

    test('counted per workshop, with the walk-ins', async () => {
      const rows = await workshopNoShows(t.database.db, territoryId, null);
      const byTitle = Object.fromEntries(rows.map((r) => [r.title, [Number(r.sessions), Number(r.confirmed), Number(r.present), Number(r.absent), Number(r.excused), Number(r.walk_ins)]]));
      // the other territory's person is counted in the workshop's attendance (they came to it), by design of the join on sessions
      assert.deepEqual(byTitle['Créer son site web'], [3, 8, 2, 5, 1, 1]);
      assert.deepEqual(byTitle['Lire un devis'], [3, 4, 0, 3, 1, 0]);
    });

    test('the coordination’s page uses the threshold setting; facilitators and partners get 404, visitors the login', async () => {
      const res = await coordinator.get('/equipe/absences');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /3 séances ou plus/);
      assert.match(res.body, /Alice Test/);
      assert.doesNotMatch(res.body, /Bruno Test/, 'two no-shows are below the threshold of 3');
      assert.match(res.body, /Créer son site web[\s\S]*62,5[\u00A0\u202F]%/);
      assert.equal((await facilitator.get('/equipe/absences')).statusCode, 404);
      assert.equal((await partner.get('/equipe/absences')).statusCode, 404);
      assert.equal((await t.app.inject({ url: '/equipe/absences' })).statusCode, 303);
    });

    test('the coordinator sees the flag on the sign-in roster; a flagged person can still register', async () => {
      const ctx = { baseUrl: 'http://localhost:3000', programmeName: 'Boutic', territoryId, closesHours: 2, reminderDays: 2 };
      const alice: RegistrationInput = { first_name: 'Alice', last_name: 'Test', email: 'alice@example.fr', phone: null, company: 'Entreprise Alice', siret: null, sector: 'commerce', commune: '62767', role: null, level: 'debutant', heard_from: null, consent_news: false };
      const result = await registerParticipant(t.database.db, ctx, { sessionId: future, person: alice, source: 'web' });
      assert.ok(result.ok && result.status === 'confirmed', 'never blocked automatically');
      const roster = await coordinator.get(`/equipe/seances/${future}/emargement`);
      assert.match(roster.body, /3 absences non excusées/);
    });
  });
}

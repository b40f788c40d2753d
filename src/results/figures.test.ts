import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../test/databases.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { buildSessionWith, buildStaff, buildTerritory, buildVenue, buildWorkshop } from '../../test/factories.js';
import { StaffClient } from '../../test/staff-session.js';
import type { Database } from '../platform/db/database.js';
import type { Sector } from '../platform/db/schema.js';
import { figuresByCycle, programmeFigures, sectorMix, sessionsByVenue } from './queries.js';
import { surveyFigures } from './surveys/queries.js';
import { publicSectors } from './public.js';

const DAY = 86400_000;

test('public figures never show a group of fewer than 5 people', () => {
  assert.deepEqual(publicSectors({ agriculture: 12, commerce: 5, tourisme: 2, artisanat: 1 }), [{ key: 'agriculture', count: 12 }, { key: 'commerce', count: 5 }, { key: 'others', count: null }]);
  assert.deepEqual(publicSectors({ agriculture: 3, commerce: 4 }), [{ key: 'others', count: 7 }]);
  assert.deepEqual(publicSectors({ autre: 6 }), [{ key: 'others', count: 6 }]);
  assert.deepEqual(publicSectors({}), []);
});

/**
 * Data built for the figures: two cycles, known sessions, known people and attendances.
 * Cycle 1 (farmers mostly): two held sessions of 2 h 30 at Frévent (10 seats each), one cancelled.
 * Cycle 2 (balanced): one held session of 3 h at Pernes (8 seats), one scheduled (5 seats, 2 taken).
 */
for (const tier of databaseTiers()) {
  describe(`the programme's figures are true, on ${tier.name}`, () => {
    let app: TestApp;
    let database: Database;
    let territoryId: number;
    let cycles: number[];
    let venues: { frevent: number; pernes: number };
    let sessionIds: { c1a: number; c2a: number; c2s: number };

    before(async () => {
      app = await createTestApp(tier);
      database = app.database;
      const db = database.db;
      territoryId = (await buildTerritory(db)).id;
      const other = (await buildTerritory(db)).id; // another territory's data must not count
      cycles = [];
      for (const n of [1, 2]) {
        cycles.push((await db.insertInto('cycles').values({ territory_id: territoryId, number: n, name: `${n}e session`, starts_on: '2025-01-01', ends_on: '2027-12-31', registration_opens_at: '2025-01-01T00:00:00.000Z' }).returning('id').executeTakeFirstOrThrow()).id);
      }
      const frevent = await buildVenue(db, { territoryId, name: 'Frévent' });
      const pernes = await buildVenue(db, { territoryId, name: 'Pernes' });
      const workshop = await buildWorkshop(db, { territoryId });
      const session = async (cycle: number, venue: number, daysAgo: number, minutes: number, seats: number, status: 'held' | 'scheduled' | 'cancelled') => {
        const s = await buildSessionWith(db, { territoryId, cycleId: cycle, venueId: venue, workshopId: workshop.id, seats, status, startsAt: new Date(Date.now() - daysAgo * DAY) });
        await db.updateTable('sessions').set({ ends_at: new Date(Date.parse(s.starts_at) + minutes * 60_000).toISOString() }).where('id', '=', s.id).execute();
        return s.id;
      };
      const c1a = await session(cycles[0]!, frevent.id, 200, 150, 10, 'held');
      const c1b = await session(cycles[0]!, frevent.id, 190, 150, 10, 'held');
      const c1x = await session(cycles[0]!, frevent.id, 180, 150, 10, 'cancelled');
      const c2a = await session(cycles[1]!, pernes.id, 20, 180, 8, 'held');
      const c2s = await session(cycles[1]!, pernes.id, -10, 120, 5, 'scheduled');
      const person = async (name: string, sector: Sector, territory = territoryId, company?: number) => {
        const companyId = company ?? (await db.insertInto('companies').values({ territory_id: territory, name: `E-${name}`, sector }).returning('id').executeTakeFirstOrThrow()).id;
        const id = (await db.insertInto('participants').values({ territory_id: territory, email: `${name}@example.fr`, first_name: name, last_name: 'T', company_id: companyId }).returning('id').executeTakeFirstOrThrow()).id;
        return { id, companyId };
      };
      venues = { frevent: frevent.id, pernes: pernes.id };
      sessionIds = { c1a, c2a, c2s };
      const ann = await person('ann', 'agriculture');
      const bob = await person('bob', 'agriculture');
      const cid = await person('cid', 'agriculture');
      const dan = await person('dan', 'commerce');
      const eve = await person('eve', 'commerce', territoryId, dan.companyId); // same company as dan
      const fay = await person('fay', 'tourisme');
      const gus = await person('gus', 'artisanat');
      const reg = (session: number, p: { id: number }, attendance: 'present' | 'absent' | 'excused' | null, status: 'confirmed' | 'waitlisted' | 'cancelled' = 'confirmed') =>
        db.insertInto('registrations').values({ session_id: session, participant_id: p.id, status, attendance, source: 'web' }).execute();
      // cycle 1: ann, bob, cid present at c1a; dan absent; ann present again at c1b, bob excused; a waitlisted and a cancelled one don't count
      await reg(c1a, ann, 'present');
      await reg(c1a, bob, 'present');
      await reg(c1a, cid, 'present');
      await reg(c1a, dan, 'absent');
      await reg(c1b, ann, 'present');
      await reg(c1b, bob, 'excused');
      await reg(c1b, fay, null, 'waitlisted');
      await reg(c1b, gus, null, 'cancelled');
      await reg(c1x, cid, null);
      // cycle 2: dan, eve (same company), fay, gus present, ann absent; two registered at the scheduled one
      for (const p of [dan, eve, fay, gus]) await reg(c2a, p, 'present');
      await reg(c2a, ann, 'absent');
      await reg(c2s, bob, null);
      await reg(c2s, cid, null);
      // seats_taken as the commands keep it: confirmed registrations
      await db.updateTable('sessions').set({ seats_taken: 4 }).where('id', '=', c1a).execute();
      await db.updateTable('sessions').set({ seats_taken: 2 }).where('id', '=', c1b).execute();
      await db.updateTable('sessions').set({ seats_taken: 5 }).where('id', '=', c2a).execute();
      await db.updateTable('sessions').set({ seats_taken: 2 }).where('id', '=', c2s).execute();
      // communes: ann lives in Saint-Pol; dan's company (eve's too) is there; the others gave none
      await db.updateTable('participants').set({ commune_code: '62767' }).where('id', '=', ann.id).execute();
      await db.updateTable('companies').set({ commune_code: '62767' }).where('id', '=', dan.companyId).execute();
      // noise in another territory
      const strangerVenue = await buildVenue(db, { territoryId: other });
      const strangerSession = await buildSessionWith(db, { territoryId: other, venueId: strangerVenue.id, status: 'held', startsAt: new Date(Date.now() - 30 * DAY) });
      await reg(strangerSession.id, await person('zed', 'industrie', other), 'present');
    });
    after(() => app.close());

    test('per cycle', async () => {
      const one = await programmeFigures(database.db, territoryId, cycles[0]!);
      assert.deepEqual(one, {
        cycleId: cycles[0],
        sessionsHeld: 2,
        registrations: 6 + 0, // c1a 4 + c1b 2 (waitlisted and cancelled apart; the cancelled session apart)
        leaders: 3, // ann, bob, cid
        companies: 3,
        present: 4,
        absent: 1,
        excused: 1,
        seats: 20,
        seatsTaken: 6,
        participantHours: 10, // 4 presences × 2.5 h
      });
      const two = await programmeFigures(database.db, territoryId, cycles[1]!);
      assert.deepEqual(two, { cycleId: cycles[1], sessionsHeld: 1, registrations: 7, leaders: 4, companies: 3, present: 4, absent: 1, excused: 0, seats: 13, seatsTaken: 7, participantHours: 12 });
    });

    test('all cycles at once give the same figures as one cycle at a time', async () => {
      const grouped = await figuresByCycle(database.db, territoryId);
      for (const c of cycles) assert.deepEqual(grouped.get(c), await programmeFigures(database.db, territoryId, c));
    });

    test('overall: people counted once across cycles', async () => {
      const all = await programmeFigures(database.db, territoryId, null);
      assert.equal(all.leaders, 7, 'ann, bob, cid, dan, eve, fay, gus');
      assert.equal(all.companies, 6, 'dan and eve share a company');
      assert.equal(all.present, 8);
      assert.equal(all.participantHours, 22);
      assert.equal(all.sessionsHeld, 3);
    });

    test('the sector mix shifts from farming to a balance', async () => {
      const mix = await sectorMix(database.db, territoryId);
      const of = (cycle: number) => Object.fromEntries(mix.filter((m) => m.cycle_id === cycle).map((m) => [m.sector, Number(m.leaders)]));
      // registered (confirmed) at sessions not cancelled: dan was absent but registered; cid's cancelled session does not count
      assert.deepEqual(of(cycles[0]!), { agriculture: 3, commerce: 1 });
      assert.deepEqual(of(cycles[1]!), { agriculture: 3, commerce: 2, tourisme: 1, artisanat: 1 });
    });

    test('sessions held by venue', async () => {
      const rows = await sessionsByVenue(database.db, territoryId, null);
      assert.deepEqual(rows.map((r) => [r.name, Number(r.sessions), Number(r.registered)]), [['Frévent', 2, 6], ['Pernes', 1, 5]]);
    });

    test('the dashboard shows them to the coordination only', async () => {
      const coord = await buildStaff(database.db, { territoryId, role: 'coordinator' });
      const fac = await buildStaff(database.db, { territoryId, role: 'facilitator' });
      const coordinator = await new StaffClient(app.app).logIn(coord.email, coord.password);
      const page = await coordinator.get(`/equipe/bilan?session=${cycles[0]}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Chiffres de la 1e session/);
      assert.match(page.body, /<dt>Chefs d’entreprise touchés<\/dt><dd>3<\/dd>/);
      assert.match(page.body, /<dt>Taux de présence<\/dt><dd>66,7\s?%<\/dd>/);
      assert.match(page.body, /<dt>Heures de formation \(participant × heure\)<\/dt><dd>10<\/dd>/);
      assert.match(page.body, /<th scope="row">1e session<\/th><td>3 \(75\s?%\)<\/td><td>1 \(25\s?%\)<\/td>/);
      // the sector chart: an accessible SVG whose words tell the shift, one segment per sector present in a cycle
      assert.match(page.body, /<svg class="chart" viewBox="[^"]+" role="img" aria-labelledby="graphique-secteurs-titre graphique-secteurs-desc"/);
      assert.match(page.body, /Secteur le plus présent à la 1e session : agriculture, 75\s?% des inscrits ; à la 2e session, 42,9\s?%/);
      const sectorChart = /<svg[^>]*aria-labelledby="graphique-secteurs-titre[\s\S]*?<\/svg>/.exec(page.body)![0];
      assert.equal([...sectorChart.matchAll(/<rect [^>]*><title>/g)].length, 6, 'two sectors in cycle 1, four in cycle 2');
      assert.match(page.body, /<title>2e session — Commerce : 29 %<\/title>/);
      const all = await coordinator.get('/equipe/bilan');
      assert.match(all.body, /<dt>Chefs d’entreprise touchés<\/dt><dd>7<\/dd>/);
      const facilitator = await new StaffClient(app.app).logIn(fac.email, fac.password);
      assert.equal((await facilitator.get('/equipe/bilan')).statusCode, 404);
      assert.equal((await app.app.inject({ url: '/equipe/bilan' })).statusCode, 303);
    });

    test('filters: a venue, a sector, an intercommunality', async () => {
      const db = database.db;
      // every session of cycle 2 is at Pernes, none of cycle 1: the venue's figures are cycle 2's
      const pernes = await programmeFigures(db, territoryId, null, { venueId: venues.pernes });
      assert.deepEqual(pernes, { ...(await programmeFigures(db, territoryId, cycles[1]!)), cycleId: null });
      // farmers: ann, bob, cid
      const farmers = await programmeFigures(db, territoryId, null, { sector: 'agriculture' });
      assert.deepEqual(
        { leaders: farmers.leaders, companies: farmers.companies, registrations: farmers.registrations, present: farmers.present, absent: farmers.absent, excused: farmers.excused, hours: farmers.participantHours },
        { leaders: 3, companies: 3, registrations: 8, present: 4, absent: 1, excused: 1, hours: 10 },
      );
      // the intercommunality of a person's commune, or else of their company's: ann; dan and eve
      const options = await db.selectFrom('territories').select('epci_code').where('id', '=', territoryId).executeTakeFirstOrThrow();
      const epci = await programmeFigures(db, territoryId, null, { epciCode: options.epci_code! });
      assert.deepEqual({ leaders: epci.leaders, companies: epci.companies, present: epci.present }, { leaders: 3, companies: 2, present: 4 });
      // filters combine: farmers at Pernes
      const both = await programmeFigures(db, territoryId, null, { sector: 'agriculture', venueId: venues.pernes });
      assert.deepEqual({ leaders: both.leaders, registrations: both.registrations, absent: both.absent }, { leaders: 0, registrations: 3, absent: 1 });
      // the sector mix under a venue filter: cycle 2 only
      const mix = await sectorMix(db, territoryId, { venueId: venues.pernes });
      assert.deepEqual([...new Set(mix.map((m) => m.cycle_id))], [cycles[1]]);
    });

    test('the surveys’ figures, from the anonymous answers, per cycle and overall', async () => {
      const db = database.db;
      const past = new Date(Date.now() - DAY).toISOString();
      const future = new Date(Date.now() + DAY).toISOString();
      const participants = await db.selectFrom('participants').select('id').where('territory_id', '=', territoryId).orderBy('id').execute();
      const invite = (kind: 'satisfaction' | 'follow_up', i: number, session: number, cycle: number, due: string) =>
        db.insertInto('survey_invitations').values({ territory_id: territoryId, kind, participant_id: participants[i]!.id, session_id: session, cycle_id: cycle, token_hash: `h-${kind}-${i}-${session}`, due_at: due, expires_at: future }).execute();
      await invite('satisfaction', 0, sessionIds.c1a, cycles[0]!, past);
      await invite('satisfaction', 1, sessionIds.c1a, cycles[0]!, past);
      await invite('satisfaction', 2, sessionIds.c1a, cycles[0]!, past);
      await invite('satisfaction', 3, sessionIds.c2a, cycles[1]!, past);
      await invite('satisfaction', 4, sessionIds.c2a, cycles[1]!, future); // not yet asked
      await invite('follow_up', 0, sessionIds.c1a, cycles[0]!, past);
      const answer = (session: number, usefulness: number, clarity: number, pace: 'trop_lent' | 'adapte' | 'trop_rapide', recommend: 0 | 1, nextChamber: 0 | 1) =>
        db.insertInto('satisfaction_answers').values({ territory_id: territoryId, session_id: session, usefulness, clarity, pace, recommend, next_practice: 1, next_workshop: 0, next_chamber: nextChamber, next_provider: 0, next_nothing: 0, comment: null, answered_on: '2026-11-01' }).execute();
      await answer(sessionIds.c1a, 5, 4, 'adapte', 1, 1);
      await answer(sessionIds.c1a, 4, 3, 'trop_rapide', 1, 0);
      await answer(sessionIds.c2a, 3, 5, 'adapte', 0, 0);
      await db.insertInto('follow_up_answers').values({ territory_id: territoryId, session_id: sessionIds.c1a, website: 1, online_sales: 0, social_page: 1, tool_adopted: 0, chamber_training: 0, nothing_yet: 0, comment: null, answered_on: '2026-11-02' }).execute();
      const { byCycle, all } = await surveyFigures(db, territoryId);
      const one = byCycle.get(cycles[0]!)!;
      assert.deepEqual(
        { asked: one.satisfaction.asked, answers: one.satisfaction.answers, u: one.satisfaction.usefulnessSum, c: one.satisfaction.claritySum, rec: one.satisfaction.recommend, pace: one.satisfaction.pace, chamber: one.satisfaction.next.chamber, practice: one.satisfaction.next.practice },
        { asked: 3, answers: 2, u: 9, c: 7, rec: 2, pace: { trop_lent: 0, adapte: 1, trop_rapide: 1 }, chamber: 1, practice: 2 },
      );
      assert.deepEqual({ asked: one.followUp.asked, answers: one.followUp.answers, website: one.followUp.outcomes.website, social: one.followUp.outcomes.social_page, sales: one.followUp.outcomes.online_sales }, { asked: 1, answers: 1, website: 1, social: 1, sales: 0 });
      assert.deepEqual({ asked: all.satisfaction.asked, answers: all.satisfaction.answers, u: all.satisfaction.usefulnessSum, rec: all.satisfaction.recommend }, { asked: 4, answers: 3, u: 12, rec: 2 });
      // a venue filter narrows the answers through their session
      const atPernes = await surveyFigures(db, territoryId, { venueId: venues.pernes });
      assert.equal(atPernes.all.satisfaction.answers, 1);
      // on the dashboard: averages out of 5 in French
      const coord = await buildStaff(db, { territoryId, role: 'coordinator' });
      const page = await (await new StaffClient(app.app).logIn(coord.email, coord.password)).get(`/equipe/bilan?session=${cycles[0]}`);
      assert.match(page.body, /<dt>Utilité \(moyenne\)<\/dt><dd>4,5 \/ 5<\/dd>/);
      assert.match(page.body, /<dt>Réponses<\/dt><dd>2 sur 3 \(67\s?%\)<\/dd>/);
      assert.match(page.body, /<dt>Recommanderaient l’atelier<\/dt><dd>100\s?%<\/dd>/);
      assert.match(page.body, /<th scope="row">Un site internet \(créé ou refait\)<\/th><td>1<\/td><td>100\s?%<\/td>|<td>Un site internet \(créé ou refait\)<\/td><td>1<\/td><td>100\s?%<\/td>/);
    });

    test('unknown filter values are dropped, never a 500', async () => {
      const coord = await buildStaff(database.db, { territoryId, role: 'coordinator' });
      const client = await new StaffClient(app.app).logIn(coord.email, coord.password);
      const odd = await client.get('/equipe/bilan?lieu=999999&secteur=%3Cscript%3E&epci=x&atelier=-1&session=abc');
      assert.equal(odd.statusCode, 200);
      assert.match(odd.body, /<dt>Chefs d’entreprise touchés<\/dt><dd>7<\/dd>/);
      assert.doesNotMatch(odd.body, /<script>/);
      const farmers = await client.get('/equipe/bilan?secteur=agriculture');
      assert.match(farmers.body, /<dt>Chefs d’entreprise touchés<\/dt><dd>3<\/dd>/);
      assert.match(farmers.body, /<dt>Taux de remplissage<\/dt><dd>sans objet<\/dd>/);
    });

    test('elected officials read the results and nothing else; another territory’s do not', async () => {
      const db = database.db;
      const elected = await buildStaff(db, { territoryId, role: 'elected' });
      const client = await new StaffClient(app.app).logIn(elected.email, elected.password);
      const page = await client.get('/equipe/bilan');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /en lecture seule/);
      const home = await client.get('/equipe');
      assert.match(home.body, /href="\/equipe\/bilan"/);
      assert.doesNotMatch(home.body, /href="\/equipe\/(seances|mes-seances|questions|absences|ateliers|lieux)"/);
      for (const url of ['/equipe/seances', '/equipe/mes-seances', '/equipe/questions', '/equipe/absences', '/equipe/ateliers', '/equipe/lieux', '/equipe/animateurs', '/equipe/sessions', '/equipe/demandes', '/equipe/maintien', `/equipe/seances/${sessionIds.c1a}/emargement`, '/equipe/courriels']) {
        assert.equal((await client.get(url)).statusCode, 404, url);
      }
      const outsider = await buildStaff(db, { territoryId: (await buildTerritory(db)).id, role: 'elected' });
      // another territory's elected official cannot sign in on this territory's host, and their session is not one here
      await assert.rejects(new StaffClient(app.app).logIn(outsider.email, outsider.password), /login failed: 401/);
      const stranger = await StaffClient.withSession(app.app, db, outsider.id);
      assert.equal((await stranger.get('/equipe/bilan')).headers.location, '/equipe/connexion');
    });

    test('the public « Bilan » shows aggregates only, small groups merged', async () => {
      const page = await app.app.inject({ url: '/bilan' });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<dt>Chefs d’entreprise touchés<\/dt><dd>7<\/dd>/);
      assert.match(page.body, /<th scope="row">1e session<\/th><td>moins de 5<\/td>/);
      assert.match(page.body, /<th scope="row">2e session<\/th><td>7 \(100\s?%\)<\/td>/);
      assert.doesNotMatch(page.body, /Agriculture|ann@|E-ann/, 'no sector of fewer than 5, no person');
      // three survey answers: too few to publish; five: their average and share appear
      assert.doesNotMatch(page.body, /Utilité/);
      for (const u of [5, 5]) {
        await database.db.insertInto('satisfaction_answers').values({ territory_id: territoryId, session_id: sessionIds.c2a, usefulness: u, clarity: 4, pace: 'adapte', recommend: 1, next_practice: 0, next_workshop: 0, next_chamber: 0, next_provider: 0, next_nothing: 1, comment: null, answered_on: '2026-11-03' }).execute();
      }
      const more = await app.app.inject({ url: '/bilan' });
      assert.match(more.body, /<dt>Utilité \(moyenne\)<\/dt><dd>4,4 \/ 5<\/dd>/);
      assert.match(more.body, /<dt>Recommanderaient l’atelier<\/dt><dd>80\s?%<\/dd>/);
    });
  });
}

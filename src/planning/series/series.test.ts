import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../../test/databases.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { buildCycle, buildSession, buildStaff, buildTerritory, buildVenue, buildWorkshop } from '../../../test/factories.js';
import { StaffClient } from '../../../test/staff-session.js';

for (const tier of databaseTiers()) {
  describe(`planning in bulk on ${tier.name}`, () => {
    let t: TestApp;
    let coordinator: StaffClient;
    let ids: { territory: number; venues: number[]; workshop: number; cycle: number; oldCycle: number; facilitators: number[] };

    before(async () => {
      t = await createTestApp(tier);
      const db = t.database.db;
      const territory = await buildTerritory(db);
      const staff = await buildStaff(db, { territoryId: territory.id, role: 'coordinator' });
      const f1 = await buildStaff(db, { territoryId: territory.id, role: 'facilitator', name: 'Julien Caron' });
      const f2 = await buildStaff(db, { territoryId: territory.id, role: 'facilitator', name: 'Sophie Lefebvre' });
      const v1 = await buildVenue(db, { territoryId: territory.id, name: 'Cybercentre de Frévent', workstations: 8 });
      const v2 = await buildVenue(db, { territoryId: territory.id, name: 'Cybercentre de Pernes', communeCode: '62652', workstations: 10 });
      const workshop = await buildWorkshop(db, { territoryId: territory.id, title: 'Créer son site web' });
      await db.insertInto('facilitator_workshops').values([{ staff_user_id: f1.id, workshop_id: workshop.id }, { staff_user_id: f2.id, workshop_id: workshop.id }]).execute();
      const oldCycle = await buildCycle(db, { territoryId: territory.id, number: 90 });
      await db.updateTable('cycles').set({ starts_on: '2098-09-07', ends_on: '2099-01-31' }).where('id', '=', oldCycle.id).execute();
      const cycle = await buildCycle(db, { territoryId: territory.id, number: 91 });
      await db.updateTable('cycles').set({ starts_on: '2099-03-02', ends_on: '2099-07-31' }).where('id', '=', cycle.id).execute();
      ids = { territory: territory.id, venues: [v1.id, v2.id], workshop: workshop.id, cycle: cycle.id, oldCycle: oldCycle.id, facilitators: [f1.id, f2.id] };
      coordinator = await new StaffClient(t.app).logIn(staff.email, staff.password);
    });
    after(() => t.close());

    const countSessions = async () => (await t.database.db.selectFrom('sessions').select('id').where('cycle_id', '=', ids.cycle).execute()).length;
    const seriesFields = (over: Record<string, string> = {}) => ({
      workshop: String(ids.workshop),
      cycle: String(ids.cycle),
      first_date: '2099-03-03',
      weeks: '4',
      every: '1',
      start: '14:00',
      end: '16:30',
      facilitator: 'auto',
      seats: '',
      etape: 'apercu',
      ...over,
    });
    async function submit(fields: Record<string, string>, venues: number[]) {
      const page = await coordinator.get('/equipe/seances/planifier');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
      const body = new URLSearchParams({ _csrf: csrf, ...fields });
      for (const v of venues) body.append('venues', String(v));
      return t.app.inject({
        method: 'POST',
        url: '/equipe/seances/planifier',
        payload: body.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: Object.entries(coordinator.jar).map(([k, v]) => `${k}=${v}`).join('; ') },
      });
    }

    test('the preview shows every date and its conflicts, and writes nothing', async () => {
      // an existing session at Frévent on the second Tuesday
      await buildSession(t.database.db, { territoryId: ids.territory, workshopId: ids.workshop, venueId: ids.venues[0]!, cycleId: ids.cycle, startsAt: new Date('2099-03-10T13:30:00Z') });
      const before = await countSessions();
      const res = await submit(seriesFields(), ids.venues);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Aperçu : 7 séance\(s\) possible\(s\), 1 en conflit/);
      assert.match(res.body, /mardi 10 mars 2099 de 14 h à 16 h 30[\s\S]*?Cybercentre de Frévent est déjà occupé/);
      assert.match(res.body, /Julien Caron/);
      assert.match(res.body, /Sophie Lefebvre/, 'two venues at the same time need two facilitators');
      assert.match(res.body, /Créer les 7 séance\(s\) sans conflit/);
      assert.equal(await countSessions(), before);
    });

    test('confirming creates the sessions without conflict in one go, with facilitators never double-booked', async () => {
      const before = await countSessions();
      const res = await submit(seriesFields({ etape: 'creer' }), ids.venues);
      assert.equal(res.statusCode, 303);
      assert.match(res.headers.location as string, /serie=7-1/);
      assert.equal(await countSessions(), before + 7);
      const rows = await t.database.db.selectFrom('sessions').select(['venue_id', 'facilitator_id', 'starts_at', 'seats']).where('cycle_id', '=', ids.cycle).execute();
      const slots = new Set<string>();
      for (const r of rows.filter((r) => r.facilitator_id !== null)) {
        const key = `${r.facilitator_id}|${r.starts_at}`;
        assert.ok(!slots.has(key), `facilitator twice at ${r.starts_at}`);
        slots.add(key);
      }
      assert.ok(rows.some((r) => r.venue_id === ids.venues[1] && r.seats === 10), 'seats default to each venue’s workstations');
      assert.ok(await t.database.db.selectFrom('audit_log').select('id').where('action', '=', 'series.planned').executeTakeFirst());
      const list = await coordinator.get(res.headers.location as string);
      assert.match(list.body, /7 séance\(s\) créée\(s\), 1 écartée\(s\) pour conflit/);
    });

    test('bad settings are refused beside their fields, the form keeps them, nothing is written', async () => {
      const before = await countSessions();
      const res = await submit(seriesFields({ weeks: '40', start: '18:00', end: '17:00', first_date: 'demain' }), []);
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /id="venues-erreur"[^>]*>Cochez au moins un lieu/);
      assert.match(res.body, /id="weeks-erreur"[^>]*>Indiquez un nombre de semaines entre 1 et 26/);
      assert.match(res.body, /id="end-erreur"[^>]*>L’heure de fin doit être après/);
      assert.match(res.body, /id="first_date-erreur"/);
      assert.match(res.body, /value="40"/);
      assert.equal(await countSessions(), before);
    });

    test('a past cycle’s plan is taken up into a new cycle by whole weeks, same weekday and Paris time', async () => {
      const db = t.database.db;
      const other = await buildWorkshop(db, { territoryId: ids.territory, title: 'La sécurité en ligne' });
      // Monday 8 September 2098, 9:00 Paris (summer time) = 07:00Z
      await buildSession(db, { territoryId: ids.territory, workshopId: other.id, venueId: ids.venues[1]!, cycleId: ids.oldCycle, startsAt: new Date('2098-09-08T07:00:00Z') });
      await buildSession(db, { territoryId: ids.territory, workshopId: other.id, venueId: ids.venues[1]!, cycleId: ids.oldCycle, startsAt: new Date('2098-09-15T07:00:00Z'), status: 'cancelled' });
      const page = await coordinator.get('/equipe/seances/reprendre');
      assert.equal(page.statusCode, 200);
      const preview = await coordinator.post('/equipe/seances/reprendre', { source: String(ids.oldCycle), target: String(ids.cycle), etape: 'apercu' }, '/equipe/seances/reprendre');
      assert.equal(preview.statusCode, 200);
      assert.match(preview.body, /Décalage : 25 semaine\(s\)/);
      // 8 Sept 2098 + 25 weeks = Monday 2 March 2099, still 9:00 in Paris although winter time (08:00Z)
      assert.match(preview.body, /lundi 2 mars 2099 de 9 h à 11 h 30/);
      const created = await coordinator.post('/equipe/seances/reprendre', { source: String(ids.oldCycle), target: String(ids.cycle), etape: 'creer' }, '/equipe/seances/reprendre');
      assert.equal(created.statusCode, 303);
      const row = await db.selectFrom('sessions').select(['starts_at']).where('cycle_id', '=', ids.cycle).where('workshop_id', '=', other.id).execute();
      assert.deepEqual(row.map((r) => r.starts_at), ['2099-03-02T08:00:00.000Z'], 'cancelled sessions are not taken up');
      const same = await coordinator.post('/equipe/seances/reprendre', { source: String(ids.cycle), target: String(ids.cycle), etape: 'apercu' }, '/equipe/seances/reprendre');
      assert.equal(same.statusCode, 400);
      assert.match(same.body, /Choisissez deux sessions différentes/);
    });
  });
}

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../../test/databases.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { buildCycle, buildSession, buildStaff, buildTerritory, buildVenue, buildWorkshop } from '../../../test/factories.js';
import { StaffClient } from '../../../test/staff-session.js';

// A date far enough ahead to stay in the future; 2099-03-03 is a Tuesday (Paris UTC+1).
const DAY = '2099-03-03';

for (const tier of databaseTiers()) {
  describe(`planning sessions in the back office on ${tier.name}`, () => {
    let t: TestApp;
    let coordinator: StaffClient;
    let ids: { territory: number; venue: number; venue2: number; workshop: number; cycle: number; facilitator: number };

    before(async () => {
      t = await createTestApp(tier);
      const db = t.database.db;
      const territory = await buildTerritory(db);
      const staff = await buildStaff(db, { territoryId: territory.id, role: 'coordinator' });
      const facilitator = await buildStaff(db, { territoryId: territory.id, role: 'facilitator', name: 'Julien Caron' });
      const venue = await buildVenue(db, { territoryId: territory.id, name: 'Cybercentre de Frévent', workstations: 8 });
      const venue2 = await buildVenue(db, { territoryId: territory.id, name: 'Cybercentre de Pernes', communeCode: '62652' });
      const workshop = await buildWorkshop(db, { territoryId: territory.id, title: 'Créer son site web' });
      const cycle = await buildCycle(db, { territoryId: territory.id, number: 4 });
      ids = { territory: territory.id, venue: venue.id, venue2: venue2.id, workshop: workshop.id, cycle: cycle.id, facilitator: facilitator.id };
      coordinator = await new StaffClient(t.app).logIn(staff.email, staff.password);
    });
    after(() => t.close());

    const fields = (over: Record<string, string> = {}) => ({
      workshop: String(ids.workshop),
      cycle: String(ids.cycle),
      venue: String(ids.venue),
      facilitator: String(ids.facilitator),
      date: DAY,
      start: '14:00',
      end: '16:30',
      seats: '',
      ...over,
    });
    const countSessions = async () => (await t.database.db.selectFrom('sessions').select('id').execute()).length;

    test('only coordinators and administrators of the territory reach the planning pages', async () => {
      const anonymous = await t.app.inject({ url: '/equipe/seances' });
      assert.equal(anonymous.statusCode, 303);
      const f = await buildStaff(t.database.db, { territoryId: ids.territory, role: 'facilitator' });
      const facilitator = await new StaffClient(t.app).logIn(f.email, f.password);
      assert.equal((await facilitator.get('/equipe/seances')).statusCode, 404);
      assert.equal((await facilitator.get('/equipe/seances/nouvelle')).statusCode, 404);
      assert.equal((await coordinator.get('/equipe/seances')).statusCode, 200);
    });

    test('a valid session is written with Paris times, the venue’s seats, an audit entry and a new content version', async () => {
      const before = await t.database.db.selectFrom('territories').select('content_version').where('id', '=', ids.territory).executeTakeFirstOrThrow();
      const res = await coordinator.post('/equipe/seances/nouvelle', fields(), '/equipe/seances/nouvelle');
      assert.equal(res.statusCode, 303, res.body);
      const row = await t.database.db.selectFrom('sessions').selectAll().where('venue_id', '=', ids.venue).executeTakeFirstOrThrow();
      assert.equal(row.starts_at, '2099-03-03T13:00:00.000Z');
      assert.equal(row.ends_at, '2099-03-03T15:30:00.000Z');
      assert.equal(row.seats, 8, 'default seats = the venue’s workstations');
      assert.ok(await t.database.db.selectFrom('audit_log').select('id').where('action', '=', 'session.created').where('subject', '=', `session:${row.id}`).executeTakeFirst());
      const afterVersion = await t.database.db.selectFrom('territories').select('content_version').where('id', '=', ids.territory).executeTakeFirstOrThrow();
      assert.ok(afterVersion.content_version > before.content_version);
      const list = await coordinator.get('/equipe/seances');
      assert.match(list.body, /mardi 3 mars 2099 de 14 h à 16 h 30/);
    });

    test('bad input: each field gets its French message, the form keeps what was typed, nothing is written', async () => {
      const n = await countSessions();
      const cases: Array<[Record<string, string>, string, RegExp]> = [
        [{ date: '2001-03-03' }, 'date', /La date est passée/],
        [{ date: '2099-02-31' }, 'date', /Saisissez une date valide/],
        [{ start: '16:00', end: '15:00' }, 'end', /L’heure de fin doit être après/],
        [{ start: '25:00' }, 'start', /Saisissez une heure valide/],
        [{ venue: '999999' }, 'venue', /Choisissez un lieu de la liste/],
        [{ venue: 'abc' }, 'venue', /Choisissez un lieu de la liste/],
        [{ seats: '0' }, 'seats', /Indiquez au moins une place/],
        [{ seats: 'douze' }, 'seats', /Saisissez un nombre entier/],
        [{ workshop: '' }, 'workshop', /Choisissez un atelier/],
        [{ facilitator: '424242' }, 'facilitator', /Choisissez un animateur/],
      ];
      for (const [over, field, message] of cases) {
        const res = await coordinator.post('/equipe/seances/nouvelle', fields({ date: '2099-03-10', ...over }), '/equipe/seances/nouvelle');
        assert.equal(res.statusCode, 400, JSON.stringify(over));
        assert.match(res.body, new RegExp(`id="${field}-erreur"[^>]*>${message.source}`), JSON.stringify(over));
        for (const [k, v] of Object.entries(over)) if (k !== 'workshop' && k !== 'venue' && k !== 'facilitator') assert.match(res.body, new RegExp(`value="${v}"`), `${k} kept`);
      }
      assert.equal(await countSessions(), n);
    });

    test('a venue or a facilitator booked twice at overlapping times is refused, with the clash named', async () => {
      const n = await countSessions();
      const venueClash = await coordinator.post('/equipe/seances/nouvelle', fields({ start: '15:00', end: '17:00', facilitator: '' }), '/equipe/seances/nouvelle');
      assert.equal(venueClash.statusCode, 400);
      assert.match(venueClash.body, /id="venue-erreur"[^>]*>Cybercentre de Frévent est déjà occupé mardi 3 mars 2099 de 14 h à 16 h 30 \(« Créer son site web »\)/);
      const facilitatorClash = await coordinator.post('/equipe/seances/nouvelle', fields({ venue: String(ids.venue2), start: '16:00', end: '18:00' }), '/equipe/seances/nouvelle');
      assert.equal(facilitatorClash.statusCode, 400);
      assert.match(facilitatorClash.body, /id="facilitator-erreur"[^>]*>Julien Caron anime déjà une séance mardi 3 mars 2099/);
      assert.equal(await countSessions(), n);
      // back to back is not an overlap
      const next = await coordinator.post('/equipe/seances/nouvelle', fields({ start: '16:30', end: '18:00' }), '/equipe/seances/nouvelle');
      assert.equal(next.statusCode, 303);
    });

    test('seats above the venue’s workstations need the coordinator’s confirmation', async () => {
      const refused = await coordinator.post('/equipe/seances/nouvelle', fields({ date: '2099-03-17', seats: '12' }), '/equipe/seances/nouvelle');
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /id="seats-erreur"[^>]*>Le lieu n’a que 8 postes/);
      const confirmed = await coordinator.post('/equipe/seances/nouvelle', fields({ date: '2099-03-17', seats: '12', confirm_capacity: '1' }), '/equipe/seances/nouvelle');
      assert.equal(confirmed.statusCode, 303);
    });

    test('moving a session raises its sequence; cancelling keeps it visible, records the reason, and twice is harmless', async () => {
      const s = await buildSession(t.database.db, { territoryId: ids.territory, workshopId: ids.workshop, venueId: ids.venue2, cycleId: ids.cycle, startsAt: new Date('2099-04-07T12:00:00Z') });
      const edit = `/equipe/seances/${s.id}`;
      assert.equal((await coordinator.get(edit)).statusCode, 200);
      const moved = await coordinator.post(edit, fields({ venue: String(ids.venue2), facilitator: '', date: '2099-04-08', start: '09:00', end: '11:30', seats: '10' }), edit);
      assert.equal(moved.statusCode, 303, moved.body);
      let row = await t.database.db.selectFrom('sessions').selectAll().where('id', '=', s.id).executeTakeFirstOrThrow();
      assert.equal(row.starts_at, '2099-04-08T07:00:00.000Z', '09:00 in Paris, summer time');
      assert.equal(row.sequence, 1);

      const participant = await t.database.db.insertInto('participants').values({ territory_id: ids.territory, email: 'inscrite@example.fr', first_name: 'Inès', last_name: 'Crite' }).returning('id').executeTakeFirstOrThrow();
      await t.database.db.insertInto('registrations').values({ session_id: s.id, participant_id: participant.id, status: 'confirmed' }).execute();
      await t.database.db.updateTable('sessions').set({ seats_taken: 1 }).where('id', '=', s.id).execute();
      const movedAgain = await coordinator.post(edit, fields({ venue: String(ids.venue2), facilitator: '', date: '2099-04-09', start: '09:00', end: '11:30', seats: '10' }), edit);
      assert.equal(movedAgain.statusCode, 303);
      const movedMail = await t.database.db.selectFrom('outbox').select(['recipient', 'payload']).where('kind', '=', 'registration.session_moved').executeTakeFirstOrThrow();
      assert.equal(movedMail.recipient, 'inscrite@example.fr');
      assert.match(movedMail.payload, /jeudi 9 avril 2099/);
      assert.match(movedMail.payload, /atelier\.ics/);
      const reminder = await t.database.db.selectFrom('outbox').select(['guard', 'next_attempt_at']).where('kind', '=', 'registration.reminder').where('recipient', '=', 'inscrite@example.fr').executeTakeFirstOrThrow();
      assert.match(reminder.guard ?? '', /2099-04-09T07:00:00\.000Z/, 'a reminder for the new time');
      assert.equal(reminder.next_attempt_at, '2099-04-07T07:00:00.000Z', 'two days before');

      const empty = await coordinator.post(`${edit}/annulation`, { reason: '  ' }, edit);
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /id="reason-erreur"/);
      const cancelled = await coordinator.post(`${edit}/annulation`, { reason: 'Animateur malade' }, edit);
      assert.equal(cancelled.statusCode, 303);
      row = await t.database.db.selectFrom('sessions').selectAll().where('id', '=', s.id).executeTakeFirstOrThrow();
      assert.equal(row.status, 'cancelled');
      assert.equal(row.cancellation_reason, 'Animateur malade');
      assert.equal(row.sequence, 3);
      const told = await t.database.db.selectFrom('outbox').select(['recipient', 'payload']).where('kind', '=', 'registration.session_cancelled').executeTakeFirstOrThrow();
      assert.equal(told.recipient, 'inscrite@example.fr');
      assert.match(told.payload, /Animateur malade/);
      assert.ok(await t.database.db.selectFrom('audit_log').select('id').where('action', '=', 'session.cancelled').where('subject', '=', `session:${s.id}`).executeTakeFirst());
      const again = await t.app.inject({ url: edit });
      assert.ok(again.statusCode === 303 || again.statusCode === 200);
      const list = await coordinator.get(`/equipe/seances?statut=cancelled`);
      assert.match(list.body, /Annulée/);
      assert.match(list.body, /1 résultat/);
    });

    test('the list filters, sorts and paginates in SQL, keeping the filters in the page links', async () => {
      for (let i = 0; i < 30; i++) {
        await buildSession(t.database.db, { territoryId: ids.territory, workshopId: ids.workshop, cycleId: ids.cycle, startsAt: new Date(Date.parse('2099-06-01T08:00:00Z') + i * 86400_000) });
      }
      const page1 = await coordinator.get(`/equipe/seances?atelier=${ids.workshop}&tri=date`);
      assert.match(page1.body, /Page 1 sur 2/);
      assert.match(page1.body, new RegExp(`href="/equipe/seances\\?atelier=${ids.workshop}&amp;tri=date&amp;page=2"`));
      const page2 = await coordinator.get(`/equipe/seances?atelier=${ids.workshop}&tri=date&page=2`);
      assert.match(page2.body, /Page 2 sur 2/);
      const otherVenue = await coordinator.get(`/equipe/seances?lieu=${ids.venue}`);
      assert.doesNotMatch(otherVenue.body, /Cybercentre de Pernes<\/td>/);
      const nonsense = await coordinator.get('/equipe/seances?lieu=abc&page=-3&tri=%3Cscript%3E');
      assert.equal(nonsense.statusCode, 200);
    });
  });
}

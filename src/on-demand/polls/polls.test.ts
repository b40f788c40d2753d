import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../../test/databases.js';
import { createTestApp, csrfOf, cookiesOf, type TestApp } from '../../../test/app.js';
import { buildStaff, buildTerritory, buildVenueWith, buildWorkshopWith } from '../../../test/factories.js';
import { StaffClient } from '../../../test/staff-session.js';
import { parsePayload } from '../../platform/mail/outbox.js';
import { parisDateTimeFields } from '../../platform/time.js';
import { submitRequest } from '../requests/commands.js';
import { bestOption } from './routes.js';
import { median } from '../indicators/queries.js';

const DAY = 86400_000;
const dateIn = (days: number) => parisDateTimeFields(new Date(Date.now() + days * DAY)).date;

async function visitorPost(t: TestApp, url: string, fields: Record<string, string>, formPage: string) {
  const page = await t.app.inject({ url: formPage });
  const cookie = Object.entries(cookiesOf(page)).map(([k, v]) => `${k}=${v}`).join('; ');
  return t.app.inject({ method: 'POST', url, payload: new URLSearchParams({ _csrf: csrfOf(page.body), ...fields }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', cookie } });
}

test('the best date: most people saying yes, then yes or if needed, then the earliest', () => {
  const o = (id: number, yes: number, maybe: number, day: number) => ({ id, starts_at: `2027-01-${String(day).padStart(2, '0')}T13:00:00.000Z`, ends_at: '', yes: 0, maybe: 0, no: 0, yes_people: yes, maybe_people: maybe });
  assert.equal(bestOption([o(1, 1, 5, 3), o(2, 2, 0, 4)]), 2);
  assert.equal(bestOption([o(1, 2, 0, 5), o(2, 2, 1, 4)]), 2);
  assert.equal(bestOption([o(1, 2, 1, 5), o(2, 2, 1, 4)]), 2, 'a tie goes to the earliest');
  assert.equal(bestOption([o(1, 0, 0, 5)]), null);
  assert.equal(median([]), null);
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
});

for (const tier of databaseTiers()) {
  describe(`from requests to a poll, to a session with the requesters first, on ${tier.name}`, () => {
    let t: TestApp;
    let territoryId: number;
    let workshop: { id: number; slug: string };
    let venue: { id: number; slug: string };
    let coordinator: StaffClient;
    let facilitator: StaffClient;
    let pollId: number;
    let sessionId: number;
    const people = ['alice', 'bruno', 'chloe', 'denis'];
    const lastMail = async (email: string, kind: string) => {
      const row = await t.database.db.selectFrom('outbox').selectAll().where('recipient', '=', email).where('kind', '=', kind).orderBy('id', 'desc').executeTakeFirstOrThrow();
      return parsePayload(row).text;
    };
    const linkIn = (text: string, re: RegExp) => re.exec(text)![0]!.replace('https://ateliers.example.fr', '');

    before(async () => {
      t = await createTestApp(tier, { BASE_URL: 'https://ateliers.example.fr', PRIORITY_HOURS: '48' });
      const db = t.database.db;
      territoryId = (await buildTerritory(db)).id;
      workshop = await buildWorkshopWith(db, { territoryId, slug: 'e-commerce', title: 'Vendre en ligne' });
      venue = await buildVenueWith(db, { territoryId, slug: 'pernes', name: 'Cybercentre de Pernes', workstations: 10 });
      await db.insertInto('cycles').values({ territory_id: territoryId, number: 9, name: '9e session', starts_on: dateIn(-10), ends_on: dateIn(90), registration_opens_at: new Date(Date.now() - 10 * DAY).toISOString() }).execute();
      const ctx = { territoryId, baseUrl: 'https://ateliers.example.fr', programmeName: 'Boutic' };
      for (const [i, name] of people.entries()) {
        await submitRequest(db, ctx, { workshopId: workshop.id, topic: null, venueId: venue.id, communeCode: null, days: ['mar', 'jeu'], times: ['apres-midi'], people: i === 0 ? 2 : 1, comment: null, first_name: name, last_name: 'Test', email: `${name}@example.fr`, company: `Entreprise ${name}` });
      }
      const coord = await buildStaff(db, { territoryId, role: 'coordinator' });
      const fac = await buildStaff(db, { territoryId, role: 'facilitator', name: 'Camille' });
      coordinator = await new StaffClient(t.app).logIn(coord.email, coord.password);
      facilitator = await new StaffClient(t.app).logIn(fac.email, fac.password);
    });
    after(() => t.close());

    test('the coordinator proposes dates: bad input explained and kept, then one mail per requester', async () => {
      const page = `/equipe/demandes/sondage?atelier=${workshop.id}&lieu=${venue.id}`;
      const form = await coordinator.get(page);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /4 demandes en cours/);
      const one = await coordinator.post('/equipe/demandes/sondage', { atelier: String(workshop.id), lieu: String(venue.id), venue: String(venue.id), date_1: dateIn(20), start_1: '14:00', end_1: '16:30', closes: dateIn(10) }, page);
      assert.equal(one.statusCode, 400);
      assert.match(one.body, /Proposez au moins deux dates/);
      assert.match(one.body, new RegExp(`value="${dateIn(20)}"`), 'the date typed is kept');
      const late = await coordinator.post('/equipe/demandes/sondage', { atelier: String(workshop.id), lieu: String(venue.id), venue: String(venue.id), date_1: dateIn(20), start_1: '14:00', end_1: '16:30', date_2: dateIn(22), start_2: '09:00', end_2: '11:30', closes: dateIn(21) }, page);
      assert.equal(late.statusCode, 400);
      assert.match(late.body, /avant la première date proposée/);
      assert.equal((await t.database.db.selectFrom('demand_polls').selectAll().execute()).length, 0);
      const ok = await coordinator.post('/equipe/demandes/sondage', { atelier: String(workshop.id), lieu: String(venue.id), venue: String(venue.id), date_1: dateIn(20), start_1: '14:00', end_1: '16:30', date_2: dateIn(22), start_2: '09:00', end_2: '11:30', date_3: dateIn(27), start_3: '18:00', end_3: '20:00', closes: dateIn(10) }, page);
      assert.equal(ok.statusCode, 303);
      pollId = Number(/\/equipe\/sondages\/(\d+)/.exec(ok.headers.location as string)![1]);
      const mails = await t.database.db.selectFrom('outbox').select('recipient').where('kind', '=', 'demand.poll').execute();
      assert.deepEqual(mails.map((m) => m.recipient).sort(), people.map((p) => `${p}@example.fr`));
      assert.match(await lastMail('alice@example.fr', 'demand.poll'), /Quelle date|Répondre au sondage/);
    });

    test('the requesters answer from their link; the tally shows on the poll page; the best date is marked', async () => {
      const answers: Record<string, [string, string, string]> = { alice: ['yes', 'no', 'maybe'], bruno: ['maybe', 'yes', 'no'], chloe: ['yes', 'no', 'no'] };
      const options = await t.database.db.selectFrom('demand_poll_options').select('id').where('poll_id', '=', pollId).orderBy('starts_at').execute();
      for (const [name, picks] of Object.entries(answers)) {
        const link = linkIn(await lastMail(`${name}@example.fr`, 'demand.poll'), /https:\/\/ateliers\.example\.fr\/demandes\/[A-Za-z0-9_-]+/);
        const page = await t.app.inject({ url: link });
        assert.match(page.body, /Les dates proposées/);
        const res = await visitorPost(t, `${link}/sondage`, Object.fromEntries(options.map((o, i) => [`option-${o.id}`, picks[i]!])), link);
        assert.equal(res.statusCode, 303, name);
      }
      // a forged option id changes nothing
      const denis = linkIn(await lastMail('denis@example.fr', 'demand.poll'), /https:\/\/ateliers\.example\.fr\/demandes\/[A-Za-z0-9_-]+/);
      const forged = await visitorPost(t, `${denis}/sondage`, { 'option-999999': 'yes' }, denis);
      assert.equal(forged.statusCode, 400);
      const tally = await coordinator.get(`/equipe/sondages/${pollId}`);
      assert.equal(tally.statusCode, 200);
      // first date: alice (2 people) and chloe say yes, bruno if needed → 3 yes-people + 1 = 4 people; marked best
      assert.match(tally.body, /Meilleure date<\/span><\/th><td>2<\/td><td>1<\/td><td>0<\/td><td>4<\/td>/);
      assert.match(tally.body, /3 ont répondu/);
      assert.equal((await t.database.db.selectFrom('demand_poll_answers').selectAll().execute()).length, 9);
    });

    test('an answer after the poll closed is refused, and nothing changes', async () => {
      const denis = linkIn(await lastMail('denis@example.fr', 'demand.poll'), /https:\/\/ateliers\.example\.fr\/demandes\/[A-Za-z0-9_-]+/);
      const options = await t.database.db.selectFrom('demand_poll_options').select('id').where('poll_id', '=', pollId).execute();
      await t.database.db.updateTable('demand_polls').set({ closes_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', pollId).execute();
      const res = await visitorPost(t, `${denis}/sondage`, { [`option-${options[0]!.id}`]: 'yes' }, '/ateliers/demande');
      assert.equal(res.statusCode, 409);
      assert.match(res.body, /Ce sondage est clos depuis le/);
      assert.equal((await t.database.db.selectFrom('demand_poll_answers').selectAll().execute()).length, 9);
      await t.database.db.updateTable('demand_polls').set({ closes_at: new Date(Date.now() + 9 * DAY).toISOString() }).where('id', '=', pollId).execute();
    });

    test('the best date becomes a session « à la demande », reserved to the requesters, who are invited', async () => {
      const best = (await t.database.db.selectFrom('demand_poll_options').select('id').where('poll_id', '=', pollId).orderBy('starts_at').executeTakeFirstOrThrow()).id;
      const tooFew = await coordinator.post(`/equipe/sondages/${pollId}/seance`, { option: String(best), seats: '3' }, `/equipe/sondages/${pollId}`);
      assert.equal(tooFew.statusCode, 400);
      assert.match(tooFew.body, /Prévoyez au moins 4 places/);
      assert.equal((await t.database.db.selectFrom('sessions').selectAll().execute()).length, 0);
      const res = await coordinator.post(`/equipe/sondages/${pollId}/seance`, { option: String(best), seats: '8' }, `/equipe/sondages/${pollId}`);
      assert.equal(res.statusCode, 303);
      const session = await t.database.db.selectFrom('sessions').selectAll().executeTakeFirstOrThrow();
      sessionId = session.id;
      assert.equal(session.origin, 'on_demand');
      const window = Date.parse(session.public_from!) - Date.now();
      assert.ok(window > 47 * 3600_000 && window <= 48 * 3600_000, 'a 48-hour priority window');
      const requests = await t.database.db.selectFrom('demand_requests').select(['status', 'session_id']).execute();
      assert.ok(requests.every((r) => r.status === 'scheduled' && r.session_id === sessionId));
      assert.equal((await t.database.db.selectFrom('outbox').select('id').where('kind', '=', 'demand.session_opened').execute()).length, 4);
      assert.equal((await t.database.db.selectFrom('demand_polls').select('status').executeTakeFirstOrThrow()).status, 'closed');
      const again = await coordinator.post(`/equipe/sondages/${pollId}/seance`, { option: String(best), seats: '8' }, `/equipe/sondages/${pollId}`);
      assert.equal(again.statusCode, 400);
      assert.match(again.body, /La séance a été créée/);
      assert.equal((await t.database.db.selectFrom('sessions').selectAll().execute()).length, 1, 'not twice');
    });

    test('during the priority window the public waits; an invitation registers its requester; then it opens to all', async () => {
      const person = { first_name: 'Zoé', last_name: 'Public', email: 'zoe@example.fr', company: 'Boutique', sector: 'commerce', commune: '62767', level: 'debutant' };
      const page = await t.app.inject({ url: `/seances/${sessionId}/inscription` });
      assert.match(page.body, /ont la priorité jusqu’au/, 'the page says so, and shows no form');
      assert.doesNotMatch(page.body, /name="first_name"/);
      const closed = await visitorPost(t, `/seances/${sessionId}/inscription`, person, '/ateliers/demande');
      assert.equal(closed.statusCode, 409);
      assert.match(closed.body, /ont la priorité jusqu’au/);
      const invitation = linkIn(await lastMail('alice@example.fr', 'demand.session_opened'), /https:\/\/ateliers\.example\.fr\/seances\/\d+\/inscription\?invitation=[A-Za-z0-9_%-]+/);
      const form = await t.app.inject({ url: invitation });
      assert.match(form.body, /value="alice@example.fr"/, 'the form is filled in from the request');
      assert.match(form.body, /name="invitation"/);
      const token = decodeURIComponent(/invitation=([^&"]+)/.exec(invitation)![1]!);
      // someone else cannot use alice's invitation
      const stolen = await visitorPost(t, `/seances/${sessionId}/inscription`, { ...person, invitation: token }, invitation);
      assert.equal(stolen.statusCode, 409);
      const res = await visitorPost(t, `/seances/${sessionId}/inscription`, { ...person, first_name: 'Alice', last_name: 'Test', email: 'alice@example.fr', invitation: token }, invitation);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Votre inscription est confirmée/);
      const reg = await t.database.db.selectFrom('registrations').select(['status', 'source']).executeTakeFirstOrThrow();
      assert.deepEqual(reg, { status: 'confirmed', source: 'invitation' });
      // the window ends: the public registers
      await t.database.db.updateTable('sessions').set({ public_from: new Date(Date.now() - 1000).toISOString() }).where('id', '=', sessionId).execute();
      const open = await visitorPost(t, `/seances/${sessionId}/inscription`, person, `/seances/${sessionId}/inscription`);
      assert.equal(open.statusCode, 200);
      // a scheduled request cannot be withdrawn any more: the person cancels their registration instead
      const link = linkIn(await lastMail('bruno@example.fr', 'demand.poll'), /https:\/\/ateliers\.example\.fr\/demandes\/[A-Za-z0-9_-]+/);
      const withdraw = await visitorPost(t, `${link}/retrait`, {}, '/ateliers/demande');
      assert.equal(withdraw.statusCode, 409);
      assert.match(withdraw.body, /Une séance a déjà été ouverte/);
    });

    test('the indicators per cycle: received, turned into sessions, median delay, sessions on demand', async () => {
      const page = await coordinator.get('/equipe/demandes/indicateurs');
      assert.equal(page.statusCode, 200);
      const row = /<td>9e session<\/td><td>(\d+)<\/td><td>(\d+)<\/td><td>(\d+)<\/td><td>([^<]+)<\/td><td>(\d+)<\/td><td>(\d+)<\/td>/.exec(page.body);
      assert.ok(row, 'a row for the cycle');
      assert.deepEqual(row.slice(1, 4).concat(row.slice(5, 7)), ['4', '4', '0', '1', '0']);
      assert.match(row[4]!, /^(19|20)(,\d)? jours$/, 'about twenty days from request to session');
      assert.equal((await facilitator.get('/equipe/demandes/indicateurs')).statusCode, 404);
    });

    test('polls are the coordination’s', async () => {
      assert.equal((await facilitator.get(`/equipe/sondages/${pollId}`)).statusCode, 404);
      assert.equal((await facilitator.get(`/equipe/demandes/sondage?atelier=${workshop.id}&lieu=0`)).statusCode, 404);
      assert.equal((await facilitator.post(`/equipe/sondages/${pollId}/seance`, { option: '1', seats: '5' }, '/equipe')).statusCode, 404);
      assert.equal((await t.app.inject({ url: `/equipe/sondages/${pollId}` })).statusCode, 303);
    });
  });
}

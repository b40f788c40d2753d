import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../../test/databases.js';
import { createTestApp, csrfOf, cookiesOf, type TestApp } from '../../../test/app.js';
import { buildCycle, buildSessionWith, buildStaff, buildTerritory, buildVenueWith, buildWorkshopWith } from '../../../test/factories.js';
import { StaffClient } from '../../../test/staff-session.js';
import { parsePayload } from '../../platform/mail/outbox.js';

/** A visitor without account: keeps cookies, posts forms with the CSRF token of the page they came from. */
async function visitorPost(t: TestApp, url: string, fields: Record<string, string | string[]>, formPage = url) {
  const page = await t.app.inject({ url: formPage });
  const jar = cookiesOf(page);
  const body = new URLSearchParams({ _csrf: csrfOf(page.body) });
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return t.app.inject({ method: 'POST', url, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ') } });
}

for (const tier of databaseTiers()) {
  describe(`asking for a workshop and the demand board on ${tier.name}`, () => {
    let t: TestApp;
    let territoryId: number;
    let site: { id: number; slug: string };
    let devis: { id: number; slug: string };
    let venue: { id: number; slug: string };
    let coordinator: StaffClient;
    let facilitator: StaffClient;
    const ask = (over: Record<string, string | string[]> = {}) =>
      visitorPost(t, '/ateliers/demande', { workshop: String(site.id), venue: String(venue.id), days: ['mar', 'jeu'], times: ['apres-midi'], people: '1', first_name: 'Jeanne', last_name: 'Martin', email: 'jeanne@example.fr', company: 'Ferme Martin', ...over });
    const requests = () => t.database.db.selectFrom('demand_requests').selectAll().orderBy('id').execute();
    const linkOf = async (email: string) => {
      const row = await t.database.db.selectFrom('outbox').selectAll().where('recipient', '=', email).where('kind', '=', 'demand.acknowledged').orderBy('id', 'desc').executeTakeFirstOrThrow();
      const m = /\/demandes\/([A-Za-z0-9_-]+)/.exec(parsePayload(row).text);
      return m![0]!;
    };

    before(async () => {
      t = await createTestApp(tier, { BASE_URL: 'https://ateliers.example.fr' });
      const db = t.database.db;
      territoryId = (await buildTerritory(db)).id;
      site = await buildWorkshopWith(db, { territoryId, slug: 'creer-son-site', title: 'Créer son site web' });
      devis = await buildWorkshopWith(db, { territoryId, slug: 'lire-un-devis', title: 'Lire un devis' });
      venue = await buildVenueWith(db, { territoryId, slug: 'frevent', name: 'Cybercentre de Frévent' });
      // a full session of « Lire un devis » with two people waiting: demand too
      const full = await buildSessionWith(db, { territoryId, workshopId: devis.id, venueId: venue.id, cycleId: (await buildCycle(db, { territoryId })).id, seats: 1, seatsTaken: 1, startsAt: new Date(Date.now() + 20 * 86400_000) });
      for (const n of [1, 2]) {
        const p = await db.insertInto('participants').values({ territory_id: territoryId, email: `attente${n}@example.fr`, first_name: 'A', last_name: String(n) }).returning('id').executeTakeFirstOrThrow();
        await db.insertInto('registrations').values({ session_id: full.id, participant_id: p.id, status: 'waitlisted', waitlist_position: n, source: 'web' }).execute();
      }
      const coord = await buildStaff(db, { territoryId, role: 'coordinator' });
      const fac = await buildStaff(db, { territoryId, role: 'facilitator' });
      coordinator = await new StaffClient(t.app).logIn(coord.email, coord.password);
      facilitator = await new StaffClient(t.app).logIn(fac.email, fac.password);
    });
    after(() => t.close());

    test('the form is reached from the workshop page, pre-filled, and works without an account', async () => {
      const workshop = await t.app.inject({ url: '/ateliers/creer-son-site' });
      assert.match(workshop.body, /href="\/ateliers\/demande\?atelier=creer-son-site"/);
      const page = await t.app.inject({ url: '/ateliers/demande?atelier=creer-son-site&lieu=frevent' });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`<option value="${site.id}" selected`));
      assert.match(page.body, new RegExp(`<option value="${venue.id}" selected`));
    });

    test('bad input is explained beside each field, the form keeps what was typed, nothing is written', async () => {
      const res = await ask({ workshop: 'autre', topic: '', days: [], times: [], people: '0', email: 'pas-une-adresse' });
      assert.equal(res.statusCode, 400);
      for (const field of ['topic', 'days', 'times', 'people', 'email']) assert.match(res.body, new RegExp(`id="${field}-erreur"`), field);
      assert.match(res.body, /value="Jeanne"/);
      assert.match(res.body, /Cochez au moins un jour/);
      const forged = await ask({ workshop: '999999', venue: '888888', commune: '99999' });
      assert.equal(forged.statusCode, 400);
      assert.match(forged.body, /id="workshop-erreur"/);
      assert.match(forged.body, /id="venue-erreur"/);
      assert.match(forged.body, /id="commune-erreur"/);
      assert.equal((await requests()).length, 0);
    });

    test('a request is acknowledged by e-mail with a link to follow it; asking again updates it', async () => {
      const res = await ask();
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Votre demande est enregistrée/);
      const link = await linkOf('jeanne@example.fr');
      const follow = await t.app.inject({ url: link });
      assert.equal(follow.statusCode, 200);
      assert.match(follow.body, /Votre demande : Créer son site web/);
      assert.match(follow.body, /Mardi, Jeudi/);
      const again = await ask({ people: '2', days: ['lun'] });
      assert.match(again.body, /Votre demande est mise à jour/);
      const rows = await requests();
      assert.equal(rows.length, 1, 'the same person and workshop count once');
      assert.equal(rows[0]!.people, 2);
      assert.equal(rows[0]!.days, 'lun');
      assert.equal((await t.app.inject({ url: '/demandes/inconnu-inconnu-inconnu-inconnu' })).statusCode, 404);
    });

    test('withdrawing: once, then a clear answer that changes nothing', async () => {
      await ask({ email: 'paul@example.fr', first_name: 'Paul', workshop: String(devis.id) });
      const link = await linkOf('paul@example.fr');
      const first = await visitorPost(t, `${link}/retrait`, {}, link);
      assert.equal(first.statusCode, 303);
      const row = (await requests()).find((r) => r.email === 'paul@example.fr')!;
      assert.equal(row.status, 'withdrawn');
      const twice = await visitorPost(t, `${link}/retrait`, {}, '/ateliers/demande'); // the page has no form any more: a token from another page
      assert.equal(twice.statusCode, 409);
      assert.match(twice.body, /a déjà été retirée le/);
      const after = (await requests()).find((r) => r.email === 'paul@example.fr')!;
      assert.equal(after.withdrawn_at, row.withdrawn_at);
    });

    test('the board groups open requests by workshop and venue, counts people, adds the waitlists, marks the ready ones', async () => {
      for (const [i, email] of ['a@example.fr', 'b@example.fr'].entries()) await ask({ email, first_name: `P${i}`, days: ['mar'], times: ['matin', 'apres-midi'] });
      await ask({ email: 'c@example.fr', workshop: 'autre', topic: 'La facture électronique', venue: 'indifferent' });
      await ask({ email: 'd@example.fr', workshop: String(devis.id), venue: 'indifferent', people: '1' });
      const board = await coordinator.get('/equipe/demandes');
      assert.equal(board.statusCode, 200);
      // Créer son site web at Frévent: Jeanne (2 people) + a + b = 3 requests, 4 people: ready at the default threshold of 4
      assert.match(board.body, /Créer son site web — Cybercentre de Frévent<\/h2>\s*<p><strong class="badge">Prêt à programmer<\/strong> 3 demandes, 4 personnes \(seuil : 4\)/);
      // Lire un devis, anywhere: 1 person + 2 waitlisted = 3 < 4: not ready
      assert.match(board.body, /Lire un devis — Peu importe<\/h2>\s*<p> 1 demandes, 1 personnes \(seuil : 4\)[^<]*\+ 2 en liste d’attente/);
      assert.match(board.body, /La facture électronique/);
      // the threshold: zero refused beside the field, then 3 makes « Lire un devis » ready
      const zero = await coordinator.post(`/equipe/ateliers/${devis.id}/seuil-demande`, { threshold: '0' }, '/equipe/demandes');
      assert.equal(zero.statusCode, 400);
      assert.match(zero.body, /Le seuil doit être un nombre entier de personnes, au moins 1/);
      assert.equal((await t.database.db.selectFrom('workshops').select('demand_threshold').where('id', '=', devis.id).executeTakeFirstOrThrow()).demand_threshold, 4);
      assert.equal((await coordinator.post(`/equipe/ateliers/${devis.id}/seuil-demande`, { threshold: '3' }, '/equipe/demandes')).statusCode, 303);
      assert.match((await coordinator.get('/equipe/demandes')).body, /Lire un devis — Peu importe<\/h2>\s*<p><strong class="badge">Prêt à programmer/);
      // a free-text topic attached to a workshop joins its group
      const topic = (await requests()).find((r) => r.topic === 'La facture électronique')!;
      assert.equal((await coordinator.post(`/equipe/demandes/${topic.id}/rattachement`, { workshop: String(devis.id) }, '/equipe/demandes')).statusCode, 303);
      assert.match((await coordinator.get('/equipe/demandes')).body, /Lire un devis — Peu importe<\/h2>\s*<p><strong class="badge">Prêt à programmer<\/strong> 2 demandes, 2 personnes/);
      // the preferred times table: 3 people on Tuesday afternoon at Frévent (a, b, and none from Jeanne who now says Monday)
      assert.match(board.body, /<th scope="row">Mardi<\/th><td>2<\/td><td>2<\/td><td><\/td>/);
    });

    test('the board is the coordination’s', async () => {
      assert.equal((await facilitator.get('/equipe/demandes')).statusCode, 404);
      assert.equal((await t.app.inject({ url: '/equipe/demandes' })).statusCode, 303);
      assert.equal((await facilitator.post(`/equipe/ateliers/${devis.id}/seuil-demande`, { threshold: '9' }, '/equipe')).statusCode, 404);
    });
  });
}


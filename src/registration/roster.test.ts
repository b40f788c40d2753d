import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../test/databases.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { buildSession, buildStaff, buildTerritory } from '../../test/factories.js';
import { StaffClient } from '../../test/staff-session.js';
import { registerParticipant } from './commands.js';
import type { RegistrationInput } from './form.js';

const person = (i: number, over: Partial<RegistrationInput> = {}): RegistrationInput => ({
  first_name: `Prénom${i}`, last_name: `Nom${i}`, email: `p${i}@example.fr`, phone: null, company: `Entreprise ${i}`, siret: null,
  sector: 'commerce', commune: '62767', role: null, level: 'debutant', heard_from: null, consent_news: false, ...over,
});

for (const tier of databaseTiers()) {
  describe(`the coordinator’s list of registrations on ${tier.name}`, () => {
    let t: TestApp;
    let coordinator: StaffClient;
    let sessionId: number;
    let otherId: number;
    before(async () => {
      t = await createTestApp(tier);
      const db = t.database.db;
      const territory = await buildTerritory(db);
      const staff = await buildStaff(db, { territoryId: territory.id, role: 'coordinator' });
      const cycle = await db.insertInto('cycles').values({ territory_id: territory.id, number: 1, name: '1re session', starts_on: '2026-01-01', ends_on: '2099-12-31', registration_opens_at: '2026-01-01T00:00:00.000Z' }).returning('id').executeTakeFirstOrThrow();
      const first = await buildSession(db, { territoryId: territory.id, cycleId: cycle.id, seats: 2, startsAt: new Date('2099-03-03T13:00:00Z') });
      sessionId = first.id;
      otherId = (await buildSession(db, { territoryId: territory.id, cycleId: cycle.id, workshopId: first.workshop_id, seats: 5, startsAt: new Date('2099-03-17T13:00:00Z') })).id;
      const ctx = { baseUrl: 'http://localhost:3000', programmeName: 'Boutic', territoryId: territory.id, closesHours: 2, reminderDays: 2 };
      for (let i = 0; i < 4; i++) await registerParticipant(db, ctx, { sessionId, person: person(i, i === 1 ? { company: '=HYPERLINK("http://x")' } : {}), source: 'web' });
      coordinator = await new StaffClient(t.app).logIn(staff.email, staff.password);
    });
    after(() => t.close());

    test('shows who registered when, the waitlist in order, and searches', async () => {
      const res = await coordinator.get(`/equipe/seances/${sessionId}/inscrits`);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Prénom0 Nom0[\s\S]*Prénom1 Nom1[\s\S]*Liste d’attente, position 1[\s\S]*Prénom3 Nom3[\s\S]*Liste d’attente, position 2/);
      const search = await coordinator.get(`/equipe/seances/${sessionId}/inscrits?q=Nom3`);
      assert.match(search.body, /Prénom3/);
      assert.match(search.body, /Liste d’attente, position 2/, 'a search keeps the real waitlist rank');
      assert.doesNotMatch(search.body, /Prénom0/);
      const waiting = await coordinator.get(`/equipe/seances/${sessionId}/inscrits?statut=waitlisted`);
      assert.match(waiting.body, /Prénom2/);
      assert.doesNotMatch(waiting.body, /Prénom0 Nom0/);
      const anonymous = await t.app.inject({ url: `/equipe/seances/${sessionId}/inscrits` });
      assert.equal(anonymous.statusCode, 303);
    });

    test('exports a CSV for Excel in French (BOM, semicolons), safe from formula injection', async () => {
      const res = await coordinator.get(`/equipe/seances/${sessionId}/inscrits.csv`);
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /text\/csv/);
      assert.ok(res.body.startsWith('\uFEFFNom;Prénom;Adresse e-mail'));
      assert.match(res.body, /'=HYPERLINK/);
      assert.equal(res.body.trim().split('\r\n').length, 5);
    });

    test('someone who phoned is registered by the coordinator with the same rules, recorded as such', async () => {
      const bad = await coordinator.post(`/equipe/seances/${sessionId}/inscrire`, { first_name: 'Jean', last_name: 'Dupont', email: 'pas-une-adresse', company: 'Garage', sector: 'services', commune: '62767', level: 'debutant' }, `/equipe/seances/${sessionId}/inscrire`);
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /id="email-erreur"/);
      const ok = await coordinator.post(`/equipe/seances/${sessionId}/inscrire`, { first_name: 'Jean', last_name: 'Dupont', email: 'jean.dupont@example.fr', phone: '03 21 00 00 00', company: 'Garage', sector: 'services', commune: '62767', level: 'debutant' }, `/equipe/seances/${sessionId}/inscrire`);
      assert.equal(ok.statusCode, 303);
      const row = await t.database.db.selectFrom('registrations as r').innerJoin('participants as p', 'p.id', 'r.participant_id').select(['r.source', 'r.status']).where('p.email', '=', 'jean.dupont@example.fr').executeTakeFirstOrThrow();
      assert.deepEqual(row, { source: 'telephone', status: 'waitlisted' });
    });

    test('cancelling on someone’s behalf gives the seat to the first waitlisted person', async () => {
      const first = await t.database.db.selectFrom('registrations').select('id').where('session_id', '=', sessionId).orderBy('id').executeTakeFirstOrThrow();
      const res = await coordinator.post(`/equipe/inscriptions/${first.id}/annulation`, {}, `/equipe/seances/${sessionId}/inscrits`);
      assert.equal(res.statusCode, 303);
      const statuses = await t.database.db.selectFrom('registrations').select('status').where('session_id', '=', sessionId).orderBy('id').execute();
      assert.deepEqual(statuses.map((s) => s.status), ['cancelled', 'confirmed', 'confirmed', 'waitlisted', 'waitlisted']);
      const audit = await t.database.db.selectFrom('audit_log').select('actor').where('action', '=', 'registration.cancelled').executeTakeFirstOrThrow();
      assert.match(audit.actor, /^staff:/);
    });

    test('moving a confirmed person to another date gives their seat to the first waitlisted, and tells both', async () => {
      const db = t.database.db;
      const confirmed = await db.selectFrom('registrations').select(['id', 'participant_id']).where('session_id', '=', sessionId).where('status', '=', 'confirmed').orderBy('id').executeTakeFirstOrThrow();
      const page = await coordinator.get(`/equipe/seances/${sessionId}/inscrits`);
      assert.match(page.body, /Autre date pour/);
      const res = await coordinator.post(`/equipe/inscriptions/${confirmed.id}/deplacement`, { target: String(otherId) }, `/equipe/seances/${sessionId}/inscrits`);
      assert.equal(res.statusCode, 303);
      assert.match(res.headers.location as string, /deplace=1/);
      const there = await db.selectFrom('registrations').select(['status', 'source']).where('session_id', '=', otherId).where('participant_id', '=', confirmed.participant_id).executeTakeFirstOrThrow();
      assert.deepEqual(there, { status: 'confirmed', source: 'move' });
      const here = await db.selectFrom('registrations').select('status').where('session_id', '=', sessionId).orderBy('id').execute();
      assert.equal(here.filter((r) => r.status === 'confirmed').length, 2, 'the freed seat was given');
      assert.equal((await db.selectFrom('sessions').select('seats_taken').where('id', '=', sessionId).executeTakeFirstOrThrow()).seats_taken, 2);
      const again = await coordinator.post(`/equipe/inscriptions/${confirmed.id}/deplacement`, { target: String(otherId) }, `/equipe/seances/${otherId}/inscrits`);
      assert.equal(again.statusCode, 404, 'a cancelled registration cannot be moved again');
      assert.ok(await db.selectFrom('audit_log').select('id').where('action', '=', 'registration.moved').executeTakeFirst());
    });
  });
}

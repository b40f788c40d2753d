import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../../test/databases.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { buildCycle, buildSessionWith, buildStaff, buildTerritory, buildVenue, buildWorkshop } from '../../../test/factories.js';
import { StaffClient } from '../../../test/staff-session.js';
import { formatDate, formatSlot } from '../../platform/i18n/index.js';
import { registerParticipant } from '../../registration/commands.js';
import { mergeSession } from './commands.js';

const DAY = 86400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY);
const BOARD = '/equipe/maintien';

for (const tier of databaseTiers()) {
  describe(`go / no-go on thin sessions on ${tier.name}`, () => {
    let t: TestApp;
    let coordinator: StaffClient;
    let ids: { territory: number; cycle: number; venue: number; venue2: number; staff: number };
    let n = 0;

    before(async () => {
      t = await createTestApp(tier, { GO_NO_GO_DAYS: '7' });
      const db = t.database.db;
      const territory = await buildTerritory(db);
      const staff = await buildStaff(db, { territoryId: territory.id, role: 'coordinator' });
      const cycle = await buildCycle(db, { territoryId: territory.id });
      const venue = await buildVenue(db, { territoryId: territory.id, name: 'Cybercentre de Frévent', workstations: 10 });
      const venue2 = await buildVenue(db, { territoryId: territory.id, name: 'Cybercentre de Pernes', communeCode: '62652' });
      ids = { territory: territory.id, cycle: cycle.id, venue: venue.id, venue2: venue2.id, staff: staff.id };
      coordinator = await new StaffClient(t.app).logIn(staff.email, staff.password);
    });
    after(() => t.close());

    /** A session of the territory; `taken` confirmed people are registered (seats_taken follows). */
    async function session(input: { workshopId: number; days: number; min: number; taken?: number; seats?: number; venueId?: number; set?: Record<string, unknown> }) {
      const s = await buildSessionWith(t.database.db, {
        territoryId: ids.territory,
        cycleId: ids.cycle,
        workshopId: input.workshopId,
        venueId: input.venueId ?? ids.venue,
        seats: input.seats ?? 10,
        startsAt: inDays(input.days),
        set: { min_seats: input.min, ...(input.set ?? {}) },
      });
      for (let i = 0; i < (input.taken ?? 0); i++) await enrol(s.id, `p${++n}@example.fr`);
      return s;
    }
    async function enrol(sessionId: number, email: string, status: 'confirmed' | 'waitlisted' = 'confirmed') {
      const db = t.database.db;
      const existing = await db.selectFrom('participants').select('id').where('email', '=', email).where('territory_id', '=', ids.territory).executeTakeFirst();
      const participantId = existing?.id ?? (await db.insertInto('participants').values({ territory_id: ids.territory, email, first_name: `Prénom ${email}`, last_name: 'Nom' }).returning('id').executeTakeFirstOrThrow()).id;
      const waiting = status === 'waitlisted' ? Number((await db.selectFrom('registrations').select((eb) => eb.fn.countAll().as('c')).where('session_id', '=', sessionId).where('status', '=', 'waitlisted').executeTakeFirstOrThrow()).c) + 1 : null;
      await db.insertInto('registrations').values({ session_id: sessionId, participant_id: participantId, status, waitlist_position: waiting }).execute();
      if (status === 'confirmed') await db.updateTable('sessions').set((eb) => ({ seats_taken: eb('seats_taken', '+', 1) })).where('id', '=', sessionId).execute();
      return participantId;
    }
    const row = (id: number) => t.database.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const live = (sessionId: number) => t.database.db.selectFrom('registrations').select(['id', 'participant_id', 'status']).where('session_id', '=', sessionId).where('status', '<>', 'cancelled').orderBy('id').execute();
    const workshop = (title: string) => buildWorkshop(t.database.db, { territoryId: ids.territory, title });

    test('only the coordination reaches the board: facilitators and partners get a 404, anonymous visitors the login page', async () => {
      const anonymous = await t.app.inject({ url: BOARD });
      assert.equal(anonymous.statusCode, 303);
      assert.equal(anonymous.headers.location, '/equipe/connexion');
      for (const role of ['facilitator', 'partner'] as const) {
        const who = await buildStaff(t.database.db, { territoryId: ids.territory, role });
        const client = await new StaffClient(t.app).logIn(who.email, who.password);
        assert.equal((await client.get(BOARD)).statusCode, 404, role);
        const w = await workshop(`Atelier interdit ${role}`);
        const s = await session({ workshopId: w.id, days: 3, min: 4, taken: 1 });
        // the sign-out form of their home page gives them a CSRF token; the action still answers 404 and changes nothing
        assert.equal((await client.post(`/equipe/seances/${s.id}/maintien`, {}, '/equipe')).statusCode, 404, role);
        assert.equal((await client.post(`/equipe/seances/${s.id}/regroupement`, { target: String(s.id) }, '/equipe')).statusCode, 404, role);
        assert.equal((await row(s.id)).kept_at, null);
        await t.database.db.updateTable('sessions').set({ status: 'cancelled' }).where('id', '=', s.id).execute();
      }
      const ok = await coordinator.get(BOARD);
      assert.equal(ok.statusCode, 200);
      assert.match(ok.body, /<h1>Séances à confirmer<\/h1>/);
    });

    test('the board lists exactly the scheduled sessions under their minimum within GO_NO_GO_DAYS, soonest first', async () => {
      const w = await workshop('Créer son site web');
      const due = await session({ workshopId: w.id, days: 5, min: 4, taken: 1 });
      const sooner = await session({ workshopId: w.id, days: 2, min: 3, taken: 0, venueId: ids.venue2 });
      const enough = await session({ workshopId: w.id, days: 3, min: 3, taken: 3 });
      const kept = await session({ workshopId: w.id, days: 4, min: 4, taken: 1, set: { kept_at: new Date().toISOString(), kept_by: ids.staff } });
      const far = await session({ workshopId: w.id, days: 20, min: 4, taken: 1 });
      const noMinimum = await session({ workshopId: w.id, days: 3, min: 0 });
      const cancelled = await session({ workshopId: w.id, days: 3, min: 4, set: { status: 'cancelled' } });
      const started = await session({ workshopId: w.id, days: -0.01, min: 4 });
      const other = await buildTerritory(t.database.db);
      const foreign = await buildSessionWith(t.database.db, { territoryId: other.id, startsAt: inDays(3), set: { min_seats: 5 } });

      const res = await coordinator.get(BOARD);
      assert.equal(res.statusCode, 200);
      const listed = [...res.body.matchAll(/<section[^>]*aria-labelledby="seance-(\d+)"/g)].map((m) => Number(m[1]));
      assert.ok(listed.indexOf(sooner.id) >= 0 && listed.indexOf(due.id) > listed.indexOf(sooner.id), 'both, soonest first');
      for (const s of [enough, kept, far, noMinimum, cancelled, started, foreign]) assert.ok(!listed.includes(s.id), `session ${s.id} is not to decide`);
      // figures, and the other dates of the same workshop offered for a merge with their free seats
      assert.match(res.body, /1 inscrit\(s\) pour un minimum de 4 \(10 places\)/);
      assert.match(res.body, new RegExp(`<option value="${far.id}">${formatSlot(far.starts_at, new Date(Date.parse(far.starts_at) + 150 * 60_000).toISOString())} — Cybercentre de Frévent — 9 place\\(s\\) libre\\(s\\)</option>`));
      // the session further ahead is listed for information only
      const laterTable = res.body.slice(res.body.indexOf('Plus tard, sous leur minimum'));
      assert.match(laterTable, new RegExp(`href="/equipe/seances/${far.id}"`));
      assert.match(res.body, new RegExp(`<label for="target-${due.id}">`));
      assert.match(res.body, new RegExp(`<label for="reason-${due.id}">`));
      for (const s of [due, sooner]) await t.database.db.updateTable('sessions').set({ status: 'cancelled' }).where('id', '=', s.id).execute();
      await t.database.db.updateTable('sessions').set({ status: 'cancelled' }).where('id', '=', far.id).execute();
    });

    test('keep: the session stays as it is, is marked kept by whom, audited, and leaves the board', async () => {
      const w = await workshop('Sécuriser ses mots de passe');
      const s = await session({ workshopId: w.id, days: 3, min: 5, taken: 2 });
      assert.match((await coordinator.get(BOARD)).body, new RegExp(`id="seance-${s.id}"`));
      const res = await coordinator.post(`/equipe/seances/${s.id}/maintien`, {}, BOARD);
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `${BOARD}?maintenue=${s.id}`);
      const after = await row(s.id);
      assert.ok(after.kept_at);
      assert.equal(after.kept_by, ids.staff);
      assert.equal(after.status, 'scheduled');
      assert.equal(after.seats_taken, 2);
      assert.ok(await t.database.db.selectFrom('audit_log').select('id').where('action', '=', 'session.kept').where('subject', '=', `session:${s.id}`).executeTakeFirst());
      const board = await coordinator.get(`${BOARD}?maintenue=${s.id}`);
      assert.doesNotMatch(board.body, new RegExp(`id="seance-${s.id}"`));
      assert.match(board.body, /La séance est maintenue/);
      // a second click is harmless
      assert.equal((await coordinator.post(`/equipe/seances/${s.id}/maintien`, {}, BOARD)).statusCode, 303);
      assert.equal((await t.database.db.selectFrom('audit_log').select('id').where('action', '=', 'session.kept').where('subject', '=', `session:${s.id}`).execute()).length, 1);
    });

    test('merge: everyone moves to the other date and is told; someone registered at both keeps one registration; the source is cancelled', async () => {
      const db = t.database.db;
      const w = await workshop('Vendre en ligne');
      const source = await session({ workshopId: w.id, days: 4, min: 5, seats: 10 });
      const target = await session({ workshopId: w.id, days: 11, min: 0, seats: 5, venueId: ids.venue2 });
      const alice = await enrol(source.id, 'alice@example.fr');
      const bruno = await enrol(source.id, 'bruno@example.fr');
      const both = await enrol(source.id, 'both@example.fr');
      await enrol(target.id, 'both@example.fr');
      await enrol(target.id, 'quentin@example.fr');
      const waiting = await enrol(source.id, 'waiting@example.fr', 'waitlisted');
      const version = (await db.selectFrom('territories').select('content_version').where('id', '=', ids.territory).executeTakeFirstOrThrow()).content_version;

      const res = await coordinator.post(`/equipe/seances/${source.id}/regroupement`, { target: String(target.id) }, BOARD);
      assert.equal(res.statusCode, 303, res.body);
      assert.equal(res.headers.location, `${BOARD}?regroupee=4`);

      const src = await row(source.id);
      assert.equal(src.status, 'cancelled');
      assert.equal(src.seats_taken, 0);
      assert.equal(src.sequence, 1);
      assert.ok(src.cancelled_at);
      assert.match(src.cancellation_reason ?? '', new RegExp(`^Regroupée avec la séance du ${formatDate(target.starts_at)} à .+ \\(Cybercentre de Pernes\\)\\.$`));
      assert.equal((await live(source.id)).length, 0);

      const dst = await row(target.id);
      assert.equal(dst.seats_taken, 5, '2 already + alice + bruno + the waitlisted one, for whom a seat was still free');
      const there = await live(target.id);
      assert.deepEqual(there.map((r) => r.status), ['confirmed', 'confirmed', 'confirmed', 'confirmed', 'confirmed']);
      for (const p of [alice, bruno, both, waiting]) assert.equal(there.filter((r) => r.participant_id === p).length, 1, `one live registration for ${p}`);
      const bothRows = await db.selectFrom('registrations').select('status').where('participant_id', '=', both).where('status', '<>', 'cancelled').execute();
      assert.equal(bothRows.length, 1, 'the person registered at both dates ends with one registration');

      const mails = await db.selectFrom('outbox').select(['kind', 'recipient', 'payload']).where('kind', '=', 'session.merged').orderBy('recipient').execute();
      assert.deepEqual(mails.map((m) => m.recipient), ['alice@example.fr', 'both@example.fr', 'bruno@example.fr', 'waiting@example.fr']);
      for (const m of mails) {
        const payload = JSON.parse(m.payload) as { subject: string; text: string };
        assert.equal(payload.subject, `Changement de date : Vendre en ligne, ${formatDate(target.starts_at)}`);
        assert.ok(payload.text.includes(formatSlot(target.starts_at, dst.ends_at)), 'the new date and time');
        assert.match(payload.text, /Cybercentre de Pernes/, 'the new venue');
      }
      assert.match(mails.find((m) => m.recipient === 'both@example.fr')!.payload, /déjà inscrit\(e\)/);
      assert.match(mails.find((m) => m.recipient === 'alice@example.fr')!.payload, /atelier\.ics/);
      const reminders = await db.selectFrom('outbox').select('recipient').where('kind', '=', 'registration.reminder').where('guard', 'like', `%${target.starts_at}%`).execute();
      assert.deepEqual(reminders.map((r) => r.recipient).sort(), ['alice@example.fr', 'bruno@example.fr', 'waiting@example.fr']);

      assert.ok(await db.selectFrom('audit_log').select('id').where('action', '=', 'session.merged').where('subject', '=', `session:${source.id}`).executeTakeFirst());
      const after = (await db.selectFrom('territories').select('content_version').where('id', '=', ids.territory).executeTakeFirstOrThrow()).content_version;
      assert.ok(after > version, 'the public pages change');
      // a second click changes nothing and says why
      const again = await coordinator.post(`/equipe/seances/${source.id}/regroupement`, { target: String(target.id) }, BOARD);
      assert.equal(again.statusCode, 400);
      assert.match(again.body, /n’est plus programmée : rien n’a été changé/);
      assert.equal((await db.selectFrom('outbox').select('id').where('kind', '=', 'session.merged').execute()).length, 4);
      await db.updateTable('sessions').set({ status: 'cancelled' }).where('id', '=', target.id).execute();
    });

    test('merge: the waitlisted of the source join the end of the target’s waitlist when no seat is left', async () => {
      const db = t.database.db;
      const w = await workshop('Facturation électronique');
      const source = await session({ workshopId: w.id, days: 3, min: 4, taken: 1 });
      const target = await session({ workshopId: w.id, days: 9, min: 0, seats: 2, taken: 1 });
      await enrol(target.id, 'first-in-line@example.fr', 'waitlisted');
      await enrol(source.id, 'late@example.fr', 'waitlisted');
      const res = await coordinator.post(`/equipe/seances/${source.id}/regroupement`, { target: String(target.id) }, BOARD);
      assert.equal(res.statusCode, 303, res.body);
      const waiting = await db.selectFrom('registrations as r').innerJoin('participants as p', 'p.id', 'r.participant_id').select(['p.email', 'r.waitlist_position']).where('r.session_id', '=', target.id).where('r.status', '=', 'waitlisted').orderBy('r.waitlist_position').execute();
      assert.deepEqual(waiting, [{ email: 'first-in-line@example.fr', waitlist_position: 1 }, { email: 'late@example.fr', waitlist_position: 2 }]);
      assert.equal((await row(target.id)).seats_taken, 2);
      const mail = await db.selectFrom('outbox').select('payload').where('kind', '=', 'session.merged').where('recipient', '=', 'late@example.fr').executeTakeFirstOrThrow();
      assert.match(mail.payload, /liste d’attente \(position 2\)/);
      await db.updateTable('sessions').set({ status: 'cancelled' }).where('id', '=', target.id).execute();
    });

    test('merge into a date without enough free seats is refused beside the field, and nothing moves', async () => {
      const db = t.database.db;
      const w = await workshop('Réseaux sociaux');
      const other = await workshop('Tableur');
      const source = await session({ workshopId: w.id, days: 3, min: 5, taken: 3 });
      const small = await session({ workshopId: w.id, days: 8, min: 0, seats: 4, taken: 2 });
      const otherWorkshop = await session({ workshopId: other.id, days: 8, min: 0 });
      const snapshot = async () => ({
        registrations: await db.selectFrom('registrations').select(['id', 'session_id', 'status']).orderBy('id').execute(),
        seats: await db.selectFrom('sessions').select(['id', 'seats_taken', 'status', 'sequence']).where('id', 'in', [source.id, small.id]).orderBy('id').execute(),
        outbox: (await db.selectFrom('outbox').select('id').execute()).length,
      });
      const before = await snapshot();
      const res = await coordinator.post(`/equipe/seances/${source.id}/regroupement`, { target: String(small.id) }, BOARD);
      assert.equal(res.statusCode, 409);
      assert.match(res.body, new RegExp(`id="target-${source.id}-erreur"[^>]*>La date choisie n’a que 2 place\\(s\\) libre\\(s\\) pour 3 personne\\(s\\) à reporter : rien n’a été déplacé`));
      assert.match(res.body, new RegExp(`<option value="${small.id}" selected`), 'the choice is kept');
      assert.deepEqual(await snapshot(), before);

      const wrong = await coordinator.post(`/equipe/seances/${source.id}/regroupement`, { target: String(otherWorkshop.id) }, BOARD);
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /La date choisie est celle d’un autre atelier/);
      const same = await coordinator.post(`/equipe/seances/${source.id}/regroupement`, { target: String(source.id) }, BOARD);
      assert.match(same.body, /Choisissez une autre date que celle-ci/);
      const none = await coordinator.post(`/equipe/seances/${source.id}/regroupement`, { target: '' }, BOARD);
      assert.equal(none.statusCode, 400);
      assert.match(none.body, new RegExp(`id="target-${source.id}-erreur"[^>]*>Choisissez la date qui accueille les inscrits`));
      assert.deepEqual(await snapshot(), before);
      for (const s of [source, small, otherWorkshop]) await db.updateTable('sessions').set({ status: 'cancelled' }).where('id', '=', s.id).execute();
    });

    test('a merge racing registrations to the target never overbooks it: all move, or nothing does', async () => {
      const db = t.database.db;
      const w = await workshop('Sauvegarder ses données');
      const source = await session({ workshopId: w.id, days: 3, min: 5, taken: 3 });
      const target = await session({ workshopId: w.id, days: 10, min: 0, seats: 5, taken: 2 });
      const mail = { baseUrl: 'http://localhost:3000', programmeName: 'Boutic', reminderDays: 2 };
      const person = (i: number) => ({
        first_name: 'Course', last_name: `N${i}`, email: `course${i}@example.fr`, phone: null, company: 'Entreprise', siret: null,
        sector: 'commerce' as const, commune: '62767', role: null, level: 'debutant' as const, heard_from: null, consent_news: false,
      });
      const [merged] = await Promise.all([
        mergeSession(db, { staffId: ids.staff, territoryId: ids.territory, mail }, { sessionId: source.id, targetId: target.id }),
        ...[1, 2].map((i) => registerParticipant(db, { ...mail, territoryId: ids.territory, closesHours: 2 }, { sessionId: target.id, person: person(i), source: 'web' })),
      ]);
      const dst = await row(target.id);
      const confirmed = (await live(target.id)).filter((r) => r.status === 'confirmed').length;
      assert.ok(dst.seats_taken <= dst.seats);
      assert.equal(dst.seats_taken, confirmed, 'seats_taken counts the confirmed registrations');
      if (merged.ok) {
        assert.equal((await live(source.id)).length, 0);
        assert.equal((await row(source.id)).status, 'cancelled');
      } else {
        assert.equal(merged.error.code, 'target_full');
        assert.equal((await live(source.id)).length, 3, 'nothing moved');
        assert.equal((await row(source.id)).status, 'scheduled');
      }
      for (const s of [source, target]) await db.updateTable('sessions').set({ status: 'cancelled' }).where('id', '=', s.id).execute();
    });

    test('cancel from the board: a reason is required; participants are told, with the other dates of the workshop', async () => {
      const db = t.database.db;
      const w = await workshop('Gérer sa e-réputation');
      const s = await session({ workshopId: w.id, days: 2, min: 4 });
      const later = await session({ workshopId: w.id, days: 15, min: 0, venueId: ids.venue2 });
      await enrol(s.id, 'carole@example.fr');
      const empty = await coordinator.post(`/equipe/seances/${s.id}/annulation-maintien`, { reason: '   ' }, BOARD);
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, new RegExp(`id="reason-${s.id}-erreur"[^>]*>Ce champ est obligatoire`));
      assert.equal((await row(s.id)).status, 'scheduled');
      const res = await coordinator.post(`/equipe/seances/${s.id}/annulation-maintien`, { reason: 'Trop peu d’inscrits' }, BOARD);
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `${BOARD}?annulee=1`);
      const cancelled = await row(s.id);
      assert.equal(cancelled.status, 'cancelled');
      assert.equal(cancelled.cancellation_reason, 'Trop peu d’inscrits');
      const mail = await db.selectFrom('outbox').select(['recipient', 'payload']).where('kind', '=', 'registration.session_cancelled').where('recipient', '=', 'carole@example.fr').executeTakeFirstOrThrow();
      const payload = JSON.parse(mail.payload) as { text: string };
      assert.match(payload.text, /Trop peu d’inscrits/);
      assert.ok(payload.text.includes(formatSlot(later.starts_at, (await row(later.id)).ends_at)), 'the other date is offered');
      assert.ok(payload.text.includes(`/seances/${later.id}`), 'with its link');
      assert.match(payload.text, /Les autres dates prévues pour cet atelier :\n+– .+, Cybercentre de Pernes \(10 place\(s\) libre\(s\)\)/);
      assert.doesNotMatch((await coordinator.get(BOARD)).body, new RegExp(`id="seance-${s.id}"`));
    });

    test('the minimum of participants in the session form: optional, never above the seats, in French beside the field', async () => {
      const db = t.database.db;
      const w = await workshop('Découvrir l’IA');
      const fields = (over: Record<string, string>) => ({ workshop: String(w.id), cycle: String(ids.cycle), venue: String(ids.venue2), date: '2099-05-05', start: '14:00', end: '16:30', seats: '8', ...over });
      const count = async () => (await db.selectFrom('sessions').select('id').where('workshop_id', '=', w.id).execute()).length;
      const cases: Array<[string, RegExp]> = [
        ['9', /Le minimum ne peut pas dépasser le nombre de places \(8\)/],
        ['-1', /Saisissez un nombre entier, 0 ou plus/],
        ['trois', /Saisissez un nombre entier/],
      ];
      for (const [min, message] of cases) {
        const res = await coordinator.post('/equipe/seances/nouvelle', fields({ min_seats: min }), '/equipe/seances/nouvelle');
        assert.equal(res.statusCode, 400, min);
        assert.match(res.body, new RegExp(`id="min_seats-erreur"[^>]*>${message.source}`), min);
        assert.match(res.body, new RegExp(`value="${min}"`), 'kept as typed');
      }
      assert.equal(await count(), 0);
      const ok = await coordinator.post('/equipe/seances/nouvelle', fields({ min_seats: '3' }), '/equipe/seances/nouvelle');
      assert.equal(ok.statusCode, 303, ok.body);
      const created = await db.selectFrom('sessions').select(['id', 'min_seats']).where('workshop_id', '=', w.id).executeTakeFirstOrThrow();
      assert.equal(created.min_seats, 3);
      const edit = await coordinator.get(`/equipe/seances/${created.id}`);
      assert.match(edit.body, /<label for="min_seats">Nombre minimum de participants/);
      assert.match(edit.body, /id="min_seats"[^>]*value="3"|value="3"[^>]*id="min_seats"/);
      const none = await coordinator.post('/equipe/seances/nouvelle', fields({ date: '2099-05-06', min_seats: '' }), '/equipe/seances/nouvelle');
      assert.equal(none.statusCode, 303);
      assert.deepEqual((await db.selectFrom('sessions').select('min_seats').where('workshop_id', '=', w.id).orderBy('id').execute()).map((r) => r.min_seats), [3, 0]);
      // lowering the seats below the minimum is refused too
      const lower = await coordinator.post(`/equipe/seances/${created.id}`, fields({ seats: '2', min_seats: '3' }), `/equipe/seances/${created.id}`);
      assert.equal(lower.statusCode, 400);
      assert.match(lower.body, /id="min_seats-erreur"[^>]*>Le minimum ne peut pas dépasser le nombre de places \(2\)/);
    });
  });
}

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'preact-render-to-string';
import { databaseTiers } from '../../../test/databases.js';
import { cookiesOf, createTestApp, csrfOf, form, type TestApp } from '../../../test/app.js';
import { buildCycle, buildSessionWith, buildStaff, buildTerritory, buildVenue, buildWorkshop } from '../../../test/factories.js';
import { StaffClient } from '../../../test/staff-session.js';
import { loadConfig } from '../../platform/config.js';
import { formatDate } from '../../platform/i18n/index.js';
import { registerParticipant } from '../../registration/commands.js';
import type { RegistrationInput } from '../../registration/form.js';
import { allFlaggedParticipants, flaggedParticipants, NO_SHOW_THRESHOLD_DEFAULT, noShowCounts, workshopNoShows } from './queries.js';
import { NoShowFlag, rate } from './views.js';

const DAY = 86400_000;
const plain = (s: string) => s.replace(/[\u00A0\u202F]/g, ' '); // a no-break space before %, whichever ICU gives

test('no-show rates in French format', () => {
  assert.equal(plain(rate(1, 8)), '12,5 %');
  assert.equal(plain(rate(1, 3)), '33,3 %');
  assert.equal(plain(rate(0, 4)), '0 %');
  assert.equal(plain(rate(4, 4)), '100 %');
  assert.doesNotMatch(rate(1, 8), / %/, 'never a breakable space before %');
  assert.equal(rate(0, 0), '—');
});

test('the flag is text (not colour alone), shown from the threshold on, singular for one', () => {
  assert.equal(NoShowFlag({ count: 1, threshold: 2 }), null);
  assert.equal(NoShowFlag({ count: 0, threshold: 1 }), null);
  assert.match(render(NoShowFlag({ count: 2, threshold: 2 })!), />2 absences non excusées</);
  assert.match(render(NoShowFlag({ count: 12, threshold: 2 })!), />12 absences non excusées</);
  assert.match(render(NoShowFlag({ count: 1, threshold: 1 })!), />1 absence non excusée</);
});

test('the setting’s default is the no-shows module’s default', () => {
  assert.equal(loadConfig({}).noShowThreshold, NO_SHOW_THRESHOLD_DEFAULT);
  assert.equal(NO_SHOW_THRESHOLD_DEFAULT, 2);
});

for (const tier of databaseTiers()) {
  describe(`no-shows on ${tier.name}`, () => {
    let t: TestApp;
    let territoryId: number;
    let cycles: { first: number; second: number; elsewhere: number };
    let people: Record<string, number>;
    let stranger: number;
    let coordinator: StaffClient;
    let facilitator: StaffClient;
    let partner: StaffClient;
    let future: number;
    let laterFuture: number;
    let aliceLastAbsence: string;

    before(async () => {
      t = await createTestApp(tier, { NO_SHOW_THRESHOLD: '3', FORM_RATE_LIMIT: '1000' });
      const db = t.database.db;
      territoryId = (await buildTerritory(db)).id; // the first territory: the one this instance serves
      const first = await buildCycle(db, { territoryId });
      const second = await buildCycle(db, { territoryId });
      const venue = await buildVenue(db, { territoryId });
      const site = await buildWorkshop(db, { territoryId, title: 'Créer son site web' });
      const devis = await buildWorkshop(db, { territoryId, title: 'Lire un devis' });
      const secu = await buildWorkshop(db, { territoryId, title: 'Sécuriser sa messagerie' });
      const person = async (name: string, territory = territoryId) => {
        const company = await db.insertInto('companies').values({ territory_id: territory, name: `Entreprise ${name}`, sector: 'commerce' }).returning('id').executeTakeFirstOrThrow();
        return (await db.insertInto('participants').values({ territory_id: territory, email: `${name.toLowerCase()}@example.fr`, first_name: name, last_name: 'Test', company_id: company.id, commune_code: '62767' }).returning('id').executeTakeFirstOrThrow()).id;
      };
      people = { Alice: await person('Alice'), Bruno: await person('Bruno'), Chloe: await person('Chloe'), Denis: await person('Denis') };

      // another territory, with its own held session and no-shows: never counted here
      const elsewhere = (await buildTerritory(db)).id;
      const elsewhereCycle = await buildCycle(db, { territoryId: elsewhere });
      stranger = await person('Stranger', elsewhere);
      const local = await person('Local', elsewhere);
      const away = await buildWorkshop(db, { territoryId: elsewhere, title: 'Atelier ailleurs' });
      const awaySession = (await buildSessionWith(db, { territoryId: elsewhere, cycleId: elsewhereCycle.id, workshopId: away.id, startsAt: new Date(Date.now() - 12 * DAY), status: 'held' })).id;
      cycles = { first: first.id, second: second.id, elsewhere: elsewhereCycle.id };

      // first cycle: six held sessions (three per workshop), one still scheduled, one cancelled
      const held: Array<{ id: number; starts_at: string }> = [];
      for (let i = 0; i < 6; i++) {
        held.push(await buildSessionWith(db, { territoryId, cycleId: first.id, venueId: venue.id, workshopId: i < 3 ? site.id : devis.id, startsAt: new Date(Date.now() - (10 + i) * DAY), status: 'held' }));
      }
      const h = held.map((s) => s.id);
      const scheduled = (await buildSessionWith(db, { territoryId, cycleId: first.id, venueId: venue.id, workshopId: site.id, startsAt: new Date(Date.now() - 2 * 3600_000) })).id;
      const cancelled = (await buildSessionWith(db, { territoryId, cycleId: first.id, venueId: venue.id, workshopId: site.id, startsAt: new Date(Date.now() - 30 * DAY), status: 'cancelled' })).id;
      // second cycle: one held session of a third workshop
      const secuHeld = (await buildSessionWith(db, { territoryId, cycleId: second.id, venueId: venue.id, workshopId: secu.id, startsAt: new Date(Date.now() - 20 * DAY), status: 'held' })).id;
      future = (await buildSessionWith(db, { territoryId, cycleId: first.id, venueId: venue.id, workshopId: devis.id, startsAt: new Date(Date.now() + 10 * DAY) })).id;
      laterFuture = (await buildSessionWith(db, { territoryId, cycleId: first.id, venueId: venue.id, workshopId: site.id, startsAt: new Date(Date.now() + 12 * DAY) })).id;

      const reg = (session: number, participant: number, attendance: 'present' | 'absent' | 'excused' | null, over: { status?: 'confirmed' | 'cancelled'; walk_in?: 0 | 1 } = {}) =>
        db.insertInto('registrations').values({ session_id: session, participant_id: participant, status: over.status ?? 'confirmed', attendance, walk_in: over.walk_in ?? 0, source: 'web' }).execute();
      // Alice: absent three times (flagged at 3), once excused
      await reg(h[0]!, people.Alice!, 'absent');
      await reg(h[1]!, people.Alice!, 'absent');
      await reg(h[3]!, people.Alice!, 'absent');
      await reg(h[4]!, people.Alice!, 'excused');
      aliceLastAbsence = held[0]!.starts_at;
      // Bruno: absent twice, and a cancelled registration marked absent by mistake, and an absent tick at a session not closed yet
      await reg(h[0]!, people.Bruno!, 'absent');
      await reg(h[3]!, people.Bruno!, 'absent');
      await reg(h[5]!, people.Bruno!, 'absent', { status: 'cancelled' });
      await reg(scheduled, people.Bruno!, 'absent');
      // Chloé: present everywhere, once as a walk-in; excused once; « absent » at a cancelled session (not a no-show)
      await reg(h[0]!, people.Chloe!, 'present');
      await reg(h[1]!, people.Chloe!, 'present', { walk_in: 1 });
      await reg(h[2]!, people.Chloe!, 'excused');
      await reg(cancelled, people.Chloe!, 'absent');
      await reg(secuHeld, people.Chloe!, 'present');
      // Denis: one no-show, in the second cycle
      await reg(secuHeld, people.Denis!, 'absent');
      // another territory's person, absent at this territory's sessions, is not counted among this territory's people
      await reg(h[1]!, stranger, 'absent');
      await reg(h[2]!, stranger, 'absent');
      await reg(h[4]!, stranger, 'absent');
      await reg(awaySession, stranger, 'absent');
      await reg(awaySession, local, 'absent');

      const coord = await buildStaff(db, { territoryId, role: 'coordinator' });
      const fac = await buildStaff(db, { territoryId, role: 'facilitator' });
      const par = await buildStaff(db, { territoryId, role: 'partner' });
      coordinator = await new StaffClient(t.app).logIn(coord.email, coord.password);
      facilitator = await new StaffClient(t.app).logIn(fac.email, fac.password);
      partner = await new StaffClient(t.app).logIn(par.email, par.password);
    });
    after(() => t.close());

    const flaggedRows = (rows: Awaited<ReturnType<typeof flaggedParticipants>>) =>
      rows.map((f) => [f.first_name, Number(f.absent), Number(f.excused), Number(f.present), Number(f.total)]);

    test('counted per participant: absent at a held session only, never excused, cancelled or at a session not held, within the territory', async () => {
      const db = t.database.db;
      const counts = await noShowCounts(db, territoryId, [...Object.values(people), stranger, people.Alice!]);
      assert.deepEqual([...counts.entries()].sort(), [[people.Alice!, 3], [people.Bruno!, 2], [people.Denis!, 1]].sort());
      assert.equal(counts.get(people.Chloe!), undefined);
      assert.equal(counts.get(stranger), undefined, 'another territory’s person');
      const before = t.database.queryCount();
      assert.deepEqual(await noShowCounts(db, territoryId, []), new Map());
      assert.equal(t.database.queryCount(), before, 'no query for nobody');
      await noShowCounts(db, territoryId, Object.values(people));
      assert.equal(t.database.queryCount(), before + 1, 'one grouped query');
    });

    test('the flagged list: from the threshold, most no-shows first, with excused and present apart, paginated, by cycle', async () => {
      const db = t.database.db;
      assert.deepEqual(flaggedRows(await flaggedParticipants(db, territoryId, { threshold: 2, cycleId: null, page: 1, perPage: 10 })), [['Alice', 3, 1, 0, 2], ['Bruno', 2, 0, 0, 2]]);
      assert.deepEqual(flaggedRows(await flaggedParticipants(db, territoryId, { threshold: 1, cycleId: null, page: 1, perPage: 10 })), [['Alice', 3, 1, 0, 3], ['Bruno', 2, 0, 0, 3], ['Denis', 1, 0, 0, 3]]);
      assert.deepEqual(flaggedRows(await flaggedParticipants(db, territoryId, { threshold: 2, cycleId: null, page: 2, perPage: 1 })), [['Bruno', 2, 0, 0, 2]]);
      assert.deepEqual(flaggedRows(await flaggedParticipants(db, territoryId, { threshold: 1, cycleId: cycles.second, page: 1, perPage: 10 })), [['Denis', 1, 0, 0, 1]]);
      assert.deepEqual(flaggedRows(await flaggedParticipants(db, territoryId, { threshold: 1, cycleId: cycles.first, page: 1, perPage: 10 })), [['Alice', 3, 1, 0, 2], ['Bruno', 2, 0, 0, 2]]);
      const [alice] = await flaggedParticipants(db, territoryId, { threshold: 3, cycleId: null, page: 1, perPage: 10 });
      assert.equal(alice!.last_absent_at, aliceLastAbsence, 'the latest no-show, as an ISO instant on both databases');
      assert.equal(alice!.company_name, 'Entreprise Alice');
      assert.equal(alice!.commune_name, 'Saint-Pol-sur-Ternoise');
      assert.equal((await allFlaggedParticipants(db, territoryId, { threshold: 1, cycleId: null })).length, 3);
    });

    test('counted per workshop, with the walk-ins, held sessions only, this territory’s workshops only', async () => {
      const table = async (cycleId: number | null) =>
        Object.fromEntries(
          (await workshopNoShows(t.database.db, territoryId, cycleId)).map((r) => [r.title, [Number(r.sessions), Number(r.confirmed), Number(r.present), Number(r.absent), Number(r.excused), Number(r.walk_ins)]]),
        );
      // the other territory's person is counted in this workshop's attendance (they were registered at it): the join is on the workshop's territory
      assert.deepEqual(await table(null), {
        'Créer son site web': [3, 8, 2, 5, 1, 1],
        'Lire un devis': [3, 4, 0, 3, 1, 0],
        'Sécuriser sa messagerie': [1, 2, 1, 1, 0, 0],
      });
      assert.deepEqual(Object.keys(await table(cycles.first)), ['Créer son site web', 'Lire un devis']);
      assert.deepEqual(await table(cycles.second), { 'Sécuriser sa messagerie': [1, 2, 1, 1, 0, 0] });
    });

    test('the coordination’s page uses the threshold setting and French formats, in a bounded number of queries', async () => {
      assert.equal(t.config.noShowThreshold, 3);
      const res = await coordinator.get('/equipe/absences');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /3 séances ou plus/);
      assert.match(res.body, /<caption>[^<]*3 séances ou plus/);
      assert.match(res.body, /<th scope="col">Absences non excusées<\/th>/);
      assert.match(res.body, /Alice Test/);
      assert.ok(res.body.includes(formatDate(aliceLastAbsence)), 'the last no-show as a French date');
      assert.doesNotMatch(res.body, /Bruno Test/, 'two no-shows are below the threshold of 3');
      assert.doesNotMatch(res.body, /Denis Test/);
      assert.match(plain(res.body), /Créer son site web<\/td>(<td>[^<]*<\/td>){6}<td>62,5 %<\/td>/);
      assert.match(plain(res.body), /Lire un devis<\/td>(<td>[^<]*<\/td>){6}<td>75 %<\/td>/);
      assert.doesNotMatch(res.body, /Atelier ailleurs/);
      assert.match(res.body, /href="\/equipe\/absences\.csv"/);
      // filtered by cycle: the second one has nobody at the threshold and only the third workshop
      const second = await coordinator.get(`/equipe/absences?session=${cycles.second}`);
      assert.equal(second.statusCode, 200);
      assert.match(second.body, new RegExp(`<option value="${cycles.second}" selected`));
      assert.doesNotMatch(second.body, /Alice Test/);
      assert.match(second.body, /Personne n’a manqué 3 séances ou plus/);
      assert.match(plain(second.body), /Sécuriser sa messagerie<\/td>(<td>[^<]*<\/td>){6}<td>50 %<\/td>/);
      assert.doesNotMatch(second.body, /Créer son site web/);
      // another territory's cycle is no filter at all
      const foreign = await coordinator.get(`/equipe/absences?session=${cycles.elsewhere}`);
      assert.match(foreign.body, /Alice Test/);
      assert.match(foreign.body, /Sécuriser sa messagerie/);
      // the same number of statements whatever the rows (aggregates, no N+1)
      const used = async (url: string) => {
        const before = t.database.queryCount();
        assert.equal((await coordinator.get(url)).statusCode, 200);
        return t.database.queryCount() - before;
      };
      const all = await used('/equipe/absences');
      assert.equal(await used(`/equipe/absences?session=${cycles.second}`), all);
      assert.ok(all <= 8, `${all} statements`);
    });

    test('facilitators and partners get 404, visitors the login, on the page and its export', async () => {
      for (const url of ['/equipe/absences', '/equipe/absences.csv']) {
        assert.equal((await facilitator.get(url)).statusCode, 404, url);
        assert.equal((await partner.get(url)).statusCode, 404, url);
        const anonymous = await t.app.inject({ url });
        assert.equal(anonymous.statusCode, 303, url);
        assert.equal(anonymous.headers.location, '/equipe/connexion');
      }
    });

    test('the flagged list exports as a CSV for Excel in French, safe from formula injection', async () => {
      const db = t.database.db;
      const company = await db.selectFrom('participants').select('company_id').where('id', '=', people.Alice!).executeTakeFirstOrThrow();
      await db.updateTable('companies').set({ name: '=HYPERLINK("http://example.com")' }).where('id', '=', company.company_id!).execute();
      try {
        const res = await coordinator.get('/equipe/absences.csv');
        assert.equal(res.statusCode, 200);
        assert.match(res.headers['content-type'] as string, /^text\/csv; charset=utf-8/);
        assert.match(res.headers['content-disposition'] as string, /attachment; filename="absences-repetees\.csv"/);
        assert.ok(res.body.startsWith('\uFEFFPersonne;Adresse e-mail;Téléphone;Entreprise;Commune;Absences non excusées;Excusées;Présences;Dernière absence\r\n'));
        const lines = res.body.trim().split('\r\n');
        assert.equal(lines.length, 2, 'the header and Alice: the whole list at the threshold of 3');
        assert.match(lines[1]!, /^Alice Test;alice@example\.fr;;"'=HYPERLINK\(""http:\/\/example\.com""\)";Saint-Pol-sur-Ternoise;3;1;0;/);
        assert.ok(lines[1]!.endsWith(formatDate(aliceLastAbsence)));
        const second = await coordinator.get(`/equipe/absences.csv?session=${cycles.second}`);
        assert.equal(second.body.trim().split('\r\n').length, 1, 'nobody at the threshold in the second cycle');
        assert.match(second.headers['content-disposition'] as string, new RegExp(`absences-repetees-session-${cycles.second}\\.csv`));
      } finally {
        await db.updateTable('companies').set({ name: 'Entreprise Alice' }).where('id', '=', company.company_id!).execute();
      }
    });

    test('a flagged person is never blocked: they register through the public form and the command; the coordinator sees the flag on the roster', async () => {
      const db = t.database.db;
      assert.equal((await noShowCounts(db, territoryId, [people.Alice!])).get(people.Alice!), 3);
      // the public registration form, as Alice would fill it in
      const page = await t.app.inject({ url: `/seances/${future}/inscription` });
      assert.equal(page.statusCode, 200);
      const f = form({ _csrf: csrfOf(page.body), first_name: 'Alice', last_name: 'Test', email: 'alice@example.fr', company: 'Entreprise Alice', sector: 'commerce', commune: '62767', level: 'debutant' });
      const cookie = Object.entries(cookiesOf(page)).map(([k, v]) => `${k}=${v}`).join('; ');
      const posted = await t.app.inject({ method: 'POST', url: `/seances/${future}/inscription`, payload: f.payload, headers: { ...f.headers, cookie } });
      assert.equal(posted.statusCode, 200);
      assert.match(posted.body, /<title>Votre inscription est confirmée/);
      const row = await db.selectFrom('registrations').select(['status', 'participant_id']).where('session_id', '=', future).executeTakeFirstOrThrow();
      assert.deepEqual(row, { status: 'confirmed', participant_id: people.Alice! }, 'the same person, confirmed');
      // and the command that every registration path goes through
      const ctx = { baseUrl: 'http://localhost:3000', programmeName: 'Boutic', territoryId, closesHours: 2, reminderDays: 2 };
      const alice: RegistrationInput = { first_name: 'Alice', last_name: 'Test', email: 'alice@example.fr', phone: null, company: 'Entreprise Alice', siret: null, sector: 'commerce', commune: '62767', role: null, level: 'debutant', heard_from: null, consent_news: false };
      const result = await registerParticipant(db, ctx, { sessionId: laterFuture, person: alice, source: 'web' });
      assert.ok(result.ok && result.status === 'confirmed', 'never blocked automatically');
      const roster = await coordinator.get(`/equipe/seances/${future}/emargement`);
      assert.equal(roster.statusCode, 200);
      assert.match(roster.body, /3 absences non excusées/);
    });
  });
}

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../test/databases.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { buildStaff, buildTerritory } from '../../test/factories.js';
import { StaffClient } from '../../test/staff-session.js';
import { familyOf } from './journal.js';
import { canReadJournal, parseDay } from './register-routes.js';

test('each action falls in one family', () => {
  const table: Array<[string, string]> = [
    ['read.roster', 'read'],
    ['export.roster', 'export'],
    ['report.exported', 'export'],
    ['registration.cancelled', 'change'],
    ['participant.anonymised', 'erasure'],
    ['contacts.forgotten', 'erasure'],
    ['question.deleted', 'erasure'],
    ['staff.login', 'login'],
    ['staff.login_failed', 'login'],
    ['facilitator.changed', 'change'],
  ];
  for (const [action, family] of table) assert.equal(familyOf(action), family, action);
});

test('only administrators of the territory (or national ones) read the journal', () => {
  const staff = (role: 'administrator' | 'coordinator' | 'facilitator' | 'partner' | 'elected', territoryId: number | null = 1) => ({ id: 1, email: 'a@b.fr', displayName: 'A', role, territoryId, sessionHash: 'x' });
  assert.equal(canReadJournal(staff('administrator'), 1), true);
  assert.equal(canReadJournal(staff('administrator', null), 1), true);
  assert.equal(canReadJournal(staff('administrator', 2), 1), false);
  for (const role of ['coordinator', 'facilitator', 'partner', 'elected'] as const) assert.equal(canReadJournal(staff(role), 1), false, role);
  assert.equal(canReadJournal(null, 1), false);
});

test('dates typed in either form, impossible ones refused', () => {
  assert.equal(parseDay('2026-03-15'), '2026-03-15');
  assert.equal(parseDay('15/03/2026'), '2026-03-15');
  for (const bad of ['2026-02-30', '31/04/2026', '15-03-2026', 'hier', '2026-3-5', '']) assert.equal(parseDay(bad), null, bad);
});

for (const tier of databaseTiers()) {
  describe(`the journal of actions on ${tier.name}`, () => {
    let t: TestApp;
    const clients: Record<string, StaffClient> = {};
    let adminId: number;
    let coordinatorId: number;
    let malloryId: number;
    let otherTerritory: number;

    before(async () => {
      t = await createTestApp(tier);
      const db = t.database.db;
      const territoryId = (await buildTerritory(db)).id;
      otherTerritory = (await buildTerritory(db)).id;
      for (const role of ['administrator', 'coordinator', 'facilitator', 'partner', 'elected'] as const) {
        const staff = await buildStaff(db, { territoryId, role, name: role === 'administrator' ? 'Alice Admin' : role === 'coordinator' ? 'Claire Coordinatrice' : undefined });
        if (role === 'administrator') adminId = staff.id;
        if (role === 'coordinator') coordinatorId = staff.id;
        clients[role] = await new StaffClient(t.app).logIn(staff.email, staff.password);
      }
      malloryId = (await buildStaff(db, { territoryId, role: 'facilitator', name: '=HYPERLINK("http://evil")' })).id;
      // a known history: 120 reads by the coordinator in March, a few changes and an erasure in April, one in another territory
      const rows = [];
      for (let i = 0; i < 120; i++) rows.push({ territory_id: territoryId, actor: `staff:${coordinatorId}`, action: 'read.roster', subject: `session:${i}`, at: new Date(Date.UTC(2026, 2, 1, 8, i)).toISOString(), details: '{"rows":3}' });
      rows.push({ territory_id: territoryId, actor: `staff:${adminId}`, action: 'registration.cancelled', subject: 'registration:7', at: '2026-04-10T09:00:00.000Z', details: null });
      rows.push({ territory_id: territoryId, actor: 'system', action: 'contacts.forgotten', subject: null, at: '2026-04-11T01:00:00.000Z', details: '{"count":4}' });
      rows.push({ territory_id: territoryId, actor: `staff:${malloryId}`, action: 'attendance.marked', subject: '+cmd', at: '2026-04-12T09:00:00.000Z', details: '-2+3' });
      rows.push({ territory_id: otherTerritory, actor: 'staff:999', action: 'read.roster', subject: 'session:elsewhere', at: '2026-04-12T09:00:00.000Z', details: null });
      await db.insertInto('audit_log').values(rows).execute();
    });
    after(() => t.close());

    test('administrators only: the others get the 404 of a page that does not exist, the anonymous the login', async () => {
      for (const path of ['/equipe/journal', '/equipe/journal.csv']) {
        assert.equal((await t.app.inject({ url: path })).statusCode, 303);
        for (const role of ['coordinator', 'facilitator', 'partner', 'elected']) assert.equal((await clients[role]!.get(path)).statusCode, 404, `${path} ${role}`);
        assert.equal((await clients.administrator!.get(path)).statusCode, 200);
      }
    });

    test('newest first, with the actor’s name, fifty a page, keyset pages that neither skip nor repeat', async () => {
      const first = await clients.administrator!.get('/equipe/journal');
      assert.match(first.body, /<caption>Entrées du journal/);
      assert.match(first.body, /<th scope="col">Auteur<\/th>/);
      assert.ok(first.body.indexOf('attendance.marked') < first.body.indexOf('contacts.forgotten'), 'newest first');
      assert.match(first.body, /Claire Coordinatrice/);
      assert.match(first.body, /Système \(tâche automatique\)/);
      assert.doesNotMatch(first.body, /session:elsewhere/, 'another territory’s entries are not shown');
      const seen = new Set<string>();
      let url: string | null = '/equipe/journal?famille=read';
      let pages = 0;
      while (url) {
        const body: string = (await clients.administrator!.get(url)).body;
        const subjects = [...body.matchAll(/<td>(session:\d+)<\/td>/g)].map((m) => m[1]!);
        assert.ok(subjects.length <= 50);
        for (const s of subjects) {
          assert.ok(!seen.has(s), `${s} twice`);
          seen.add(s);
        }
        pages++;
        const next = /<a href="([^"]+)" rel="next">/.exec(body);
        url = next ? next[1]!.replace(/&amp;/g, '&') : null;
        if (pages > 1) assert.match(body, /Revenir aux plus récentes/);
      }
      assert.equal(pages, 3);
      assert.ok(seen.size >= 120, `all 120 reads seen (${seen.size})`);
      for (let i = 0; i < 120; i++) assert.ok(seen.has(`session:${i}`), `session:${i}`);
    });

    test('filters: family, actor, date range; a wrong value is told beside its field, the form kept', async () => {
      const changes = (await clients.administrator!.get('/equipe/journal?famille=change')).body;
      assert.match(changes, /registration\.cancelled/);
      assert.doesNotMatch(changes, /read\.roster|contacts\.forgotten/);
      const erasures = (await clients.administrator!.get('/equipe/journal?famille=erasure')).body;
      assert.match(erasures, /contacts\.forgotten/);
      assert.doesNotMatch(erasures, /registration\.cancelled/);
      const byAdmin = (await clients.administrator!.get(`/equipe/journal?acteur=staff%3A${adminId}`)).body;
      assert.match(byAdmin, /registration\.cancelled/);
      assert.doesNotMatch(byAdmin, /read\.roster/);
      const april = (await clients.administrator!.get('/equipe/journal?du=2026-04-01&au=11%2F04%2F2026')).body;
      assert.match(april, /registration\.cancelled/);
      assert.match(april, /contacts\.forgotten/);
      assert.doesNotMatch(april, /attendance\.marked/, 'the 12th is after the range');
      assert.doesNotMatch(april, /read\.roster/, 'March is before it');
      const bad = await clients.administrator!.get('/equipe/journal?du=31%2F02%2F2026&au=2026-01-01&acteur=staff%3A999999');
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /id="du-erreur">Saisissez une date au format JJ\/MM\/AAAA/);
      assert.match(bad.body, /id="acteur-erreur">Choisissez un auteur dans la liste/);
      assert.match(bad.body, /name="du" type="date" value="31\/02\/2026"/);
      const reversed = await clients.administrator!.get('/equipe/journal?du=2026-04-10&au=2026-04-01');
      assert.equal(reversed.statusCode, 400);
      assert.match(reversed.body, /La date de fin doit être après la date de début/);
      assert.equal((await clients.administrator!.get('/equipe/journal?famille=%3Cscript%3E')).statusCode, 400);
    });

    test('the CSV: filtered, every cell a spreadsheet could run made inert, its export logged', async () => {
      const res = await clients.administrator!.get('/equipe/journal.csv?du=2026-04-01&au=2026-04-30');
      assert.match(res.headers['content-type'] as string, /text\/csv/);
      const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
      assert.equal(lines[0], 'Date;Auteur;actor;Action;Objet;Détails');
      assert.equal(lines.length, 1 + 3);
      const mallory = lines.find((l) => l.includes('attendance.marked'))!;
      assert.match(mallory, /;"'=HYPERLINK\(""http:\/\/evil""\)";/);
      assert.match(mallory, /;'\+cmd;'-2\+3$/);
      for (const line of lines.slice(1)) for (const cell of line.split(';')) assert.doesNotMatch(cell, /^"?[=+\-@\t\r]/, cell);
      const logged = await t.database.db.selectFrom('audit_log').select(['actor', 'details']).where('action', '=', 'export.audit_log').execute();
      assert.equal(logged.length, 2, 'this download and the one of the permissions test');
      assert.equal(logged.at(-1)!.actor, `staff:${adminId}`);
      assert.equal(JSON.parse(logged.at(-1)!.details!).rows, 3);
    });
  });
}

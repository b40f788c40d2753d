import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../test/databases.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { buildSession, buildStaff, buildTerritory } from '../../test/factories.js';
import { StaffClient } from '../../test/staff-session.js';
import { auditAccess } from '../platform/audit.js';
import { registerParticipant } from '../registration/commands.js';
import type { RegistrationInput } from '../registration/form.js';
import { forgetOldAuditEntries } from './audit-retention.js';

const person = (i: number): RegistrationInput => ({
  first_name: `Prénom${i}`, last_name: `Nomdefamille${i}`, email: `personne${i}@example.fr`, phone: '+33612345678', company: `Entreprise ${i}`, siret: null,
  sector: 'commerce', commune: '62767', role: null, level: 'debutant', heard_from: null, consent_news: true,
});

for (const tier of databaseTiers()) {
  describe(`staff reads and exports of personal data are audited, on ${tier.name}`, () => {
    let t: TestApp;
    let coordinator: StaffClient;
    let partner: StaffClient;
    const ids: Record<string, number> = {};
    let sessionId: number;

    before(async () => {
      t = await createTestApp(tier);
      const db = t.database.db;
      const territory = await buildTerritory(db);
      const c = await buildStaff(db, { territoryId: territory.id, role: 'coordinator' });
      const p = await buildStaff(db, { territoryId: territory.id, role: 'partner' });
      ids.coordinator = c.id;
      ids.partner = p.id;
      const chamber = await db.insertInto('partners').values({ territory_id: territory.id, kind: 'cci', name: 'CCI Artois' }).returning('id').executeTakeFirstOrThrow();
      await db.updateTable('staff_users').set({ partner_id: chamber.id }).where('id', '=', p.id).execute();
      const session = await buildSession(db, { territoryId: territory.id, seats: 5, startsAt: new Date(Date.now() + 3 * 86400_000) });
      sessionId = session.id;
      const ctx = { baseUrl: 'http://localhost:3000', programmeName: 'Boutic', territoryId: territory.id, closesHours: 2, reminderDays: 2 };
      for (let i = 0; i < 3; i++) await registerParticipant(db, ctx, { sessionId, person: person(i), source: 'web' });
      for (let i = 0; i < 3; i++) await db.insertInto('contacts').values({ territory_id: territory.id, email: `personne${i}@example.fr`, first_name: `Prénom${i}`, last_name: `Nomdefamille${i}`, company: `Entreprise ${i}`, lawful_basis: 'interet_legitime', source: 'fichier.csv' }).execute();
      const participant = await db.selectFrom('participants').select('id').where('email', '=', 'personne0@example.fr').executeTakeFirstOrThrow();
      const now = new Date().toISOString();
      await db.insertInto('referrals').values({ territory_id: territory.id, participant_id: participant.id, partner_id: chamber.id, requested_by: 'participant', consent_text: 'oui', consent_text_version: 'v1', consent_at: now, shared_fields: '["name","email"]', status_at: now }).execute();
      coordinator = await new StaffClient(t.app).logIn(c.email, c.password);
      partner = await new StaffClient(t.app).logIn(p.email, p.password);
    });
    after(() => t.close());

    const entriesOf = (action: string) => t.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

    const cases: Array<{ path: () => string; who: 'coordinator' | 'partner'; action: string; subject?: () => string; rows?: number }> = [
      { path: () => `/equipe/seances/${sessionId}/inscrits`, who: 'coordinator', action: 'read.roster', subject: () => `session:${sessionId}`, rows: 3 },
      { path: () => `/equipe/seances/${sessionId}/inscrits?q=Nomdefamille1`, who: 'coordinator', action: 'read.roster', subject: () => `session:${sessionId}`, rows: 1 },
      { path: () => `/equipe/seances/${sessionId}/inscrits.csv`, who: 'coordinator', action: 'export.roster', subject: () => `session:${sessionId}`, rows: 3 },
      { path: () => `/equipe/seances/${sessionId}/emargement`, who: 'coordinator', action: 'read.attendance', subject: () => `session:${sessionId}`, rows: 3 },
      { path: () => `/equipe/seances/${sessionId}/feuille-emargement.pdf`, who: 'coordinator', action: 'export.sign_in_sheet', subject: () => `session:${sessionId}`, rows: 3 },
      { path: () => '/equipe/contacts', who: 'coordinator', action: 'read.contacts', rows: 3 },
      { path: () => '/equipe/contacts?q=personne2', who: 'coordinator', action: 'read.contacts', rows: 1 },
      { path: () => '/equipe/orientations', who: 'partner', action: 'read.referrals', rows: 1 },
      { path: () => '/equipe/orientations', who: 'coordinator', action: 'read.referrals', rows: 1 },
      { path: () => '/equipe/reseau', who: 'coordinator', action: 'read.moderation', rows: 0 },
      { path: () => '/equipe/absences', who: 'coordinator', action: 'read.no_shows', rows: 0 },
      { path: () => '/equipe/absences.csv', who: 'coordinator', action: 'export.no_shows', rows: 0 },
      { path: () => '/equipe/bilan/inscriptions.csv', who: 'coordinator', action: 'export.registrations', rows: 3 },
      { path: () => '/equipe/animateurs', who: 'coordinator', action: 'read.staff_accounts', subject: () => 'role:facilitator', rows: 0 },
      { path: () => '/equipe/partenaires/comptes', who: 'coordinator', action: 'read.staff_accounts', subject: () => 'role:partner', rows: 1 },
    ];

    for (const c of cases) {
      test(`${c.path().replace(/\d+/, ':id')} by the ${c.who} writes one ${c.action}, with ids and counts only`, async () => {
        const client = c.who === 'coordinator' ? coordinator : partner;
        const before = (await entriesOf(c.action)).length;
        const res = await client.get(c.path());
        assert.equal(res.statusCode, 200, res.body.slice(0, 300));
        const entries = await entriesOf(c.action);
        assert.equal(entries.length, before + 1, 'exactly one entry');
        const entry = entries.at(-1)!;
        assert.equal(entry.actor, `staff:${ids[c.who]}`);
        if (c.subject) assert.equal(entry.subject, c.subject());
        const details = JSON.parse(entry.details!);
        if (c.rows !== undefined) assert.equal(details.rows, c.rows);
        const written = JSON.stringify(entry);
        assert.doesNotMatch(written, /@/, 'no e-mail address in the log');
        assert.doesNotMatch(written, /Nomdefamille|Prénom|Entreprise|\+336|CCI Artois|personne\d/, 'no name, company, phone or search text in the log');
      });
    }

    test('the referral a partner opens is logged with its id only', async () => {
      const referral = await t.database.db.selectFrom('referrals').select('id').executeTakeFirstOrThrow();
      const res = await partner.get(`/equipe/orientations/${referral.id}`);
      assert.equal(res.statusCode, 200);
      const entry = (await entriesOf('read.referral')).at(-1)!;
      assert.equal(entry.subject, `referral:${referral.id}`);
      assert.equal(entry.actor, `staff:${ids.partner}`);
      assert.doesNotMatch(JSON.stringify(entry), /@|Nomdefamille/);
    });

    test('a page refused to someone (404) writes nothing', async () => {
      const before = (await entriesOf('read.contacts')).length;
      assert.equal((await partner.get('/equipe/contacts')).statusCode, 404);
      assert.equal((await t.app.inject({ url: '/equipe/contacts' })).statusCode, 303);
      assert.equal((await entriesOf('read.contacts')).length, before);
    });

    test('the audit log has its own retention: older entries go, newer stay, and the forgetting is itself logged', async () => {
      const db = t.database.db;
      const old = new Date(Date.now() - 400 * 86400_000).toISOString();
      await db.insertInto('audit_log').values([
        { territory_id: null, actor: 'staff:1', action: 'read.roster', subject: 'session:1', at: old, details: '{"rows":1}' },
        { territory_id: null, actor: 'staff:1', action: 'read.contacts', subject: null, at: old, details: '{"rows":2}' },
      ]).execute();
      await auditAccess(db, { territoryId: null, staffId: 1, action: 'read.roster', subject: 'session:2', rows: 1 });
      const total = async () => Number((await db.selectFrom('audit_log').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const before = await total();
      assert.equal(await forgetOldAuditEntries(db, 12), 2);
      assert.equal(await total(), before - 2 + 1, 'two forgotten, one entry saying so');
      assert.ok(await db.selectFrom('audit_log').select('id').where('subject', '=', 'session:2').executeTakeFirst(), 'a recent entry stays');
      const forgotten = (await entriesOf('audit_log.forgotten')).at(-1)!;
      assert.equal(JSON.parse(forgotten.details!).count, 2);
      assert.equal(await forgetOldAuditEntries(db, 12), 0, 'a second run finds nothing');
      assert.equal(await forgetOldAuditEntries(db, 12, new Date(Date.now() + 2 * 366 * 86400_000)) > 0, true, 'with time, everything goes');
    });
  });
}

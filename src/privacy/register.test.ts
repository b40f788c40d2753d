import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../test/databases.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { buildStaff, buildTerritory } from '../../test/factories.js';
import { StaffClient } from '../../test/staff-session.js';
import { loadConfig } from '../platform/config.js';
import type { DB } from '../platform/db/schema.js';
import { PROCESSINGS, processingRegister, yearsInWords } from './register.js';

const territory = { id: 1, slug: 'x', name: 'Pays du Ternois', epci_code: '1', content_version: 1, host: null, base_url: 'http://localhost:3000', programme_name: 'Boutic', funder: 'Région Hauts-de-France', tagline: null, contact_email: 'contact@boutic.localhost', contact_phone: null, publisher: 'Pays du Ternois', accessibility_status: 'non_conforme' as const };

test('retentions are computed from the settings, in French words', () => {
  const register = processingRegister(loadConfig({ CONTACT_RETENTION_YEARS: '3', PARTICIPANT_RETENTION_YEARS: '5', AUDIT_RETENTION_MONTHS: '12' }), territory);
  const of = (key: string) => register.entries.find((e) => e.key === key)!;
  assert.match(of('contacts').retention, /^3 ans après le dernier contact/);
  assert.match(of('registration').retention, /^5 ans après la dernière séance suivie/);
  assert.match(of('staff').retention, /journal : 12 mois/);
  const changed = processingRegister(loadConfig({ CONTACT_RETENTION_YEARS: '1', PARTICIPANT_RETENTION_YEARS: '7', AUDIT_RETENTION_MONTHS: '6' }), territory);
  assert.match(changed.entries.find((e) => e.key === 'contacts')!.retention, /^1 an après le dernier contact/);
  assert.match(changed.entries.find((e) => e.key === 'referrals')!.retention, /^7 ans après/);
  assert.match(changed.entries.find((e) => e.key === 'staff')!.retention, /6 mois/);
  assert.equal(yearsInWords(1), '1 an');
  assert.equal(yearsInWords(10), '10 ans');
});

test('the register names the controller, the funder and the contact; every entry is filled, no placeholder left', () => {
  const register = processingRegister(loadConfig({}), territory);
  assert.equal(register.controller, 'Pays du Ternois, pour le dispositif Boutic (financeur : Région Hauts-de-France).');
  assert.equal(register.contact, 'contact@boutic.localhost');
  assert.equal(register.entries.length, 10);
  for (const e of register.entries) {
    for (const field of ['name', 'purpose', 'lawfulBasis', 'dataCategories', 'people', 'recipients', 'retention', 'security', 'notice'] as const) {
      assert.ok(e[field].length > 10, `${e.key}.${field}`);
      assert.doesNotMatch(e[field], /\{\w+\}/, `${e.key}.${field} has an unfilled parameter`);
    }
  }
  assert.match(register.entries.find((e) => e.key === 'reporting')!.recipients, /Région Hauts-de-France/);
  // the lawful bases the code relies on: consent where a consent is recorded, legitimate interest for B2B prospecting
  for (const key of ['news', 'directory', 'referrals']) assert.match(register.entries.find((e) => e.key === key)!.lawfulBasis, /^Consentement/, key);
  assert.match(register.entries.find((e) => e.key === 'contacts')!.lawfulBasis, /^Intérêt légitime/);
});

// Every table that holds a person's data must be in the register; a new one fails here until it is described.
const PERSONAL_TABLES: Array<keyof DB> = [
  'participants', 'companies', 'consents', 'registrations', 'certificates', 'tokens', 'outbox', 'staff_users', 'staff_sessions', 'audit_log',
  'demand_requests', 'demand_poll_answers', 'survey_invitations', 'contacts', 'contact_imports', 'campaign_recipients', 'unsubscribes',
  'directory_profiles', 'network_messages', 'network_members', 'network_blocks', 'network_reports', 'network_projects', 'referrals', 'referral_events', 'diagnostic_results',
];
test('every table holding personal data is described by an entry of the register', () => {
  const covered = new Set<string>(PROCESSINGS.flatMap((p) => [...p.tables]));
  for (const table of PERSONAL_TABLES) assert.ok(covered.has(table), `${table} is in no entry of the register`);
});

for (const tier of databaseTiers()) {
  describe(`the register and the privacy page on ${tier.name}`, () => {
    let defaults: TestApp;
    let changed: TestApp;
    const clients: Record<string, StaffClient> = {};
    let changedCoordinator: StaffClient;

    before(async () => {
      defaults = await createTestApp(tier);
      changed = await createTestApp(tier, { CONTACT_RETENTION_YEARS: '2', PARTICIPANT_RETENTION_YEARS: '7', AUDIT_RETENTION_MONTHS: '18' });
      const territoryId = (await buildTerritory(defaults.database.db)).id;
      for (const role of ['administrator', 'coordinator', 'facilitator', 'partner', 'elected'] as const) {
        const staff = await buildStaff(defaults.database.db, { territoryId, role });
        clients[role] = await new StaffClient(defaults.app).logIn(staff.email, staff.password);
      }
      const otherTerritory = (await buildTerritory(changed.database.db)).id;
      const c = await buildStaff(changed.database.db, { territoryId: otherTerritory, role: 'coordinator' });
      changedCoordinator = await new StaffClient(changed.app).logIn(c.email, c.password);
    });
    after(async () => {
      await defaults.close();
      await changed.close();
    });

    test('the register is for the coordination and the administrators only', async () => {
      for (const path of ['/equipe/registre', '/equipe/registre.csv', '/equipe/registre.json']) {
        assert.equal((await defaults.app.inject({ url: path })).statusCode, 303, `${path} anonymous`);
        for (const role of ['facilitator', 'partner', 'elected']) assert.equal((await clients[role]!.get(path)).statusCode, 404, `${path} ${role}`);
        for (const role of ['coordinator', 'administrator']) assert.equal((await clients[role]!.get(path)).statusCode, 200, `${path} ${role}`);
      }
    });

    test('the register page, its CSV and JSON say the durations of the settings, and change with them', async () => {
      const page = (await clients.coordinator!.get('/equipe/registre')).body;
      assert.match(page, /<h1>Registre des traitements<\/h1>/);
      assert.match(page, /3 ans après le dernier contact venant de la personne/);
      assert.match(page, /5 ans après la dernière séance suivie/);
      assert.match(page, /journal : 12 mois/);
      assert.match(page, /Pays du Ternois, pour le dispositif Boutic \(financeur : Région Hauts-de-France\)/);
      const after = (await changedCoordinator.get('/equipe/registre')).body;
      assert.match(after, /2 ans après le dernier contact venant de la personne/);
      assert.match(after, /7 ans après la dernière séance suivie/);
      assert.match(after, /journal : 18 mois/);
      assert.doesNotMatch(after, /3 ans après le dernier contact/);

      const csv = await clients.administrator!.get('/equipe/registre.csv');
      assert.match(csv.headers['content-type'] as string, /text\/csv/);
      assert.ok(csv.body.startsWith('\uFEFFTraitement;Finalité;Base légale'));
      assert.equal(csv.body.trim().split('\r\n').length, 11, 'a header and ten processings');
      const json = JSON.parse((await changedCoordinator.get('/equipe/registre.json')).body);
      assert.equal(json.settings.participantRetentionYears, 7);
      assert.equal(json.entries.length, 10);
      assert.match(json.entries.find((e: { key: string }) => e.key === 'contacts').retention, /^2 ans/);
    });

    test('the public privacy page: who, why, how long, the rights through « Mes données », the contact; linked from every footer', async () => {
      const res = await defaults.app.inject({ url: '/confidentialite' });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<h1>Vos données personnelles<\/h1>/);
      assert.match(res.body, /Pays du Ternois, qui organise le dispositif Boutic, financé par Région Hauts-de-France/);
      assert.match(res.body, /href="\/mes-inscriptions\/donnees"/);
      assert.match(res.body, /contact@boutic\.localhost/);
      assert.match(res.body, /CNIL/);
      assert.match(res.body, /3 ans après le dernier contact/);
      assert.match(res.body, /5 ans après la dernière séance suivie/);
      assert.equal((res.body.match(/<h3>/g) ?? []).length, 10);
      const changedPage = (await changed.app.inject({ url: '/confidentialite' })).body;
      assert.match(changedPage, /2 ans après le dernier contact/);
      assert.match(changedPage, /7 ans après la dernière séance suivie/);
      assert.doesNotMatch(changedPage, /5 ans après la dernière séance/);
      for (const url of ['/', '/mentions-legales', '/confidentialite']) assert.match((await defaults.app.inject({ url })).body, /<a href="\/confidentialite">Données personnelles<\/a>/, url);
    });
  });
}

test('AUDIT_RETENTION_MONTHS: twelve by default, a wrong value stops the start with its name', async () => {
  const { ConfigError } = await import('../platform/config.js');
  assert.equal(loadConfig({}).auditRetentionMonths, 12);
  assert.equal(loadConfig({ AUDIT_RETENTION_MONTHS: '24' }).auditRetentionMonths, 24);
  for (const bad of ['0', '121', 'douze', '1.5']) assert.throws(() => loadConfig({ AUDIT_RETENTION_MONTHS: bad }), (e: unknown) => e instanceof ConfigError && e.setting === 'AUDIT_RETENTION_MONTHS', bad);
});

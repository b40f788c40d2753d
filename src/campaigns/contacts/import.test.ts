import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { databaseTiers } from '../../../test/databases.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { buildStaff, buildTerritory } from '../../../test/factories.js';
import { StaffClient } from '../../../test/staff-session.js';
import { isValidSiret } from '../../registration/identity.js';
import { t } from '../../platform/i18n/index.js';
import { emailHash } from '../unsubscribe.js';
import { confirmContactImport, createContactImport } from './commands.js';
import { findImport } from './queries.js';
import { parseCsv } from './parse.js';
import { csv, fileError, importIdOf, uploadContacts } from './test-helpers.js';

const SIRET = '73282932000074';
const OTHER_SIRET = '44309978200015';
const HEADER = ['Courriel', 'Prénom', 'Nom', 'Raison sociale', 'SIRET', 'Code postal', 'Ville', "Secteur d'activité", 'Téléphone'];

/** The messy file of a coordinator: BOM, `;`, quoted `;` and quotes, every kind of trouble, one per line. */
const MESSY_ROWS = [
  HEADER,
  ['alice@exemple.fr', 'Alice', 'Martin', 'Boulangerie Martin; fils', '732 829 320 00074', '62130', 'Saint-Pol-sur-Ternoise', 'Boulangerie', ''], // 2 valid
  ['pas-une-adresse', 'Bob', 'Durand', 'Garage Durand', '', '62270', 'Frévent', 'commerce', ''], // 3 bad e-mail
  ['carole@exemple.fr', 'Carole', 'Petit', 'Ferme Petit', '73282932000075', '', '', 'agriculture', ''], // 4 bad SIRET
  ['david@exemple.fr', 'David', 'Leroy', 'Hôtel du Centre', '', '62140', 'Hesdin', 'Hôtellerie', '06 12 34 56 78'], // 5 commune outside
  ['emile@exemple.fr', 'Émile', 'Roux', 'Le "Petit" Café', '', '', 'AUXI LE CHATEAU', '', ''], // 6 known contact, commune by name
  ['ALICE@exemple.fr', '', '', '', '', '', '', '', '03 21 03 00 00'], // 7 duplicate of 2, brings a phone
  ['fanny@exemple.fr', 'Fanny', 'Blanc', '=HYPERLINK("http://evil.example","clic")', '', '', '', '', ''], // 8 formula
  ['gaston@exemple.fr', 'Gaston', 'Noir', 'Noir SARL', '', '62134', 'Anvin', '', ''], // 9 unsubscribed
  ['helene@exemple.fr', 'Hélène', 'Blanc', 'Boulangerie Martin', SIRET, '62130', 'St-Pol-sur-Ternoise', 'xyz', '12'], // 10 same SIRET as 2, bad phone, unknown sector
];

for (const tier of databaseTiers()) {
  describe(`contacts are imported from a file, previewed then confirmed, on ${tier.name}`, () => {
    let app: TestApp;
    let territoryId: number;
    let coordinator: StaffClient;
    let staffId: number;
    const db = () => app.database.db;
    const contacts = () => db().selectFrom('contacts').select(['email', 'first_name', 'last_name', 'company', 'siret', 'sector', 'commune_code', 'phone', 'lawful_basis', 'source', 'import_id']).where('territory_id', '=', territoryId).orderBy('email').execute();
    const count = async () => Number((await db().selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

    before(async () => {
      app = await createTestApp(tier);
      territoryId = (await buildTerritory(db())).id;
      const staff = await buildStaff(db(), { territoryId, role: 'coordinator' });
      staffId = staff.id;
      coordinator = await new StaffClient(app.app).logIn(staff.email, staff.password);
    });
    after(() => app.close());

    test('a messy UTF-8 file: exact report with line numbers; confirmed once, with lawful basis and source', async () => {
      assert.ok(isValidSiret(SIRET));
      await db().insertInto('unsubscribes').values({ territory_id: territoryId, email_hash: emailHash('Gaston@Exemple.fr') }).execute();
      await db().insertInto('contacts').values({ territory_id: territoryId, email: 'emile@exemple.fr', phone: '+33321000000', lawful_basis: 'consentement', source: 'inscription' }).execute();

      const res = await uploadContacts(app.app, coordinator, { name: 'prospects CCI.csv', content: '\uFEFF' + csv(MESSY_ROWS) }, { base: 'interet_legitime', source: 'Fichier CCI 2026' });
      assert.equal(res.statusCode, 303, res.body);
      const id = importIdOf(res);
      assert.equal(await count(), 1, 'nothing imported before confirmation');

      const stored = (await findImport(db(), territoryId, id))!;
      const r = stored.report!;
      assert.equal(r.encoding, 'utf-8');
      assert.equal(r.delimiter, ';');
      assert.deepEqual([r.lines, r.toCreate, r.toUpdate, r.refused], [9, 2, 1, 4]);
      const lines = Object.fromEntries(Object.entries(r.issues).filter(([, v]) => v.count).map(([k, v]) => [k, v.lines.map((l) => `${l.line}: ${l.value}`)]));
      assert.deepEqual(lines, {
        email: ['3: pas-une-adresse'],
        siret: ['4: 73282932000075'],
        formula: ['8: =HYPERLINK("http://evil.example","clic")'],
        unsubscribed: ['9: gaston@exemple.fr'],
        commune: ['5: 62140 Hesdin'],
        phone: ['10: 12'],
        sector: ['10: xyz'],
        duplicate_email: ['7: alice@exemple.fr (ligne 2)'],
        duplicate_siret: [`10: ${SIRET} (ligne 2 : alice@exemple.fr gardé, helene@exemple.fr écarté)`],
        existing_email: ['6: emile@exemple.fr'],
      });

      const page = await coordinator.get(`/equipe/contacts/import/${id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /ligne 3 : pas-une-adresse/);
      assert.match(page.body, /Adresse désinscrite/);
      assert.match(page.body, /<option value="0" selected="">Courriel<\/option>|<option value="0" selected>Courriel<\/option>/);
      assert.match(page.body, /Boulangerie Martin; fils/);

      const confirmed = await coordinator.post(`/equipe/contacts/import/${id}/confirmer`, {}, `/equipe/contacts/import/${id}`);
      assert.equal(confirmed.statusCode, 303);
      const src = { lawful_basis: 'interet_legitime', source: 'Fichier CCI 2026', import_id: id };
      assert.deepEqual(await contacts(), [
        { email: 'alice@exemple.fr', first_name: 'Alice', last_name: 'Martin', company: 'Boulangerie Martin; fils', siret: SIRET, sector: 'artisanat', commune_code: '62767', phone: '+33321030000', ...src },
        { email: 'david@exemple.fr', first_name: 'David', last_name: 'Leroy', company: 'Hôtel du Centre', siret: null, sector: 'tourisme', commune_code: null, phone: '+33612345678', ...src },
        // known by consent: kept as it was, empty fields filled
        { email: 'emile@exemple.fr', first_name: 'Émile', last_name: 'Roux', company: 'Le "Petit" Café', siret: null, sector: null, commune_code: '62060', phone: '+33321000000', lawful_basis: 'consentement', source: 'inscription', import_id: null },
      ]);
      const after = await db().selectFrom('contact_imports').select(['status', 'content']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual(after, { status: 'imported', content: null });
      const audits = await db().selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'contacts.imported').execute();
      assert.equal(audits.length, 1);
      assert.deepEqual(JSON.parse(audits[0]!.details!), { fileName: 'prospects CCI.csv', lawfulBasis: 'interet_legitime', source: 'Fichier CCI 2026', lines: 9, created: 2, updated: 1, completed: 1, refused: 4 });
      const shown = await coordinator.get(String(confirmed.headers.location));
      assert.match(shown.body, /Import confirmé : 2 contact\(s\) ajouté\(s\), 1 complété\(s\), 4 ligne\(s\) refusée\(s\)/);

      // a second confirmation (a double click, a replayed form) imports nothing more
      const again = await coordinator.post(`/equipe/contacts/import/${id}/confirmer`, {}, `/equipe/contacts`);
      assert.equal(again.statusCode, 303);
      assert.match(String(again.headers.location), /deja=1/);
      assert.equal(await count(), 3);
      assert.equal((await db().selectFrom('audit_log').select('id').where('action', '=', 'contacts.imported').execute()).length, 1);

      // the same file again: every valid line is known and complete, nothing is written
      const before = await contacts();
      const second = importIdOf(await uploadContacts(app.app, coordinator, { name: 'prospects CCI.csv', content: '\uFEFF' + csv(MESSY_ROWS) }, { base: 'consentement' }));
      assert.equal((await coordinator.post(`/equipe/contacts/import/${second}/confirmer`, {}, `/equipe/contacts/import/${second}`)).statusCode, 303);
      assert.deepEqual(await contacts(), before);
      const updated = await db().selectFrom('contacts').select('email').where('updated_at', 'is not', null).execute();
      assert.deepEqual(updated.map((c) => c.email), ['emile@exemple.fr']);

      const list = await coordinator.get('/equipe/contacts?q=boulangerie');
      assert.match(list.body, /<p id="nombre">1 contact\(s\)/, 'one business, one contact');
      assert.match(list.body, /<td>Saint-Pol-sur-Ternoise<\/td>/);
      assert.match(list.body, /<td>intérêt légitime \(prospection B2B\)<\/td><td>Fichier CCI 2026<\/td>/);
      assert.match((await coordinator.get('/equipe/contacts?q=EMILE@')).body, /<p id="nombre">1 contact\(s\)/);
    });

    test('a Windows-1252 file with commas: « é » and « ç » decoded, the encoding said', async () => {
      const text = csv([['E-mail', 'Prénom', 'Nom', 'Entreprise', 'Commune'], ['francoise@exemple.fr', 'Françoise', 'Lefèvre', 'Crêperie « Chez Françoise »', 'Frévent']], ',');
      const res = await uploadContacts(app.app, coordinator, { name: 'export.csv', content: Buffer.from(text, 'latin1') }, { base: 'consentement', source: '' });
      const id = importIdOf(res);
      const stored = (await findImport(db(), territoryId, id))!;
      assert.equal(stored.report!.encoding, 'windows-1252');
      assert.equal(stored.report!.delimiter, ',');
      assert.equal(stored.source, 'export.csv', 'the source defaults to the file name');
      assert.deepEqual(stored.report!.preview.map((p) => [p.first_name, p.last_name, p.company, p.commune_code]), [['Françoise', 'Lefèvre', 'Crêperie « Chez Françoise »', '62361']]);
      const page = await coordinator.get(`/equipe/contacts/import/${id}`);
      assert.match(page.body, /Windows-1252/);
      const cancelled = await coordinator.post(`/equipe/contacts/import/${id}/annuler`, {}, `/equipe/contacts/import/${id}`);
      assert.equal(cancelled.statusCode, 303);
      assert.deepEqual(await db().selectFrom('contact_imports').select(['status', 'content']).where('id', '=', id).executeTakeFirstOrThrow(), { status: 'cancelled', content: null });
      assert.equal(await count(), 3);
    });

    test('a business already among the contacts (same SIRET, another address) is completed under its known address, not added', async () => {
      const before = await count();
      const known = await db().selectFrom('contacts').select(['email', 'phone']).where('siret', '=', SIRET).executeTakeFirstOrThrow();
      await db().updateTable('contacts').set({ sector: null }).where('email', '=', known.email).execute();
      const id = importIdOf(await uploadContacts(app.app, coordinator, { name: 'cma.csv', content: csv([['Courriel', 'SIRET', 'Secteur'], ['contact@boulangerie-martin.fr', SIRET, 'Boulangerie']]) }, { base: 'interet_legitime', source: 'CMA' }));
      const r = (await findImport(db(), territoryId, id))!.report!;
      assert.deepEqual([r.toCreate, r.toUpdate], [0, 1]);
      assert.deepEqual(r.issues.existing_siret.lines, [{ line: 2, value: `${SIRET} (${known.email} gardé, contact@boulangerie-martin.fr écarté)` }]);
      await coordinator.post(`/equipe/contacts/import/${id}/confirmer`, {}, `/equipe/contacts/import/${id}`);
      assert.equal(await count(), before);
      const after = await db().selectFrom('contacts').select(['sector', 'lawful_basis', 'source']).where('email', '=', known.email).executeTakeFirstOrThrow();
      assert.deepEqual(after, { sector: 'artisanat', lawful_basis: 'interet_legitime', source: 'Fichier CCI 2026' }, 'completed; its basis and source kept');
    });

    test('an XLSX workbook: first sheet, cached formula results taken, formulas without one refused', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Contacts');
      sheet.addRow(['Mail', 'Nom', 'Société', 'N° SIRET', 'Code INSEE']);
      sheet.addRow(['xavier@exemple.fr', 'Xavier', 'Atelier X', Number(OTHER_SIRET), '62767']);
      sheet.addRow([{ formula: 'LOWER("YVES@EXEMPLE.FR")', result: 'yves@exemple.fr' }, 'Yves', 'Yves & Co', '', 62361]);
      sheet.addRow(['zoe@exemple.fr', 'Zoé', { formula: 'A1&"x"' }, '', '']);
      sheet.addRow([{ text: 'william@exemple.fr', hyperlink: 'mailto:william@exemple.fr' }, 'William', '', '', '']);
      const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
      const res = await uploadContacts(app.app, coordinator, { name: 'contacts.xlsx', content: bytes });
      const stored = (await findImport(db(), territoryId, importIdOf(res)))!;
      const r = stored.report!;
      assert.equal(r.encoding, 'xlsx');
      assert.deepEqual(r.preview.map((p) => [p.line, p.email, p.last_name, p.company, p.siret, p.commune_code]), [
        [2, 'xavier@exemple.fr', 'Xavier', 'Atelier X', OTHER_SIRET, '62767'],
        [3, 'yves@exemple.fr', 'Yves', 'Yves & Co', null, '62361'],
        [5, 'william@exemple.fr', 'William', null, null, null],
      ]);
      assert.deepEqual(r.issues.formula.lines, [{ line: 4, value: '=A1&"x"' }]);
    });

    test('the mapping is changed in the preview; the e-mail column is required, the choice kept', async () => {
      const text = csv([['Contact', 'Adresse'], ['Jean', 'jean@exemple.fr']]);
      const id = importIdOf(await uploadContacts(app.app, coordinator, { name: 'a.csv', content: text }));
      assert.equal((await findImport(db(), territoryId, id))!.report!.issues.email.count, 1, 'nothing guessed as e-mail');
      assert.match((await coordinator.get(`/equipe/contacts/import/${id}`)).body, /ligne 2 : \(vide\)/);
      const wrong = await coordinator.post(`/equipe/contacts/import/${id}/correspondance`, { col_email: '', col_last_name: '0' }, `/equipe/contacts/import/${id}`);
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /<p class="error-message" id="col_email-erreur">Choisissez la colonne des adresses électroniques.<\/p>/);
      assert.match(wrong.body, /<option value="0" selected(="")?>Contact<\/option>/);
      const right = await coordinator.post(`/equipe/contacts/import/${id}/correspondance`, { col_email: '1', col_last_name: '0' }, `/equipe/contacts/import/${id}`);
      assert.equal(right.statusCode, 303);
      const r = (await findImport(db(), territoryId, id))!.report!;
      assert.deepEqual([r.toCreate, r.refused, r.preview[0]!.last_name], [1, 0, 'Jean']);
    });

    test('50,000 rows are imported in one go (timed), 60,001 are refused', async () => {
      const rows = [['email', 'nom', 'code insee', 'telephone']];
      for (let i = 0; i < 50_000; i++) rows.push([`contact${i}@grand-fichier.fr`, `Nom ${i}`, i % 2 ? '62767' : '62361', '']);
      const started = performance.now();
      const res = await uploadContacts(app.app, coordinator, { name: 'grand.csv', content: csv(rows) });
      const id = importIdOf(res);
      const uploaded = performance.now();
      const page = await coordinator.get(`/equipe/contacts/import/${id}`);
      assert.equal(page.statusCode, 200);
      const before = await count();
      const confirmed = await coordinator.post(`/equipe/contacts/import/${id}/confirmer`, {}, `/equipe/contacts/import/${id}`);
      assert.equal(confirmed.statusCode, 303);
      const done = performance.now();
      assert.equal((await count()) - before, 50_000);
      const lastPage = await coordinator.get('/equipe/contacts?q=grand-fichier&page=1000');
      assert.match(lastPage.body, /<p id="nombre">50\u202f000 contact\(s\)/);
      assert.match(lastPage.body, /Page 1\u202f000 sur 1\u202f000/);
      assert.equal((lastPage.body.match(/@grand-fichier\.fr<\/td>/g) ?? []).length, 50);
      console.log(`[timing] ${tier.name}: 50,000 rows — upload+preview ${Math.round(uploaded - started)} ms, confirm ${Math.round(done - uploaded)} ms`);

      const tooMany = 'email\n' + 'x@y.fr\n'.repeat(60_001);
      const refused = await uploadContacts(app.app, coordinator, { name: 'trop.csv', content: tooMany });
      assert.equal(refused.statusCode, 413);
      assert.equal(fileError(refused.body), t('contacts.error.too_many_rows', { rows: 60_001 }));
      assert.match(refused.body, /value="interet_legitime" checked/);
    });

    test('an import failing in the middle leaves no contact, and the import still in preview', async () => {
      await db().deleteFrom('contacts').where('territory_id', '=', territoryId).execute();
      const rows = [['email']];
      for (let i = 0; i < 1_200; i++) rows.push([`milieu${i}@exemple.fr`]);
      const parsed = parseCsv(Buffer.from(csv(rows)));
      assert.ok(parsed.ok);
      const actor = { staffId, territoryId };
      const { id } = await createContactImport(db(), actor, { fileName: 'milieu.csv', table: parsed.table, lawfulBasis: 'interet_legitime', source: 'milieu.csv' });
      let chunks = 0;
      await assert.rejects(
        confirmContactImport(db(), actor, { importId: id }, {
          afterChunk: () => {
            if (++chunks === 2) throw new Error('panne simulée');
          },
        }),
        /panne simulée/,
      );
      assert.equal(await count(), 0);
      const stored = (await findImport(db(), territoryId, id))!;
      assert.equal(stored.status, 'preview');
      assert.equal(stored.table?.rows.length, 1_200);
      assert.deepEqual(await confirmContactImport(db(), actor, { importId: id }), { ok: true, created: 1_200, updated: 0, completed: 0, refused: 0 });
    });

    test('a contact written by someone else during the confirmation: all rolled back, a French notice, confirmed on the second try', { skip: tier.name === 'sqlite' && 'SQLite serialises writers: the confirmation holds the lock from its first statement' }, async () => {
      await db().deleteFrom('contacts').where('territory_id', '=', territoryId).execute();
      const rows = [['email']];
      for (let i = 0; i < 800; i++) rows.push([`course${i}@exemple.fr`]);
      const parsed = parseCsv(Buffer.from(csv(rows)));
      assert.ok(parsed.ok);
      const actor = { staffId, territoryId };
      const { id } = await createContactImport(db(), actor, { fileName: 'course.csv', table: parsed.table, lawfulBasis: 'interet_legitime', source: 'course.csv' });
      // after the first chunk, another connection commits a contact the second chunk is about to insert
      const result = await confirmContactImport(db(), actor, { importId: id }, {
        afterChunk: async (inserted) => {
          if (inserted === 500) await db().insertInto('contacts').values({ territory_id: territoryId, email: 'course700@exemple.fr', lawful_basis: 'consentement', source: 'inscription' }).execute();
        },
      });
      assert.deepEqual(result, { ok: false, reason: 'changed' });
      assert.equal(await count(), 1, 'only the contact written meanwhile');
      assert.equal((await findImport(db(), territoryId, id))!.status, 'preview');
      const page = await coordinator.get(`/equipe/contacts/import/${id}?change=1`);
      assert.ok(page.body.includes(t('contacts.changed')));
      const again = await coordinator.post(`/equipe/contacts/import/${id}/confirmer`, {}, `/equipe/contacts/import/${id}`);
      assert.equal(again.headers.location, `/equipe/contacts/import/${id}?confirme=1`);
      assert.equal(await count(), 800);
      const known = await db().selectFrom('contacts').select(['lawful_basis', 'source']).where('email', '=', 'course700@exemple.fr').executeTakeFirstOrThrow();
      assert.deepEqual(known, { lawful_basis: 'consentement', source: 'inscription' }, 'the consent written meanwhile is kept');
    });

    test('search ignores accents and case; uploading and cancelling are in the audit log', async () => {
      await db().insertInto('contacts').values({ territory_id: territoryId, email: 'francoise.lefevre@exemple.fr', first_name: 'Françoise', last_name: 'Lefèvre', company: 'Crêperie « Chez Françoise »', lawful_basis: 'consentement', source: 'test' }).execute();
      for (const q of ['creperie', 'CRÊPERIE', 'lefevre', 'FRANÇOISE', 'Francoise']) {
        assert.match((await coordinator.get(`/equipe/contacts?q=${encodeURIComponent(q)}`)).body, /<p id="nombre">1 contact\(s\)/, q);
      }
      assert.match((await coordinator.get('/equipe/contacts?q=cr%C3%AApes')).body, /<p id="nombre">0 contact\(s\)/);
      const id = importIdOf(await uploadContacts(app.app, coordinator, { name: 'audit.csv', content: csv([['email'], ['audit@exemple.fr'], ['pas-une-adresse']]) }, { base: 'consentement', source: 'Salon' }));
      await coordinator.post(`/equipe/contacts/import/${id}/annuler`, {}, `/equipe/contacts/import/${id}`);
      await coordinator.post(`/equipe/contacts/import/${id}/annuler`, {}, `/equipe/contacts/import/${id}`);
      const entries = await db().selectFrom('audit_log').select(['action', 'actor', 'details']).where('subject', '=', `contact_import:${id}`).orderBy('id').execute();
      assert.deepEqual(entries.map((e) => e.action), ['contacts.import_uploaded', 'contacts.import_cancelled'], 'a second cancel is not logged');
      assert.equal(entries[0]!.actor, `staff:${staffId}`);
      assert.deepEqual(JSON.parse(entries[0]!.details!), { fileName: 'audit.csv', lines: 2, refused: 1 });
      assert.ok(!entries.some((e) => (e.details ?? '').includes('audit@exemple.fr')), 'no address in the log');
    });

    test('two confirmations at the same time import once', async () => {
      await db().deleteFrom('contacts').where('territory_id', '=', territoryId).execute();
      const parsed = parseCsv(Buffer.from(csv([['email'], ...Array.from({ length: 700 }, (_, i) => [`ensemble${i}@exemple.fr`])])));
      assert.ok(parsed.ok);
      const actor = { staffId, territoryId };
      const { id } = await createContactImport(db(), actor, { fileName: 'ensemble.csv', table: parsed.table, lawfulBasis: 'consentement', source: 'Salon' });
      const results = await Promise.all([confirmContactImport(db(), actor, { importId: id }), confirmContactImport(db(), actor, { importId: id })]);
      assert.deepEqual(results.map((r) => r.ok).sort(), [false, true]);
      assert.equal(await count(), 700);
    });

    test('bad uploads: no file, another extension, no lawful basis — errors beside the field, values kept', async () => {
      const none = await uploadContacts(app.app, coordinator, null, { base: 'consentement', source: 'Salon' });
      assert.equal(none.statusCode, 400);
      assert.equal(fileError(none.body), t('contacts.error.required'));
      assert.match(none.body, /value="consentement" checked/);
      assert.match(none.body, /value="Salon"/);
      const pdf = await uploadContacts(app.app, coordinator, { name: 'a.pdf', content: 'x' });
      assert.equal(fileError(pdf.body), t('contacts.error.extension'));
      const big = await uploadContacts(app.app, coordinator, { name: 'gros.csv', content: Buffer.alloc(10 * 1024 * 1024 + 1, 'a') });
      assert.equal(big.statusCode, 413);
      assert.equal(fileError(big.body), t('contacts.error.too_big'));
      const noBasis = await uploadContacts(app.app, coordinator, { name: 'a.csv', content: 'email\na@b.fr\n' }, {});
      assert.equal(noBasis.statusCode, 400);
      assert.match(noBasis.body, /id="base-erreur">Choisissez la base légale./);
    });

    test('permissions: other roles 404, anonymous to the login, no CSRF 403, another territory’s import 404', async () => {
      const id = importIdOf(await uploadContacts(app.app, coordinator, { name: 'p.csv', content: 'email\np@exemple.fr\n' }));
      for (const role of ['facilitator', 'partner', 'elected'] as const) {
        const staff = await buildStaff(db(), { territoryId, role });
        const client = await new StaffClient(app.app).logIn(staff.email, staff.password);
        for (const url of ['/equipe/contacts', '/equipe/contacts/import', `/equipe/contacts/import/${id}`]) assert.equal((await client.get(url)).statusCode, 404, `${role} ${url}`);
      }
      const anonymous = await app.app.inject({ url: '/equipe/contacts' });
      assert.deepEqual([anonymous.statusCode, anonymous.headers.location], [303, '/equipe/connexion']);
      const noCsrf = await uploadContacts(app.app, coordinator, { name: 'p.csv', content: 'email\nq@exemple.fr\n' }, { base: 'interet_legitime' }, { csrf: false });
      assert.equal(noCsrf.statusCode, 403);
      const cookie = Object.entries(coordinator.jar).map(([k, v]) => `${k}=${v}`).join('; ');
      const confirmNoCsrf = await app.app.inject({ method: 'POST', url: `/equipe/contacts/import/${id}/confirmer`, payload: '', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(confirmNoCsrf.statusCode, 403);

      const other = await buildTerritory(db());
      const foreign = await db().insertInto('contact_imports').values({ territory_id: other.id, file_name: 'autre.csv', content: '{"headers":["email"],"rows":[["a@b.fr"]],"encoding":"utf-8","delimiter":";"}' }).returning('id').executeTakeFirstOrThrow();
      assert.equal((await coordinator.get(`/equipe/contacts/import/${foreign.id}`)).statusCode, 404);
      const confirmForeign = await coordinator.post(`/equipe/contacts/import/${foreign.id}/confirmer`, {}, '/equipe/contacts');
      assert.equal(confirmForeign.statusCode, 404);
      assert.equal((await db().selectFrom('contact_imports').select('status').where('id', '=', foreign.id).executeTakeFirstOrThrow()).status, 'preview');
    });
  });
}

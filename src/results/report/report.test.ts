import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { databaseTiers } from '../../../test/databases.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { buildStaff } from '../../../test/factories.js';
import { nonWhiteShare, readPdf, renderPageToImage } from '../../../test/pdf.js';
import { StaffClient } from '../../../test/staff-session.js';
import { programmeFigures } from '../queries.js';
import { reportData } from './data.js';
import { buildReportData, FREVENT, HYPERLINK, parseSemicolonCsv as parse, SAINT_POL, TERNOIS } from './testing.js';

const plain = (s: string) => s.replace(/[\u00A0\u202F]/g, ' ');
const prose = (lines: string[][]) => plain(lines.flat().join(' ')).replace(/\s+/g, ' ');

for (const tier of databaseTiers()) {
  describe(`the funder's report, on ${tier.name}`, () => {
    let app: TestApp;
    let built: Awaited<ReturnType<typeof buildReportData>>;
    const clients: Record<'coordinator' | 'administrator' | 'elected' | 'facilitator' | 'partner' | 'foreign', StaffClient> = {} as never;

    before(async () => {
      app = await createTestApp(tier);
      const db = app.database.db;
      built = await buildReportData(db);
      for (const role of ['coordinator', 'administrator', 'elected', 'facilitator', 'partner'] as const) {
        const staff = await buildStaff(db, { territoryId: built.territoryId, role });
        clients[role] = await new StaffClient(app.app).logIn(staff.email, staff.password);
      }
      const foreign = await buildStaff(db, { territoryId: built.other, role: 'coordinator' });
      clients.foreign = await StaffClient.withSession(app.app, db, foreign.id); // it cannot sign in on this territory's host
    });
    after(() => app.close());

    test('reportData: the figures and every breakdown, exactly, in a fixed handful of grouped queries', async () => {
      const db = app.database.db;
      const before = app.database.queryCount();
      const data = (await reportData(db, built.territoryId, built.reported, { now: new Date('2026-12-04T09:00:00Z') }))!;
      const used = app.database.queryCount() - before;
      // 9 for the figures and breakdowns, 3 for the surveys, 4 for the cycle's requests on demand
      assert.ok(used <= 16, `${used} queries`);
      const again = app.database.queryCount();
      await reportData(db, built.territoryId, built.previous);
      assert.equal(app.database.queryCount() - again, used, 'as many queries for a cycle with fewer rows: none per row');
      assert.deepEqual(data.programme, { name: 'Boutic', funder: 'Région Hauts-de-France', publisher: 'Pays du Ternois' });
      assert.deepEqual(data.cycle, { id: built.reported, number: 4, name: '4e session', startsOn: '2026-09-01', endsOn: '2027-02-28' });
      assert.deepEqual(data.figures, {
        cycleId: built.reported,
        sessionsHeld: 2,
        registrations: 10, // s1: 5, s2: 4, s4: 1 (the waitlisted, the cancelled registration and the cancelled session apart)
        leaders: 6,
        companies: 4,
        present: 7,
        absent: 1,
        excused: 1,
        seats: 24,
        seatsTaken: 10,
        participantHours: 19,
      });
      assert.deepEqual(data.figures, await programmeFigures(db, built.territoryId, built.reported), 'the dashboard’s figures');
      assert.equal(data.participantHours, 19);
      assert.deepEqual(data.ratios, { attendance: 7 / 9, noShow: 1 / 9, fill: 10 / 24 });
      const rows = (list: Array<{ label: string; participants: number; companies: number }>) => list.map((r) => [r.label, r.participants, r.companies]);
      assert.deepEqual(rows(data.bySector), [
        ['Agriculture', 2, 2],
        ['Commerce', 2, 1],
        ['Tourisme', 1, 1],
        ['Artisanat', 0, 0],
        ['Services', 0, 0],
        ['Industrie', 0, 0],
        ['Autre', 0, 0],
        ['Non renseigné', 1, 0],
      ]);
      assert.deepEqual(rows(data.bySize), [
        ['Aucun salarié', 1, 1],
        ['1 à 2 salariés', 1, 1],
        ['3 à 5 salariés', 2, 1],
        ['6 à 9 salariés', 0, 0],
        ['10 à 19 salariés', 0, 0],
        ['20 à 49 salariés', 0, 0],
        ['50 salariés ou plus', 0, 0],
        ['Non renseigné', 2, 1], // eve (no band declared) and fay (no company)
      ]);
      assert.deepEqual(
        data.byCommune.map((r) => [r.code, r.label, r.epciCode, r.participants, r.companies]),
        [
          [FREVENT, 'Frévent', TERNOIS, 2, 2], // bob by his company's commune, cid
          [SAINT_POL, 'Saint-Pol-sur-Ternoise', TERNOIS, 2, 2], // ann, dan by their own
          [null, 'Hors du territoire', null, 1, 1],
          [null, 'Commune non renseignée', null, 1, 0],
        ],
      );
      assert.deepEqual(
        data.byEpci.map((r) => [r.code, r.label, r.participants, r.companies]),
        [
          [TERNOIS, 'CC du Ternois', 4, 3],
          [null, 'Hors du territoire', 1, 1],
          [null, 'Commune non renseignée', 1, 0],
        ],
      );
      for (const list of [data.bySector, data.bySize, data.byCommune, data.byEpci]) assert.equal(list.reduce((s, r) => s + r.participants, 0), data.figures.leaders, 'each breakdown adds up to the leaders');
      assert.deepEqual(
        data.sessions.map((s) => [s.id, s.workshop, s.venue, s.venueCommune, s.facilitator, s.registered, s.present, s.hours, s.participantHours]),
        [
          [built.sessions.s1, 'Créer son site web', 'Cybercentre de Frévent', 'Frévent', 'Jeanne Martin', 5, 4, 2.5, 10],
          [built.sessions.s2, HYPERLINK, 'Cybercentre de Frévent', 'Frévent', '@Paul Leroy', 4, 3, 3, 9],
        ],
      );
      assert.equal(data.sessions[0]!.startsAt, '2026-10-06T12:00:00.000Z');
      assert.equal(data.sessions.reduce((s, x) => s + x.participantHours, 0), data.participantHours);
      assert.deepEqual(data.extraSections.map((x) => x.title), ['Satisfaction', 'Trois mois après', 'Demandes d’ateliers']);
      assert.deepEqual(data.extraSections[0]!.rows.slice(0, 2), [['Enquêtes envoyées', 0], ['Réponses reçues', 0]]);
      assert.equal(data.generatedAt, '2026-12-04T09:00:00.000Z');
    });

    test('reportData: another cycle has its own figures; another territory’s cycle or an unknown one is nothing', async () => {
      const db = app.database.db;
      const previous = (await reportData(db, built.territoryId, built.previous))!;
      assert.equal(previous.figures.leaders, 2);
      assert.deepEqual(previous.sessions.map((s) => s.present), [2]);
      assert.deepEqual(previous.bySector.filter((r) => r.participants).map((r) => r.key), ['agriculture', 'industrie']);
      assert.equal(await reportData(db, built.territoryId, built.foreignCycle), null);
      assert.equal(await reportData(db, built.territoryId, 999_999), null);
    });

    test('the PDF reads back: programme, cycle, figures, charts, tables, « Page 1 sur N », accents, metadata', async () => {
      const res = await clients.coordinator.get(`/equipe/bilan/rapport/${built.reported}.pdf`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/pdf');
      assert.equal(res.headers['content-disposition'], 'attachment; filename="bilan-4e-session.pdf"');
      const pdf = await readPdf(res.rawPayload);
      assert.ok(pdf.pages >= 3, `${pdf.pages} pages`);
      assert.deepEqual(pdf.sizes[0], [0, 0, 595.28, 841.89], 'A4');
      assert.equal(pdf.info.Title, 'Bilan de la 4e session — Boutic');
      assert.equal(pdf.info.Author, 'Pays du Ternois');
      assert.equal(pdf.info.Subject, 'Rapport au financeur (Région Hauts-de-France) — Boutic, Pays du Ternois');
      const first = prose([pdf.lines[0]!]);
      for (const part of ['Boutic', 'Bilan de la 4e session', 'Financeur : Région Hauts-de-France', 'Période : du 1er septembre 2026 au 28 février 2027', 'Chiffres clés', '6 Chefs d’entreprise touchés', '4 Entreprises touchées', '10 Inscriptions', '2 Séances tenues', '77,8 % Taux de présence', '11,1 % Taux d’absence non excusée', '41,7 % Taux de remplissage', '19 Heures de formation (participant × heure)']) {
        assert.ok(first.includes(part), `${part}\nnot in\n${first}`);
      }
      assert.match(first, /Rapport établi le \d{1,2}(er)? \S+ \d{4}/);
      pdf.lines.forEach((lines, i) => assert.equal(plain(lines.at(-1)!), `Boutic — Bilan de la 4e session Page ${i + 1} sur ${pdf.pages}`));
      const all = prose(pdf.lines);
      for (const part of [
        'Secteurs d’activité',
        'Agriculture 2 (33,3 %)',
        'Commerce 2 (33,3 %)',
        'Non renseigné 1 (16,7 %)',
        'Taille des entreprises',
        '3 à 5 salariés 2 (33,3 %)',
        'Carte du territoire',
        'Frévent (2)',
        'Saint-Pol-sur-Ternoise (2)',
        'Chefs d’entreprise par commune',
        'Frévent 2 33,3 % 2',
        'Hors du territoire 1 16,7 % 1',
        'Chefs d’entreprise par intercommunalité',
        'CC du Ternois 4 66,7 % 3',
        'Séances tenues',
        '06/10/2026 14 h Créer son site web Cybercentre de Frévent Jeanne Martin 5 4 2,5 10',
        '17/11/2026 14 h',
        'Total : 2 séances, 7 présences, 19 heures de formation',
      ]) {
        assert.ok(all.includes(part), `${part}\nnot in\n${all}`);
      }
      assert.ok(!/[?]{2}|Ã/.test(all), 'no mangled accent');
      assert.ok(!all.includes('3e session'), 'the other cycle is not in this report');
    });

    test('the chart page drawn to pixels is not blank: bars in the chart colour', async () => {
      const res = await clients.coordinator.get(`/equipe/bilan/rapport/${built.reported}.pdf`);
      const pdf = await readPdf(res.rawPayload);
      const page = pdf.lines.findIndex((lines) => lines.includes('Secteurs d’activité')) + 1;
      assert.ok(page >= 1);
      const image = await renderPageToImage(res.rawPayload, page);
      const share = nonWhiteShare(image);
      assert.ok(share > 0.01 && share < 0.5, `${(share * 100).toFixed(1)} % of the page`);
      let blue = 0;
      for (let i = 0; i < image.data.length; i += 4) if (Math.abs(image.data[i]! - 0x00) < 30 && Math.abs(image.data[i + 1]! - 0x72) < 30 && Math.abs(image.data[i + 2]! - 0xb2) < 30) blue++;
      assert.ok(blue > 1000, `${blue} pixels of the bars’ colour`);
    });

    test('the workbook reads back: sheets, bold frozen headers, numbers as numbers, dates as dates, properties', async () => {
      const res = await clients.coordinator.get(`/equipe/bilan/rapport/${built.reported}.xlsx`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      assert.equal(res.headers['content-disposition'], 'attachment; filename="bilan-4e-session.xlsx"');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      assert.deepEqual(book.worksheets.map((s) => s.name), ['Synthèse', 'Secteurs', 'Communes', 'Intercommunalités', 'Tailles', 'Séances', 'Satisfaction', 'Trois mois après', 'Demandes d’ateliers']);
      assert.equal(book.creator, 'Pays du Ternois');
      assert.equal(book.title, 'Bilan de la 4e session — Boutic');
      for (const sheet of book.worksheets) {
        assert.equal(sheet.getRow(1).getCell(1).font?.bold, true, `${sheet.name}: bold header`);
        assert.equal(sheet.views[0]?.state, 'frozen', sheet.name);
        assert.equal((sheet.views[0] as { ySplit?: number }).ySplit, 1, sheet.name);
        assert.ok((sheet.getColumn(1).width ?? 0) >= 10, `${sheet.name}: width set`);
      }
      const values = (name: string) => {
        const out: unknown[][] = [];
        book.getWorksheet(name)!.eachRow((row, n) => n > 1 && out.push((row.values as unknown[]).slice(1)));
        return out;
      };
      const sectors = values('Secteurs');
      assert.deepEqual(sectors.map((r) => [r[0], r[1], r[3]]), [
        ['Agriculture', 2, 2],
        ['Commerce', 2, 1],
        ['Tourisme', 1, 1],
        ['Artisanat', 0, 0],
        ['Services', 0, 0],
        ['Industrie', 0, 0],
        ['Autre', 0, 0],
        ['Non renseigné', 1, 0],
      ]);
      assert.equal(typeof sectors[0]![2], 'number');
      assert.ok(Math.abs((sectors[0]![2] as number) - 1 / 3) < 1e-9, 'a share is a ratio, formatted as a percentage');
      assert.equal(book.getWorksheet('Secteurs')!.getCell('C2').numFmt, '0.0%');
      const summary = Object.fromEntries(values('Synthèse').map((r) => [r[0], r[1]]));
      assert.equal(summary['Chefs d’entreprise touchés'], 6);
      assert.equal(summary['Heures de formation (participant × heure)'], 19);
      assert.equal(summary['Financeur'], 'Région Hauts-de-France');
      assert.deepEqual(summary['Début de la session'], new Date(Date.UTC(2026, 8, 1)));
      assert.ok(Math.abs((summary['Taux de présence (%)'] as number) - 7 / 9) < 1e-9);
      const sessions = book.getWorksheet('Séances')!;
      const when = sessions.getCell('A2');
      assert.ok(when.value instanceof Date, 'a real date');
      assert.deepEqual(when.value, new Date(Date.UTC(2026, 9, 6, 14, 0)), 'the Paris wall-clock time');
      assert.equal(when.numFmt, 'dd/mm/yyyy hh:mm');
      assert.deepEqual((sessions.getRow(3).values as unknown[]).slice(2, 10), [HYPERLINK, 'Cybercentre de Frévent', 'Frévent', '@Paul Leroy', 4, 3, 3, 9]);
      assert.equal(sessions.getCell('B3').type, ExcelJS.ValueType.String, 'a formula-like title stays text, never a formula');
      const communes = values('Communes');
      assert.deepEqual(communes[0]!.slice(0, 5), [FREVENT, 'Frévent', TERNOIS, 'CC du Ternois', 2]);
    });

    test('each CSV table parses back: BOM, semicolons, French numbers and dates, formulas neutralised', async () => {
      const get = (table: string) => clients.coordinator.get(`/equipe/bilan/rapport/${built.reported}.csv?table=${table}`);
      const parsed = (body: string) => parse(body.slice(1));
      const sectors = await get('secteurs');
      assert.equal(sectors.statusCode, 200);
      assert.equal(sectors.headers['content-type'], 'text/csv; charset=utf-8');
      assert.equal(sectors.headers['content-disposition'], 'attachment; filename="bilan-4e-session-secteurs.csv"');
      assert.ok(sectors.body.startsWith('\uFEFF'), 'BOM');
      assert.ok(sectors.body.includes('\r\n'));
      assert.deepEqual(parsed(sectors.body).slice(0, 3), [
        ['Secteur', 'Chefs d’entreprise', 'Part (%)', 'Entreprises'],
        ['Agriculture', '2', '33,3', '2'],
        ['Commerce', '2', '33,3', '1'],
      ]);
      const sessions = parsed((await get('seances')).body);
      assert.deepEqual(sessions[1], ['06/10/2026 14:00', 'Créer son site web', 'Cybercentre de Frévent', 'Frévent', 'Jeanne Martin', '5', '4', '2,5', '10']);
      assert.deepEqual(sessions[2]!.slice(0, 5), ['17/11/2026 14:00', `'${HYPERLINK}`, 'Cybercentre de Frévent', 'Frévent', "'@Paul Leroy"]);
      const summary = Object.fromEntries(parsed((await get('synthese')).body).map((r) => [r[0], r[1]]));
      assert.equal(summary['Début de la session'], '01/09/2026');
      assert.equal(summary['Taux de présence (%)'], '77,8');
      assert.equal(summary['Heures de formation (participant × heure)'], '19');
      const communes = parsed((await get('communes')).body);
      assert.deepEqual(communes[1], [FREVENT, 'Frévent', TERNOIS, 'CC du Ternois', '2', '33,3', '2']);
      assert.equal(parsed((await get('intercommunalites')).body).length, 4);
      assert.equal(parsed((await get('tailles')).body).length, 9);
      assert.equal((await get('nimporte')).statusCode, 404, 'an unknown table');
      assert.equal((await clients.coordinator.get(`/equipe/bilan/rapport/${built.reported}.csv`)).statusCode, 404, 'no table');
    });

    test('the page lists the three downloads with their size in words; each export is audited', async () => {
      const page = await clients.coordinator.get(`/equipe/bilan/rapport?session=${built.reported}`);
      assert.equal(page.statusCode, 200);
      const body = plain(page.body);
      assert.match(body, /<option value="\d+" selected>4e session<\/option>/);
      assert.match(body, new RegExp(`href="/equipe/bilan/rapport/${built.reported}\\.pdf" download>Rapport PDF</a> — document de \\d+ pages, environ \\d+ ko`));
      assert.match(body, new RegExp(`href="/equipe/bilan/rapport/${built.reported}\\.xlsx" download>Classeur Excel \\(XLSX\\)</a> — 9 feuilles, environ \\d+ ko`));
      assert.match(body, new RegExp(`href="/equipe/bilan/rapport/${built.reported}\\.csv\\?table=secteurs" download>Secteurs</a> — 8 lignes, moins d’un kilo-octet`));
      assert.match(body, /Séances<\/a> — 2 lignes/);
      const db = app.database.db;
      const before = await db.selectFrom('audit_log').select('id').where('action', '=', 'report.exported').execute();
      await clients.elected.get(`/equipe/bilan/rapport/${built.reported}.xlsx`);
      const entries = await db.selectFrom('audit_log').selectAll().where('action', '=', 'report.exported').orderBy('id', 'desc').execute();
      assert.equal(entries.length, before.length + 1);
      assert.equal(entries[0]!.subject, `cycle:${built.reported}`);
      assert.deepEqual(JSON.parse(entries[0]!.details!), { format: 'xlsx' });
      assert.equal(entries[0]!.territory_id, built.territoryId);
      assert.ok(entries.some((e) => e.details === JSON.stringify({ format: 'csv', table: 'secteurs' })));
      assert.ok(entries.some((e) => e.details === JSON.stringify({ format: 'pdf' })));
    });

    test('coordinators, administrators and elected officials may read it; everyone else gets what requirePlanner gives', async () => {
      const urls = ['/equipe/bilan/rapport', `/equipe/bilan/rapport/${built.reported}.pdf`, `/equipe/bilan/rapport/${built.reported}.xlsx`, `/equipe/bilan/rapport/${built.reported}.csv?table=secteurs`];
      for (const url of urls) {
        for (const role of ['coordinator', 'administrator', 'elected'] as const) assert.equal((await clients[role].get(url)).statusCode, 200, `${role} ${url}`);
        for (const role of ['facilitator', 'partner'] as const) assert.equal((await clients[role].get(url)).statusCode, 404, `${role} ${url}`);
        assert.equal((await clients.foreign.get(url)).headers.location, '/equipe/connexion', `another territory’s coordinator is signed out here: ${url}`);
        const anonymous = await app.app.inject({ url });
        assert.equal(anonymous.statusCode, 303, url);
        assert.equal(anonymous.headers.location, '/equipe/connexion');
      }
      // read only: the elected official's page has no form that writes, and the planning stays closed to them
      const page = await clients.elected.get('/equipe/bilan/rapport');
      const main = /<main[\s\S]*<\/main>/.exec(page.body)![0];
      assert.doesNotMatch(main, /method="post"/i);
      assert.equal((await clients.elected.get('/equipe/seances/nouvelle')).statusCode, 404);
      assert.equal((await clients.elected.get('/equipe/bilan')).statusCode, 200, 'the dashboard is read by elected officials too');
    });

    test('another territory’s cycle, an unknown cycle, or a malformed id: 404 as for a missing page', async () => {
      for (const ext of ['pdf', 'xlsx', 'csv?table=secteurs']) {
        assert.equal((await clients.coordinator.get(`/equipe/bilan/rapport/${built.foreignCycle}.${ext}`)).statusCode, 404, ext);
        assert.equal((await clients.coordinator.get(`/equipe/bilan/rapport/999999.${ext}`)).statusCode, 404, ext);
        assert.equal((await clients.coordinator.get(`/equipe/bilan/rapport/abc.${ext}`)).statusCode, 404, ext);
      }
      // another territory's cycle in the page's choice is ignored: the default cycle is shown
      const page = await clients.coordinator.get(`/equipe/bilan/rapport?session=${built.foreignCycle}`);
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, new RegExp(`/equipe/bilan/rapport/${built.foreignCycle}\\.`));
    });
  });
}

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../test/databases.js';
import { readPdf } from '../../test/pdf.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { buildCycle, buildSessionWith, buildStaff, buildTerritory, buildVenueWith, buildWorkshopWith } from '../../test/factories.js';
import { formatSlot } from '../platform/i18n/index.js';
import { toWinAnsi } from '../platform/pdf/text.js';
import { cycleOrdinal } from './programme-pdf.js';

const single = (text: string) => text.replace(/\s+/g, ' ').trim();

test('text is brought into what the standard font draws', () => {
  assert.equal(toWinAnsi('1\u202F000 € — l’été « à Frévent »'), '1\u00A0000 € — l’été « à Frévent »');
  assert.equal(toWinAnsi('e\u0301te\u0301'), 'été'); // decomposed accents are composed
  assert.equal(toWinAnsi('Œuvre\u2011d’art ✓'), 'Œuvre-d’art ?');
  assert.equal(cycleOrdinal(1), '1re');
  assert.equal(cycleOrdinal(4), '4e');
});

for (const tier of databaseTiers()) {
  describe(`printable programme on ${tier.name}`, () => {
    let t: TestApp;
    let territoryId: number;
    const sessions: Array<{ title: string; startsAt: Date; status: 'scheduled' | 'cancelled'; beginner: 0 | 1 }> = [];

    before(async () => {
      t = await createTestApp(tier);
      const db = t.database.db;
      const territory = await buildTerritory(db, { funder: 'Région Hauts-de-France et Département du Pas-de-Calais' });
      territoryId = territory.id;
      await buildStaff(db, { territoryId });
      const cycle = await buildCycle(db, { territoryId, number: 4 });
      const cycleId = cycle.id;
      await db.updateTable('cycles').set({ name: 'automne-hiver 2099' }).where('id', '=', cycle.id).execute();
      const venues = [
        await buildVenueWith(db, { territoryId, name: 'Cybercentre de Frévent', commune_code: '62361', address: '2 rue du Château' }),
        await buildVenueWith(db, { territoryId, name: 'Cybercentre d’Auxi-le-Château', commune_code: '62060', address: '3 rue de la Mairie, 62390 Auxi-le-Château' }),
        await buildVenueWith(db, { territoryId, name: 'Cybercentre de Saint-Pol-sur-Ternoise', commune_code: '62767' }),
      ];
      const titles = ['L’e-commerce pour 1\u202F000 clients', 'Créer son site web', 'La sécurité en ligne', 'Lire le devis d’une agence « web »'];
      const workshops = [];
      for (const title of titles) workshops.push(await buildWorkshopWith(db, { territoryId, title }));
      // 72 sessions over three venues: several pages, some cancelled, some for beginners
      for (let i = 0; i < 72; i++) {
        const startsAt = new Date(Date.parse('2099-09-07T07:00:00Z') + i * 2 * 86400_000 + (i % 3) * 5 * 3600_000);
        const status = i % 11 === 5 ? 'cancelled' : 'scheduled';
        const beginner = i % 7 === 3 ? 1 : 0;
        const workshop = workshops[i % workshops.length]!;
        await buildSessionWith(db, { territoryId, cycleId, workshopId: workshop.id, venueId: venues[i % 3]!.id, startsAt, status, beginner });
        sessions.push({ title: workshop.title, startsAt, status, beginner });
      }
      const hidden = await buildWorkshopWith(db, { territoryId, title: 'Atelier en préparation', published: 0 });
      await buildSessionWith(db, { territoryId, cycleId, workshopId: hidden.id, venueId: venues[0]!.id });
      await buildSessionWith(db, { territoryId, workshopId: workshops[0]!.id, venueId: venues[0]!.id, startsAt: new Date('2099-03-03T13:00:00Z') }); // another cycle
    });
    after(() => t.close());

    test('lists every session of the cycle by venue, with its French date, title, marks and page numbers', async () => {
      const res = await t.app.inject({ url: '/programme/4.pdf' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/pdf');
      assert.equal(res.headers['content-disposition'], 'inline; filename="programme-session-4.pdf"');
      assert.match(String(res.headers['cache-control']), /^public, max-age=\d+$/);
      const pdf = await readPdf(res.rawPayload);

      assert.ok(pdf.pages >= 2, `${pdf.pages} pages`);
      for (const size of pdf.sizes) assert.deepEqual(size, [0, 0, 595.28, 841.89]); // A4
      assert.equal(pdf.info.Title, 'Programme de la 4e session — automne-hiver 2099');
      assert.equal(pdf.info.Author, 'Pays du Ternois');

      const all = pdf.lines.flat();
      assert.equal(all[0], 'Programme de la 4e session — automne-hiver 2099');
      assert.ok(all.includes('Dispositif financé par : Région Hauts-de-France et Département du Pas-de-Calais'), all.slice(0, 8).join('\n'));
      for (const venue of ['Cybercentre de Frévent', 'Cybercentre d’Auxi-le-Château', 'Cybercentre de Saint-Pol-sur-Ternoise']) assert.ok(all.includes(venue), venue);
      assert.ok(all.includes('2 rue du Château, 62270 Frévent'));
      assert.ok(all.includes('3 rue de la Mairie, 62390 Auxi-le-Château'), 'a postcode typed in the address is not repeated');

      for (const s of sessions) {
        const slot = single(formatSlot(s.startsAt.toISOString(), new Date(s.startsAt.getTime() + 150 * 60_000).toISOString()));
        const line = all.find((l) => l.startsWith(slot));
        assert.ok(line, `no line for ${slot}`);
        assert.ok(line.includes(single(s.title)), `${line} lacks ${s.title}`);
        assert.equal(line.includes('Annulée'), s.status === 'cancelled', line);
        assert.equal(line.includes('Créneau débutants'), s.beginner === 1, line);
      }
      assert.ok(all.some((l) => l.includes('L’e-commerce pour 1 000 clients')), 'typographic apostrophe and narrow no-break space');
      assert.ok(!all.some((l) => l.includes('Atelier en préparation')));
      assert.ok(!all.some((l) => l.includes('2099 de 14 h') && l.startsWith('mardi 3 mars 2099')), 'another cycle’s session');
      assert.deepEqual(
        pdf.lines.map((page) => page.map((l) => /Page \d+ \/ \d+$/.exec(l)?.[0]).filter(Boolean)),
        pdf.lines.map((_, i) => [`Page ${i + 1} / ${pdf.pages}`]),
      );
    });

    test('a cycle without sessions yet gives a one-page programme that says so', async () => {
      await buildCycle(t.database.db, { territoryId, number: 5 });
      const res = await t.app.inject({ url: '/programme/5.pdf' });
      assert.equal(res.statusCode, 200);
      const pdf = await readPdf(res.rawPayload);
      assert.equal(pdf.pages, 1);
      assert.ok(pdf.lines[0]!.includes('Aucune séance n’est encore programmée pour cette session.'));
      assert.ok(pdf.lines[0]!.some((l) => l.endsWith('Page 1 / 1')));
    });

    test('unknown cycles, and paths that are not a cycle number, are 404', async () => {
      for (const url of ['/programme/99.pdf', '/programme/abc.pdf', '/programme/4.pdf.exe', '/programme/12345678901234567890.pdf']) {
        const res = await t.app.inject({ url });
        assert.equal(res.statusCode, 404, url);
      }
    });

    test('costs the same few queries for 5 sessions as for 50', async () => {
      const db = t.database.db;
      const cycle = await buildCycle(db, { territoryId, number: 6 });
      const venue = await buildVenueWith(db, { territoryId });
      const workshop = await buildWorkshopWith(db, { territoryId });
      const add = async (n: number, from: number) => {
        for (let i = 0; i < n; i++) {
          await buildSessionWith(db, { territoryId, cycleId: cycle.id, venueId: venue.id, workshopId: workshop.id, startsAt: new Date(Date.parse('2099-01-05T08:00:00Z') + (from + i) * 86400_000) });
        }
      };
      const count = async () => {
        const before = t.database.queryCount();
        const res = await t.app.inject({ url: '/programme/6.pdf' });
        assert.equal(res.statusCode, 200);
        return t.database.queryCount() - before;
      };
      await t.app.inject({ url: '/programme/4.pdf' }); // the first request of a process checks the set-up once
      await add(5, 0);
      const few = await count();
      await add(45, 5);
      const many = await count();
      assert.equal(many, few);
      assert.ok(few <= 2, `${few} queries`); // the territory, then the cycle's sessions
    });
  });
}

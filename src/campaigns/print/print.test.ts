import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import jsQRModule from 'jsqr';
import { databaseTiers } from '../../../test/databases.js';
import { readPdf, renderPageToImage } from '../../../test/pdf.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { StaffClient } from '../../../test/staff-session.js';
import { buildCycle, buildSessionWith, buildStaff, buildTerritory, buildVenueWith, buildWorkshopWith } from '../../../test/factories.js';
import { defaultCycle } from './queries.js';
import { renderPoster, type PosterInput } from './poster.js';

// jsqr is CommonJS with a typed `default`: under NodeNext the default import is the module object
const jsQR = (jsQRModule as unknown as { default: typeof jsQRModule.default }).default;
/** Lines joined back into running text: a line broken after a hyphen (« Pas-de-|Calais ») joins without a space. */
const flow = (lines: string[]) => lines.join('\n').replace(/-\n/g, '-').replace(/\s+/g, ' ');
// Written here independently of the renderer: « lundi 7 septembre · 9 h »
const frenchDate = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', weekday: 'long', day: 'numeric', month: 'long' });
const parisHour = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: 'numeric', hourCycle: 'h23' });
const slot = (d: Date) => `${frenchDate.format(d)} · ${Number(parisHour.formatToParts(d).find((p) => p.type === 'hour')!.value)} h`;

test('the default cycle is the one running today, else the next, else the latest', () => {
  const c = (id: number, starts_on: string, ends_on: string) => ({ id, number: id, name: `${id}e session`, starts_on, ends_on });
  const cycles = [c(3, '2027-03-01', '2027-08-31'), c(2, '2026-09-01', '2027-02-28'), c(1, '2026-01-01', '2026-06-30')];
  assert.equal(defaultCycle(cycles, '2026-11-29')?.id, 2);
  assert.equal(defaultCycle(cycles, '2026-07-15')?.id, 2, 'between two cycles: the next one');
  assert.equal(defaultCycle(cycles, '2028-01-01')?.id, 3, 'after all of them: the latest');
  assert.equal(defaultCycle([], '2026-11-29'), undefined);
});

test('whatever the texts’ length, everything stays on one page, inside the margins, above the footer, and the code reads', async () => {
  const long = 'Communauté de communes du Ternois et de la vallée de la Canche, pour un numérique accessible à toutes les entreprises';
  const input: PosterInput = {
    programmeName: long,
    tagline: long,
    territoryName: 'Pays du Ternois',
    publisher: 'Pays du Ternois',
    funder: `${long} — ${long}`,
    cycleNumber: 12,
    cycleName: long,
    sessions: Array.from({ length: 41 }, (_, i) => ({
      starts_at: new Date(Date.parse('2099-09-07T07:30:00Z') + i * 86400_000).toISOString(),
      workshop_title: `${long} (${i})`,
      venue_id: i % 4,
      venue_name: `Médiathèque intercommunale numéro ${i % 4} de Saint-Pol-sur-Ternoise et environs immédiats`,
      commune_name: 'Saint-Pol-sur-Ternoise',
    })),
    siteUrl: 'https://ateliers-numeriques.ternois-communaute.fr',
    qrUrl: 'https://ateliers-numeriques.ternois-communaute.fr/?ref=affiche-session-12',
  };
  for (const [format, margin] of [['A4', 40], ['A5', 40 * (420 / 595.28)]] as const) {
    const buffer = await renderPoster(input, format);
    const pdf = await readPdf(buffer);
    assert.equal(pdf.pages, 1, format);
    const [, , width, height] = pdf.sizes[0]!;
    for (const item of pdf.items[0]!) {
      assert.ok(item.x >= margin - 0.5 && item.x + item.width <= width! - margin + 0.5, `${format}: « ${item.str} » leaves the margins`);
      assert.ok(item.y <= height! - margin + 0.5, `${format}: « ${item.str} » below the margin`);
    }
    const footer = pdf.items[0]!.find((i) => i.str.startsWith('Inscription gratuite'))!;
    const sessionItems = pdf.items[0]!.filter((i) => i.str.includes('(') || i.str.startsWith('Médiathèque'));
    assert.ok(sessionItems.length > 0, format);
    assert.ok(sessionItems.every((i) => i.y < footer.y - 10), `${format}: a session runs into the footer`);
    assert.ok(pdf.lines[0]!.some((l) => l.startsWith('et d’autres dates sur ateliers-numeriques.ternois-communaute.fr')), format);
    const underCode = pdf.items[0]!.filter((i) => i.x > width! / 2 && i.y > footer.y).sort((a, b) => a.y - b.y).map((i) => i.str).join('');
    assert.equal(underCode, input.qrUrl, `${format}: the address under the code is whole`);
    assert.equal(jsQR(...(await renderPageToImage(buffer, 1, 3).then((i) => [i.data, i.width, i.height] as const)))?.data, input.qrUrl, format);
  }
});

for (const tier of databaseTiers()) {
  describe(`posters and flyers on ${tier.name}`, () => {
    let t: TestApp;
    let coordinator: { email: string; password: string };
    let facilitator: { email: string; password: string };
    let partner: { email: string; password: string };
    let cycleId: number;
    let emptyCycleId: number;
    let otherCycleId: number;
    const upcoming: Array<{ title: string; startsAt: Date }> = [];

    before(async () => {
      t = await createTestApp(tier);
      const db = t.database.db;
      const territory = await buildTerritory(db, { funder: 'Région Hauts-de-France et Département du Pas-de-Calais', programmeName: 'Ternois Numérique' });
      const territoryId = territory.id;
      coordinator = await buildStaff(db, { territoryId });
      facilitator = await buildStaff(db, { territoryId, role: 'facilitator' });
      partner = await buildStaff(db, { territoryId, role: 'partner' });
      cycleId = (await buildCycle(db, { territoryId, number: 4 })).id;
      await db.updateTable('cycles').set({ name: 'automne-hiver 2099' }).where('id', '=', cycleId).execute();
      const empty = await buildCycle(db, { territoryId, number: 5 });
      emptyCycleId = empty.id;
      await db.updateTable('cycles').set({ starts_on: '2099-03-01', ends_on: '2099-08-31' }).where('id', '=', empty.id).execute();

      const frevent = await buildVenueWith(db, { territoryId, name: 'Cybercentre de Frévent', commune_code: '62361' });
      const auxi = await buildVenueWith(db, { territoryId, name: 'Cybercentre d’Auxi-le-Château', commune_code: '62060' });
      const titles = ['Créer son site web', 'L’e-commerce pour débutants', 'La sécurité en ligne'];
      const workshops = [];
      for (const title of titles) workshops.push(await buildWorkshopWith(db, { territoryId, title }));
      // nine upcoming sessions, two days apart, alternating venues (never on a 1st: « 1er »)
      for (let i = 0; i < 9; i++) {
        const startsAt = new Date(Date.parse('2099-09-07T07:00:00Z') + i * 2 * 86400_000);
        const workshop = workshops[i % 3]!;
        await buildSessionWith(db, { territoryId, cycleId, workshopId: workshop.id, venueId: (i % 2 ? auxi : frevent).id, startsAt });
        upcoming.push({ title: workshop.title, startsAt });
      }
      const absent = async (title: string, extra: Partial<Parameters<typeof buildSessionWith>[1]>, published: 0 | 1 = 1) => {
        const w = await buildWorkshopWith(db, { territoryId, title, published });
        await buildSessionWith(db, { territoryId, cycleId, workshopId: w.id, venueId: frevent.id, startsAt: new Date('2099-09-08T12:00:00Z'), ...extra });
      };
      await absent('Atelier passé', { startsAt: new Date('2020-03-03T13:00:00Z') });
      await absent('Atelier annulé', { status: 'cancelled' });
      await absent('Atelier en préparation', {}, 0);
      await absent('Atelier réservé aux sondés', { set: { public_from: '2099-09-01T00:00:00.000Z' } });

      // another territory, its cycle and its session
      const other = await buildTerritory(db);
      const otherCycle = await buildCycle(db, { territoryId: other.id, number: 4 });
      otherCycleId = otherCycle.id;
      const otherWorkshop = await buildWorkshopWith(db, { territoryId: other.id, title: 'Atelier d’ailleurs' });
      await buildSessionWith(db, { territoryId: other.id, cycleId: otherCycle.id, workshopId: otherWorkshop.id, startsAt: new Date('2099-09-09T12:00:00Z') });
    });
    after(() => t.close());

    const signedIn = (who: { email: string; password: string }) => new StaffClient(t.app).logIn(who.email, who.password);
    const expectedUrl = () => `${t.config.baseUrl}/?ref=affiche-session-4`;

    async function decodeQr(pdf: Buffer, scale: number) {
      const image = await renderPageToImage(pdf, 1, scale);
      return jsQR(image.data, image.width, image.height)?.data;
    }

    test('the A4 poster: one page, the upcoming sessions by venue with their French dates, the QR code to the site', async () => {
      const client = await signedIn(coordinator);
      const res = await client.get(`/equipe/campagnes/affiches/${cycleId}/affiche.pdf`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/pdf');
      assert.equal(res.headers['content-disposition'], 'attachment; filename="affiche-session-4.pdf"');
      // the posters are a campaign of their own (once, however many downloads), so their QR code's visits are attributed
      await client.get(`/equipe/campagnes/affiches/${cycleId}/flyer.pdf`);
      const campaigns = await t.database.db.selectFrom('campaigns').select(['ref', 'status', 'name']).where('ref', '=', 'affiche-session-4').execute();
      assert.equal(campaigns.length, 1);
      assert.equal(campaigns[0]!.status, 'sent');
      assert.match(campaigns[0]!.name, /^Affiches et flyers — /);
      const pdf = await readPdf(res.rawPayload);
      assert.equal(pdf.pages, 1);
      assert.deepEqual(pdf.sizes[0], [0, 0, 595.28, 841.89]);
      assert.equal(pdf.info.Title, 'Affiche — 4e session — automne-hiver 2099');
      assert.equal(pdf.info.Author, 'Pays du Ternois');
      assert.equal(pdf.info.Subject, 'Ateliers numériques gratuits pour les chefs d’entreprise — Pays du Ternois');

      const lines = pdf.lines[0]!;
      const text = lines.join('\n');
      for (const expected of ['Ternois Numérique', '4e session — automne-hiver 2099', 'Prochaines séances', 'Dispositif financé par : Région Hauts-de-France et Département du Pas-de-Calais', expectedUrl()]) {
        assert.ok(flow(lines).includes(expected), `${expected} in\n${text}`);
      }
      assert.ok(flow(lines).includes('Ateliers numériques gratuits pour les chefs d’entreprise'));
      assert.ok(lines.some((l) => l.startsWith('Cybercentre de Frévent') && l.includes('Frévent')));
      assert.ok(lines.some((l) => l.startsWith('Cybercentre d’Auxi-le-Château')), 'typographic apostrophe and accents');
      for (const s of upcoming) {
        const line = lines.find((l) => l.startsWith(slot(s.startsAt)));
        assert.ok(line, `no line for ${slot(s.startsAt)} in\n${text}`);
        assert.ok(line.includes(s.title), `${line} lacks ${s.title}`);
      }
      for (const absent of ['Atelier passé', 'Atelier annulé', 'Atelier en préparation', 'Atelier réservé aux sondés', 'Atelier d’ailleurs', 'et d’autres dates']) {
        assert.ok(!text.includes(absent), absent);
      }
      assert.equal(await decodeQr(res.rawPayload, 2), expectedUrl());
    });

    test('the A5 flyer: the same page scaled, fewer sessions (the soonest), « et d’autres dates », the QR code', async () => {
      const client = await signedIn(coordinator);
      const res = await client.get(`/equipe/campagnes/affiches/${cycleId}/flyer.pdf`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-disposition'], 'attachment; filename="flyer-session-4.pdf"');
      const pdf = await readPdf(res.rawPayload);
      assert.equal(pdf.pages, 1);
      assert.deepEqual(pdf.sizes[0], [0, 0, 419.53, 595.28]);
      assert.equal(pdf.info.Title, 'Flyer — 4e session — automne-hiver 2099');
      const lines = pdf.lines[0]!;
      const shown = upcoming.filter((s) => lines.some((l) => l.startsWith(slot(s.startsAt))));
      assert.ok(shown.length >= 3 && shown.length < upcoming.length, `${shown.length} sessions in\n${lines.join('\n')}`);
      assert.deepEqual(shown, upcoming.slice(0, shown.length), 'the soonest ones');
      const site = t.config.baseUrl.replace(/^https?:\/\//, '');
      assert.ok(lines.includes(`et d’autres dates sur ${site}`), lines.join('\n'));
      assert.equal(await decodeQr(res.rawPayload, 3), expectedUrl());
    });

    test('a cycle without upcoming sessions still gives a poster that sends to the site', async () => {
      const client = await signedIn(coordinator);
      const res = await client.get(`/equipe/campagnes/affiches/${emptyCycleId}/affiche.pdf`);
      assert.equal(res.statusCode, 200);
      const pdf = await readPdf(res.rawPayload);
      assert.equal(pdf.pages, 1);
      assert.ok(pdf.lines[0]!.some((l) => l.startsWith('Les prochaines dates seront annoncées sur')));
      assert.equal(await decodeQr(res.rawPayload, 2), `${t.config.baseUrl}/?ref=affiche-session-5`);
    });

    test('the page chooses the current cycle by default, another by the form, and links to both files', async () => {
      const client = await signedIn(coordinator);
      const res = await client.get('/equipe/campagnes/affiches');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, new RegExp(`<option value="${cycleId}" selected`));
      assert.ok(res.body.includes(`href="/equipe/campagnes/affiches/${cycleId}/affiche.pdf"`));
      assert.ok(res.body.includes(`href="/equipe/campagnes/affiches/${cycleId}/flyer.pdf"`));
      assert.ok(res.body.includes('9 séances à venir dans cette session.'));
      assert.ok(res.body.includes(`${t.config.baseUrl}/?ref=affiche-session-4`));
      const other = await client.get(`/equipe/campagnes/affiches?cycle=${emptyCycleId}`);
      assert.match(other.body, new RegExp(`<option value="${emptyCycleId}" selected`));
      assert.ok(other.body.includes(`href="/equipe/campagnes/affiches/${emptyCycleId}/flyer.pdf"`));
      const foreign = await client.get(`/equipe/campagnes/affiches?cycle=${otherCycleId}`);
      assert.ok(!foreign.body.includes(`/equipe/campagnes/affiches/${otherCycleId}/`), 'another territory’s cycle is not offered');
    });

    test('unknown cycles and another territory’s are 404', async () => {
      const client = await signedIn(coordinator);
      for (const url of [`/equipe/campagnes/affiches/${otherCycleId}/affiche.pdf`, `/equipe/campagnes/affiches/${otherCycleId}/flyer.pdf`, '/equipe/campagnes/affiches/999999/affiche.pdf', '/equipe/campagnes/affiches/abc/flyer.pdf']) {
        assert.equal((await client.get(url)).statusCode, 404, url);
      }
    });

    test('facilitators and partners get a 404, anonymous visitors the login page', async () => {
      const urls = ['/equipe/campagnes/affiches', `/equipe/campagnes/affiches/${cycleId}/affiche.pdf`, `/equipe/campagnes/affiches/${cycleId}/flyer.pdf`];
      for (const who of [facilitator, partner]) {
        const client = await signedIn(who);
        for (const url of urls) assert.equal((await client.get(url)).statusCode, 404, url);
      }
      for (const url of urls) {
        const res = await t.app.inject({ url });
        assert.equal(res.statusCode, 303, url);
        assert.equal(res.headers.location, '/equipe/connexion');
      }
    });
  });
}

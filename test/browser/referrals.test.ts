import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../databases.js';
import { issueAccessToken } from '../../src/registration/tokens.js';
import { axeViolations, startDemoBrowser } from './harness.js';

const [sqlite] = databaseTiers();

/** A consented referral after a held session, seen and updated by the chamber's account, counted on the dashboard — axe on every page. */
describe('referral to a chamber in Chromium, checked by axe-core', () => {
  let demo: Awaited<ReturnType<typeof startDemoBrowser>>;

  before(async () => {
    demo = await startDemoBrowser(sqlite!);
  });
  after(async () => {
    await demo?.close();
  });

  test('the coordinator refers a leader with consent; the CCI account records the outcome; the dashboard counts it', async () => {
    const db = demo.app.database.db;
    const base = demo.app.baseUrl;
    const cci = await db.selectFrom('partners').select(['id', 'name']).where('kind', '=', 'cci').executeTakeFirstOrThrow();
    const held = await db
      .selectFrom('sessions as s')
      .innerJoin('registrations as g', 'g.session_id', 's.id')
      .innerJoin('cycles as c', 'c.id', 's.cycle_id')
      .select(['s.id', 'g.participant_id', 'c.id as cycle_id', 'c.name as cycle_name'])
      .where('s.status', '=', 'held')
      .where('g.attendance', '=', 'present')
      .orderBy('s.starts_at', 'desc')
      .executeTakeFirstOrThrow();
    const counted = async () => {
      const rows = await db.selectFrom('referrals').select('status').where('partner_id', '=', cci.id).where('cycle_id', '=', held.cycle_id).execute();
      return { total: rows.length, contacted: rows.filter((r) => r.status === 'contacted').length };
    };
    const before = await counted();

    const coordinator = await demo.signedIn('coordinator');
    await coordinator.goto(`${base}/equipe/seances/${held.id}/emargement`);
    assert.deepEqual(await axeViolations(coordinator), []);
    await coordinator.locator(`a[href="/equipe/orientations/nouvelle?seance=${held.id}&participant=${held.participant_id}"]`).first().click();
    await coordinator.waitForURL(/\/equipe\/orientations\/nouvelle/);
    assert.deepEqual(await axeViolations(coordinator), []);
    await coordinator.selectOption('#partner', String(cci.id));
    await coordinator.check('#shared-name');
    await coordinator.check('#shared-email');
    // without the consent box: refused beside it
    await coordinator.getByRole('button', { name: 'Transmettre l’orientation' }).click();
    await coordinator.waitForSelector('#consent-erreur');
    assert.match((await coordinator.locator('#consent-erreur').textContent()) ?? '', /accord explicite/);
    assert.deepEqual(await axeViolations(coordinator), []);
    assert.equal((await counted()).total, before.total, 'nothing written');
    await coordinator.check('#consent');
    await coordinator.getByRole('button', { name: 'Transmettre l’orientation' }).click();
    await coordinator.waitForURL(new RegExp(`/equipe/seances/${held.id}/emargement\\?oriente=`));
    assert.match((await coordinator.locator('body').textContent()) ?? '', /Orientation transmise à CCI Artois/);
    const referral = await db.selectFrom('referrals').select(['id', 'consent_text']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.match(referral.consent_text, /a donné son accord, ce jour/);

    const partner = await demo.signedIn('partner');
    await partner.goto(`${base}/equipe`);
    await partner.getByRole('link', { name: 'Orientations', exact: true }).click();
    await partner.waitForURL(/\/equipe\/orientations$/);
    assert.deepEqual(await axeViolations(partner), []);
    await partner.locator(`a[href="/equipe/orientations/${referral.id}"]`).click();
    await partner.waitForURL(new RegExp(`/equipe/orientations/${referral.id}$`));
    assert.deepEqual(await axeViolations(partner), []);
    await partner.selectOption('#status', 'contacted');
    await partner.getByRole('button', { name: 'Enregistrer la suite' }).click();
    await partner.waitForURL(/enregistre=1/);
    assert.match((await partner.locator('main').textContent()) ?? '', /Contacté le/);
    assert.deepEqual(await axeViolations(partner), []);
    assert.equal((await partner.goto(`${base}/equipe/bilan`))?.status(), 404);

    const after = await counted();
    assert.deepEqual(after, { total: before.total + 1, contacted: before.contacted + 1 });
    await coordinator.goto(`${base}/equipe/bilan`);
    const row = coordinator.locator('#orientations ~ div tr', { has: coordinator.locator('th', { hasText: 'CCI Artois' }) }).filter({ hasText: held.cycle_name });
    const cells = await row.locator('td').allTextContents();
    assert.equal(cells[1], String(after.total));
    assert.equal(cells[2], String(after.contacted));
    assert.deepEqual(await axeViolations(coordinator), []);
  });

  test('the partner pages, a form with errors and the leader’s own request pass axe', async () => {
    const db = demo.app.database.db;
    const base = demo.app.baseUrl;
    const cci = await db.selectFrom('partners').select('id').where('kind', '=', 'cci').executeTakeFirstOrThrow();
    const page = await demo.signedIn('coordinator');
    for (const url of ['/equipe/partenaires', `/equipe/partenaires/${cci.id}`, '/equipe/partenaires/nouveau', '/equipe/partenaires/comptes', '/equipe/partenaires/comptes/nouveau', '/equipe/orientations']) {
      assert.equal((await page.goto(`${base}${url}`))?.status(), 200, url);
      assert.deepEqual(await axeViolations(page), [], `axe on ${url}`);
    }
    await page.goto(`${base}/equipe/partenaires/${cci.id}`);
    await page.getByRole('button', { name: 'Ajouter une formation' }).click();
    await page.waitForSelector('#title-erreur');
    assert.deepEqual(await axeViolations(page), [], 'axe on the offer form with errors');

    const leader = await db.selectFrom('registrations').select('participant_id').where('attendance', '=', 'present').executeTakeFirstOrThrow();
    const token = await issueAccessToken(db, leader.participant_id);
    const context = await demo.browser.newContext();
    const mine = await context.newPage();
    await mine.goto(`${base}/mes-inscriptions/acces?jeton=${token}`);
    await mine.goto(`${base}/mes-inscriptions/orientation`);
    assert.match((await mine.locator('h1').textContent()) ?? '', /Être accompagné par une chambre/);
    assert.deepEqual(await axeViolations(mine), []);
    await mine.selectOption('#partner', String(cci.id));
    await mine.getByRole('button', { name: 'Transmettre l’orientation' }).click();
    await mine.waitForSelector('#consent-erreur');
    assert.deepEqual(await axeViolations(mine), [], 'axe on the leader’s form with errors');
    await mine.check('#consent');
    await mine.getByRole('button', { name: 'Transmettre l’orientation' }).click();
    await mine.waitForURL(/transmise=/);
    assert.match((await mine.locator('main').textContent()) ?? '', /Votre demande a été transmise à CCI Artois/);
    await context.close();
  });
});

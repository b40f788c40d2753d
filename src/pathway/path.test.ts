import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../test/databases.js';
import { createTestApp, cookiesOf, type TestApp } from '../../test/app.js';
import { buildCycle, buildSession, buildStaff, buildTerritory, buildVenueWith, buildWorkshopWith } from '../../test/factories.js';
import { issueAccessToken } from '../registration/tokens.js';
import { nextWorkshopsFor, partnerPathFor } from './path.js';
import { currentQuestionnaire, recordDiagnostic } from './diagnostic/commands.js';

const DAY = 86_400_000;

for (const tier of databaseTiers()) {
  describe(`the leader's next workshops in « Mes inscriptions », on ${tier.name}`, () => {
    let t: TestApp;
    let ids: Record<string, number>;
    let sessions: Record<string, number>;
    let pauline: number;
    let newcomer: number;
    before(async () => {
      t = await createTestApp(tier);
      const db = t.database.db;
      const territoryId = (await buildTerritory(db)).id;
      await buildStaff(db, { territoryId, role: 'coordinator' });
      const w = async (slug: string, title: string, theme: string, level: 'debutant' | 'intermediaire') => (await buildWorkshopWith(db, { territoryId, slug, title, theme, level })).id;
      ids = {
        premiers: await w('premiers-pas', 'Premiers pas sur Internet', 'internet', 'debutant'),
        recherche: await w('recherche', 'Bien chercher', 'internet', 'debutant'),
        avance: await w('internet-avance', 'Internet, la suite', 'internet', 'intermediaire'),
        reserve: await w('reserve', 'Internet pour les pros', 'internet', 'intermediaire'),
        site: await w('site', 'Créer son site', 'web', 'debutant'),
        devis: await w('devis', 'Lire un devis', 'web', 'intermediaire'),
      };
      const cycle = await buildCycle(db, { territoryId });
      const saintPol = (await buildVenueWith(db, { territoryId, commune_code: '62767', name: 'Cybercentre de Saint-Pol' })).id;
      const frevent = (await buildVenueWith(db, { territoryId, commune_code: '62361', name: 'Cybercentre de Frévent' })).id;
      const at = (days: number) => new Date(Date.now() + days * DAY);
      sessions = {
        held: (await buildSession(db, { territoryId, cycleId: cycle.id, workshopId: ids.premiers!, venueId: saintPol, startsAt: at(-30), status: 'held' })).id,
        avanceSaintPol: (await buildSession(db, { territoryId, cycleId: cycle.id, workshopId: ids.avance!, venueId: saintPol, startsAt: at(5) })).id,
        avanceFrevent: (await buildSession(db, { territoryId, cycleId: cycle.id, workshopId: ids.avance!, venueId: frevent, startsAt: at(12) })).id,
        reserve: (await buildSession(db, { territoryId, cycleId: cycle.id, workshopId: ids.reserve!, venueId: frevent, startsAt: at(8) })).id,
        devis: (await buildSession(db, { territoryId, cycleId: cycle.id, workshopId: ids.devis!, venueId: saintPol, startsAt: at(9) })).id,
      };
      const person = async (email: string, commune: string) => (await db.insertInto('participants').values({ territory_id: territoryId, email, first_name: 'P', last_name: 'L', commune_code: commune }).returning('id').executeTakeFirstOrThrow()).id;
      pauline = await person('pauline@example.fr', '62361');
      newcomer = await person('nouveau@example.fr', '62767');
      await db.insertInto('registrations').values([
        { session_id: sessions.held!, participant_id: pauline, status: 'confirmed', attendance: 'present' },
        { session_id: sessions.reserve!, participant_id: pauline, status: 'confirmed' },
      ]).execute();
    });
    after(() => t.close());

    test('after a workshop: its next level first, then its theme; never one attended or booked; the nearest session', async () => {
      const next = await nextWorkshopsFor(t.database.db, pauline);
      assert.deepEqual(next.map((w) => [w.slug, w.reason, w.after]), [
        ['internet-avance', 'continuation', 'Premiers pas sur Internet'],
        ['recherche', 'same_theme', 'Premiers pas sur Internet'],
      ]);
      assert.equal(next[0]!.next?.id, sessions.avanceFrevent, 'the session in her commune, though later');
      assert.equal(next[1]!.next, null, 'no session: it can be asked for');
    });

    test('a diagnostic’s recommendations come first, in their order; a newcomer gets the beginners’ workshops', async () => {
      const next = await nextWorkshopsFor(t.database.db, pauline, { recommended: [ids.devis!, ids.premiers!] });
      assert.deepEqual(next.map((w) => [w.slug, w.reason]), [['devis', 'diagnostic'], ['internet-avance', 'continuation'], ['recherche', 'same_theme']], 'an attended workshop is never suggested, even recommended');
      const fresh = await nextWorkshopsFor(t.database.db, newcomer);
      assert.deepEqual(new Set(fresh.map((w) => w.slug)), new Set(['premiers-pas', 'recherche', 'site']));
      assert.ok(fresh.every((w) => w.reason === 'first_steps'));
    });

    test('the chambers’ trainings on the themes attended, with the leader’s referrals; none before a first workshop', async () => {
      const db = t.database.db;
      const territoryId = (await db.selectFrom('participants').select('territory_id').where('id', '=', pauline).executeTakeFirstOrThrow()).territory_id;
      const cci = await db.insertInto('partners').values({ territory_id: territoryId, kind: 'cci', name: 'CCI Artois' }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('partner_offers').values([
        { partner_id: cci.id, title: 'Référencement avancé', url: 'https://cci.example.fr/seo', themes: ',internet,', level: 'avance' },
        { partner_id: cci.id, title: 'Comptabilité', url: null, themes: ',outils,', level: 'intermediaire' },
      ]).execute();
      await db.insertInto('referrals').values({ territory_id: territoryId, participant_id: pauline, partner_id: cci.id, requested_by: 'participant', consent_text: 'accord', consent_text_version: 'v1', consent_at: '2026-11-02T10:00:00.000Z', shared_fields: '[]', status: 'contacted', status_at: '2026-11-05T10:00:00.000Z', created_at: '2026-11-02T10:00:00.000Z' }).execute();
      const path = await partnerPathFor(db, pauline);
      assert.deepEqual(path.offers.map((o) => o.title), ['Référencement avancé']);
      assert.deepEqual(path.referrals.map((r) => [r.partner_name, r.status]), [['CCI Artois', 'contacted']]);
      assert.deepEqual((await partnerPathFor(db, newcomer)).offers, []);
      assert.deepEqual((await partnerPathFor(db, newcomer, { themes: ['outils'] })).offers.map((o) => o.title), ['Comptabilité'], 'a diagnostic’s themes count too');
    });

    test('a kept self-diagnostic: its workshops come first in « Mes inscriptions », with its date', async () => {
      const db = t.database.db;
      const territoryId = (await db.selectFrom('participants').select('territory_id').where('id', '=', pauline).executeTakeFirstOrThrow()).territory_id;
      const version = await currentQuestionnaire(db, territoryId);
      const lowest = Object.fromEntries(version.questionnaire.questions.map((q) => [q.key, q.choices[0]!.key]));
      await recordDiagnostic(db, { territoryId, version, answers: lowest, communeCode: '62361', participantId: pauline });
      const token = await issueAccessToken(db, pauline);
      const access = await t.app.inject({ method: 'GET', url: `/mes-inscriptions/acces?jeton=${token}` });
      const page = await t.app.inject({ method: 'GET', url: '/mes-inscriptions', cookies: cookiesOf(access) });
      assert.match(page.body, /Selon votre autodiagnostic du/);
      assert.match(page.body, /Recommandé par votre autodiagnostic\./);
      const first = /<li class="session-card"><h3><a href="\/ateliers\/([a-z-]+)">/.exec(page.body.slice(page.body.indexOf('aller-plus-loin')));
      assert.ok(first && ['site', 'devis', 'recherche', 'internet-avance'].includes(first[1]!), `a recommended workshop first (${first?.[1]})`);
      await db.deleteFrom('diagnostic_results').where('participant_id', '=', pauline).execute();
    });

    test('shown in « Mes inscriptions »: why, the next session to register, or a way to ask for one', async () => {
      const token = await issueAccessToken(t.database.db, pauline);
      const access = await t.app.inject({ method: 'GET', url: `/mes-inscriptions/acces?jeton=${token}` });
      assert.equal(access.statusCode, 303);
      const jar = cookiesOf(access);
      const page = await t.app.inject({ method: 'GET', url: '/mes-inscriptions', cookies: jar });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h2 id="aller-plus-loin">Pour aller plus loin<\/h2>/);
      assert.match(page.body, /La suite de « Premiers pas sur Internet », que vous avez suivi\./);
      assert.match(page.body, new RegExp(`href="/seances/${sessions.avanceFrevent}/inscription"`));
      assert.match(page.body, /Cybercentre de Frévent \(Frévent\)/);
      assert.match(page.body, /href="\/ateliers\/demande\?atelier=recherche"/);
      assert.match(page.body, /<h2 id="chambres">Se former avec les chambres<\/h2>/);
      assert.match(page.body, /<a href="https:\/\/cci\.example\.fr\/seo" rel="noopener noreferrer">Référencement avancé<\/a> — CCI Artois/);
      assert.match(page.body, /Vers CCI Artois, le lundi 2 novembre 2026 : Contacté/);
      assert.match(page.body, /href="\/mes-inscriptions\/orientation"/);
    });
  });
}

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { databaseTiers } from '../../test/databases.js';
import { cookiesOf, createTestApp, csrfOf, form, type TestApp } from '../../test/app.js';
import { buildSession, buildStaff, buildTerritory } from '../../test/factories.js';

const cookieHeader = (jar: Record<string, string>) => Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');

for (const tier of databaseTiers()) {
  describe(`registration pages on ${tier.name}`, () => {
    let t: TestApp;
    let sessionId: number;
    let fullId: number;

    before(async () => {
      t = await createTestApp(tier, { FORM_RATE_LIMIT: '1000' });
      const db = t.database.db;
      const territory = await buildTerritory(db);
      await buildStaff(db, { territoryId: territory.id });
      const cycle = await db.insertInto('cycles').values({ territory_id: territory.id, number: 1, name: '1re session', starts_on: '2026-01-01', ends_on: '2099-12-31', registration_opens_at: '2026-01-01T00:00:00.000Z' }).returning('id').executeTakeFirstOrThrow();
      const first = await buildSession(db, { territoryId: territory.id, cycleId: cycle.id, seats: 8, startsAt: new Date('2099-03-03T13:00:00Z') });
      sessionId = first.id;
      fullId = (await buildSession(db, { territoryId: territory.id, cycleId: cycle.id, workshopId: first.workshop_id, seats: 1, startsAt: new Date('2099-03-10T13:00:00Z') })).id;
    });
    after(() => t.close());

    const valid = {
      first_name: 'Marie',
      last_name: 'Lefebvre',
      email: 'marie.lefebvre@example.fr',
      phone: '06 12 34 56 78',
      company: 'Ferme Lefebvre',
      siret: '732 829 320 00074',
      sector: 'agriculture',
      commune: '62767',
      level: 'debutant',
      consent_news: '1',
    };

    async function submit(id: number, fields: Record<string, string>) {
      const page = await t.app.inject({ url: `/seances/${id}/inscription` });
      const jar = cookiesOf(page);
      const f = form({ _csrf: csrfOf(page.body), ...fields });
      return t.app.inject({ method: 'POST', url: `/seances/${id}/inscription`, payload: f.payload, headers: { ...f.headers, cookie: cookieHeader(jar) } });
    }
    const counts = async () => ({
      participants: (await t.database.db.selectFrom('participants').select('id').execute()).length,
      registrations: (await t.database.db.selectFrom('registrations').select('id').execute()).length,
      outbox: (await t.database.db.selectFrom('outbox').select('id').execute()).length,
    });

    test('bad input: a French message beside each field, the form kept as typed, nothing written', async () => {
      const before = await counts();
      const res = await submit(sessionId, { ...valid, email: 'marie lefebvre@example', siret: '73282932000075', phone: '12', commune: '99999', sector: 'pêche', first_name: '<script>alert(1)</script>' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /id="email-erreur"[^>]*>Saisissez une adresse e-mail valide/);
      assert.match(res.body, /id="siret-erreur"[^>]*>Ce numéro SIRET n’est pas valide/);
      assert.match(res.body, /id="phone-erreur"[^>]*>Ce numéro de téléphone n’est pas valide/);
      assert.match(res.body, /id="sector-erreur"[^>]*>Choisissez un secteur/);
      assert.match(res.body, /value="73282932000075"/);
      assert.match(res.body, /value="&lt;script>alert\(1\)&lt;\/script>"/);
      assert.doesNotMatch(res.body, /<script>alert/);
      const unknownCommune = await submit(sessionId, { ...valid, commune: '75056' });
      assert.equal(unknownCommune.statusCode, 400);
      assert.match(unknownCommune.body, /id="commune-erreur"[^>]*>Choisissez votre commune dans la liste/);
      assert.deepEqual(await counts(), before);
    });

    test('a valid form confirms at once; HTML typed in a field is stored as typed and shown escaped', async () => {
      const res = await submit(sessionId, { ...valid, company: 'Ferme <b>Lefebvre</b>' });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(res.body, /Votre inscription est confirmée/);
      assert.match(res.body, /mardi 3 mars 2099 de 14 h à 16 h 30/);
      const p = await t.database.db.selectFrom('participants as p').innerJoin('companies as c', 'c.id', 'p.company_id').select(['p.phone', 'c.siret', 'c.name']).executeTakeFirstOrThrow();
      assert.deepEqual(p, { phone: '+33612345678', siret: '73282932000074', name: 'Ferme <b>Lefebvre</b>' });
      const again = await submit(sessionId, valid);
      assert.match(again.body, /Vous étiez déjà inscrit\(e\)/);
      const consent = await t.database.db.selectFrom('consents').select(['purpose', 'text_version']).execute();
      assert.deepEqual(consent, [{ purpose: 'programme_news', text_version: 'news-v1' }]);
    });

    test('a full session offers its waitlist with the position, and the other dates', async () => {
      await submit(fullId, { ...valid, email: 'premier@example.fr' });
      const page = await t.app.inject({ url: `/seances/${fullId}/inscription` });
      assert.match(page.body, /Cette séance est complète/);
      assert.match(page.body, /Autres dates de cet atelier[\s\S]*mardi 3 mars 2099/);
      const res = await submit(fullId, { ...valid, email: 'second@example.fr' });
      assert.match(res.body, /vous êtes en position 1 sur la liste d’attente/);
    });

    test('« Mes inscriptions »: the e-mailed link works once, lists the registrations, cancels in one click', async () => {
      const db = t.database.db;
      const link = await t.app.inject({ url: '/mes-inscriptions/lien' });
      const jar = cookiesOf(link);
      const f = form({ _csrf: csrfOf(link.body), email: 'PREMIER@example.fr' });
      const asked = await t.app.inject({ method: 'POST', url: '/mes-inscriptions/lien', payload: f.payload, headers: { ...f.headers, cookie: cookieHeader(jar) } });
      assert.match(asked.body, /Si cette adresse correspond à une inscription/);
      const unknown = await t.app.inject({ method: 'POST', url: '/mes-inscriptions/lien', payload: form({ _csrf: csrfOf(link.body), email: 'personne@example.fr' }).payload, headers: { ...f.headers, cookie: cookieHeader(jar) } });
      assert.match(unknown.body, /Si cette adresse correspond à une inscription/, 'the same answer for an unknown address');
      const mail = await db.selectFrom('outbox').select(['payload']).where('kind', '=', 'participant.access_link').executeTakeFirstOrThrow();
      const url = /\/mes-inscriptions\/acces\?jeton=([A-Za-z0-9_%-]+)/.exec(mail.payload)![0];
      const tokens = await db.selectFrom('tokens').select(['hash']).execute();
      assert.ok(tokens.every((x) => /^[0-9a-f]{64}$/.test(x.hash)) && !tokens.some((x) => mail.payload.includes(x.hash)), 'only hashes are stored');

      const opened = await t.app.inject({ url });
      assert.equal(opened.statusCode, 303);
      const session = cookiesOf(opened);
      const reused = await t.app.inject({ url });
      assert.equal(reused.statusCode, 400, 'single use');
      assert.match(reused.body, /Ce lien n’est plus valable/);

      const space = await t.app.inject({ url: '/mes-inscriptions', headers: { cookie: cookieHeader(session) } });
      assert.equal(space.statusCode, 200);
      assert.match(space.body, /mardi 10 mars 2099/);
      const registration = await db.selectFrom('registrations as r').innerJoin('participants as p', 'p.id', 'r.participant_id').select('r.id').where('p.email', '=', 'premier@example.fr').executeTakeFirstOrThrow();
      const c = form({ _csrf: csrfOf(space.body) });
      const cancel = await t.app.inject({ method: 'POST', url: `/mes-inscriptions/${registration.id}/annulation`, payload: c.payload, headers: { ...c.headers, cookie: cookieHeader({ ...session, ...cookiesOf(space) }) } });
      assert.equal(cancel.statusCode, 303);
      const statuses = await db.selectFrom('registrations').select(['status']).where('session_id', '=', fullId).orderBy('id').execute();
      assert.deepEqual(statuses.map((s) => s.status), ['cancelled', 'confirmed'], 'the waitlisted person got the seat');
      const other = await db.selectFrom('registrations as r').innerJoin('participants as p', 'p.id', 'r.participant_id').select('r.id').where('p.email', '=', 'marie.lefebvre@example.fr').executeTakeFirstOrThrow();
      const foreign = await t.app.inject({ method: 'POST', url: `/mes-inscriptions/${other.id}/annulation`, payload: c.payload, headers: { ...c.headers, cookie: cookieHeader({ ...session, ...cookiesOf(space) }) } });
      assert.equal(foreign.statusCode, 404, 'another person’s registration cannot be cancelled');
      assert.equal((await t.app.inject({ url: '/mes-inscriptions' })).statusCode, 303, 'no cookie, no list');
    });

    test('random input never gets a 500 nor leaves a half-written record (fast-check)', async () => {
      const page = await t.app.inject({ url: `/seances/${sessionId}/inscription` });
      const jar = cookiesOf(page);
      const csrf = csrfOf(page.body);
      const text = fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('', ' ', '<img src=x onerror=alert(1)>', '06 12 34 56 78', 'a@b.fr', '73282932000074', '62767', 'autre', 'debutant', 'commerce', '\u0000', '𝕏'.repeat(30)));
      await fc.assert(
        fc.asyncProperty(fc.record({ first_name: text, last_name: text, email: text, phone: text, company: text, siret: text, sector: text, commune: text, level: text, role: text }), async (fields) => {
          const before = await counts();
          const f = form({ _csrf: csrf, ...fields });
          const res = await t.app.inject({ method: 'POST', url: `/seances/${sessionId}/inscription`, payload: f.payload, headers: { ...f.headers, cookie: cookieHeader(jar) } });
          assert.ok(res.statusCode < 500, `status ${res.statusCode}`);
          const after = await counts();
          if (res.statusCode !== 200) assert.deepEqual(after, before, 'refused: nothing written');
          else assert.equal(after.registrations - before.registrations <= 1, true);
        }),
        { numRuns: 60 },
      );
    });
  });
}

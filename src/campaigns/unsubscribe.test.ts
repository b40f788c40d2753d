import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../test/databases.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { buildStaff, buildTerritory } from '../../test/factories.js';
import { emailHash, isUnsubscribed, readUnsubscribeToken, unsubscribeHeaders, unsubscribeToken, unsubscribeUrl } from './unsubscribe.js';

test('an unsubscribe token names its address, signed: another address or territory, or a changed byte, is refused', () => {
  const token = unsubscribeToken('secret', 1, 'Marie.Caron@Example.fr');
  assert.equal(readUnsubscribeToken('secret', 1, token), 'marie.caron@example.fr');
  assert.equal(readUnsubscribeToken('secret', 2, token), null, 'another territory');
  assert.equal(readUnsubscribeToken('autre', 1, token), null, 'another secret');
  const [address, sig] = token.split('.') as [string, string];
  const forged = `${Buffer.from('victime@example.fr').toString('base64url')}.${sig}`;
  assert.equal(readUnsubscribeToken('secret', 1, forged), null, 'someone else’s address with this signature');
  assert.equal(readUnsubscribeToken('secret', 1, `${address}.${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`), null);
  assert.equal(readUnsubscribeToken('secret', 1, 'n’importe quoi'), null);
  assert.deepEqual(unsubscribeHeaders(unsubscribeUrl('https://ateliers.example.fr', token), '<ternois.ateliers.example.fr>'), {
    'List-Unsubscribe': `<https://ateliers.example.fr/desinscription/${token}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'List-Id': '<ternois.ateliers.example.fr>',
  });
});

for (const tier of databaseTiers()) {
  describe(`unsubscribing on ${tier.name}`, () => {
    let t: TestApp;
    let territoryId: number;
    let participantId: number;
    before(async () => {
      t = await createTestApp(tier);
      territoryId = (await buildTerritory(t.database.db)).id;
      await buildStaff(t.database.db, { territoryId, role: 'coordinator' }); // set up: the site is open
      const db = t.database.db;
      participantId = (await db.insertInto('participants').values({ territory_id: territoryId, email: 'marie.caron@example.fr', first_name: 'Marie', last_name: 'Caron' }).returning('id').executeTakeFirstOrThrow()).id;
      await db.insertInto('consents').values({ participant_id: participantId, purpose: 'programme_news', text_version: 'news-v1', given_at: new Date().toISOString() }).execute();
    });
    after(() => t.close());

    test('one click from a mail client (RFC 8058): no form, no CSRF token, a plain 200; permanent and idempotent', async () => {
      const db = t.database.db;
      const token = unsubscribeToken(t.config.sessionSecret, territoryId, 'Marie.Caron@example.fr');
      const page = await t.app.inject({ url: `/desinscription/${token}` });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /L’adresse m…@example\.fr ne recevra plus/);
      assert.doesNotMatch(page.body, /marie\.caron@/, 'the address is not shown whole');
      const click = await t.app.inject({ method: 'POST', url: `/desinscription/${token}`, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(click.statusCode, 200);
      assert.match(click.headers['content-type'] as string, /^text\/plain/);
      assert.equal(await isUnsubscribed(db, territoryId, 'MARIE.CARON@example.fr'), true);
      const rows = await db.selectFrom('unsubscribes').select(['email_hash']).execute();
      assert.deepEqual(rows, [{ email_hash: emailHash('marie.caron@example.fr') }], 'only a hash is kept');
      const consent = await db.selectFrom('consents').select('withdrawn_at').where('participant_id', '=', participantId).executeTakeFirstOrThrow();
      assert.ok(consent.withdrawn_at, 'the participant’s programme-news consent is withdrawn');
      // the button of the page, pressed again later: nothing more, a clear page
      const again = await t.app.inject({ method: 'POST', url: `/desinscription/${token}` });
      assert.equal(again.statusCode, 200);
      assert.match(again.body, /Vous êtes désinscrit/);
      assert.equal((await db.selectFrom('unsubscribes').select('id').execute()).length, 1);
      assert.equal((await db.selectFrom('audit_log').select('id').where('action', '=', 'contact.unsubscribed').execute()).length, 1);
    });

    test('a forged or broken link changes nothing and says so', async () => {
      const db = t.database.db;
      const forged = `${Buffer.from('autre@example.fr').toString('base64url')}.${'A'.repeat(22)}`;
      for (const url of [`/desinscription/${forged}`, '/desinscription/abc']) {
        assert.equal((await t.app.inject({ url })).statusCode, 404);
        assert.equal((await t.app.inject({ method: 'POST', url, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).statusCode, 404);
      }
      assert.equal(await isUnsubscribed(db, territoryId, 'autre@example.fr'), false);
      // every other form still wants its CSRF token
      assert.equal((await t.app.inject({ method: 'POST', url: '/equipe/connexion', payload: 'email=a%40b.fr&password=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).statusCode, 403);
    });
  });
}

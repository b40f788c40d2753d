import type { Tx } from '../platform/db/database.js';
import { campaignRef } from '../campaigns/messages/form.js';
import { queueCampaign } from '../campaigns/messages/send.js';
import { emailHash } from '../campaigns/unsubscribe.js';
import { insertAll } from './batch.js';
import { planPeople } from './people.js';
import type { Random } from './random.js';

const DAY = 86_400_000;

/** How many business contacts the demo's chamber file brings (the territory has about 2,000 businesses). */
export const DEMO_CONTACTS = 320;

/**
 * The campaigns of the demo: the contacts of a chamber's file (legitimate interest, its source
 * named), the participants who consented to the programme's news, the current cycle's opening
 * campaign sent two weeks ago to all of them — through the same code as a real send, its messages
 * recorded as sent — with the registrations it brought, a few addresses unsubscribed by its link,
 * and a draft for the farmers, ready to preview.
 */
export async function seedCampaigns(
  tx: Tx,
  rng: Random,
  input: { territoryId: number; now: Date; coordinatorId: number; currentCycleId: number; opensAt: Date; communes: Array<{ insee_code: string; population: number | null }>; baseUrl: string; secret: string; programmeName: string; publisher: string },
): Promise<void> {
  const { territoryId, now } = input;
  const imported = new Date(input.opensAt.getTime() - 10 * DAY).toISOString();
  const plans = planPeople(rng, { communes: input.communes, now, count: DEMO_CONTACTS, earlyShare: 0 });
  await insertAll(
    plans.map((p, i) => ({
      territory_id: territoryId,
      // other people than the participants: the chamber's file uses the businesses' own addresses
      email: p.email.replace('@example.fr', '@entreprise.example.fr'),
      first_name: p.firstName,
      last_name: p.lastName,
      company: p.company,
      sector: p.sector,
      // a chamber's file often lacks a column: a commune for nine in ten, a phone for two in three
      commune_code: i % 10 === 9 ? null : p.commune,
      phone: i % 3 === 2 ? null : p.phone,
      lawful_basis: 'interet_legitime' as const,
      source: 'Fichier des ressortissants CCI Artois 2026 (démo)',
      created_at: imported,
      last_contact_at: imported,
    })),
    (chunk) => tx.insertInto('contacts').values(chunk).onConflict((oc) => oc.columns(['territory_id', 'email']).doNothing()).execute(),
  );

  const ctx = { territoryId, staffId: input.coordinatorId, baseUrl: input.baseUrl, programmeName: input.programmeName, publisher: input.publisher, secret: input.secret };
  const opening = await draft(tx, input, {
    name: 'Rentrée de la 4e session',
    subject: 'Les ateliers numériques gratuits reprennent près de chez vous',
    body: 'Bonjour {prénom},\n\nLes **ateliers numériques** du Pays du Ternois reprennent : une quinzaine de thèmes, en petits groupes, dans les quatre cybercentres, gratuits pour les chefs d’entreprise.\n\nVoici les prochaines séances près de chez vous. L’inscription prend deux minutes.\n\nÀ bientôt !',
    segment: {},
  });
  const queued = await queueCampaign(tx, ctx, opening, input.opensAt, new Map(), now);
  if (!queued.ok) throw new Error('demo campaign not queued');
  // sent at its pace from the opening morning: every message recorded as sent, as the worker would have
  const outbox = await tx.selectFrom('outbox').select(['id', 'next_attempt_at']).where('idempotency_key', 'like', `campaign:${opening}:%`).execute();
  for (const m of outbox) {
    await tx.updateTable('outbox').set({ status: 'sent', attempts: 1, sent_at: new Date(Date.parse(m.next_attempt_at) + 2000).toISOString() }).where('id', '=', m.id).execute();
  }
  const finished = new Date(input.opensAt.getTime() + Math.ceil(outbox.length / 30) * 60_000).toISOString();
  await tx.updateTable('campaigns').set({ status: 'sent', finished_at: finished }).where('id', '=', opening).execute();

  // a few recipients unsubscribed with the message's link (permanent: only the hash is kept)
  const recipients = await tx.selectFrom('campaign_recipients as r').innerJoin('contacts as c', 'c.id', 'r.contact_id').select('c.email').where('r.campaign_id', '=', opening).orderBy('c.id').execute();
  for (const { email } of rng.sample(recipients, 4)) {
    await tx.insertInto('unsubscribes').values({ territory_id: territoryId, email_hash: emailHash(email), campaign_id: opening, at: new Date(input.opensAt.getTime() + rng.int(1, 5) * DAY).toISOString() }).execute();
  }

  // the registrations its links brought: about a third of those made since it went out
  const since = await tx
    .selectFrom('registrations as r')
    .innerJoin('sessions as s', 's.id', 'r.session_id')
    .select('r.id')
    .where('s.cycle_id', '=', input.currentCycleId)
    .where('r.walk_in', '=', 0)
    .where('r.created_at', '>=', input.opensAt.toISOString())
    .orderBy('r.id')
    .execute();
  const brought = since.filter(() => rng.chance(0.35)).map((r) => r.id);
  if (brought.length) await tx.updateTable('registrations').set({ campaign_id: opening }).where('id', 'in', brought).execute();

  await draft(tx, input, {
    name: 'Agriculteurs : les ateliers de l’hiver',
    subject: 'Vendre en ligne, tenir ses comptes : des ateliers pour les exploitants',
    body: 'Bonjour {prénom},\n\nL’hiver est le bon moment pour prendre en main les outils numériques de l’exploitation : vente directe en ligne, facturation électronique, site de la ferme.\n\nLes ateliers sont gratuits et durent une demi-journée.',
    segment: { sectors: ['agriculture'] },
  });
}

async function draft(tx: Tx, input: { territoryId: number; coordinatorId: number; currentCycleId: number; opensAt: Date }, c: { name: string; subject: string; body: string; segment: object }): Promise<number> {
  const row = await tx
    .insertInto('campaigns')
    .values({ territory_id: input.territoryId, cycle_id: input.currentCycleId, name: c.name, ref: `demo-${c.name.length}-${Date.now()}`, subject: c.subject, body: c.body, segment: JSON.stringify(c.segment), per_minute: 30, created_by: input.coordinatorId, created_at: new Date(input.opensAt.getTime() - 2 * DAY).toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx.updateTable('campaigns').set({ ref: campaignRef(c.name, row.id) }).where('id', '=', row.id).execute();
  return row.id;
}

import type { Db } from '../../platform/db/database.js';
import { audit } from '../../platform/audit.js';
import { enqueueMail } from '../../platform/mail/outbox.js';
import type { CampaignInput } from './form.js';
import { campaignRef } from './form.js';
import { renderCampaignMail, type CampaignContext } from './render.js';
import { nearestSessions } from './send.js';
import { openSessions } from '../../catalogue/queries.js';

type Actor = { staffId: number; territoryId: number };

/** Saves a campaign as a draft (new, or changed while it is still one); its reference is made once. */
export async function saveCampaign(db: Db, actor: Actor, input: CampaignInput, id?: number): Promise<number | null> {
  return db.transaction().execute(async (tx) => {
    const values = { name: input.name, subject: input.subject, body: input.body, per_minute: input.perMinute, segment: JSON.stringify(input.segment) };
    if (id !== undefined) {
      const r = await tx.updateTable('campaigns').set(values).where('id', '=', id).where('territory_id', '=', actor.territoryId).where('status', '=', 'draft').executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return null;
      await audit(tx, { territoryId: actor.territoryId, actor: `staff:${actor.staffId}`, action: 'campaign.changed', subject: `campaign:${id}` });
      return id;
    }
    // a provisional unique reference, then the real one from the id
    const provisional = `brouillon-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    const row = await tx.insertInto('campaigns').values({ territory_id: actor.territoryId, ref: provisional, created_by: actor.staffId, ...values }).returning('id').executeTakeFirstOrThrow();
    await tx.updateTable('campaigns').set({ ref: campaignRef(input.name, row.id) }).where('id', '=', row.id).execute();
    await audit(tx, { territoryId: actor.territoryId, actor: `staff:${actor.staffId}`, action: 'campaign.created', subject: `campaign:${row.id}` });
    return row.id;
  });
}

/** Sends the campaign's message to the coordinator themself, marked as a test, as a contact of their commune would get it. */
export async function sendTest(db: Db, ctx: CampaignContext & { staffId: number }, campaignId: number, to: string): Promise<boolean> {
  const campaign = await db.selectFrom('campaigns').select(['id', 'ref', 'subject', 'body']).where('id', '=', campaignId).where('territory_id', '=', ctx.territoryId).executeTakeFirst();
  if (!campaign) return false;
  const sessions = await openSessions(db, { territoryId: ctx.territoryId, from: new Date().toISOString(), limit: 50 });
  const mail = renderCampaignMail({ ...campaign, subject: `[TEST] ${campaign.subject}` }, { email: to, first_name: null, lawful_basis: 'interet_legitime' }, nearestSessions(sessions, null, new Map()), ctx);
  await enqueueMail(db, { kind: 'campaign.test', idempotencyKey: `campaign-test:${campaignId}:${Date.now()}`, mail: { to, ...mail } });
  return true;
}

/** Stops a campaign: what is not sent yet is skipped by the outbox guard. */
export async function cancelCampaign(db: Db, actor: Actor, campaignId: number): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('campaigns').set({ status: 'cancelled', finished_at: new Date().toISOString() }).where('id', '=', campaignId).where('territory_id', '=', actor.territoryId).where('status', 'in', ['draft', 'scheduled', 'sending']).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    await audit(tx, { territoryId: actor.territoryId, actor: `staff:${actor.staffId}`, action: 'campaign.cancelled', subject: `campaign:${campaignId}` });
    return true;
  });
}

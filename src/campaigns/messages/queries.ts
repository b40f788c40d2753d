import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { segmentContacts, segmentSchema } from './segment.js';
import { campaignProgress } from './send.js';

/** The territory's campaigns, newest first, with how many they reached and the registrations they brought. */
export function campaignList(db: Db, territoryId: number) {
  return db
    .selectFrom('campaigns as c')
    .select([
      'c.id',
      'c.name',
      'c.status',
      'c.started_at',
      'c.created_at',
      sql<number>`(select count(*) from campaign_recipients cr where cr.campaign_id = c.id)`.as('recipients'),
      sql<number>`(select count(*) from registrations r where r.campaign_id = c.id and r.status <> 'cancelled')`.as('registrations'),
    ])
    .where('c.territory_id', '=', territoryId)
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(100)
    .execute();
}

export async function campaignDetail(db: Db, territoryId: number, id: number) {
  const campaign = await db.selectFrom('campaigns').selectAll().where('id', '=', id).where('territory_id', '=', territoryId).executeTakeFirst();
  if (!campaign) return undefined;
  const segment = segmentSchema.parse(JSON.parse(campaign.segment));
  const [audience, progress, brought] = await Promise.all([
    campaign.status === 'draft'
      ? segmentContacts(db, territoryId, segment)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
          .then((r) => Number(r.n))
      : db
          .selectFrom('campaign_recipients')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('campaign_id', '=', id)
          .executeTakeFirstOrThrow()
          .then((r) => Number(r.n)),
    campaignProgress(db, id),
    db
      .selectFrom('registrations as r')
      .innerJoin('sessions as s', 's.id', 'r.session_id')
      .innerJoin('workshops as w', 'w.id', 's.workshop_id')
      .select(['s.id', 's.starts_at', 'w.title', (eb) => eb.fn.countAll<number>().as('n')])
      .where('r.campaign_id', '=', id)
      .where('r.status', '<>', 'cancelled')
      .groupBy(['s.id', 's.starts_at', 'w.title'])
      .orderBy('s.starts_at')
      .execute(),
  ]);
  // a scheduled campaign is sending from its time on (its messages were queued for then)
  if (campaign.status === 'scheduled' && campaign.scheduled_at && campaign.scheduled_at <= new Date().toISOString()) {
    await db.updateTable('campaigns').set({ status: 'sending' }).where('id', '=', id).where('status', '=', 'scheduled').execute();
    campaign.status = 'sending';
  }
  // a send whose every message has an outcome is over
  if (campaign.status === 'sending' && progress.total > 0 && progress.remaining === 0) {
    await db.updateTable('campaigns').set({ status: 'sent', finished_at: new Date().toISOString() }).where('id', '=', id).where('status', '=', 'sending').execute();
    campaign.status = 'sent';
  }
  return { campaign, segment, audience, progress, brought: brought.map((b) => ({ ...b, n: Number(b.n) })) };
}
export type CampaignDetail = NonNullable<Awaited<ReturnType<typeof campaignDetail>>>;

import { d3Geo } from '../../platform/charts/d3.js';
import { sql } from 'kysely';
import type { Db, Executor, Tx } from '../../platform/db/database.js';
import { audit } from '../../platform/audit.js';
import { enqueueMail } from '../../platform/mail/outbox.js';
import { openSessions } from '../../catalogue/queries.js';
import { territoryContours } from '../../results/map/queries.js';
import { isUnsubscribed } from '../unsubscribe.js';
import { renderCampaignMail, type BlockSession, type CampaignContext } from './render.js';
import { segmentContacts, segmentSchema, syncConsentingParticipants } from './segment.js';

/** How many sessions each message lists, nearest first. */
export const BLOCK_SIZE = 5;

type Located = BlockSession & { commune_code: string; latitude: number | null; longitude: number | null };

/**
 * Orders the sessions for one contact: those in their commune first, then by distance from their
 * commune (the centroids of the contours the coordination loaded, or the venues' coordinates), then
 * by date; without any position, by date.
 */
export function nearestSessions(sessions: Located[], communeCode: string | null, centroids: Map<string, [number, number]>, size = BLOCK_SIZE): Located[] {
  const home = communeCode ? centroids.get(communeCode) : undefined;
  const where = (s: Located): [number, number] | undefined => (s.longitude !== null && s.latitude !== null ? [Number(s.longitude), Number(s.latitude)] : centroids.get(s.commune_code));
  const rank = (s: Located) => {
    if (communeCode && s.commune_code === communeCode) return -1;
    const at = where(s);
    return home && at ? d3Geo().geoDistance(home, at) : 0;
  };
  return sessions
    .map((s, i) => ({ s, i, r: rank(s) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .slice(0, size)
    .map((x) => x.s)
    .sort((a, b) => a.starts_at.localeCompare(b.starts_at));
}

/** The centroids of the communes whose contours the coordination loaded (empty without them). */
export async function communeCentroids(db: Executor, territoryId: number) {
  const contours = await territoryContours(db, territoryId);
  return new Map<string, [number, number]>((contours?.collection.features ?? []).map((f) => [f.properties.code, d3Geo().geoCentroid(f) as [number, number]]));
}

/**
 * What one contact of the territory would receive, for the preview « as a given contact »: the
 * contact (null when the address is not one of the territory's contacts), whether the campaign's
 * segment holds them now, whether they unsubscribed, and the sessions their message would list.
 */
export async function previewRecipient(db: Db, territoryId: number, campaign: { segment: string }, email: string) {
  const contact = await db
    .selectFrom('contacts as c')
    .select(['c.id', 'c.email', 'c.first_name', 'c.commune_code', 'c.lawful_basis'])
    .where('c.territory_id', '=', territoryId)
    .where(sql<boolean>`lower(c.email) = ${email.trim().toLowerCase()}`)
    .executeTakeFirst();
  if (!contact) return null;
  const segment = segmentSchema.parse(JSON.parse(campaign.segment));
  const inSegment = Boolean(await segmentContacts(db, territoryId, segment).select('c.id').where('c.id', '=', contact.id).executeTakeFirst());
  const sessions = (await openSessions(db, { territoryId, from: new Date().toISOString(), limit: 200 })) as Located[];
  return { contact, inSegment, unsubscribed: await isUnsubscribed(db, territoryId, contact.email), sessions: nearestSessions(sessions, contact.commune_code, await communeCentroids(db, territoryId)) };
}

/**
 * Starts a campaign, all in one transaction (a crash before the commit leaves it a draft, after it
 * every message is in the outbox): the segment is taken as it stands (the recipients' rows), each
 * contact's message is written to the outbox, spread at the campaign's rate from `startAt` (now, or
 * the scheduled time), under the key `campaign:<id>:<contact>` so that nobody is mailed twice. The
 * outbox worker sends them, resumes after a restart, and the `campaign_open` guard skips anyone
 * unsubscribed meanwhile or a cancelled campaign.
 */
export async function startCampaign(db: Db, ctx: CampaignContext & { staffId: number }, campaignId: number, startAt = new Date()) {
  const centroids = await communeCentroids(db, ctx.territoryId);
  return db.transaction().execute((tx) => queueCampaign(tx, ctx, campaignId, startAt, centroids));
}

/** The body of `startCampaign`, in the caller's transaction (the demo data queues its past campaign with it). */
export async function queueCampaign(tx: Tx, ctx: CampaignContext & { staffId: number }, campaignId: number, startAt: Date, centroids: Map<string, [number, number]>, now = new Date()) {
  const started = await tx
    .updateTable('campaigns')
    .set({ status: startAt > now ? 'scheduled' : 'sending', started_at: startAt.toISOString(), scheduled_at: startAt.toISOString() })
    .where('id', '=', campaignId)
    .where('territory_id', '=', ctx.territoryId)
    .where('status', '=', 'draft')
    .returning(['id', 'ref', 'subject', 'body', 'segment', 'per_minute'])
    .executeTakeFirst();
  if (!started) return { ok: false as const };
  await syncConsentingParticipants(tx, ctx.territoryId);
  const segment = segmentSchema.parse(JSON.parse(started.segment));
  const contacts = await segmentContacts(tx, ctx.territoryId, segment).select(['c.id', 'c.email', 'c.first_name', 'c.commune_code', 'c.lawful_basis']).orderBy('c.id').execute();
  const sessions = (await openSessions(tx, { territoryId: ctx.territoryId, from: startAt.toISOString(), limit: 200 })) as Located[];
  for (let i = 0; i < contacts.length; i += 200) {
    await tx.insertInto('campaign_recipients').values(contacts.slice(i, i + 200).map((c) => ({ campaign_id: campaignId, contact_id: c.id, status: 'queued' as const, queued_at: startAt.toISOString() }))).execute();
  }
  for (const [i, contact] of contacts.entries()) {
    await enqueueMail(tx, {
      kind: 'campaign',
      idempotencyKey: `campaign:${campaignId}:${contact.id}`,
      notBefore: new Date(startAt.getTime() + Math.floor(i / started.per_minute) * 60_000),
      guard: { name: 'campaign_open', data: { campaignId, territoryId: ctx.territoryId, email: contact.email } },
      mail: { to: contact.email, ...renderCampaignMail(started, contact, nearestSessions(sessions, contact.commune_code, centroids), ctx) },
    });
  }
  // a message sent is not a contact *from* the person: `last_contact_at` (retention) is left as it is
  await audit(tx, { territoryId: ctx.territoryId, actor: `staff:${ctx.staffId}`, action: 'campaign.started', subject: `campaign:${campaignId}`, details: { recipients: contacts.length, at: startAt.toISOString() } });
  return { ok: true as const, recipients: contacts.length };
}

/** The outbox guard of a campaign message: not sent to an address unsubscribed since, nor for a cancelled campaign. */
export async function campaignOpen(db: Db, data: unknown): Promise<boolean> {
  const { campaignId, territoryId, email } = (data ?? {}) as { campaignId?: number; territoryId?: number; email?: string };
  if (typeof campaignId !== 'number' || typeof territoryId !== 'number' || typeof email !== 'string') return false;
  const campaign = await db.selectFrom('campaigns').select('status').where('id', '=', campaignId).executeTakeFirst();
  if (!campaign || campaign.status === 'cancelled') return false;
  return !(await isUnsubscribed(db, territoryId, email));
}

/** Where a campaign's sending stands: its messages in the outbox by state (sent, failed, skipped, remaining). */
export async function campaignProgress(db: Db, campaignId: number) {
  const rows = await db
    .selectFrom('outbox')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('idempotency_key', 'like', `campaign:${campaignId}:%`)
    .groupBy('status')
    .execute();
  const of = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  const total = rows.reduce((sum, r) => sum + Number(r.n), 0);
  return { total, sent: of('sent'), failed: of('failed'), skipped: of('skipped'), remaining: of('pending') + of('sending') };
}

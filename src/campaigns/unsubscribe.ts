import crypto from 'node:crypto';
import type { Db, Executor } from '../platform/db/database.js';
import { now } from '../platform/db/database.js';
import { audit } from '../platform/audit.js';

/**
 * Unsubscribing (issue 8): one click from any programme message, permanent and honoured everywhere.
 * The link names the address itself, signed (HMAC-SHA256 with the server's secret, 128 bits kept),
 * so it works without an account, cannot be forged for another address, and still works once the
 * contact is forgotten. What is kept is a hash of the address (table `unsubscribes`), never the address.
 */
export const emailHash = (email: string) => crypto.createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

function signature(secret: string, territoryId: number, email: string): string {
  return crypto.createHmac('sha256', secret).update(`unsubscribe:${territoryId}:${email.trim().toLowerCase()}`).digest('base64url').slice(0, 22);
}

/** The link's token: the address (base64url) and its signature. */
export function unsubscribeToken(secret: string, territoryId: number, email: string): string {
  return `${Buffer.from(email.trim().toLowerCase()).toString('base64url')}.${signature(secret, territoryId, email)}`;
}

/** The address a token stands for, or null when it is malformed or its signature does not match. */
export function readUnsubscribeToken(secret: string, territoryId: number, token: string): string | null {
  const m = /^([A-Za-z0-9_-]{4,400})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!m) return null;
  const email = Buffer.from(m[1]!, 'base64url').toString('utf8');
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) return null;
  const expected = Buffer.from(signature(secret, territoryId, email));
  const given = Buffer.from(m[2]!);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given) ? email : null;
}

export const unsubscribeUrl = (baseUrl: string, token: string) => `${baseUrl}/desinscription/${token}`;

/**
 * The headers of one-click unsubscribing (RFC 8058, with RFC 2369's List-Unsubscribe): a mail
 * client shows an « unsubscribe » button that POSTs `List-Unsubscribe=One-Click` to the link.
 */
export function unsubscribeHeaders(url: string, listId: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'List-Id': listId };
}

/** Whether an address is unsubscribed from the territory's messages. */
export async function isUnsubscribed(db: Executor, territoryId: number, email: string): Promise<boolean> {
  return !!(await db.selectFrom('unsubscribes').select('id').where('territory_id', '=', territoryId).where('email_hash', '=', emailHash(email)).executeTakeFirst());
}

/**
 * Unsubscribes an address, once and for all, in one transaction: the hash is kept, the programme-news
 * consent of a participant with that address is withdrawn. Idempotent (a second click changes nothing).
 */
export async function unsubscribe(db: Db, territoryId: number, email: string, campaignId: number | null = null): Promise<{ already: boolean }> {
  return db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('unsubscribes')
      .values({ territory_id: territoryId, email_hash: emailHash(email), campaign_id: campaignId })
      .onConflict((oc) => oc.columns(['territory_id', 'email_hash']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return { already: true };
    const people = await tx.selectFrom('participants').select('id').where('territory_id', '=', territoryId).where('email', '=', email.trim().toLowerCase()).execute();
    if (people.length) {
      await tx
        .updateTable('consents')
        .set({ withdrawn_at: now() })
        .where('participant_id', 'in', people.map((p) => p.id))
        .where('purpose', '=', 'programme_news')
        .where('withdrawn_at', 'is', null)
        .execute();
    }
    await audit(tx, { territoryId, actor: 'system', action: 'contact.unsubscribed', subject: campaignId ? `campaign:${campaignId}` : null, details: { participants: people.length } });
    return { already: false };
  });
}

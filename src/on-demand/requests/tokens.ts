import crypto from 'node:crypto';
import type { Executor } from '../../platform/db/database.js';

const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex');
const PURPOSE = 'demand_request';
export const REQUEST_LINK_DAYS = 365;

/**
 * The link to follow or withdraw a request: 256 random bits, only the hash stored, valid a year and
 * reusable (the person may come back to it); each e-mail about the request carries a fresh one.
 */
export async function issueRequestToken(tx: Executor, requestId: number, at = new Date()): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url');
  await tx
    .insertInto('tokens')
    .values({ purpose: PURPOSE, hash: sha256(token), subject: `demand:${requestId}`, expires_at: new Date(at.getTime() + REQUEST_LINK_DAYS * 86400_000).toISOString() })
    .execute();
  return token;
}

/** The request a link opens, or null when the link is unknown or expired. */
export async function requestOfToken(db: Executor, token: string, at = new Date()): Promise<number | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const row = await db.selectFrom('tokens').select('subject').where('hash', '=', sha256(token)).where('purpose', '=', PURPOSE).where('expires_at', '>', at.toISOString()).executeTakeFirst();
  return row ? Number(row.subject.replace('demand:', '')) : null;
}

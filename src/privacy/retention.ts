import { sql } from 'kysely';
import type { Db } from '../platform/db/database.js';
import { audit } from '../platform/audit.js';
import { erasePerson } from './erase.js';

const BATCH = 200;

/**
 * Anonymises (erasePerson) the participants whose last activity is older than the retention period
 * (config.participantRetentionYears: the funder's audit period). Their last activity is the latest
 * of their sessions' dates and of their registrations; with none, the day they were created. One
 * transaction per person (an erasure is all or nothing), one audit entry per territory with the
 * count (never a name). Idempotent: an erased person is not found again. Returns how many.
 */
export async function forgetInactiveParticipants(db: Db, years: number, at = new Date()): Promise<number> {
  const limit = new Date(at);
  limit.setUTCFullYear(limit.getUTCFullYear() - years);
  const cutoff = limit.toISOString();
  const recent = sql<boolean>`exists (select 1 from registrations r join sessions s on s.id = r.session_id
    where r.participant_id = participants.id and (s.starts_at >= ${cutoff} or r.created_at >= ${cutoff}))`;
  const counts = new Map<number, number>();
  let total = 0;
  for (;;) {
    const batch = await db
      .selectFrom('participants')
      .select(['id', 'territory_id'])
      .where('anonymised_at', 'is', null)
      .where('created_at', '<', cutoff)
      .where((eb) => eb.not(recent))
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (!batch.length) break;
    for (const p of batch) {
      const result = await db.transaction().execute((tx) => erasePerson(tx, p.id, 'system', { kind: 'retention', years }, at));
      if (result.ok && !result.already) {
        counts.set(p.territory_id, (counts.get(p.territory_id) ?? 0) + 1);
        total++;
      }
    }
    if (batch.length < BATCH) break;
  }
  for (const [territoryId, count] of counts) {
    await audit(db, { territoryId, actor: 'system', action: 'participants.forgotten', details: { count, lastActivityBefore: cutoff, years } });
  }
  return total;
}

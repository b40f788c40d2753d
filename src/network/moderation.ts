import type { Db } from '../platform/db/database.js';
import { now } from '../platform/db/database.js';
import { audit } from '../platform/audit.js';
import { isVisibleMember, memberCard } from './queries.js';

export type ReportKind = 'profile' | 'message' | 'project';

/**
 * A member reports a profile, a message of a conversation they are in, or a project, to the
 * coordination. Only what the reporter can see may be reported; false otherwise (nothing written).
 */
export async function reportContent(db: Db, reporterId: number, input: { kind: ReportKind; targetId: number; reason: string }): Promise<boolean> {
  const reporter = await isVisibleMember(db, reporterId);
  if (!reporter) return false;
  let visible = false;
  if (input.kind === 'profile') visible = input.targetId !== reporterId && !!(await memberCard(db, reporter.territoryId, input.targetId));
  else if (input.kind === 'message') {
    visible = !!(await db
      .selectFrom('network_messages as m')
      .innerJoin('network_members as me', (j) => j.onRef('me.conversation_id', '=', 'm.conversation_id').on('me.participant_id', '=', reporterId))
      .select('m.id')
      .where('m.id', '=', input.targetId)
      .where('m.sender_id', '!=', reporterId)
      .executeTakeFirst());
  } else {
    visible = !!(await db.selectFrom('network_projects').select('id').where('id', '=', input.targetId).where('territory_id', '=', reporter.territoryId).where('hidden_at', 'is', null).executeTakeFirst());
  }
  if (!visible) return false;
  await db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('network_reports').values({ territory_id: reporter.territoryId, reporter_id: reporterId, target_kind: input.kind, target_id: input.targetId, reason: input.reason, created_at: now() }).returning('id').executeTakeFirstOrThrow();
    await audit(tx, { territoryId: reporter.territoryId, actor: `participant:${reporterId}`, action: 'network.reported', subject: `network_report:${row.id}`, details: { kind: input.kind, targetId: input.targetId } });
  });
  return true;
}

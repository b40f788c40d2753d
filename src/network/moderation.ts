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

export type HideKind = 'profile' | 'message' | 'project';

/**
 * The coordination hides a profile, a message or a project of its territory (never deletes: the
 * audit says what and why), and may close the reports about it. False when not found.
 */
export async function hideContent(db: Db, actor: { staffId: number; territoryId: number }, input: { kind: HideKind; targetId: number; reportId?: number | null }): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const at = now();
    let changed = 0;
    if (input.kind === 'profile') {
      changed = Number((await tx.updateTable('directory_profiles').set({ hidden_at: at, hidden_by: actor.staffId }).where('participant_id', '=', input.targetId).where('territory_id', '=', actor.territoryId).where('hidden_at', 'is', null).executeTakeFirst()).numUpdatedRows);
    } else if (input.kind === 'project') {
      changed = Number((await tx.updateTable('network_projects').set({ hidden_at: at, hidden_by: actor.staffId }).where('id', '=', input.targetId).where('territory_id', '=', actor.territoryId).where('hidden_at', 'is', null).executeTakeFirst()).numUpdatedRows);
    } else {
      const inTerritory = await tx.selectFrom('network_messages as m').innerJoin('network_conversations as c', 'c.id', 'm.conversation_id').select('m.id').where('m.id', '=', input.targetId).where('c.territory_id', '=', actor.territoryId).executeTakeFirst();
      if (inTerritory) changed = Number((await tx.updateTable('network_messages').set({ hidden_at: at, hidden_by: actor.staffId }).where('id', '=', input.targetId).where('hidden_at', 'is', null).executeTakeFirst()).numUpdatedRows);
    }
    if (!changed) return false;
    await tx.updateTable('network_reports').set({ handled_at: at, handled_by: actor.staffId, outcome: 'hidden' }).where('territory_id', '=', actor.territoryId).where('target_kind', '=', input.kind).where('target_id', '=', input.targetId).where('handled_at', 'is', null).execute();
    await audit(tx, { territoryId: actor.territoryId, actor: `staff:${actor.staffId}`, action: `network.${input.kind}_hidden`, subject: `${input.kind}:${input.targetId}` });
    return true;
  });
}

/** Closes a report without hiding anything (nothing wrong found). */
export async function dismissReport(db: Db, actor: { staffId: number; territoryId: number }, reportId: number): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('network_reports').set({ handled_at: now(), handled_by: actor.staffId, outcome: 'dismissed' }).where('id', '=', reportId).where('territory_id', '=', actor.territoryId).where('handled_at', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await audit(tx, { territoryId: actor.territoryId, actor: `staff:${actor.staffId}`, action: 'network.report_dismissed', subject: `network_report:${reportId}` });
    return true;
  });
}

/** The coordination supports a project (for instance a workshop planned for the group), with a note shown on it. */
export async function supportProject(db: Db, actor: { staffId: number; territoryId: number }, projectId: number, note: string | null): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('network_projects').set({ supported_at: now(), supported_by: actor.staffId, support_note: note }).where('id', '=', projectId).where('territory_id', '=', actor.territoryId).where('hidden_at', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await audit(tx, { territoryId: actor.territoryId, actor: `staff:${actor.staffId}`, action: 'network.project_supported', subject: `network_project:${projectId}` });
    return true;
  });
}

/** What the moderation page shows: the open reports with what they point at, and the projects. */
export async function moderationBoard(db: Db, territoryId: number) {
  const reports = await db.selectFrom('network_reports').select(['id', 'target_kind', 'target_id', 'reason', 'created_at']).where('territory_id', '=', territoryId).where('handled_at', 'is', null).orderBy('created_at').limit(200).execute();
  const withTarget = [];
  for (const r of reports) {
    let excerpt: string | null = null;
    if (r.target_kind === 'message') excerpt = (await db.selectFrom('network_messages').select('body').where('id', '=', r.target_id).executeTakeFirst())?.body ?? null;
    else if (r.target_kind === 'project') excerpt = (await db.selectFrom('network_projects').select('title').where('id', '=', r.target_id).executeTakeFirst())?.title ?? null;
    else {
      const p = await db.selectFrom('directory_profiles as d').innerJoin('participants as p', 'p.id', 'd.participant_id').select(['p.first_name', 'p.last_name', 'd.looking_for', 'd.offering']).where('d.participant_id', '=', r.target_id).executeTakeFirst();
      excerpt = p ? [`${p.first_name} ${p.last_name}`, p.looking_for, p.offering].filter(Boolean).join(' — ') : null;
    }
    withTarget.push({ ...r, excerpt });
  }
  const projects = await db
    .selectFrom('network_projects')
    .select(['id', 'title', 'created_at', 'supported_at', 'hidden_at'])
    .select((eb) => eb.selectFrom('network_interests as i').select((e) => e.fn.countAll<number>().as('n')).whereRef('i.project_id', '=', 'network_projects.id').where('i.withdrawn_at', 'is', null).as('interested'))
    .where('territory_id', '=', territoryId)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
  const members = Number((await db.selectFrom('directory_profiles').select((eb) => eb.fn.countAll<number>().as('n')).where('territory_id', '=', territoryId).where('left_at', 'is', null).where('hidden_at', 'is', null).executeTakeFirstOrThrow()).n);
  return { reports: withTarget, projects, members };
}

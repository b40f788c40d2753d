import { z } from 'zod';
import type { Db, Executor } from '../platform/db/database.js';
import { now } from '../platform/db/database.js';
import { audit } from '../platform/audit.js';
import { fields, formList, formValues, type FormResult } from '../platform/forms.js';
import { t } from '../platform/i18n/index.js';
import type { FieldErrors } from '../platform/layout/forms.js';
import { SECTORS } from '../registration/form.js';
import { isVisibleMember, memberCard, type MemberCard } from './queries.js';
import { replyInConversation, textRefusal, type RelayContext, type SendRefusal } from './messages.js';

export interface ProjectInput {
  title: string;
  description: string;
  sectors: string[];
  communeCode: string | null;
}

const base = z.object({ title: fields.text(120), description: fields.text(3000), commune: z.string().optional() });

/** The project form: a title, a description, the sectors concerned, a commune of the territory. */
export function parseProjectForm(body: unknown, communes: readonly string[]): FormResult<ProjectInput> & { sectors: string[] } {
  const values = formValues(body);
  const sectors = [...new Set(formList(body, 'sectors'))];
  const errors: FieldErrors = {};
  const parsed = base.safeParse(values);
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  if (sectors.some((s) => !(SECTORS as string[]).includes(s))) errors.sectors = t('network.error.choose');
  const commune = values.commune ? values.commune : null;
  if (commune !== null && !communes.includes(commune)) errors.commune = t('network.error.choose');
  if (!parsed.success || Object.keys(errors).length) return { ok: false, errors, values, sectors };
  return { ok: true, values, sectors, data: { title: parsed.data.title, description: parsed.data.description, sectors, communeCode: commune } };
}

/** A member proposes a project, seen by the directory's members. Null when the proposer is not a visible member. */
export async function proposeProject(db: Db, proposerId: number, input: ProjectInput): Promise<number | null> {
  const member = await isVisibleMember(db, proposerId);
  if (!member) return null;
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('network_projects')
      .values({ territory_id: member.territoryId, proposer_id: proposerId, title: input.title, description: input.description, sectors: JSON.stringify(input.sectors), commune_code: input.communeCode, created_at: now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, { territoryId: member.territoryId, actor: `participant:${proposerId}`, action: 'network.project_proposed', subject: `network_project:${row.id}` });
    return row.id;
  });
}

/** The open projects of the territory, newest first, with how many declared interest. */
export function openProjects(db: Executor, territoryId: number) {
  return db
    .selectFrom('network_projects as pr')
    .leftJoin('communes as m', (j) => j.onRef('m.insee_code', '=', 'pr.commune_code').onRef('m.territory_id', '=', 'pr.territory_id'))
    .select(['pr.id', 'pr.title', 'pr.description', 'pr.sectors', 'pr.created_at', 'pr.supported_at', 'pr.proposer_id', 'm.name as commune_name'])
    .select((eb) => eb.selectFrom('network_interests as i').select((e) => e.fn.countAll<number>().as('n')).whereRef('i.project_id', '=', 'pr.id').where('i.withdrawn_at', 'is', null).as('interested'))
    .where('pr.territory_id', '=', territoryId)
    .where('pr.hidden_at', 'is', null)
    .where('pr.closed_at', 'is', null)
    .orderBy('pr.created_at', 'desc')
    .orderBy('pr.id', 'desc')
    .limit(100)
    .execute();
}

/**
 * One project as a member sees it: its proposer's card, whether the reader declared interest; for
 * the proposer only, the cards of those interested. Null when hidden, of another territory, or its
 * proposer is no longer visible.
 */
export async function readProject(db: Executor, territoryId: number, readerId: number, projectId: number) {
  const p = await db
    .selectFrom('network_projects as pr')
    .leftJoin('communes as m', (j) => j.onRef('m.insee_code', '=', 'pr.commune_code').onRef('m.territory_id', '=', 'pr.territory_id'))
    .select(['pr.id', 'pr.title', 'pr.description', 'pr.sectors', 'pr.proposer_id', 'pr.created_at', 'pr.closed_at', 'pr.supported_at', 'pr.support_note', 'm.name as commune_name'])
    .where('pr.id', '=', projectId)
    .where('pr.territory_id', '=', territoryId)
    .where('pr.hidden_at', 'is', null)
    .executeTakeFirst();
  if (!p) return null;
  const proposer = await memberCard(db, territoryId, p.proposer_id);
  if (!proposer) return null;
  const interests = await db.selectFrom('network_interests').select('participant_id').where('project_id', '=', projectId).where('withdrawn_at', 'is', null).orderBy('created_at').execute();
  const mine = p.proposer_id === readerId;
  const interested: MemberCard[] = [];
  if (mine) for (const i of interests) {
    const card = await memberCard(db, territoryId, i.participant_id);
    if (card) interested.push(card);
  }
  const conversation = await db.selectFrom('network_conversations as c').innerJoin('network_members as me', (j) => j.onRef('me.conversation_id', '=', 'c.id').on('me.participant_id', '=', readerId)).select('c.id').where('c.project_id', '=', projectId).where('me.left_at', 'is', null).executeTakeFirst();
  return { ...p, sectors: JSON.parse(p.sectors) as string[], proposer, mine, interestedCount: interests.length, interested, readerInterested: interests.some((i) => i.participant_id === readerId), conversationId: conversation?.id ?? null };
}

/** Declares (or withdraws) interest in a project; never on one's own. False when the project is not visible. */
export async function setInterest(db: Db, participantId: number, projectId: number, interested: boolean): Promise<boolean> {
  const member = await isVisibleMember(db, participantId);
  const project = member ? await readProject(db, member.territoryId, participantId, projectId) : null;
  if (!member || !project || project.mine || project.closed_at) return false;
  await db.transaction().execute(async (tx) => {
    const at = now();
    if (interested) {
      const updated = await tx.updateTable('network_interests').set({ withdrawn_at: null }).where('project_id', '=', projectId).where('participant_id', '=', participantId).executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) await tx.insertInto('network_interests').values({ project_id: projectId, participant_id: participantId, created_at: at }).execute();
    } else await tx.updateTable('network_interests').set({ withdrawn_at: at }).where('project_id', '=', projectId).where('participant_id', '=', participantId).execute();
    await audit(tx, { territoryId: member.territoryId, actor: `participant:${participantId}`, action: interested ? 'network.interest_declared' : 'network.interest_withdrawn', subject: `network_project:${projectId}` });
  });
  return true;
}

/**
 * The proposer opens the project's shared conversation with everyone interested (not blocked
 * either way), with a first message; later interested members join it when the proposer opens it
 * again. Returns the conversation, or a refusal.
 */
export async function openProjectConversation(db: Db, ctx: RelayContext, proposerId: number, projectId: number, body: string): Promise<{ ok: true; conversationId: number } | { ok: false; reason: SendRefusal | 'nobody' }> {
  const member = await isVisibleMember(db, proposerId);
  const project = member ? await readProject(db, member.territoryId, proposerId, projectId) : null;
  if (!member || !project || !project.mine) return { ok: false, reason: 'unknown' };
  const blocked = new Set(
    (await db.selectFrom('network_blocks').select(['blocker_id', 'blocked_id']).where((eb) => eb.or([eb('blocker_id', '=', proposerId), eb('blocked_id', '=', proposerId)])).execute()).map((b) => (b.blocker_id === proposerId ? b.blocked_id : b.blocker_id)),
  );
  const invited = project.interested.filter((c) => !blocked.has(c.id));
  if (!invited.length) return { ok: false, reason: 'nobody' };
  // the message is checked before the conversation is created: a refused message writes nothing
  const existing = (await db.selectFrom('network_conversations').select('id').where('project_id', '=', projectId).executeTakeFirst())?.id ?? null;
  const refusal = await textRefusal(db, { senderId: proposerId, conversationId: existing, body });
  if (refusal) return { ok: false, reason: refusal };
  const conversationId = await db.transaction().execute(async (tx) => {
    let id = (await tx.selectFrom('network_conversations').select('id').where('project_id', '=', projectId).executeTakeFirst())?.id ?? null;
    if (id === null) {
      id = (await tx.insertInto('network_conversations').values({ territory_id: member.territoryId, project_id: projectId, created_by: proposerId, created_at: now() }).returning('id').executeTakeFirstOrThrow()).id;
      await tx.insertInto('network_members').values({ conversation_id: id, participant_id: proposerId, joined_at: now() }).execute();
    }
    for (const c of invited) {
      await tx.insertInto('network_members').values({ conversation_id: id, participant_id: c.id, joined_at: now() }).onConflict((oc) => oc.columns(['conversation_id', 'participant_id']).doNothing()).execute();
    }
    return id;
  });
  // the first message goes through the same checks and mails as any answer (the interest was the members' consent to be written to)
  const sent = await replyInConversation(db, ctx, { senderId: proposerId, conversationId, body });
  if (!sent.ok) return sent;
  return { ok: true, conversationId };
}

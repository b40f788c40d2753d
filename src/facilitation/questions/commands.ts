import type { Db, Executor } from '../../platform/db/database.js';
import { audit } from '../../platform/audit.js';
import { bumpContentVersion } from '../../platform/programme.js';
import type { QuestionInput } from './form.js';

export interface ReportContext {
  territoryId: number;
  staffId: number;
  coordinator: boolean;
}

export type ReportRefusal = { ok: false; code: 'unknown' | 'cancelled' | 'not_started' | 'published' | 'no_answer' };

type SessionState = { id: number; status: string; starts_at: string; workshop_id: number };

/** A session's report can be written once it has started, unless it was cancelled. */
export function reportRefusal(s: Pick<SessionState, 'status' | 'starts_at'> | undefined, at: Date): ReportRefusal | null {
  if (!s) return { ok: false, code: 'unknown' };
  if (s.status === 'cancelled') return { ok: false, code: 'cancelled' };
  if (s.starts_at > at.toISOString()) return { ok: false, code: 'not_started' };
  return null;
}

async function sessionState(db: Executor, territoryId: number, sessionId: number): Promise<SessionState | undefined> {
  return db
    .selectFrom('sessions as s')
    .innerJoin('workshops as w', 'w.id', 's.workshop_id')
    .select(['s.id', 's.status', 's.starts_at', 's.workshop_id'])
    .where('s.id', '=', sessionId)
    .where('w.territory_id', '=', territoryId)
    .executeTakeFirst();
}

/** The facilitator's notes after the session (staff only, never public). */
export async function saveReportNotes(db: Db, ctx: ReportContext, input: { sessionId: number; notes: string | null }, at = new Date()): Promise<{ ok: true } | ReportRefusal> {
  return db.transaction().execute(async (tx) => {
    const refused = reportRefusal(await sessionState(tx, ctx.territoryId, input.sessionId), at);
    if (refused) return refused;
    await tx.updateTable('sessions').set({ report_notes: input.notes }).where('id', '=', input.sessionId).execute();
    await audit(tx, { territoryId: ctx.territoryId, actor: `staff:${ctx.staffId}`, action: 'session.report_updated', subject: `session:${input.sessionId}` });
    return { ok: true };
  });
}

export async function addQuestion(db: Db, ctx: ReportContext, input: { sessionId: number; question: QuestionInput }, at = new Date()): Promise<{ ok: true; id: number } | ReportRefusal> {
  return db.transaction().execute(async (tx) => {
    const session = await sessionState(tx, ctx.territoryId, input.sessionId);
    const refused = reportRefusal(session, at);
    if (refused) return refused;
    const { id } = await tx
      .insertInto('session_questions')
      .values({ session_id: session!.id, workshop_id: session!.workshop_id, question: input.question.question, answer: input.question.answer, created_by: ctx.staffId, created_at: at.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, { territoryId: ctx.territoryId, actor: `staff:${ctx.staffId}`, action: 'question.created', subject: `question:${id}`, details: { session: session!.id } });
    return { ok: true, id };
  });
}

/**
 * Changes a question's wording or answer. Once published, only the coordination may (the public
 * page changes with it); removing the answer of a published question is refused.
 */
export async function editQuestion(db: Db, ctx: ReportContext, input: { questionId: number; question: QuestionInput }, at = new Date()): Promise<{ ok: true } | ReportRefusal> {
  return db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom('session_questions').select(['id', 'published_at']).where('id', '=', input.questionId).executeTakeFirst();
    if (!current) return { ok: false, code: 'unknown' };
    if (current.published_at && !ctx.coordinator) return { ok: false, code: 'published' };
    if (current.published_at && !input.question.answer) return { ok: false, code: 'no_answer' };
    await tx.updateTable('session_questions').set({ question: input.question.question, answer: input.question.answer, updated_at: at.toISOString() }).where('id', '=', current.id).execute();
    await audit(tx, { territoryId: ctx.territoryId, actor: `staff:${ctx.staffId}`, action: 'question.updated', subject: `question:${current.id}` });
    if (current.published_at) await bumpContentVersion(tx, ctx.territoryId);
    return { ok: true };
  });
}

export async function deleteQuestion(db: Db, ctx: ReportContext, input: { questionId: number }): Promise<{ ok: true } | ReportRefusal> {
  return db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom('session_questions').select(['id', 'published_at', 'question']).where('id', '=', input.questionId).executeTakeFirst();
    if (!current) return { ok: false, code: 'unknown' };
    if (current.published_at && !ctx.coordinator) return { ok: false, code: 'published' };
    await tx.deleteFrom('session_questions').where('id', '=', current.id).execute();
    await audit(tx, { territoryId: ctx.territoryId, actor: `staff:${ctx.staffId}`, action: 'question.deleted', subject: `question:${current.id}`, details: { question: current.question } });
    if (current.published_at) await bumpContentVersion(tx, ctx.territoryId);
    return { ok: true };
  });
}

/** The coordination publishes a question in the workshop's FAQ (an answer is needed), or withdraws it. */
export async function setQuestionPublished(db: Db, ctx: ReportContext, input: { questionId: number; publish: boolean }, at = new Date()): Promise<{ ok: true; changed: boolean } | ReportRefusal> {
  return db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom('session_questions').select(['id', 'published_at', 'answer']).where('id', '=', input.questionId).executeTakeFirst();
    if (!current) return { ok: false, code: 'unknown' };
    if (input.publish && !current.answer) return { ok: false, code: 'no_answer' };
    if (!!current.published_at === input.publish) return { ok: true, changed: false };
    await tx
      .updateTable('session_questions')
      .set(input.publish ? { published_at: at.toISOString(), published_by: ctx.staffId } : { published_at: null, published_by: null })
      .where('id', '=', current.id)
      .execute();
    await audit(tx, { territoryId: ctx.territoryId, actor: `staff:${ctx.staffId}`, action: input.publish ? 'question.published' : 'question.unpublished', subject: `question:${current.id}` });
    await bumpContentVersion(tx, ctx.territoryId);
    return { ok: true, changed: true };
  });
}

import type { Executor } from '../../platform/db/database.js';

const columns = ['q.id', 'q.session_id', 'q.workshop_id', 'q.question', 'q.answer', 'q.created_at', 'q.published_at'] as const;

/** The questions noted at one session, in the order they were noted. */
export function questionsOfSession(db: Executor, sessionId: number) {
  return db.selectFrom('session_questions as q').select([...columns]).where('q.session_id', '=', sessionId).orderBy('q.id').execute();
}
export type SessionQuestion = Awaited<ReturnType<typeof questionsOfSession>>[number];

/** One question within a territory (through its workshop), or undefined. */
export function questionInTerritory(db: Executor, territoryId: number, questionId: number) {
  return db
    .selectFrom('session_questions as q')
    .innerJoin('workshops as w', 'w.id', 'q.workshop_id')
    .select([...columns])
    .where('q.id', '=', questionId)
    .where('w.territory_id', '=', territoryId)
    .executeTakeFirst();
}

/** A workshop's public FAQ: its published questions, newest first. */
export function publishedQuestions(db: Executor, workshopId: number, limit = 20) {
  return db
    .selectFrom('session_questions')
    .select(['id', 'question', 'answer', 'published_at'])
    .where('workshop_id', '=', workshopId)
    .where('published_at', 'is not', null)
    .where('answer', 'is not', null)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
export type PublishedQuestion = Awaited<ReturnType<typeof publishedQuestions>>[number];

/** The coordination's review list: waiting ones first, then published; `total` is the whole list's size. */
export function reviewList(db: Executor, territoryId: number, input: { workshopId: number | null; page: number; perPage: number }) {
  return db
    .selectFrom('session_questions as q')
    .innerJoin('workshops as w', 'w.id', 'q.workshop_id')
    .innerJoin('sessions as s', 's.id', 'q.session_id')
    .leftJoin('staff_users as f', 'f.id', 'q.created_by')
    .select([...columns, 'w.title as workshop_title', 's.starts_at', 'f.display_name as author'])
    .select((eb) => eb.fn.count<number>('q.id').over().as('total'))
    .where('w.territory_id', '=', territoryId)
    .$if(input.workshopId !== null, (q) => q.where('q.workshop_id', '=', input.workshopId!))
    .orderBy((eb) => eb.case().when('q.published_at', 'is', null).then(0).else(1).end())
    .orderBy('q.id', 'desc')
    .limit(input.perPage)
    .offset((input.page - 1) * input.perPage)
    .execute();
}
export type ReviewRow = Awaited<ReturnType<typeof reviewList>>[number];

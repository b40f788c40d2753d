import type { Db, Executor } from '../../platform/db/database.js';
import type { SurveyKind } from '../../platform/db/schema.js';
import { parisParts } from '../../platform/time.js';
import type { FollowUpInput, SatisfactionInput } from './form.js';
import { sha256 } from './schedule.js';

export interface SurveyInvitation {
  id: number;
  kind: SurveyKind;
  territory_id: number;
  session_id: number;
  answered_on: string | null;
  expires_at: string;
  workshop: string;
  starts_at: string;
  ends_at: string;
  venue: string;
}

const TOKEN = /^[A-Za-z0-9_-]{40,64}$/;

/** The invitation a link stands for (by the hash of its token) in this territory, with what the page shows; no person. */
export async function invitationByToken(db: Executor, territoryId: number | null, token: string): Promise<SurveyInvitation | undefined> {
  if (!TOKEN.test(token) || territoryId === null) return undefined;
  return db
    .selectFrom('survey_invitations as i')
    .innerJoin('sessions as s', 's.id', 'i.session_id')
    .innerJoin('workshops as w', 'w.id', 's.workshop_id')
    .innerJoin('venues as v', 'v.id', 's.venue_id')
    .select(['i.id', 'i.kind', 'i.territory_id', 'i.session_id', 'i.answered_on', 'i.expires_at', 'w.title as workshop', 's.starts_at', 's.ends_at', 'v.name as venue'])
    .where('i.token_hash', '=', sha256(token))
    .where('i.territory_id', '=', territoryId)
    .executeTakeFirst();
}

export type SurveyState = 'open' | 'answered' | 'expired';
export const surveyState = (inv: Pick<SurveyInvitation, 'answered_on' | 'expires_at'>, at: Date): SurveyState =>
  inv.answered_on ? 'answered' : inv.expires_at <= at.toISOString() ? 'expired' : 'open';

type Answer = { kind: 'satisfaction'; data: SatisfactionInput } | { kind: 'follow_up'; data: FollowUpInput };

/**
 * Records an answer once: the invitation is marked answered (the day only) by a conditional update,
 * and the answer is written apart, without the person — in one transaction, so a double submission
 * or two tabs record one answer and the second is told it was already received.
 */
export async function recordAnswer(db: Db, inv: SurveyInvitation, answer: Answer, at = new Date()): Promise<{ ok: true } | { ok: false; state: Exclude<SurveyState, 'open'> }> {
  if (answer.kind !== inv.kind) throw new Error('recordAnswer: the answer is not of the invitation’s kind');
  const day = parisParts(at).date;
  return db.transaction().execute(async (tx) => {
    const marked = await tx
      .updateTable('survey_invitations')
      .set({ answered_on: day })
      .where('id', '=', inv.id)
      .where('answered_on', 'is', null)
      .where('expires_at', '>', at.toISOString())
      .executeTakeFirst();
    if (Number(marked.numUpdatedRows) === 0) {
      const now = await tx.selectFrom('survey_invitations').select(['answered_on', 'expires_at']).where('id', '=', inv.id).executeTakeFirstOrThrow();
      return { ok: false as const, state: now.answered_on ? ('answered' as const) : ('expired' as const) };
    }
    const base = { territory_id: inv.territory_id, session_id: inv.session_id, answered_on: day, comment: answer.data.comment };
    if (answer.kind === 'satisfaction') {
      const d = answer.data;
      const has = (step: SatisfactionInput['next'][number]) => (d.next.includes(step) ? 1 : 0) as 0 | 1;
      await tx
        .insertInto('satisfaction_answers')
        .values({ ...base, usefulness: d.usefulness, clarity: d.clarity, pace: d.pace, recommend: d.recommend ? 1 : 0, next_practice: has('practice'), next_workshop: has('workshop'), next_chamber: has('chamber'), next_provider: has('provider'), next_nothing: has('nothing') })
        .execute();
    } else {
      const has = (o: FollowUpInput['outcomes'][number]) => (answer.data.outcomes.includes(o) ? 1 : 0) as 0 | 1;
      await tx
        .insertInto('follow_up_answers')
        .values({ ...base, website: has('website'), online_sales: has('online_sales'), social_page: has('social_page'), tool_adopted: has('tool_adopted'), chamber_training: has('chamber_training'), nothing_yet: has('nothing_yet') })
        .execute();
    }
    return { ok: true as const };
  });
}

// Frozen copy of the results' queries as they were before migration 0023 (the sessions' territory came through
// the workshop, the cycle or the venue): the reference that src/results/national-equivalence.test.ts compares with.
import { sql } from 'kysely';
import type { Executor } from '../../src/platform/db/database.js';
import { NO_FILTER, onSessions, type ResultsFilter } from '../../src/results/filters.js';

/**
 * What the surveys say, by cycle, from the answers alone (never joined to a person): how many were
 * asked (invitations already due), how many answered, the scores' sums (averages are derived, so
 * cycles add up), recommendations, pace, next steps; and the follow-up's outcomes. The sector and
 * intercommunality filters do not apply: the answers carry no person, by design.
 */
export interface SurveyFigures {
  asked: number;
  answers: number;
  usefulnessSum: number;
  claritySum: number;
  recommend: number;
  pace: { trop_lent: number; adapte: number; trop_rapide: number };
  next: { practice: number; workshop: number; chamber: number; provider: number; nothing: number };
}

export interface FollowUpFigures {
  asked: number;
  answers: number;
  outcomes: { website: number; online_sales: number; social_page: number; tool_adopted: number; chamber_training: number; nothing_yet: number };
}

export const emptySurvey = (): SurveyFigures => ({ asked: 0, answers: 0, usefulnessSum: 0, claritySum: 0, recommend: 0, pace: { trop_lent: 0, adapte: 0, trop_rapide: 0 }, next: { practice: 0, workshop: 0, chamber: 0, provider: 0, nothing: 0 } });
export const emptyFollowUp = (): FollowUpFigures => ({ asked: 0, answers: 0, outcomes: { website: 0, online_sales: 0, social_page: 0, tool_adopted: 0, chamber_training: 0, nothing_yet: 0 } });

const n = (v: unknown) => Number(v ?? 0);
const count = (flag: string) => sql<number>`sum(${sql.ref(flag)})`;

/** Both surveys' figures per cycle (key: cycle id) in four grouped queries; `all` adds them up. */
export async function surveyFigures(db: Executor, territoryId: number, filter: Partial<ResultsFilter> = {}, at = new Date()) {
  const f = { ...NO_FILTER, ...filter };
  const sessions = (q: any) => onSessions(q.innerJoin('sessions as s', 's.id', 'x.session_id').where('x.territory_id', '=', territoryId).select('s.cycle_id').groupBy('s.cycle_id'), f);
  const [asked, satisfaction, followUp] = await Promise.all([
    sessions(db.selectFrom('survey_invitations as x'))
      .select(['x.kind', sql<number>`count(*)`.as('asked')])
      .where('x.due_at', '<=', at.toISOString())
      .groupBy('x.kind')
      .execute() as Promise<Array<{ cycle_id: number; kind: string; asked: number }>>,
    sessions(db.selectFrom('satisfaction_answers as x'))
      .select([
        sql<number>`count(*)`.as('answers'),
        count('x.usefulness').as('usefulness'),
        count('x.clarity').as('clarity'),
        count('x.recommend').as('recommend'),
        sql<number>`sum(case when x.pace = 'trop_lent' then 1 else 0 end)`.as('slow'),
        sql<number>`sum(case when x.pace = 'adapte' then 1 else 0 end)`.as('right'),
        sql<number>`sum(case when x.pace = 'trop_rapide' then 1 else 0 end)`.as('fast'),
        count('x.next_practice').as('practice'),
        count('x.next_workshop').as('workshop'),
        count('x.next_chamber').as('chamber'),
        count('x.next_provider').as('provider'),
        count('x.next_nothing').as('nothing'),
      ])
      .execute() as Promise<Array<Record<string, unknown>>>,
    sessions(db.selectFrom('follow_up_answers as x'))
      .select([
        sql<number>`count(*)`.as('answers'),
        count('x.website').as('website'),
        count('x.online_sales').as('online_sales'),
        count('x.social_page').as('social_page'),
        count('x.tool_adopted').as('tool_adopted'),
        count('x.chamber_training').as('chamber_training'),
        count('x.nothing_yet').as('nothing_yet'),
      ])
      .execute() as Promise<Array<Record<string, unknown>>>,
  ]);
  const byCycle = new Map<number, { satisfaction: SurveyFigures; followUp: FollowUpFigures }>();
  const at_ = (cycle: unknown) => {
    const k = n(cycle);
    if (!byCycle.has(k)) byCycle.set(k, { satisfaction: emptySurvey(), followUp: emptyFollowUp() });
    return byCycle.get(k)!;
  };
  for (const r of asked) (r.kind === 'satisfaction' ? at_(r.cycle_id).satisfaction : at_(r.cycle_id).followUp).asked = n(r.asked);
  for (const r of satisfaction) {
    Object.assign(at_(r.cycle_id).satisfaction, {
      answers: n(r.answers),
      usefulnessSum: n(r.usefulness),
      claritySum: n(r.clarity),
      recommend: n(r.recommend),
      pace: { trop_lent: n(r.slow), adapte: n(r.right), trop_rapide: n(r.fast) },
      next: { practice: n(r.practice), workshop: n(r.workshop), chamber: n(r.chamber), provider: n(r.provider), nothing: n(r.nothing) },
    });
  }
  for (const r of followUp) {
    Object.assign(at_(r.cycle_id).followUp, {
      answers: n(r.answers),
      outcomes: { website: n(r.website), online_sales: n(r.online_sales), social_page: n(r.social_page), tool_adopted: n(r.tool_adopted), chamber_training: n(r.chamber_training), nothing_yet: n(r.nothing_yet) },
    });
  }
  const all = { satisfaction: emptySurvey(), followUp: emptyFollowUp() };
  for (const v of byCycle.values()) {
    addInto(all.satisfaction, v.satisfaction);
    addInto(all.followUp, v.followUp);
  }
  return { byCycle, all };
}

function addInto<T extends object>(total: T, part: T): void {
  for (const [k, v] of Object.entries(part) as Array<[keyof T, unknown]>) {
    if (typeof v === 'number') (total[k] as number) += v;
    else addInto(total[k] as object, v as object);
  }
}

/** The figures of the filter's cycle, or of every cycle. */
export async function surveyFiguresOf(db: Executor, territoryId: number, filter: Partial<ResultsFilter> = {}, at = new Date()) {
  const { byCycle, all } = await surveyFigures(db, territoryId, filter, at);
  return filter.cycleId != null ? (byCycle.get(filter.cycleId) ?? { satisfaction: emptySurvey(), followUp: emptyFollowUp() }) : all;
}

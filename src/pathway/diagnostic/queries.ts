import type { Executor } from '../../platform/db/database.js';
import { openSessions } from '../../catalogue/queries.js';
import { communeCentroids, nearestSessions } from '../../campaigns/messages/send.js';
import { hashToken } from './commands.js';
import { adviseFor, parseQuestionnaire, type Answers, type Questionnaire, type Scores } from './questionnaire.js';

/** Workshops recommended on one result, and sessions listed for each. */
export const MAX_WORKSHOPS = 6;
export const SESSIONS_PER_WORKSHOP = 3;

export interface StoredResult {
  id: number;
  territory_id: number;
  answers: Answers;
  scores: Scores;
  commune_code: string | null;
  participant_id: number | null;
  created_at: string;
  version: number;
  questionnaire: Questionnaire;
}

const results = (db: Executor) =>
  db
    .selectFrom('diagnostic_results as r')
    .innerJoin('diagnostic_questionnaires as q', 'q.id', 'r.questionnaire_id')
    .select(['r.id', 'r.territory_id', 'r.answers', 'r.scores', 'r.commune_code', 'r.participant_id', 'r.created_at', 'q.version', 'q.content']);

type Row = { id: number; territory_id: number; answers: string; scores: string; commune_code: string | null; participant_id: number | null; created_at: string; version: number; content: string };
const stored = ({ content, answers, scores, ...row }: Row): StoredResult => ({ ...row, answers: JSON.parse(answers) as Answers, scores: JSON.parse(scores) as Scores, questionnaire: parseQuestionnaire(content) });

/** A result's link opens it for a year (the person keeps it in « Mes inscriptions » with « garder »). */
export const RESULT_LINK_DAYS = 365;

/** The result a link points to, in this territory; undefined for any other token, or once the link has expired. */
export async function resultByToken(db: Executor, territoryId: number, token: string, at = new Date()): Promise<StoredResult | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const row = await results(db).where('r.token_hash', '=', hashToken(token)).where('r.territory_id', '=', territoryId).executeTakeFirst();
  if (!row || new Date(row.created_at).getTime() + RESULT_LINK_DAYS * 86400_000 <= at.getTime()) return undefined;
  return stored(row);
}

/** The same person's diagnostic before this one, to show the progress (none when the result is nobody's). */
export async function previousResult(db: Executor, result: StoredResult): Promise<StoredResult | undefined> {
  if (result.participant_id === null) return undefined;
  const row = await results(db).where('r.participant_id', '=', result.participant_id).where('r.territory_id', '=', result.territory_id).where('r.id', '<', result.id).orderBy('r.id', 'desc').limit(1).executeTakeFirst();
  return row ? stored(row) : undefined;
}

/** A person's kept diagnostics, the latest first (for « Mes inscriptions »). */
export async function diagnosticsOf(db: Executor, participantId: number): Promise<StoredResult[]> {
  const rows = await results(db).where('r.participant_id', '=', participantId).orderBy('r.id', 'desc').limit(50).execute();
  return rows.map(stored);
}

type OpenSession = Awaited<ReturnType<typeof openSessions>>[number];

export interface RecommendedWorkshop {
  id: number;
  slug: string;
  title: string;
  summary: string;
  level: 'debutant' | 'intermediaire';
  /** the diagnostic's theme it answers (the weakest one when several) */
  theme: string;
  themeLabel: string;
  beginnerFirst: boolean;
  sessions: OpenSession[];
}

export interface Recommendations {
  workshops: RecommendedWorkshop[];
  /** themes (keys) where the leader is past the programme's level: the partners' trainings (another capability) */
  beyondProgramme: string[];
  /** the same, as the catalogue's workshop themes (`workshops.theme`, what partner offers follow) */
  beyondWorkshopThemes: string[];
}

/**
 * The workshops the rules recommend for these scores (weakest theme first, beginner level first
 * where the score is low), each with its next open sessions nearest the commune (beginner
 * sessions first where the score is low). Three queries whatever the number of workshops. `workshops[].id` and `beyondWorkshopThemes`
 * are what the leader's path takes (`nextWorkshopsFor`'s `recommended`, `partnerPathFor`'s `themes`).
 */
export async function recommendationsFor(db: Executor, territoryId: number, q: Questionnaire, scores: Scores, communeCode: string | null, now = new Date()): Promise<Recommendations> {
  const advice = adviseFor(q, scores);
  if (advice.themes.length === 0 && advice.beyondProgramme.length === 0) return { workshops: [], beyondProgramme: [], beyondWorkshopThemes: [] };
  const [workshops, sessions, centroids] = await Promise.all([
    db.selectFrom('workshops').select(['id', 'slug', 'title', 'summary', 'theme', 'level']).where('territory_id', '=', territoryId).where('published', '=', 1).orderBy('title').execute(),
    advice.themes.length ? openSessions(db, { territoryId, from: now.toISOString(), limit: 500 }) : Promise.resolve([]),
    advice.themes.length ? communeCentroids(db, territoryId) : Promise.resolve(new Map<string, [number, number]>()),
  ]);
  const labels = new Map(q.themes.map((th) => [th.key, th.label]));
  const picked: RecommendedWorkshop[] = [];
  for (const a of advice.themes) {
    const matching = workshops
      .filter((w) => a.workshopSlugs.includes(w.slug) || a.workshopThemes.includes(w.theme))
      .filter((w) => !picked.some((p) => p.slug === w.slug))
      .sort((x, y) => (a.beginnerFirst ? Number(x.level !== 'debutant') - Number(y.level !== 'debutant') : 0) || rank(a.workshopSlugs, x.slug) - rank(a.workshopSlugs, y.slug));
    for (const w of matching) {
      const own = sessions.filter((s) => s.workshop_slug === w.slug);
      const near = nearestSessions(own as never, communeCode, centroids, SESSIONS_PER_WORKSHOP) as unknown as OpenSession[];
      if (a.beginnerFirst) near.sort((x, y) => y.beginner - x.beginner);
      picked.push({ id: w.id, slug: w.slug, title: w.title, summary: w.summary, level: w.level, theme: a.theme, themeLabel: labels.get(a.theme) ?? a.theme, beginnerFirst: a.beginnerFirst, sessions: near });
    }
  }
  const beyondWorkshopThemes = new Set<string>();
  for (const key of advice.beyondProgramme) {
    const th = q.themes.find((x) => x.key === key)!;
    for (const theme of th.workshopThemes) beyondWorkshopThemes.add(theme);
    for (const w of workshops) if (th.workshopSlugs.includes(w.slug)) beyondWorkshopThemes.add(w.theme);
  }
  return { workshops: picked.slice(0, MAX_WORKSHOPS), beyondProgramme: advice.beyondProgramme, beyondWorkshopThemes: [...beyondWorkshopThemes].sort() };
}

/** The slugs named first come first; workshops taken by catalogue theme after them. */
const rank = (slugs: string[], slug: string) => {
  const i = slugs.indexOf(slug);
  return i === -1 ? slugs.length : i;
};

/** What the person's latest kept diagnostic recommends now (for « Mes inscriptions »); null without one. */
export async function latestRecommendations(db: Executor, territoryId: number, participantId: number): Promise<(Recommendations & { resultId: number; takenAt: string }) | null> {
  const row = await results(db).where('r.participant_id', '=', participantId).where('r.territory_id', '=', territoryId).orderBy('r.id', 'desc').limit(1).executeTakeFirst();
  if (!row) return null;
  const latest = stored(row);
  return { resultId: latest.id, takenAt: latest.created_at, ...(await recommendationsFor(db, territoryId, latest.questionnaire, latest.scores, latest.commune_code)) };
}

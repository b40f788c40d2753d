import { z } from 'zod';

/**
 * The questionnaire as data: themes with their recommendation rules, and questions answered by one
 * choice each, worth some points. Stored as JSON, one version per save; every answer keeps the
 * version it answered. Pure functions only: scoring and recommending read no database.
 */

const KEY = /^[a-z][a-z0-9_]{0,39}$/;
const key = z.string().regex(KEY);

export const themeSchema = z.object({
  key,
  label: z.string().min(1).max(80),
  /** below this score (0..100) the theme's workshops are recommended */
  recommendBelow: z.number().int().min(0).max(100),
  /** below this score, beginner sessions come first */
  beginnerBelow: z.number().int().min(0).max(100),
  /** from this score on, the leader is past the programme's level: the chambers' trainings */
  beyondFrom: z.number().int().min(0).max(101),
  /** the workshops to recommend: by their slug, or every workshop of a catalogue theme (workshops.theme) */
  workshopSlugs: z.array(z.string().min(1).max(100)).max(30),
  workshopThemes: z.array(z.string().min(1).max(40)).max(10),
});

export const questionSchema = z.object({
  key,
  theme: key,
  text: z.string().min(1).max(400),
  choices: z.array(z.object({ key, label: z.string().min(1).max(200), points: z.number().int().min(0).max(10) })).min(2).max(5),
});

export const questionnaireSchema = z
  .object({ themes: z.array(themeSchema).min(1).max(20), questions: z.array(questionSchema).min(1).max(40) })
  .superRefine((q, ctx) => {
    const themes = new Set(q.themes.map((th) => th.key));
    if (themes.size !== q.themes.length) ctx.addIssue({ code: 'custom', message: 'duplicate theme' });
    const keys = new Set(q.questions.map((x) => x.key));
    if (keys.size !== q.questions.length) ctx.addIssue({ code: 'custom', message: 'duplicate question' });
    for (const x of q.questions) {
      if (!themes.has(x.theme)) ctx.addIssue({ code: 'custom', message: `unknown theme ${x.theme}` });
      if (RESERVED.has(x.key)) ctx.addIssue({ code: 'custom', message: `reserved key ${x.key}` });
      if (new Set(x.choices.map((c) => c.key)).size !== x.choices.length) ctx.addIssue({ code: 'custom', message: `duplicate choice in ${x.key}` });
    }
    for (const th of q.themes) {
      if (!(th.beginnerBelow <= th.recommendBelow && th.recommendBelow <= th.beyondFrom)) ctx.addIssue({ code: 'custom', message: `thresholds out of order in ${th.key}` });
    }
  });

/** Field names of the diagnostic form that no question may take. */
const RESERVED = new Set(['commune', 'email']);

export type Questionnaire = z.infer<typeof questionnaireSchema>;
export type Theme = Questionnaire['themes'][number];
export type Question = Questionnaire['questions'][number];
export type Answers = Record<string, string>;
export type Scores = Record<string, number>;

/** Per theme: the points earned over the points possible, as 0..100 (rounded). A theme without questions is left out. */
export function scoreAnswers(q: Questionnaire, answers: Answers): Scores {
  const scores: Scores = {};
  for (const theme of q.themes) {
    const questions = q.questions.filter((x) => x.theme === theme.key);
    const max = questions.reduce((sum, x) => sum + Math.max(...x.choices.map((c) => c.points)), 0);
    if (questions.length === 0) continue;
    const got = questions.reduce((sum, x) => sum + (x.choices.find((c) => c.key === answers[x.key])?.points ?? 0), 0);
    scores[theme.key] = max === 0 ? 100 : Math.round((100 * got) / max);
  }
  return scores;
}

export interface ThemeAdvice {
  theme: string;
  score: number;
  workshopSlugs: string[];
  workshopThemes: string[];
  beginnerFirst: boolean;
}

/** What the rules say for these scores: the themes to work on (weakest first), and those past the programme's level. */
export interface Advice {
  themes: ThemeAdvice[];
  beyondProgramme: string[];
}

export function adviseFor(q: Questionnaire, scores: Scores): Advice {
  const themes: ThemeAdvice[] = [];
  const beyondProgramme: string[] = [];
  for (const th of q.themes) {
    const score = scores[th.key];
    if (score === undefined) continue;
    if (score >= th.beyondFrom) beyondProgramme.push(th.key);
    else if (score < th.recommendBelow) themes.push({ theme: th.key, score, workshopSlugs: th.workshopSlugs, workshopThemes: th.workshopThemes, beginnerFirst: score < th.beginnerBelow });
  }
  // stable: equal scores keep the questionnaire's order
  themes.sort((a, b) => a.score - b.score);
  return { themes, beyondProgramme };
}

/** A stored version's content, read back (throws on JSON this code did not write). */
export function parseQuestionnaire(content: string): Questionnaire {
  return questionnaireSchema.parse(JSON.parse(content));
}
